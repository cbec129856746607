import AuditCore
import AuditModel

/// AS-COST-011: the cost view of AS-LAUNCH-005, for scans that leave the launch pack off.
struct CloudWatchLogsWithoutRetention: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-011",
        slug: "cloudwatch-logs-without-retention",
        title: "CloudWatch Logs with no retention (storage grows forever)",
        severity: .low,
        pack: .natCost,
        tags: ["cost", "logging", "lambda"],
        rationale: """
            CloudWatch Logs bills stored data per GB-month, so a group that never expires \
            costs a little more every month, forever. The check is AS-LAUNCH-005's (declared \
            groups without retention, and the /aws/lambda/<name> group Lambda creates with no \
            retention when none is declared); this rule reports it only when AS-LAUNCH-005 does \
            not run, so a scan with both packs shows each log group once. Peers: checkov \
            CKV_AWS_66 and KICS ef0b316a-211e-42f1-888e-64efe172b755 look only at declared \
            groups.
            """,
        remediation: """
            Give every log group a retention (`RetentionInDays` / `retention_in_days`), and \
            declare the log group of each Lambda function so it gets one.
            """,
        references: [
            "https://aws.amazon.com/cloudwatch/pricing/",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
        ],
        peerIDs: ["checkov:CKV_AWS_66", "kics:ef0b316a-211e-42f1-888e-64efe172b755", "cfn_nag:W86"]
    )

    static let subjects = LogRetention.subjects

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        // One problem, one finding: the launch rule reports it when it runs.
        if report.context.runs(LogGroupWithoutRetention.metadata.id) { return }
        LogRetention.check(resource, in: model, &report, purpose: "its stored GB-months are billed forever")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "retention-absent", """
            Resources:
              ↓AppLogs:
                Type: AWS::Logs::LogGroup
            """),
        .good(.cloudFormationYAML, scenario: "retention-set", """
            Resources:
              AppLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 90
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
        .bad(.terraformJSON, scenario: "retention-absent", """
            {
              "resource": {
                "aws_cloudwatch_log_group": {
                  ↓"app": {"name": "/app/orders"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "retention-set", """
            {
              "resource": {
                "aws_cloudwatch_log_group": {
                  "app": {"name": "/app/orders", "retention_in_days": 90}
                }
              }
            }
            """),
    ]
}
