import AuditModel

/// An AWS managed policy auditstack knows by name: how broad it is and, for the ones a
/// principal's analysis needs, its document.
///
/// The documents are the default versions AWS publishes (IAM User Guide, "AWS managed
/// policies for job functions", and each policy's page in the AWS Managed Policy
/// Reference Guide, docs.aws.amazon.com/aws-managed-policy/latest/reference/), as of
/// November 2026. Every other AWS managed policy is judged from its escalation digest
/// (`escalationDigest(named:)`); a name in neither is unknown to the analysis, except
/// read-only ones (see `isReadOnlyName`).
public struct AWSManagedPolicy: Sendable {
    public enum Breadth: Sendable, Hashable {
        /// Grants full control of the account or of IAM (AdministratorAccess, IAMFullAccess, PowerUserAccess).
        case administrator
        /// Every action of one or a few services (`*FullAccess`).
        case fullAccess
        /// Narrow (the execution-role policies SAM and Lambda attach).
        case narrow
    }

    struct Statement: Sendable {
        var allow = true
        var actions: [String] = []
        var notActions: [String] = []
        var resources: [String] = ["*"]
        /// operator, key, values
        var condition: (String, String, [String])?
    }

    public let name: String
    /// The path in the ARN (`service-role/`), empty for the root path.
    public let path: String
    public let breadth: Breadth
    let statements: [Statement]

    public var arn: String { "arn:aws:iam::aws:policy/\(path)\(name)" }

    /// The policy as a document attached at `location` (the ARN or name in the principal's
    /// configuration), where findings about its statements land.
    public func document(attachedAt location: SourceLocation, owner: ResourceID?) -> PolicyDocument {
        let entry = { (text: String) in PolicyEntry(value: .string(text), location: location) }
        let statements = statements.map { statement in
            PolicyStatement(
                effect: .explicit(.string(statement.allow ? "Allow" : "Deny"), at: location),
                actions: statement.actions.isEmpty ? nil : PolicyElement(entries: statement.actions.map(entry), location: location),
                notActions: statement.notActions.isEmpty ? nil : PolicyElement(entries: statement.notActions.map(entry), location: location),
                resources: PolicyElement(entries: statement.resources.map(entry), location: location),
                conditions: statement.condition.map { [PolicyCondition(conditionOperator: $0.0, key: $0.1, values: $0.2.map(Value.string), location: location)] } ?? [],
                location: location
            )
        }
        return PolicyDocument(
            id: ResourceID(scope: "aws", name: arn), kind: .identity, owner: owner, name: "AWS managed policy \(name)",
            location: location, statements: statements
        )
    }
}

public enum AWSManagedPolicies {
    /// The policy an ARN or a bare name (as SAM `Policies` accepts) names, when known.
    public static func policy(named nameOrARN: String) -> AWSManagedPolicy? {
        byName[name(of: nameOrARN)]
    }

    /// What an AWS managed policy whose document is not shipped grants and denies among the
    /// escalation actions, from the generated digest of every AWS managed policy
    /// (`digestSource`); nil for a name AWS had not published then.
    public static func escalationDigest(named nameOrARN: String) -> AWSManagedPolicy? {
        digestByName[name(of: nameOrARN)]
    }

