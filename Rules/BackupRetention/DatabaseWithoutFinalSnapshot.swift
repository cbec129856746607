import AuditCore
import AuditModel

/// AS-BACKUP-003: an RDS instance or cluster that a destroy, a replacement or a stack
/// deletion removes without taking a final snapshot.
struct DatabaseWithoutFinalSnapshot: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-003",
        slug: "database-without-final-snapshot",
        title: "No final snapshot on deletion",
        severity: .high,
        pack: .backupRetention,
        tags: ["reliability", "backup", "rds", "aurora"],
        rationale: """
            `terraform destroy`, a change that forces replacement, or deleting the stack can \
            remove the database, and with it the automated backups (AS-BACKUP-004); a final \
            snapshot is then the only copy left. Terraform: skip_final_snapshot = true skips it \
            (the default is false, and the provider then refuses to delete an instance or a \
            cluster without final_snapshot_identifier, which blocks the destroy rather than losing \
            data, so that case is not reported); lifecycle.prevent_destroy = true blocks the \
            destroy and passes. CloudFormation snapshots DB clusters and stand-alone DB instances \
            when DeletionPolicy is left out, so only an explicit `Delete` is reported (high); \
            UpdateReplacePolicy, however, defaults to Delete for every type, so a replacement \
            drops the old database unless it says Snapshot or Retain (medium). Aurora member \
            instances (the cluster is what gets snapshotted) and read replicas are skipped. No \
            peer tool has an equivalent check.
            """,
        remediation: """
            CloudFormation: add `DeletionPolicy: Snapshot` and `UpdateReplacePolicy: Snapshot` \
            beside `Type` and `Properties`.
            Terraform: leave `skip_final_snapshot` false and set `final_snapshot_identifier`; add \
            `lifecycle { prevent_destroy = true }` for production databases.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#skip_final_snapshot",
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/cluster.go (delete: \"RDS Cluster FinalSnapshotIdentifier is required when a final snapshot is required\")",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html",
            "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy",
        ]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance, .databaseCluster]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if database.kind == .databaseInstance,
           !database[.dbClusterIdentifier].isAbsent || !database[.sourceDBInstanceIdentifier].isAbsent { return }
        if case .value(true) = database[.terraformPreventDestroy].bool {
            report.pass()
            return
        }
        let deletionPolicy = database[.deletionPolicy]
        if deletionPolicy.isAbsent {
            report.judge(.skipFinalSnapshot, of: database, reading: \.bool, failsWhen: { $0 }) {
                "The database is deleted without a final snapshot: skip_final_snapshot \($0.origin)"
            }
            return
        }
        switch (deletionPolicy.string, database[.updateReplacePolicy].string) {
        case (.unknown(let expression), _):
            report.unknown(expression, resource: database, at: database.location(of: .deletionPolicy))
        case (.value(let policy), _) where policy == "Delete":
            report.fail("Deleting the stack deletes the database without a snapshot: DeletionPolicy \(deletionPolicy.origin)",
                        resource: database, at: database.location(of: .deletionPolicy), attribute: AttributeName.deletionPolicy.rawValue)
        case (_, .unknown(let expression)):
            report.unknown(expression, resource: database, at: database.location(of: .updateReplacePolicy))
        case (_, .value(let policy)) where policy == "Delete":
            report.fail(
                "A replacement deletes the old database without a snapshot: UpdateReplacePolicy \(database[.updateReplacePolicy].origin)",
                resource: database, at: database.location(of: .updateReplacePolicy),
                attribute: AttributeName.updateReplacePolicy.rawValue, severity: .medium
            )
        default:
            report.pass()
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "deletion-policy-delete", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                ↓DeletionPolicy: Delete
                UpdateReplacePolicy: Snapshot
                Properties:
                  Engine: postgres
            """),
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
            """),
        .bad(.cloudFormationYAML, scenario: "replace-delete", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                DeletionPolicy: Snapshot
                ↓UpdateReplacePolicy: Delete
                Properties:
                  Engine: postgres
            """),
        .good(.cloudFormationYAML, scenario: "snapshot", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                DeletionPolicy: Snapshot
                UpdateReplacePolicy: Retain
                Properties:
                  Engine: postgres
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Policy:
                Type: String
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                DeletionPolicy: !Ref Policy
                UpdateReplacePolicy: Snapshot
                Properties:
                  Engine: postgres
            """),
        .bad(.terraformJSON, scenario: "explicit-skip", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    ↓"skip_final_snapshot": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-skip", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              ↓skip_final_snapshot = true
            }
            """),
        .good(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "absent", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
            }
            """),
        .good(.terraformJSON, scenario: "snapshot", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    "skip_final_snapshot": false,
                    "final_snapshot_identifier": "main-final"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "snapshot", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              skip_final_snapshot = false
              final_snapshot_identifier = "main-final"
            }
            """),
        .good(.terraformJSON, scenario: "prevent-destroy", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "skip_final_snapshot": true,
                    "lifecycle": {"prevent_destroy": true}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "prevent-destroy", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              skip_final_snapshot = true
              lifecycle {
                prevent_destroy = true
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"skip_snapshot": {"type": "bool"}},
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "skip_final_snapshot": "${var.skip_snapshot}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "skip_snapshot" {
              type = "bool"
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              skip_final_snapshot = var.skip_snapshot
            }
            """),
        .bad(.terraformPlan, scenario: "plan-explicit-skip", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_rds_cluster.main",
                      "mode": "managed",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "values": {
                        "engine": "aurora-postgresql",
                        ↓"skip_final_snapshot": true
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]

    static let formatDifferences = [
        "absent": "Terraform refuses to delete without final_snapshot_identifier (nothing lost); CloudFormation replaces without a snapshot unless UpdateReplacePolicy says otherwise",
    ]
}
