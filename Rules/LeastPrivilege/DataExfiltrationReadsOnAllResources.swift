import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-011: reads that hand out data or secrets (`s3:GetObject`,
/// `secretsmanager:GetSecretValue`, `ssm:GetParameter*`), allowed on every resource.
struct DataExfiltrationReadsOnAllResources: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-011",
        slug: "data-exfiltration-reads-on-all-resources",
        title: "Data-exfiltration reads on Resource \"*\"",
        severity: .medium,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege", "data"],
        rationale: """
            Unscoped `s3:GetObject` reads every object in every bucket of the account (and any \
            bucket elsewhere that trusts it); `ssm:GetParameter*` and \
            `secretsmanager:GetSecretValue` read every secret. A compromised function holding \
            them leaks all of it. The rule flags an `Allow` on `Resource: "*"` (or with \
            `NotResource`) without a `Condition` whose action entries, wildcards and \
            `NotAction` included, reach one of cloudsplaining's data-exfiltration actions: \
            `s3:GetObject`, `ssm:GetParameter`, `ssm:GetParameters`, `ssm:GetParametersByPath`, \
            `secretsmanager:GetSecretValue`. An outright `Deny` of the action on `*` in the \
            same document passes.
            """,
        remediation: """
            Name the buckets, parameters and secrets the workload reads \
            (`arn:aws:s3:::reports/*`, `arn:aws:ssm:…:parameter/app/*`, \
            `!Ref DatabaseSecret`).
            """,
        references: [
            "https://github.com/salesforce/cloudsplaining/blob/master/cloudsplaining/shared/constants.py (READ_ONLY_DATA_EXFILTRATION_ACTIONS)",
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html",
        ],
        peerIDs: ["checkov:CKV_AWS_288", "checkov:CKV_AWS_108"]
    )

    private static let exfiltrationActions = IAMActionCatalog.shared.set(
        of: IAMActionCatalog.shared.actions(named: SensitiveActionLists.dataExfiltration)
    )

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        report.reportUnconstrainedGrants(
            in: policy, selecting: Self.exfiltrationActions,
            message: { entries, granted in
                "\(policy.name) allows \(IAMActionCatalog.shared.describe(granted, limit: 5)) on every resource"
                    + throughClause(entries, granted)
            }
        )
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "read-every-bucket", """
            Resources:
              AppRole:
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
                    - PolicyName: app
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - s3:ListAllMyBuckets
                              - ↓s3:GetObject
                            Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "one-bucket", """
            Resources:
              Reports:
                Type: AWS::S3::Bucket
              AppRole:
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
                    - PolicyName: app
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - s3:GetObject
                            Resource: !Sub "${Reports.Arn}/*"
            """),
        .bad(.samYAML, scenario: "every-secret-by-wildcard", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              App:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action:
                            - ↓secretsmanager:Get*
                            - ssm:GetParameter*
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "every-secret-by-wildcard", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "app": {
                    "statement": [{"actions": [↓"secretsmanager:Get*", "ssm:GetParameter*"], "resources": ["*"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"app": {"policy": "${data.aws_iam_policy_document.app.json}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "every-secret-by-wildcard", """
            data "aws_iam_policy_document" "app" {
              statement {
                actions = [↓"secretsmanager:Get*", "ssm:GetParameter*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "app" {
              policy = data.aws_iam_policy_document.app.json
            }
            """),
        .bad(.terraformJSON, scenario: "read-every-bucket", """
            {
              "resource": {
                "aws_iam_role_policy": {
                  "app": {
                    "role": "app",
                    ↓"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"s3:ListAllMyBuckets\\",\\"s3:GetObject\\"],\\"Resource\\":\\"*\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "read-every-bucket", """
            resource "aws_iam_role_policy" "app" {
              role = "app"
              ↓policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"s3:ListAllMyBuckets\\",\\"s3:GetObject\\"],\\"Resource\\":\\"*\\"}]}"
            }
            """),
        .good(.terraformJSON, scenario: "one-bucket", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "app": {
                    "statement": [{"actions": ["s3:GetObject"], "resources": ["${aws_s3_bucket.reports.arn}/*"]}]
                  }
                }
              },
              "resource": {
                "aws_s3_bucket": {"reports": {"bucket": "reports"}},
                "aws_iam_policy": {"app": {"policy": "${data.aws_iam_policy_document.app.json}"}}
              }
            }
            """),
        .good(.terraformHCL, scenario: "one-bucket", """
            data "aws_iam_policy_document" "app" {
              statement {
                actions = ["s3:GetObject"]
                resources = ["${aws_s3_bucket.reports.arn}/*"]
              }
            }

            resource "aws_s3_bucket" "reports" {
              bucket = "reports"
            }

            resource "aws_iam_policy" "app" {
              policy = data.aws_iam_policy_document.app.json
            }
            """),
        .bad(.iamJSON, scenario: "read-every-bucket", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", ↓"s3:GetObject"], "Resource": "*"}
              ]
            }
            """),
        .bad(.iamJSON, scenario: "everything-but-writes", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", ↓"NotAction": ["s3:Put*", "s3:Delete*"], "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "one-bucket", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "denied", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Effect": "Deny", "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": "*"}
              ]
            }
            """),
    ]
}
