import AuditCore
import AuditModel

/// AS-BACKUP-004: a production RDS instance whose automated backups disappear with it,
/// with no AWS Backup plan keeping another copy.
struct AutomatedBackupsDeletedWithInstance: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-004",
        slug: "automated-backups-deleted-with-instance",
        title: "Automated backups deleted together with the instance",
        severity: .medium,
        pack: .backupRetention,
        tags: ["reliability", "backup", "rds"],
        rationale: """
            Deleting a DB instance also deletes its automated backups unless it is told to keep \
            them, and both formats delete them by default: Terraform's delete_automated_backups \
            defaults to true, and CloudFormation's DeleteAutomatedBackups removes them as soon as \
            the instance is deleted. The final snapshot (AS-BACKUP-003) is then the only copy, and \
            point-in-time restore is gone. Only production instances are reported (see \
            --environment), and not when an AWS Backup selection picks the instance (a \
            reference, a wildcard ARN for RDS instances, or a matching tag), since AWS Backup \
            keeps its own recovery points. Instances without automated backups are AS-BACKUP-001's \
            finding; Aurora members (a cluster always deletes its automated backups) and read \
            replicas are skipped. No peer tool has an equivalent check.
            """,
        remediation: """
            CloudFormation: set `DeleteAutomatedBackups: false` on the DB instance.
            Terraform: set `delete_automated_backups = false` on `aws_db_instance`.
            Or select the instance in an AWS Backup plan.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#delete_automated_backups",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-deleteautomatedbackups",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html#USER_WorkingWithAutomatedBackups-Retaining",
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
        ]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if !database[.dbClusterIdentifier].isAbsent || !database[.sourceDBInstanceIdentifier].isAbsent { return }
        guard report.environment(of: database).isProduction else {
            report.pass()
            return
        }
        // Nothing to lose when there are no automated backups (AS-BACKUP-001 reports that).
        if case .value(0) = database[.backupRetentionPeriod].int {
            report.pass()
            return
        }
        switch AWSBackupCoverage.of(database, in: model) {
        case .covered:
            report.pass()
        case .unknown(let expression):
            report.unknown(expression, resource: database)
        case .notCovered:
            report.judge(.deleteAutomatedBackups, of: database, reading: \.bool, failsWhen: { $0 }) {
                "Deleting the instance also deletes its automated backups, and no AWS Backup plan selects it: delete automated backups \($0.origin)"
            }
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
                  ↓DeleteAutomatedBackups: true
            """),
        .good(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
                  DeleteAutomatedBackups: false
            """),
        .good(.cloudFormationYAML, scenario: "aws-backup-selection", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: databases
                    IamRoleArn: arn:aws:iam::123456789012:role/backup
                    Resources:
                      - !Sub "arn:aws:rds:${AWS::Region}:${AWS::AccountId}:db:${Database}"
            """),
        .good(.cloudFormationYAML, scenario: "development", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
                  Tags:
                    - Key: Environment
                      Value: dev
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              DeleteBackups:
                Type: String
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
                  DeleteAutomatedBackups: !Ref DeleteBackups
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"delete_backups": {"type": "bool"}},
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "backup_retention_period": 7,
                    "delete_automated_backups": "${var.delete_backups}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "delete_backups" {
              type = "bool"
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
              delete_automated_backups = var.delete_backups
            }
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_db_instance": {
                  ↓"main": {
                    "engine": "postgres",
                    "backup_retention_period": 7
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "backup_retention_period": 7,
                    ↓"delete_automated_backups": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-true", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
              ↓delete_automated_backups = true
            }
            """),
        .good(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "backup_retention_period": 7,
                    "delete_automated_backups": false
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "explicit-false", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
              delete_automated_backups = false
            }
            """),
        .good(.terraformJSON, scenario: "aws-backup-selection", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {"engine": "postgres", "backup_retention_period": 7}
                },
                "aws_backup_selection": {
                  "databases": {
                    "name": "databases",
                    "plan_id": "plan-1234",
                    "iam_role_arn": "arn:aws:iam::123456789012:role/backup",
                    "resources": ["${aws_db_instance.main.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "aws-backup-selection", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
            }

            resource "aws_backup_selection" "databases" {
              name = "databases"
              plan_id = "plan-1234"
              iam_role_arn = "arn:aws:iam::123456789012:role/backup"
              resources = [aws_db_instance.main.arn]
            }
            """),
        .good(.terraformJSON, scenario: "development", """
            {
              "variable": {"environment": {"default": "development"}},
              "resource": {
                "aws_db_instance": {
                  "main": {"engine": "postgres", "backup_retention_period": 7}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "development", """
            variable "environment" {
              default = "development"
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
            }
            """),
        .bad(.terraformPlan, scenario: "plan-explicit-true", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_db_instance.main",
                      "mode": "managed",
                      "type": "aws_db_instance",
                      "name": "main",
                      "values": {
                        "engine": "postgres",
                        "backup_retention_period": 7,
                        ↓"delete_automated_backups": true
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
