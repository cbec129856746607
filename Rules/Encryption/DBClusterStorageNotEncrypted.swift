import AuditCore
import AuditModel

/// AS-ENC-002: an Aurora or Multi-AZ DB cluster whose storage is not encrypted.
struct DBClusterStorageNotEncrypted: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-002",
        slug: "db-cluster-storage-not-encrypted",
        title: "Aurora / Multi-AZ DB cluster storage not encrypted",
        severity: .high,
        pack: .encryption,
        tags: ["security", "encryption", "rds", "aurora"],
        rationale: """
            A cluster created without storage encryption keeps its volume, automated backups and \
            snapshots unencrypted, and the setting cannot be switched on later: the only way out is \
            an encrypted snapshot copy and a restore into a new cluster. Neither format encrypts a \
            provisioned cluster by default: CloudFormation sends nothing and RDS leaves it \
            unencrypted, and the Terraform provider only passes storage_encrypted when it is true. \
            Aurora Serverless (v1) clusters are always encrypted, so engine mode serverless passes \
            even with storage_encrypted = false, as checkov's CKV_AWS_96 also does. Clusters \
            restored from a snapshot or a point in time, and cross-Region replicas, take their \
            source's encryption: they are judged through the source when it is in the scanned set \
            and stay unknown otherwise (checkov reports them as UNKNOWN as well).
            """,
        remediation: """
            CloudFormation: set `StorageEncrypted: true` on the `AWS::RDS::DBCluster` (optionally `KmsKeyId`).
            Terraform: set `storage_encrypted = true` on the `aws_rds_cluster` (optionally `kms_key_id`).
            An existing cluster must be migrated through an encrypted snapshot copy and a restore.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#storage_encrypted",
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/cluster.go",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html#cfn-rds-dbcluster-storageencrypted",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless.how-it-works.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_96", "checkov:CKV_AWS_327",
            "kics:3199c26c-7871-4cb3-99c2-10a59244ce7f", "kics:65844ba3-03a1-40a8-b3dd-919f122e8c95",
            "cfn_nag:F26",
        ]
    )

    static let subjects: Set<ResourceKind> = [.databaseCluster]

    func check(_ cluster: Resource, in model: CloudModel, _ report: inout RuleReport) {
        switch cluster[.engineMode].string {
        case .value(let mode) where mode.lowercased() == "serverless":
            // Aurora Serverless v1 encrypts every cluster, whatever StorageEncrypted says.
            report.pass()
            return
        case .unknown(let expression):
            if case .value(true) = cluster[.storageEncrypted].bool {
                report.pass()
            } else {
                report.unknown("engine mode \(expression)", resource: cluster, at: cluster.location(of: .engineMode))
            }
            return
        default:
            break
        }
        if report.encryptionInherited(by: cluster, through: [.dbSnapshotIdentifier, .sourceDBClusterIdentifier, .replicationSourceIdentifier],
                                      in: model) { return }
        report.requireTrue(.storageEncrypted, of: cluster) {
            "DB cluster storage is not encrypted: storage encryption \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  MasterUsername: app
                  ManageMasterUserPassword: true
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  ↓StorageEncrypted: false
            """),
        .good(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  StorageEncrypted: true
                  KmsKeyId: !Ref DataKey
              DataKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
            """),
        .good(.cloudFormationYAML, scenario: "serverless-v1", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  EngineMode: serverless
            """),
        .good(.cloudFormationYAML, scenario: "restored-from-external-snapshot", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  SnapshotIdentifier: arn:aws:rds:us-east-1:123456789012:cluster-snapshot:orders-final
            """),
        .bad(.cloudFormationYAML, scenario: "replica-of-cluster-in-model", """
            Resources:
              ↓Primary:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
              Replica:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  ReplicationSourceIdentifier: !GetAtt Primary.DBClusterArn
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Encrypt:
                Type: String
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  StorageEncrypted: !Ref Encrypt
            """),
        .bad(.cloudFormationYAML, scenario: "parameter-default-false", """
            Parameters:
              Encrypt:
                Type: String
                Default: "false"
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  ↓StorageEncrypted: !Ref Encrypt
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_rds_cluster": {
                  ↓"main": {
                    "engine": "aurora-postgresql",
                    "master_username": "app",
                    "manage_master_user_password": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              master_username = "app"
              manage_master_user_password = true
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-mysql",
                    ↓"storage_encrypted": false
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-mysql"
              ↓storage_encrypted = false
            }
            """),
        .good(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_kms_key": {"data": {"enable_key_rotation": true}},
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-mysql",
                    "storage_encrypted": true,
                    "kms_key_id": "${aws_kms_key.data.arn}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "explicit-true", """
            resource "aws_kms_key" "data" {
              enable_key_rotation = true
            }

            resource "aws_rds_cluster" "main" {
              engine = "aurora-mysql"
              storage_encrypted = true
              kms_key_id = aws_kms_key.data.arn
            }
            """),
        .good(.terraformJSON, scenario: "serverless-v1", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-mysql",
                    "engine_mode": "serverless"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "serverless-v1", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-mysql"
              engine_mode = "serverless"
            }
            """),
        .good(.terraformJSON, scenario: "restored-from-external-snapshot", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    "snapshot_identifier": "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:orders-final"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "restored-from-external-snapshot", """
            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              snapshot_identifier = "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:orders-final"
            }
            """),
        .bad(.terraformJSON, scenario: "replica-of-cluster-in-model", """
            {
              "resource": {
                "aws_rds_cluster": {
                  ↓"primary": {
                    "engine": "aurora-mysql"
                  },
                  "replica": {
                    "engine": "aurora-mysql",
                    "replication_source_identifier": "${aws_rds_cluster.primary.arn}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "replica-of-cluster-in-model", """
            ↓resource "aws_rds_cluster" "primary" {
              engine = "aurora-mysql"
            }

            resource "aws_rds_cluster" "replica" {
              engine = "aurora-mysql"
              replication_source_identifier = aws_rds_cluster.primary.arn
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"encrypt": {"type": "bool"}},
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    "storage_encrypted": "${var.encrypt}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "encrypt" {
              type = "bool"
            }

            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              storage_encrypted = var.encrypt
            }
            """),
        .bad(.terraformJSON, scenario: "parameter-default-false", """
            {
              "variable": {"encrypt": {"type": "bool", "default": false}},
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    ↓"storage_encrypted": "${var.encrypt}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "parameter-default-false", """
            variable "encrypt" {
              type = "bool"
              default = false
            }

            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              ↓storage_encrypted = var.encrypt
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
                      "address": "aws_rds_cluster.main",
                      "mode": "managed",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "values": {
                        "engine": "aurora-postgresql",
                        "engine_mode": "provisioned",
                        ↓"storage_encrypted": false
                      }
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_rds_cluster.main",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "expressions": {
                        "engine": {"constant_value": "aurora-postgresql"},
                        "storage_encrypted": {"constant_value": false}
                      }
                    }
                  ]
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-unknown-until-apply", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": ↓"aws_rds_cluster.main",
                      "mode": "managed",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "values": {
                        "engine": "aurora-postgresql",
                        "engine_mode": "provisioned"
                      }
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_rds_cluster.main",
                  "mode": "managed",
                  "type": "aws_rds_cluster",
                  "name": "main",
                  "change": {
                    "actions": ["create"],
                    "after": {"engine": "aurora-postgresql", "engine_mode": "provisioned"},
                    "after_unknown": {"storage_encrypted": true, "kms_key_id": true}
                  }
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_rds_cluster.main",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "expressions": {
                        "engine": {"constant_value": "aurora-postgresql"}
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-explicit-true", """
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
                        "engine_mode": "provisioned",
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
                      "address": "aws_rds_cluster.main",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "expressions": {
                        "engine": {"constant_value": "aurora-postgresql"},
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
