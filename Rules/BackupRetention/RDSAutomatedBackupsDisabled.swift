import AuditCore
import AuditModel

/// AS-BACKUP-001: an RDS instance with automated backups off, including Terraform's
/// default of 0 that most peers miss.
struct RDSAutomatedBackupsDisabled: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-001",
        slug: "rds-automated-backups-disabled",
        title: "RDS instance with automated backups disabled (incl. the Terraform default)",
        // Production's severity; a finding elsewhere is high.
        severity: .critical,
        pack: .backupRetention,
        tags: ["reliability", "backup", "rds"],
        rationale: """
            With a backup retention of 0 there are no automated backups and no point-in-time \
            recovery, and turning them on later causes an outage. The formats disagree when the \
            attribute is left out: the Terraform AWS provider sends backup_retention_period = 0 \
            (backups off), while CloudFormation sends nothing and RDS applies its 1-day default. \
            checkov's CKV_AWS_133 passes the Terraform case assuming a default of 1; auditstack \
            reports it, because that is what the provider sends. Aurora members (the cluster owns \
            retention) and read replicas are not checked. Critical in production, high in staging \
            and development (see --environment; production when nothing names the environment).
            """,
        remediation: """
            CloudFormation: set `BackupRetentionPeriod: 7` (or more).
            Terraform: set `backup_retention_period = 7` (or more).
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period",
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/instance.go",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-backupretentionperiod",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
        ],
        peerIDs: ["checkov:CKV_AWS_133", "kics:1dc73fb4-5b51-430c-8c5f-25dcf9090b02", "kics:8c415f6f-7b90-4a27-a44a-51047e1506f9"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance]

    static let formatDifferences = [
        "absent": "Terraform sends 0 when backup_retention_period is unset; CloudFormation leaves RDS's 1-day default",
    ]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if !database[.dbClusterIdentifier].isAbsent || !database[.sourceDBInstanceIdentifier].isAbsent { return }
        // Critical in production (no restore at all on the first incident), high elsewhere.
        let environment = report.environment(of: database)
        report.judge(.backupRetentionPeriod, of: database, reading: \.int, failsWhen: { $0 == 0 },
                     severity: environment.isProduction ? .critical : .high) {
            let scope = environment.isProduction ? "" : "; \(environment.environment.rawValue) environment (\(environment.reason)), so high rather than critical"
            return "Automated backups are disabled: backup retention \($0.origin)\(scope)"
        }
    }

    static let examples: [RuleExample] = [
        .good(.cloudFormationYAML, scenario: "absent", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-zero", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  ↓BackupRetentionPeriod: 0
            """),
        .bad(.cloudFormationYAML, scenario: "parameter-default-zero", """
            Parameters:
              RetentionDays:
                Type: Number
                Default: 0
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  ↓BackupRetentionPeriod: !Ref RetentionDays
            """),
        .good(.cloudFormationYAML, scenario: "seven-days", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              RetentionDays:
                Type: Number
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: !Ref RetentionDays
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_db_instance": {
                  ↓"main": {
                    "engine": "postgres",
                    "instance_class": "db.t3.micro"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_db_instance" "main" {
              engine = "postgres"
              instance_class = "db.t3.micro"
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-zero", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    ↓"backup_retention_period": 0
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-zero", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              ↓backup_retention_period = 0
            }
            """),
        .bad(.terraformJSON, scenario: "parameter-default-zero", """
            {
              "variable": {"retention_days": {"default": 0}},
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    ↓"backup_retention_period": "${var.retention_days}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "parameter-default-zero", """
            variable "retention_days" {
              default = 0
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              ↓backup_retention_period = var.retention_days
            }
            """),
        .good(.terraformJSON, scenario: "seven-days", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "backup_retention_period": 7
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "seven-days", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = 7
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"retention_days": {"type": "number"}},
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "backup_retention_period": "${var.retention_days}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "retention_days" {
              type = "number"
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              backup_retention_period = var.retention_days
            }
            """),
        .bad(.terraformPlan, scenario: "plan-explicit-zero", """
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
                        ↓"backup_retention_period": 0,
                        "storage_encrypted": true
                      }
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_db_instance.main",
                      "type": "aws_db_instance",
                      "name": "main",
                      "expressions": {
                        "engine": {"constant_value": "postgres"},
                        "storage_encrypted": {"constant_value": true}
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
