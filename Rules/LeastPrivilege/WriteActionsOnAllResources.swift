import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-003: write, permissions-management or tagging actions that could be scoped to
/// ARNs, allowed on `Resource: "*"` with no condition.
struct WriteActionsOnAllResources: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-003",
        slug: "write-actions-on-all-resources",
        title: "Write or permissions-management actions on Resource \"*\"",
        severity: .high,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege"],
        rationale: """
            Actions that change things (`dynamodb:PutItem`, `sqs:SendMessage`, `s3:PutObject`, \
            `iam:PutRolePolicy`) and that AWS lets a policy scope to ARNs, granted on `*`, \
            reach every current and future resource of that type. The rule expands each \
            allowed action entry against the IAM action catalog (AWS's service authorization \
            reference) and flags Write, Permissions management and Tagging actions that have \
            resource types, in `Allow` statements on `Resource: "*"` (or with `NotResource`) \
            without a `Condition`. Actions AWS only accepts on `*` (`xray:PutTraceSegments`, \
            `cloudwatch:PutMetricData`) are exempt, and so are the network-interface calls a \
            Lambda function in a VPC needs (`ec2:CreateNetworkInterface`, \
            `ec2:DeleteNetworkInterface`, …), which AWS itself grants on `*` in \
            `AWSLambdaVPCAccessExecutionRole` and SAM's `VPCAccessPolicy` (cloudsplaining and \
            checkov report them); and an outright `Deny` on `*` in the same document removes what it \
            denies. `Allow` + `NotAction` grants the complement of its list and is judged on \
            it. Like cloudsplaining's write and permissions-management findings (used by \
            checkov CKV_AWS_290/111 and 289/109), a full administrator statement is reported \
            here as well as by AS-IAM-001. Unlike checkov's CKV_AWS_355/356, read and list \
            actions on `*` (`s3:Describe*`, `ec2:Describe*`) are not reported: they are the \
            usual, harmless way to grant discovery calls, and the reads that leak data are \
            AS-IAM-011's.
            """,
        remediation: """
            Name the ARNs the actions apply to (`Resource: !GetAtt Queue.Arn`, \
            `"${aws_sqs_queue.jobs.arn}"`), or add a condition that pins them \
            (`aws:ResourceTag/…`).
            """,
        references: [
            "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
            "https://github.com/salesforce/cloudsplaining (Write and PermissionsManagement without constraints)",
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions",
        ],
        peerIDs: [
            "checkov:CKV_AWS_290", "checkov:CKV_AWS_111", "checkov:CKV_AWS_289", "checkov:CKV_AWS_109",
            "checkov:CKV_AWS_355", "checkov:CKV_AWS_356", "kics:f62aa827-4ade-4dc4-89e4-1433d384a368",
        ]
    )

    /// Write, permissions-management and tagging actions that can be scoped to ARNs, less
    /// the network-interface calls AWS grants Lambda functions in a VPC on `*`.
    private static let scopableChanges = IAMActionCatalog.shared.set {
        $0.accessLevel.isMutating && $0.supportsResourceLevelPermissions
    }.subtracting(IAMActionCatalog.shared.set(of: IAMActionCatalog.shared.actions(named: SensitiveActionLists.lambdaVPCNetworking)))

    private static let permissionsManagement = IAMActionCatalog.shared.set { $0.accessLevel == .permissionsManagement }

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        report.reportUnconstrainedGrants(
            in: policy,
            selecting: Self.scopableChanges,
            message: { entries, granted in
                // Permissions management first: it is the part that hands out more access.
                let catalog = IAMActionCatalog.shared
                let permissions = granted.intersection(Self.permissionsManagement)
                let total = granted.count, permissionCount = permissions.count
                let kind = switch (total, permissionCount) {
                case (1, 0): "a write action"
                case (1, _): "a permissions-management action"
                case (_, 0): "\(total) write actions"
                default: "\(total) write actions, \(permissionCount) of them permissions management,"
                }
                let first = catalog.actions(in: permissions, limit: 3) + catalog.actions(in: granted.subtracting(permissions), limit: 3)
                let listed = first.prefix(3).map(\.qualifiedName).joined(separator: ", ") + (total > 3 ? " and \(total - 3) more" : "")
                return "\(policy.name) allows \(kind) on every resource\(throughClause(entries, granted)): \(listed)"
            }
        )
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "write-on-star", """
            Resources:
              WorkerRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: queue
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - sqs:ReceiveMessage
                              - ↓sqs:SendMessage
                              - xray:PutTraceSegments
                            Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "scoped", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
              WorkerRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: queue
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - sqs:SendMessage
                            Resource: !GetAtt Jobs.Arn
                          - Effect: Allow
                            Action: xray:PutTraceSegments
                            Resource: "*"
            """),
        .bad(.samYAML, scenario: "write-on-star", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action:
                            - sqs:ReceiveMessage
                            - ↓sqs:SendMessage
                            - xray:PutTraceSegments
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "write-on-star", """
            {
              "resource": {
                "aws_iam_role_policy": {
                  "queue": {
                    "role": "worker",
                    ↓"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"sqs:ReceiveMessage\\",\\"sqs:SendMessage\\",\\"xray:PutTraceSegments\\"],\\"Resource\\":\\"*\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "write-on-star", """
            resource "aws_iam_role_policy" "queue" {
              role = "worker"
              ↓policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"sqs:ReceiveMessage\\",\\"sqs:SendMessage\\",\\"xray:PutTraceSegments\\"],\\"Resource\\":\\"*\\"}]}"
            }
            """),
        .bad(.terraformJSON, scenario: "not-action", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "all_but_iam": {
                    "statement": [{↓"not_actions": ["iam:*"], "resources": ["*"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"all_but_iam": {"policy": "${data.aws_iam_policy_document.all_but_iam.json}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "not-action", """
            data "aws_iam_policy_document" "all_but_iam" {
              statement {
                ↓not_actions = ["iam:*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "all_but_iam" {
              policy = data.aws_iam_policy_document.all_but_iam.json
            }
            """),
        .good(.terraformJSON, scenario: "scoped", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "queue": {
                    "statement": [
                      {"actions": ["sqs:SendMessage"], "resources": ["${aws_sqs_queue.jobs.arn}"]},
                      {"actions": ["xray:PutTraceSegments"], "resources": ["*"]}
                    ]
                  }
                }
              },
              "resource": {
                "aws_sqs_queue": {"jobs": {"name": "jobs"}},
                "aws_iam_policy": {"queue": {"policy": "${data.aws_iam_policy_document.queue.json}"}}
              }
            }
            """),
        .good(.terraformHCL, scenario: "scoped", """
            data "aws_iam_policy_document" "queue" {
              statement {
                actions = ["sqs:SendMessage"]
                resources = [aws_sqs_queue.jobs.arn]
              }
              statement {
                actions = ["xray:PutTraceSegments"]
                resources = ["*"]
              }
            }

            resource "aws_sqs_queue" "jobs" {
              name = "jobs"
            }

            resource "aws_iam_policy" "queue" {
              policy = data.aws_iam_policy_document.queue.json
            }
            """),
        .good(.terraformJSON, scenario: "conditioned", """
            {
              "resource": {
                "aws_iam_policy": {
                  "tagged": {
                    "policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = [\\"ec2:StopInstances\\"], Resource = \\"*\\", Condition = {StringEquals = {\\"aws:ResourceTag/team\\" = \\"data\\"}}}]})}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "conditioned", """
            resource "aws_iam_policy" "tagged" {
              policy = "${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["ec2:StopInstances"], Resource = "*", Condition = {StringEquals = {"aws:ResourceTag/team" = "data"}}}]})}"
            }
            """),
        .bad(.iamJSON, scenario: "write-on-star", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ["sqs:ReceiveMessage", ↓"sqs:SendMessage", "xray:PutTraceSegments"],
                  "Resource": "*"
                }
              ]
            }
            """),
        .bad(.iamJSON, scenario: "not-action", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", ↓"NotAction": "iam:*", "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "unscopable-only", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "denied", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
                {"Effect": "Deny", "Action": "sqs:*", "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "conditioned", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "ec2:StopInstances",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"aws:ResourceTag/team": "data"}}
                }
              ]
            }
            """),
    ]
}