    /// The digest lines (see scripts/generate-aws-managed-digest.py) read once.
    static let digestByName: [String: AWSManagedPolicy] = {
        var policies: [String: AWSManagedPolicy] = [:]
        for line in digestText.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let name = String(fields[0])
            var statements: [AWSManagedPolicy.Statement] = []
            for field in fields.dropFirst(2) {
                let parts = field.split(separator: " ")
                guard parts.count >= 2 else { continue }
                let actions = parts[1].split(separator: ",").compactMap { Int($0) }
                    .filter(digestTargets.indices.contains).map { digestTargets[$0] }
                switch parts[0] {
                case "A": statements.append(.init(actions: actions))
                case "D": statements.append(.init(allow: false, actions: actions))
                case "C":
                    let test = (parts.count > 2 ? String(parts[2]) : "Condition", parts.count > 3 ? String(parts[3]) : "", [String]())
                    statements.append(.init(allow: false, actions: actions, condition: test))
                default: continue
                }
            }
            policies[name] = AWSManagedPolicy(name: name, path: String(fields[1]), breadth: breadth(ofName: name), statements: statements)
        }
        return policies
    }()

    /// `AdministratorAccess` from `arn:aws:iam::aws:policy/AdministratorAccess`, any partition;
    /// nil for a customer managed policy ARN.
    public static func awsManagedName(_ nameOrARN: String) -> String? {
        guard nameOrARN.hasPrefix("arn:") else { return nameOrARN.contains("/") || nameOrARN.contains(":") ? nil : nameOrARN }
        let parts = nameOrARN.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "iam", parts[4] == "aws", parts[5].hasPrefix("policy/") else { return nil }
        return name(of: nameOrARN)
    }

    private static func name(of nameOrARN: String) -> String {
        nameOrARN.split(separator: "/").last.map(String.init) ?? nameOrARN
    }

    /// Managed policies that only read: by AWS's naming they grant List and Read actions.
    public static func isReadOnlyName(_ name: String) -> Bool {
        name.hasSuffix("ReadOnlyAccess") || name.hasSuffix("ReadOnly") || name == "ViewOnlyAccess" || name == "SecurityAudit"
    }

    /// Administrator-level names and every `*FullAccess` name (AS-IAM-009's deny-list).
    public static func breadth(ofName name: String) -> AWSManagedPolicy.Breadth {
        if let known = byName[name] { return known.breadth }
        return name.hasSuffix("FullAccess") ? .fullAccess : .narrow
    }

    public static let all: [AWSManagedPolicy] = [
        AWSManagedPolicy(name: "AdministratorAccess", path: "", breadth: .administrator, statements: [
            .init(actions: ["*"]),
        ]),
        AWSManagedPolicy(name: "PowerUserAccess", path: "", breadth: .administrator, statements: [
            .init(notActions: ["iam:*", "organizations:*", "account:*"]),
            .init(actions: [
                "account:GetAccountInformation", "account:GetGovCloudAccountInformation", "account:GetPrimaryEmail",
                "account:ListRegions", "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles",
                "organizations:DescribeEffectivePolicy", "organizations:DescribeOrganization",
            ]),
        ]),
        AWSManagedPolicy(name: "IAMFullAccess", path: "", breadth: .administrator, statements: [
            .init(actions: [
                "iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit",
                "organizations:DescribePolicy", "organizations:ListChildren", "organizations:ListParents",
                "organizations:ListPoliciesForTarget", "organizations:ListRoots", "organizations:ListPolicies",
                "organizations:ListTargetsForPolicy",
            ]),
        ]),
        AWSManagedPolicy(name: "AmazonS3FullAccess", path: "", breadth: .fullAccess, statements: [
            .init(actions: ["s3:*", "s3-object-lambda:*"]),
        ]),
        AWSManagedPolicy(name: "AmazonSQSFullAccess", path: "", breadth: .fullAccess, statements: [
            .init(actions: ["sqs:*"]),
        ]),
        AWSManagedPolicy(name: "AmazonSNSFullAccess", path: "", breadth: .fullAccess, statements: [
            .init(actions: ["sns:*"]),
        ]),
        AWSManagedPolicy(name: "AWSLambda_FullAccess", path: "", breadth: .fullAccess, statements: [
            .init(actions: [
                "cloudformation:DescribeStacks", "cloudformation:ListStackResources", "cloudwatch:ListMetrics", "cloudwatch:GetMetricData",
                "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "kms:DescribeKey", "kms:ListAliases",
                "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
                "iam:ListRolePolicies", "iam:ListRoles", "lambda:*", "logs:DescribeLogGroups", "states:DescribeStateMachine",
                "states:ListStateMachines", "tag:GetResources", "xray:GetTraceSummaries", "xray:BatchGetTraces",
            ]),
            .init(actions: ["iam:PassRole"], condition: ("StringEquals", "iam:PassedToService", ["lambda.amazonaws.com"])),
            .init(actions: ["logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartLiveTail", "logs:StopLiveTail"],
                  resources: ["arn:aws:logs:*:*:log-group:/aws/lambda/*"]),
            .init(actions: ["iam:CreateServiceLinkedRole"],
                  resources: ["arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda"],
                  condition: ("StringEquals", "iam:AWSServiceName", ["lambda.amazonaws.com"])),
        ]),
        AWSManagedPolicy(name: "AmazonDynamoDBFullAccess", path: "", breadth: .fullAccess, statements: [
            .init(actions: [
                "dynamodb:*", "dax:*", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingActivities",
                "application-autoscaling:DescribeScalingPolicies", "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:RegisterScalableTarget", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarmHistory",
                "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:GetMetricStatistics",
                "cloudwatch:ListMetrics", "cloudwatch:PutMetricAlarm", "cloudwatch:GetMetricData", "datapipeline:ActivatePipeline",
                "datapipeline:CreatePipeline", "datapipeline:DeletePipeline", "datapipeline:DescribeObjects",
                "datapipeline:DescribePipelines", "datapipeline:GetPipelineDefinition", "datapipeline:ListPipelines",
                "datapipeline:PutPipelineDefinition", "datapipeline:QueryObjects", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups", "iam:GetRole", "iam:ListRoles", "kms:DescribeKey", "kms:ListAliases", "sns:CreateTopic",
                "sns:DeleteTopic", "sns:ListSubscriptions", "sns:ListSubscriptionsByTopic", "sns:ListTopics", "sns:Subscribe",
                "sns:Unsubscribe", "sns:SetTopicAttributes", "lambda:CreateFunction", "lambda:ListFunctions",
                "lambda:ListEventSourceMappings", "lambda:CreateEventSourceMapping", "lambda:DeleteEventSourceMapping",
                "lambda:GetFunctionConfiguration", "lambda:DeleteFunction", "resource-groups:ListGroups",
                "resource-groups:ListGroupResources", "resource-groups:GetGroup", "resource-groups:GetGroupQuery",
                "resource-groups:DeleteGroup", "resource-groups:CreateGroup", "tag:GetResources", "kinesis:ListStreams",
                "kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
            ]),
            .init(actions: ["cloudwatch:GetInsightRuleReport"], resources: ["arn:aws:cloudwatch:*:*:insight-rule/DynamoDBContributorInsights*"]),
            .init(actions: ["iam:PassRole"], condition: ("StringLike", "iam:PassedToService", [
                "application-autoscaling.amazonaws.com", "application-autoscaling.amazonaws.com.cn", "dax.amazonaws.com",
            ])),
            .init(actions: ["iam:CreateServiceLinkedRole"], condition: ("StringEquals", "iam:AWSServiceName", [
                "replication.dynamodb.amazonaws.com", "dax.amazonaws.com", "dynamodb.application-autoscaling.amazonaws.com",
                "contributorinsights.dynamodb.amazonaws.com", "kinesisreplication.dynamodb.amazonaws.com",
            ])),
        ]),
        // The execution-role policies SAM attaches to the roles it generates.
        AWSManagedPolicy(name: "AWSLambdaBasicExecutionRole", path: "service-role/", breadth: .narrow, statements: [
            .init(actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]),
        ]),
        AWSManagedPolicy(name: "AWSLambdaVPCAccessExecutionRole", path: "service-role/", breadth: .narrow, statements: [
            .init(actions: [
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "ec2:CreateNetworkInterface",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
            ]),
        ]),
        AWSManagedPolicy(name: "AWSLambdaSQSQueueExecutionRole", path: "service-role/", breadth: .narrow, statements: [
            .init(actions: [
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "logs:CreateLogGroup", "logs:CreateLogStream",
                "logs:PutLogEvents",
            ]),
        ]),
        AWSManagedPolicy(name: "AWSLambdaKinesisExecutionRole", path: "service-role/", breadth: .narrow, statements: [
            .init(actions: [
                "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
                "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard", "logs:CreateLogGroup", "logs:CreateLogStream",
                "logs:PutLogEvents",
            ]),
        ]),
        AWSManagedPolicy(name: "AWSLambdaDynamoDBExecutionRole", path: "service-role/", breadth: .narrow, statements: [
            .init(actions: [
                "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
                "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
            ]),
        ]),
        AWSManagedPolicy(name: "AWSXRayDaemonWriteAccess", path: "", breadth: .narrow, statements: [
            .init(actions: [
                "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
                "xray:GetSamplingStatisticSummaries",
            ]),
        ]),
        AWSManagedPolicy(name: "AWSXrayWriteOnlyAccess", path: "", breadth: .narrow, statements: [
            .init(actions: [
                "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
                "xray:GetSamplingStatisticSummaries",
            ]),
        ]),
    ]

    private static let byName: [String: AWSManagedPolicy] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}
