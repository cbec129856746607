import AuditCore
import AuditKit
import AuditModel
@testable import AuditRules
import Testing

/// How the backup rules see AWS Backup: which selections pick a resource, and what a daily
/// plan changes (AS-BACKUP-004 passes, AS-BACKUP-005 drops to medium).
@Suite struct BackupCoverageTests {
    func findings(_ text: String, path: String = "template.yaml", only ruleID: String) async -> [Finding] {
        let result = await Scanner().scan(documents: [(path: path, text: text)], selection: RuleSelection(only: [ruleID]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        return result.outcome.findings
    }

    /// A table without PITR and a plan whose single rule runs on `schedule`, selecting the
    /// table with `selection` (YAML lines under `BackupSelection:`).
    static func tableTemplate(schedule: String, selection: String) -> String {
        """
        Resources:
          Orders:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              Tags:
                - Key: backup
                  Value: daily
          Plan:
            Type: AWS::Backup::BackupPlan
            Properties:
              BackupPlan:
                BackupPlanName: tables
                BackupPlanRule:
                  - RuleName: nightly
                    TargetBackupVault: Default
                    ScheduleExpression: "\(schedule)"
          Selection:
            Type: AWS::Backup::BackupSelection
            Properties:
              BackupPlanId: !Ref Plan
              BackupSelection:
                SelectionName: tables
                IamRoleArn: arn:aws:iam::123456789012:role/backup
        \(selection)
        """
    }

    static let byReference = "        Resources: [!GetAtt Orders.Arn]"
    static let byWildcard = "        Resources: ['arn:aws:dynamodb:*:*:table/*']"
    static let byTag = """
                ListOfTags:
                  - ConditionType: STRINGEQUALS
                    ConditionKey: backup
                    ConditionValue: daily
        """

    @Test(arguments: [byReference, byWildcard, byTag])
    func aDailyPlanLowersMissingPITRToMedium(selection: String) async {
        let found = await findings(Self.tableTemplate(schedule: "cron(0 5 ? * * *)", selection: selection), only: "AS-BACKUP-005")
        #expect(found.map(\.severity) == [.medium])
        #expect(found.map(\.location.line) == [2])
        #expect(found.first?.message.hasSuffix("(AWS Backup selection Selection backs it up daily; PITR restores to the second)") == true)
    }

    @Test func aWeeklyPlanKeepsItHigh() async {
        let found = await findings(Self.tableTemplate(schedule: "cron(0 5 ? * SUN *)", selection: Self.byReference), only: "AS-BACKUP-005")
        #expect(found.map(\.severity) == [.high])
    }

    @Test func aSelectionForOtherTagsDoesNotCount() async {
        let other = Self.byTag.replacingOccurrences(of: "ConditionValue: daily", with: "ConditionValue: weekly")
        let found = await findings(Self.tableTemplate(schedule: "cron(0 5 ? * * *)", selection: other), only: "AS-BACKUP-005")
        #expect(found.map(\.severity) == [.high])
    }

    @Test func schedules() {
        #expect(AWSBackupCoverage.isDailyOrMoreOften("cron(0 5 ? * * *)"))
        #expect(AWSBackupCoverage.isDailyOrMoreOften("cron(0 */6 * * ? *)"))
        #expect(AWSBackupCoverage.isDailyOrMoreOften("rate(12 hours)"))
        #expect(AWSBackupCoverage.isDailyOrMoreOften("rate(1 day)"))
        #expect(!AWSBackupCoverage.isDailyOrMoreOften("cron(0 5 ? * SUN *)"))
        #expect(!AWSBackupCoverage.isDailyOrMoreOften("cron(0 5 1 * ? *)"))
        #expect(!AWSBackupCoverage.isDailyOrMoreOften("rate(7 days)"))
        #expect(!AWSBackupCoverage.isDailyOrMoreOften("weekly"))
    }

    @Test func awsBackupSelectionExemptsTheInstanceFromAutomatedBackupDeletion() async {
        let terraform = """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {"engine": "postgres", "backup_retention_period": 7, "tags": {"backup": "yes"}},
                  "other": {"engine": "postgres", "backup_retention_period": 7}
                },
                "aws_backup_selection": {
                  "tagged": {
                    "name": "tagged", "plan_id": "plan-1234", "iam_role_arn": "arn:aws:iam::123456789012:role/backup",
                    "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "yes"}]
                  }
                }
              }
            }
            """
        let found = await findings(terraform, path: "main.tf.json", only: "AS-BACKUP-004")
        #expect(found.map { $0.resource?.name } == ["aws_db_instance.other"])
    }

    @Test func notResourcesExcludes() async {
        let terraform = """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {"engine": "postgres", "backup_retention_period": 7}
                },
                "aws_backup_selection": {
                  "all": {
                    "name": "all", "plan_id": "plan-1234", "iam_role_arn": "arn:aws:iam::123456789012:role/backup",
                    "resources": ["*"],
                    "not_resources": ["${aws_db_instance.main.arn}"]
                  }
                }
              }
            }
            """
        let found = await findings(terraform, path: "main.tf.json", only: "AS-BACKUP-004")
        #expect(found.map { $0.resource?.name } == ["aws_db_instance.main"])
    }
}
