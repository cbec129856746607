import AuditCore
import AuditKit
import Testing
@testable import AuditRules

/// AS-BACKUP-009 beyond its examples: how ARN patterns, tag operators, exclusions and
/// unknown values decide whether an AWS Backup selection picks a resource.
@Suite struct BackupSelectionMatchTests {
    private struct Outcome: Equatable {
        var findings: [String]
        var unknowns: [String]
    }

    /// Findings as `resource@line:col` and unknowns as `resource: expression`.
    private func scan(_ text: String, path: String = "template.yaml") async -> Outcome {
        let result = await Scanner().scan(documents: [(path: path, text: text)], selection: RuleSelection(only: ["AS-BACKUP-009"]))
        #expect(result.errors.isEmpty, "\(result.errors)")
        return Outcome(
            findings: result.outcome.findings.map { "\($0.resource?.name ?? "-")@\($0.location.line):\($0.location.column)" },
            unknowns: result.outcome.unknowns.map { "\($0.resource?.name ?? "-"): \($0.expression)" }
        )
    }

    private func selection(_ body: String) -> String {
        """
        Resources:
          Orders:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: orders-prod
              Tags:
                - Key: team
                  Value: payments
          Ledger:
            Type: AWS::DynamoDB::Table
          Selection:
            Type: AWS::Backup::BackupSelection
            Properties:
              BackupPlanId: plan-1234
              BackupSelection:
                SelectionName: picked
                IamRoleArn: arn:aws:iam::111122223333:role/backup
        \(body)
        """
    }

    @Test func aNamePatternPicksANamedTableAndLeavesAGeneratedNameUnknown() async {
        let outcome = await scan(selection("""
                Resources:
                  - arn:aws:dynamodb:us-east-1:111122223333:table/orders-*
        """))
        #expect(outcome.findings.isEmpty)
        #expect(outcome.unknowns == ["Ledger: backup selection Selection: arn:aws:dynamodb:us-east-1:111122223333:table/orders-* against a name known only after deploy"])
    }

    @Test func anotherServiceOrTypeDoesNotPick() async {
        let outcome = await scan(selection("""
                Resources:
                  - arn:aws:rds:*:*:db:*
                  - arn:aws:dynamodb:*:*:global-table/*
        """))
        #expect(outcome.findings == ["Orders@2:3", "Ledger@9:3"])
        #expect(outcome.unknowns.isEmpty)
    }

    @Test func stringLikeAndNotEqualsConditionsNarrowAWildcard() async {
        let outcome = await scan(selection("""
                Resources: ["*"]
                Conditions:
                  StringLike:
                    - ConditionKey: aws:ResourceTag/team
                      ConditionValue: pay*
                  StringNotEquals:
                    - ConditionKey: aws:ResourceTag/backup
                      ConditionValue: "off"
        """))
        #expect(outcome.findings == ["Ledger@9:3"])
        #expect(outcome.unknowns.isEmpty)
    }

    @Test func aParameterInTheResourceNameIsUnknownButInTheRegionIsNot() async {
        let outcome = await scan("""
            Parameters:
              Region:
                Type: String
              TableName:
                Type: String
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: orders
              Files:
                Type: AWS::EFS::FileSystem
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: picked
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources:
                      - !Sub arn:aws:elasticfilesystem:${Region}:${AWS::AccountId}:file-system/*
                      - !Sub arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}
            """)
        #expect(outcome.findings.isEmpty)
        #expect(outcome.unknowns.count == 1)
        #expect(outcome.unknowns.first?.hasPrefix("Orders: backup selection Selection: resource arn:aws:dynamodb:") == true)
    }

    @Test func anExcludedReferenceWinsOverATagMatch() async {
        let outcome = await scan("""
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id", "tags": {"backup": "daily"}},
                  "ledger": {"name": "ledger", "hash_key": "id", "tags": {"backup": "daily"}}
                },
                "aws_backup_selection": {
                  "tagged": {
                    "name": "tagged",
                    "plan_id": "plan-1234",
                    "iam_role_arn": "arn:aws:iam::111122223333:role/backup",
                    "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}],
                    "not_resources": ["${aws_dynamodb_table.ledger.arn}"]
                  }
                }
              }
            }
            """, path: "main.tf.json")
        #expect(outcome.findings == ["aws_dynamodb_table.ledger@5:7"])
        #expect(outcome.unknowns.isEmpty)
    }

    @Test func globMatchesLikeAWSBackupPatterns() {
        #expect(StatefulResourceNotInBackupPlan.glob("table/*", "table/orders"))
        #expect(StatefulResourceNotInBackupPlan.glob("db:prod-??", "db:prod-01"))
        #expect(!StatefulResourceNotInBackupPlan.glob("db:prod-??", "db:prod-001"))
        #expect(StatefulResourceNotInBackupPlan.glob("*", ""))
        #expect(!StatefulResourceNotInBackupPlan.glob("table/a*b", "table/ab-c"))
    }
}
