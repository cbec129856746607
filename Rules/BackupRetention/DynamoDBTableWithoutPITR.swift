import AuditCore
import AuditModel

/// AS-BACKUP-005: a DynamoDB table (or a global table's replica) without point-in-time
/// recovery.
struct DynamoDBTableWithoutPITR: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-005",
        slug: "dynamodb-table-without-pitr",
        title: "DynamoDB table without point-in-time recovery",
        severity: .high,
        pack: .backupRetention,
        tags: ["reliability", "backup", "dynamodb"],
        rationale: """
            Without point-in-time recovery, a bad deploy or script that overwrites or deletes \
            items can only be undone from on-demand backups, if anyone took one. PITR is off \
            unless asked for in every format: Terraform leaves it off without a \
            point_in_time_recovery block and for replicas without point_in_time_recovery = true, \
            CloudFormation and SAM (AWS::Serverless::SimpleTable) leave it off without \
            PointInTimeRecoverySpecification, and each replica of an AWS::DynamoDB::GlobalTable \
            needs its own setting. When an AWS Backup selection picks the table (a reference, a \
            wildcard ARN for tables, or a matching tag) and its plan has a rule that runs at least \
            daily (a cron expression with `*`/`?` for both day fields, or a rate of at most 24 \
            hours), the finding is medium rather than high: recovery points exist, but only at \
            the plan's schedule. A plan whose schedule cannot be read keeps the finding high. Peers: checkov CKV_AWS_28 and \
            CKV_AWS_165 and KICS report the same tables; KICS rates the Terraform query as INFO.
            """,
        remediation: """
            CloudFormation/SAM: add `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` \
            (on each replica of a global table).
            Terraform: add `point_in_time_recovery { enabled = true }`, and `point_in_time_recovery = true` in each `replica` block.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#point_in_time_recovery",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-table-pointintimerecoveryspecification.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-replicaspecification.html",
            "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-simpletable.html",
            "https://github.com/aws/serverless-application-model/blob/develop/samtranslator/model/sam_resources.py (SamSimpleTable passes PointInTimeRecoverySpecification through)",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#point_in_time_recovery-1 (replica: \"Default is `false`\")",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_28", "checkov:CKV_AWS_165",
            "kics:741f1291-47ac-4a85-a07b-3d32a9d6bd3e", "kics:0f04217d-488f-4e7a-bec8-f16159686cd6",
            "cfn_nag:W78",
        ]
    )

    static let subjects: Set<ResourceKind> = [.table]

    func check(_ table: Resource, in model: CloudModel, _ report: inout RuleReport) {
        // A daily AWS Backup plan still leaves up to a day of writes unrecoverable: medium.
        var severity = Severity.high
        var backupNote = ""
        if case .covered(let selection) = AWSBackupCoverage.of(table, in: model), AWSBackupCoverage.runsDaily(selection, in: model) {
            severity = .medium
            backupNote = " (AWS Backup selection \(selection.name) backs it up daily; PITR restores to the second)"
        }
        // Replicas first, naming the regions that lack PITR; one finding per table is enough
        // to act on. A CloudFormation global table's table-level flag is its replicas' (the
        // loader reduces them), so it is only judged here when it has no replica list.
        if checkReplicas(of: table, severity: severity, note: backupNote, &report) { return }
        report.requireTrue(.pointInTimeRecoveryEnabled, of: table, severity: severity) {
            "The table has no point-in-time recovery: PITR \($0.origin)\(backupNote)"
        }
    }

    /// Each replica must turn PITR on; a replica that does not say is off. True when the
    /// replicas decided the verdict (a finding or an unknown).
    @discardableResult
    private func checkReplicas(of table: Resource, severity: Severity, note: String, _ report: inout RuleReport) -> Bool {
        let attribute = table[.tableReplicas]
        switch attribute.list {
        case .unknown(let expression):
            report.unknown(expression, resource: table, at: table.location(of: .tableReplicas))
            return true
        case .absent:
            return false
        case .value(let replicas):
            var off: [String] = []
            for replica in replicas {
                switch replica["PointInTimeRecoveryEnabled"] {
                case .bool(true)?, .string("true")?, .string("True")?:
                    continue
                case .unresolved(let expression)?:
                    report.unknown(expression, resource: table, at: table.location(of: .tableReplicas))
                    return true
                default:
                    off.append(replica["Region"]?.displayText ?? "?")
                }
            }
            guard !off.isEmpty else { return false }
            report.fail("Replicas without point-in-time recovery (off unless set per replica): \(off.joined(separator: ", "))\(note)",
                        resource: table, at: table.location(of: .tableReplicas), attribute: AttributeName.tableReplicas.rawValue,
                        severity: severity)
            return true
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  KeySchema:
                    - AttributeName: id
                      KeyType: HASH
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  PointInTimeRecoverySpecification:
                    ↓PointInTimeRecoveryEnabled: false
            """),
        .good(.cloudFormationYAML, scenario: "enabled", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
            """),
        .bad(.cloudFormationYAML, scenario: "global-replica-absent", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  ↓Replicas:
                    - Region: eu-west-1
                      PointInTimeRecoverySpecification:
                        PointInTimeRecoveryEnabled: true
                    - Region: us-east-1
            """),
        .good(.cloudFormationYAML, scenario: "global-replicas-enabled", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  Replicas:
                    - Region: eu-west-1
                      PointInTimeRecoverySpecification:
                        PointInTimeRecoveryEnabled: true
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Recovery:
                Type: String
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: !Ref Recovery
            """),
        .bad(.samYAML, scenario: "absent", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Sessions:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey:
                    Name: id
                    Type: String
            """),
        .good(.samYAML, scenario: "enabled", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Sessions:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey:
                    Name: id
                    Type: String
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  ↓"orders": {
                    "name": "orders",
                    "billing_mode": "PAY_PER_REQUEST",
                    "hash_key": "id"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_dynamodb_table" "orders" {
              name = "orders"
              billing_mode = "PAY_PER_REQUEST"
              hash_key = "id"
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "point_in_time_recovery": [{↓"enabled": false}]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              point_in_time_recovery {
                ↓enabled = false
              }
            }
            """),
        .good(.terraformJSON, scenario: "enabled", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "point_in_time_recovery": {"enabled": true}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "enabled", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              point_in_time_recovery {
                enabled = true
              }
            }
            """),
        .bad(.terraformJSON, scenario: "global-replica-absent", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "point_in_time_recovery": {"enabled": true},
                    ↓"replica": [{"region_name": "us-east-1"}]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "global-replica-absent", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              point_in_time_recovery {
                enabled = true
              }
              ↓replica {
                region_name = "us-east-1"
              }
            }
            """),
        .good(.terraformJSON, scenario: "global-replicas-enabled", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "point_in_time_recovery": {"enabled": true},
                    "replica": [{"region_name": "eu-west-1", "point_in_time_recovery": true}]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "global-replicas-enabled", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              point_in_time_recovery {
                enabled = true
              }
              replica {
                region_name = "eu-west-1"
                point_in_time_recovery = true
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"recovery": {"type": "bool"}},
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "point_in_time_recovery": {"enabled": "${var.recovery}"}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "recovery" {
              type = "bool"
            }

            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              point_in_time_recovery {
                enabled = var.recovery
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-explicit-false", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_dynamodb_table.orders",
                      "mode": "managed",
                      "type": "aws_dynamodb_table",
                      "name": "orders",
                      "values": {
                        "name": "orders",
                        "point_in_time_recovery": [{↓"enabled": false}]
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
