import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-009: an administrator or `*FullAccess` AWS managed policy on a role that code or CI assumes.
struct BroadManagedPolicyOnWorkloadRole: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-009",
        slug: "broad-managed-policy-on-workload-role",
        title: "Broad AWS-managed policy attached to a workload role",
        severity: .critical,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege", "managed-policy"],
        rationale: """
            AWS managed "FullAccess" policies are convenient while prototyping and then ship \
            to production on Lambda execution roles, where any bug in the function can use \
            them. The rule looks at roles assumed by a service (`lambda`, `states`, \
            `ecs-tasks`, `ec2`, any `*.amazonaws.com` principal) or by a federated CI \
            identity, and fails for `AdministratorAccess`, `IAMFullAccess` and \
            `PowerUserAccess` (critical) and for any `*FullAccess` policy such as \
            `AmazonDynamoDBFullAccess`, `AmazonS3FullAccess` or `AWSLambda_FullAccess` \
            (high), whether attached through the role's managed policy list, SAM `Policies` \
            (a bare name is an AWS managed policy) or an attachment resource. Roles that \
            only people assume are left to AS-IAM-001 and AS-IAM-004.
            """,
        remediation: """
            Replace the managed policy with an inline or customer managed policy that lists \
            the actions and ARNs the workload uses, or with the matching SAM policy template \
            (`DynamoDBCrudPolicy`, `S3ReadPolicy`, …) scoped to the resource.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
            "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies",
            "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html",
        ],
        peerIDs: ["checkov:CKV_AWS_274", "checkov:CKV_AWS_275", "checkov:CKV2_AWS_56", "kics:a0ae0a4e-712b-4115-8112-51b9eeed9d69"]
    )

    static let subjects: Set<ResourceKind> = [.role]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        var attached: [(name: String, location: SourceLocation)] = []
        let list = resource[.managedPolicyARNs]
        for value in list.value.map(Self.flatten) ?? [] {
            if case .string(let arn) = value, let name = AWSManagedPolicies.awsManagedName(arn) {
                attached.append((name, list.location ?? resource.location))
            }
        }
        for (referrer, _) in model.referrers(of: resource.id) where referrer.kind == .policyAttachment {
            if case .value(let arn) = referrer[.policyARN].string, let name = AWSManagedPolicies.awsManagedName(arn) {
                attached.append((name, referrer.location(of: .policyARN)))
            }
        }
        let broad = attached.filter { AWSManagedPolicies.breadth(ofName: $0.name) != .narrow }
        guard !broad.isEmpty else { return report.pass() }

        let assumers = PolicyPrincipals.assumers(of: resource, in: model)
        let workload = assumers.first { assumer in
            switch assumer {
            case .service(let service): service.hasSuffix(".amazonaws.com") || service.hasSuffix(".amazonaws.com.cn")
            case .federated(let provider): !provider.contains(":saml-provider/")
            default: false
            }
        }
        guard let workload else {
            if case .unknown(let expression)? = assumers.first(where: { if case .unknown = $0 { true } else { false } }) {
                report.unknown(expression, resource: resource)
            } else {
                report.pass()
            }
            return
        }
        let assumedBy: String
        switch workload {
        case .service(let service): assumedBy = service
        case .federated(let provider): assumedBy = "the federated identity \(provider)"
        default: assumedBy = "a workload"
        }
        for policy in broad {
            let isAdministrator = AWSManagedPolicies.breadth(ofName: policy.name) == .administrator
            report.fail(
                "\(resource.id.name), assumed by \(assumedBy), carries the AWS managed policy \(policy.name)",
                resource: resource, at: policy.location, attribute: "ManagedPolicy[\(policy.name)]",
                severity: isAdministrator ? .critical : .high
            )
        }
    }

    private static func flatten(_ value: Value) -> [Value] {
        if case .list(let items) = value { return items.flatMap(flatten) }
        return [value]
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "lambda-admin", """
            Resources:
              FunctionRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  ↓ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
                    - arn:aws:iam::aws:policy/AdministratorAccess
            """),
        .good(.cloudFormationYAML, scenario: "lambda-basic", """
            Resources:
              FunctionRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
            """),
        .good(.cloudFormationYAML, scenario: "human-admin", """
            Resources:
              BreakGlass:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: arn:aws:iam::123456789012:root
                        Action: sts:AssumeRole
                        Condition:
                          Bool:
                            aws:MultiFactorAuthPresent: "true"
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/AdministratorAccess
            """),
        .bad(.samYAML, scenario: "lambda-full-access", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  ↓Policies:
                    - AmazonDynamoDBFullAccess
            """),
        .good(.samYAML, scenario: "lambda-basic", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - AWSLambdaBasicExecutionRole
            """),
        .bad(.terraformJSON, scenario: "lambda-admin", """
            {
              "resource": {
                "aws_iam_role": {
                  "function": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                },
                "aws_iam_role_policy_attachment": {
                  "admin": {"role": "${aws_iam_role.function.name}", ↓"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "lambda-admin", """
            resource "aws_iam_role" "function" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }

            resource "aws_iam_role_policy_attachment" "admin" {
              role = aws_iam_role.function.name
              ↓policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
            }
            """),
        .bad(.terraformJSON, scenario: "lambda-full-access", """
            {
              "resource": {
                "aws_iam_role": {
                  "function": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}",
                    ↓"managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "lambda-full-access", """
            resource "aws_iam_role" "function" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
              ↓managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]
            }
            """),
        .good(.terraformJSON, scenario: "lambda-basic", """
            {
              "resource": {
                "aws_iam_role": {
                  "function": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}",
                    "managed_policy_arns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "lambda-basic", """
            resource "aws_iam_role" "function" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
              managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
            }
            """),
    ]

    static let waivers: [FormatFamily: String] = [
        .iam: "a policy file has no role to attach a managed policy to",
    ]
}
