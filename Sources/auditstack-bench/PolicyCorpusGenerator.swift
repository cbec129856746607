/// Standalone IAM policy files like the ones teams keep next to their infrastructure:
/// service-scoped grants, wildcards (`s3:Get*`, `dynamodb:*`, `*`), `NotAction` grants and
/// guard-rail denies, conditions, ARNs and `*`, now and then a typo, a `GetPolicyVersion`
/// response or a service control policy. Exercises the IAM action catalog and the
/// least-privilege pack.
struct PolicyCorpusGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &random)]
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private static let exactActions = [
        "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "dynamodb:GetItem", "dynamodb:PutItem",
        "dynamodb:Query", "dynamodb:UpdateItem", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
        "sns:Publish", "kms:Decrypt", "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents",
        "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParametersByPath", "iam:PassRole",
        "sts:AssumeRole", "lambda:InvokeFunction", "lambda:UpdateFunctionCode", "ec2:RunInstances",
        "ecr:GetAuthorizationToken", "xray:PutTraceSegments", "cloudwatch:PutMetricData", "iam:CreateAccessKey",
        "events:PutEvents", "states:StartExecution", "cloudformation:CreateStack", "iam:AttachRolePolicy",
    ]
    private static let wildcardActions = [
        "s3:Get*", "s3:List*", "s3:*", "dynamodb:*", "dynamodb:Batch*", "ec2:Describe*", "iam:Get*", "iam:List*",
        "logs:*", "cloudwatch:*", "sqs:*", "kms:*", "lambda:*", "iam:*", "*", "s3:*Object", "iam:?ass*",
        "ssm:GetParameter*", "sts:*", "ecr:BatchGet*", "autoscaling:Describe*", "rds:Describe*",
    ]
    private static let typos = ["s3:GetObjekt", "dynamodb:PutItems", "s4:GetObject", "lamda:InvokeFunction"]
    private static let conditions = [
        #"{"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}"#,
        #"{"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}"#,
        #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
        #"{"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}"#,
        #"{"StringEquals": {"aws:ResourceTag/team": "data"}}"#,
    ]
    private static let arns = [
        "arn:aws:s3:::reports/*", "arn:aws:s3:::uploads", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
        "arn:aws:sqs:eu-west-1:123456789012:jobs", "arn:aws:iam::123456789012:role/app-task",
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:lambda:eu-west-1:123456789012:function:billing", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/*",
    ]

    /// One policy file and its statement count.
    mutating func policy(index: Int) -> (text: String, statements: Int) {
        let count = Int.random(in: 1...7, using: &random)
        var statements: [String] = []
        for number in 0..<count { statements.append(statement(sid: "S\(index)x\(number)")) }
        let document = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    " + statements.joined(separator: ",\n    ") + "\n  ]\n}"
        if index % 17 == 0 {
            // A `GetPolicyVersion` response, as `aws iam get-policy-version` prints it.
            let wrapped = "{\"PolicyVersion\": {\"Document\": \(document), \"VersionId\": \"v3\", \"IsDefaultVersion\": true}}"
            return (wrapped, count)
        }
        return (document, count)
    }

    private mutating func statement(sid: String) -> String {
        var parts = ["\"Sid\": \"\(sid)\""]
        let deny = chance(0.12)
        parts.append(deny ? "\"Effect\": \"Deny\"" : "\"Effect\": \"Allow\"")
        let actions = actionList()
        parts.append((chance(0.06) ? "\"NotAction\": " : "\"Action\": ") + actions)
        if chance(0.04) {
            parts.append("\"NotResource\": \"\(pick(Self.arns))\"")
        } else if chance(0.45) {
            parts.append("\"Resource\": \"*\"")
        } else {
            let resources = (0..<Int.random(in: 1...3, using: &random)).map { _ in "\"\(pick(Self.arns))\"" }
            parts.append("\"Resource\": [\(resources.joined(separator: ", "))]")
        }
        if chance(0.2) { parts.append("\"Condition\": \(pick(Self.conditions))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    private mutating func actionList() -> String {
        let count = Int.random(in: 1...8, using: &random)
        var actions: [String] = []
        for _ in 0..<count {
            let roll = Double.random(in: 0..<1, using: &random)
            actions.append(roll < 0.6 ? pick(Self.exactActions) : roll < 0.98 ? pick(Self.wildcardActions) : pick(Self.typos))
        }
        if actions.count == 1, chance(0.5) { return "\"\(actions[0])\"" }
        return "[" + actions.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}
