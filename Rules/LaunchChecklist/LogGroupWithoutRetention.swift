import AuditCore
import AuditModel

/// AS-LAUNCH-005: a log group that keeps events forever, including the one Lambda creates
/// for a function whose group nobody declared.
struct LogGroupWithoutRetention: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-005",
        slug: "log-group-without-retention",
        title: "Log group without retention (including implicit Lambda/API log groups)",
        severity: .medium,
        pack: .launchChecklist,
        tags: ["logging", "cost", "privacy", "lambda", "launch"],
        rationale: """
            Never-expiring logs grow cost forever (CloudWatch Logs bills stored GB-months) and \
            keep personal data longer than anyone needs. Both formats default to "never \
            expire": Terraform's retention_in_days 0 means events are kept forever and is what \
            an unset argument amounts to; CloudFormation has no default for RetentionInDays \
            and removing it is how a group is made to never expire. Lambda also creates \
            /aws/lambda/<function name> itself on first invoke, with no retention, unless the \
            group is declared: a declared group is recognised by its name (a literal, or \
            `!Sub "/aws/lambda/${Fn}"` / `"/aws/lambda/${aws_lambda_function.x.function_name}"`) \
            or by the function's LoggingConfig.LogGroup / logging_config.log_group. \
            Deliberate differences from peers: checkov CKV_AWS_66 and KICS \
            ef0b316a-211e-42f1-888e-64efe172b755 only look at declared groups; none detects the \
            implicit Lambda group. checkov CKV_AWS_338 wants at least one year (compliance); \
            this rule asks only for some retention (cost and privacy), so any positive number \
            of days passes.
            """,
        remediation: """
            CloudFormation: declare `AWS::Logs::LogGroup` with `LogGroupName: !Sub "/aws/lambda/${Function}"` \
            and `RetentionInDays: 30` (or point `LoggingConfig.LogGroup` at a group with retention).
            Terraform: declare `aws_cloudwatch_log_group` with \
            `name = "/aws/lambda/${aws_lambda_function.x.function_name}"` and `retention_in_days = 30`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html#cfn-logs-loggroup-retentionindays",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days",
            "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: ["checkov:CKV_AWS_66", "checkov:CKV_AWS_338", "kics:ef0b316a-211e-42f1-888e-64efe172b755", "cfn_nag:W86"]
    )

    static let subjects = LogRetention.subjects

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        LogRetention.check(resource, in: model, &report, purpose: "logs and the personal data in them are kept forever")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "retention-absent", """
            Resources:
              ↓AppLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: /app/orders
            """),
        .bad(.cloudFormationYAML, scenario: "implicit-lambda-group", """
            Resources:
              ↓Orders:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/orders
                  Code: {ZipFile: "def handler(e, c): pass"}
            """),
        .good(.cloudFormationYAML, scenario: "declared-lambda-group", """
            Resources:
              Orders:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/orders
                  Code: {ZipFile: "def handler(e, c): pass"}
              OrdersLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: !Sub "/aws/lambda/${Orders}"
                  RetentionInDays: 30
            """),
        .bad(.cloudFormationYAML, scenario: "retention-explicit-zero", """
            Resources:
              AppLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: /app/orders
                  ↓RetentionInDays: 0
            """),
        .bad(.samYAML, scenario: "implicit-lambda-group", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Orders:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
            """),
        .good(.samYAML, scenario: "logging-config-group", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  LoggingConfig:
                    LogGroup: !Ref OrdersLogs
              OrdersLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 14
            """),
        .bad(.terraformJSON, scenario: "retention-absent", """
            {
              "resource": {
                "aws_cloudwatch_log_group": {
                  ↓"app": {
                    "name": "/app/orders"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "implicit-lambda-group", """
            {
              "resource": {
                "aws_lambda_function": {
                  ↓"orders": {
                    "function_name": "orders",
                    "role": "arn:aws:iam::123456789012:role/orders",
                    "handler": "app.handler",
                    "runtime": "python3.12",
                    "filename": "orders.zip"
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "declared-lambda-group", """
            {
              "resource": {
                "aws_lambda_function": {
                  "orders": {
                    "function_name": "orders",
                    "role": "arn:aws:iam::123456789012:role/orders",
                    "handler": "app.handler",
                    "runtime": "python3.12",
                    "filename": "orders.zip"
                  }
                },
                "aws_cloudwatch_log_group": {
                  "orders": {
                    "name": "/aws/lambda/${aws_lambda_function.orders.function_name}",
                    "retention_in_days": 30
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "literal-name-group", """
            {
              "resource": {
                "aws_lambda_function": {
                  "orders": {
                    "function_name": "orders",
                    "role": "arn:aws:iam::123456789012:role/orders",
                    "handler": "app.handler",
                    "runtime": "python3.12",
                    "filename": "orders.zip"
                  }
                },
                "aws_cloudwatch_log_group": {
                  "orders": {"name": "/aws/lambda/orders", "retention_in_days": 14}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "retention-explicit-zero", """
            {
              "resource": {
                "aws_cloudwatch_log_group": {
                  "app": {
                    "name": "/app/orders",
                    ↓"retention_in_days": 0
                  }
                }
              }
            }
            """),
    ]
}
