import AuditCore
import AuditModel

/// AS-BACKUP-002: RDS instances and Aurora clusters that keep automated backups for fewer
/// days than the team's minimum (7 unless `--min-backup-retention-days` says otherwise).
struct RDSBackupRetentionBelowMinimum: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-002",
        slug: "rds-backup-retention-below-minimum",
        title: "RDS/Aurora backup retention shorter than policy (default 7 days)",
        severity: .medium,
        pack: .backupRetention,
        tags: ["reliability", "backup", "rds", "aurora"],
        rationale: """
            A one-day retention, which is what RDS applies when CloudFormation leaves \
            BackupRetentionPeriod out and what aws_rds_cluster defaults to, is often gone before \
            anyone notices the corruption it should undo. Seven days is the floor AWS Config's \
            managed rules use, and the default here (--min-backup-retention-days changes it). A DB \
            instance whose retention is 0 is AS-BACKUP-001's finding, not this rule's; Terraform's \
            unset aws_db_instance retention is 0 and so lands there, while CloudFormation's unset \
            retention (1 day) lands here. Aurora member instances (the cluster owns retention) and \
            read replicas are skipped. A retention above 35 days is reported too: RDS rejects it, \
            so the deploy fails (checkov CKV_AWS_133 reports it as well). Differences from peers: KICS e542bd46 accepts any cluster \
            retention that is set (5 days passes), checkov CKV_AWS_133 only checks the 1–35 range; \
            both pass retentions that auditstack reports as below the minimum.
            """,
        remediation: """
            CloudFormation: set `BackupRetentionPeriod: 7` (or more) on the DB instance or cluster.
            Terraform: set `backup_retention_period = 7` (or more) on `aws_db_instance` / `aws_rds_cluster`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-backupretentionperiod",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html#cfn-rds-dbcluster-backupretentionperiod",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period",
            "https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-backup-retention-check.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
        ],
        peerIDs: ["checkov:CKV_AWS_133", "kics:e542bd46-58c4-4e0f-a52a-1fb4f9548e02", "kics:e649a218-d099-4550-86a4-1231e1fcb60d"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance, .databaseCluster]

    /// The longest retention RDS accepts (1–35 days for clusters, 0–35 for instances).
    static let maximumRetentionDays = 35

    static let formatDifferences = [
        "instance-absent": "CloudFormation leaves RDS's 1-day default (below 7); Terraform sends 0, which AS-BACKUP-001 reports",
    ]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if database.kind == .databaseInstance,
           !database[.dbClusterIdentifier].isAbsent || !database[.sourceDBInstanceIdentifier].isAbsent { return }
        let minimum = report.settings.minimumBackupRetentionDays
        // 0 on an instance means "no backups at all": AS-BACKUP-001 reports that, critically.
        let lowest = database.kind == .databaseInstance ? 1 : Int.min
        let attribute = database[.backupRetentionPeriod]
        if case .value(let days) = attribute.int, days > Self.maximumRetentionDays {
            report.fail("RDS keeps automated backups for at most \(Self.maximumRetentionDays) days and rejects more: backup retention \(attribute.origin)",
                        resource: database, at: database.location(of: .backupRetentionPeriod),
                        attribute: AttributeName.backupRetentionPeriod.rawValue)
            return
        }
        report.judge(.backupRetentionPeriod, of: database, reading: \.int, failsWhen: { $0 >= lowest && $0 < minimum }) {
            "Automated backups are kept for fewer than \(minimum) days: backup retention \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "instance-absent", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
            """),
        .bad(.cloudFormationYAML, scenario: "cluster-three-days", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  ↓BackupRetentionPeriod: 3
            """),
        .bad(.cloudFormationYAML, scenario: "cluster-absent", """
            Resources:
              ↓Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
            """),
        .bad(.cloudFormationYAML, scenario: "above-maximum", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  ↓BackupRetentionPeriod: 36
            """),
        .good(.cloudFormationYAML, scenario: "seven-days", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
            """),
        .good(.cloudFormationYAML, scenario: "aurora-member", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  BackupRetentionPeriod: 14
              Member:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: aurora-postgresql
                  DBClusterIdentifier: !Ref Cluster
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
        .good(.terraformJSON, scenario: "instance-absent", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "instance_class": "db.t3.micro"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "instance-absent", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              instance_class = "db.t3.micro"
            }
            """),
        .bad(.terraformJSON, scenario: "cluster-three-days", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    ↓"backup_retention_period": 3
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "cluster-three-days", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              ↓backup_retention_period = 3
            }
            """),
        .bad(.terraformJSON, scenario: "cluster-absent", """
            {
              "resource": {
                "aws_rds_cluster": {
                  ↓"main": {
                    "engine": "aurora-postgresql"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "cluster-absent", """
            ↓resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
            }
            """),
        .bad(.terraformJSON, scenario: "above-maximum", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    ↓"backup_retention_period": 36
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "above-maximum", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              ↓backup_retention_period = 36
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
        .good(.terraformJSON, scenario: "aurora-member", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {"engine": "aurora-postgresql", "backup_retention_period": 14}
                },
                "aws_rds_cluster_instance": {
                  "member": {
                    "engine": "aurora-postgresql",
                    "cluster_identifier": "${aws_rds_cluster.main.id}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "aurora-member", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              backup_retention_period = 14
            }

            resource "aws_rds_cluster_instance" "member" {
              engine = "aurora-postgresql"
              cluster_identifier = aws_rds_cluster.main.id
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
        .bad(.terraformPlan, scenario: "plan-instance-two-days", """
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
                        ↓"backup_retention_period": 2
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
