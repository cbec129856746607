import AuditCore
import AuditModel

/// AS-ENC-001: an RDS instance whose storage is not encrypted.
struct RDSStorageNotEncrypted: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-001",
        slug: "rds-storage-not-encrypted",
        title: "RDS DB instance storage not encrypted",
        severity: .high,
        pack: .encryption,
        tags: ["security", "encryption", "rds"],
        rationale: """
            Unencrypted RDS storage, and so its snapshots and read replicas, cannot be encrypted \
            in place later: fixing it means a snapshot copy, a restore and downtime. Both formats \
            leave it off when unset: Terraform sends storage_encrypted = false, and CloudFormation \
            says "by default, it isn't encrypted". Aurora member instances inherit the cluster's \
            setting (see AS-ENC-002); replicas and restores inherit their source's and stay unknown \
            unless the source is in the scanned set.
            """,
        remediation: """
            CloudFormation: set `StorageEncrypted: true` (optionally `KmsKeyId`).
            Terraform: set `storage_encrypted = true` (optionally `kms_key_id`).
            An existing instance must be migrated through an encrypted snapshot copy.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#storage_encrypted",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        ],
        peerIDs: ["checkov:CKV_AWS_16", "kics:08bd0760-8752-44e1-9779-7bb369b2b4e4", "kics:5beacce3-4020-4a3d-9e1d-a36f953df630",
                  "cfn_nag:F27"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        // Aurora members take encryption from the cluster.
        if !database[.dbClusterIdentifier].isAbsent { return }
        if report.encryptionInherited(by: database, through: [.sourceDBInstanceIdentifier, .dbSnapshotIdentifier], in: model) { return }
        report.requireTrue(.storageEncrypted, of: database) {
            "DB instance storage is not encrypted: storage encryption \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  ↓StorageEncrypted: false
            """),
        .good(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  StorageEncrypted: true
            """),
        .good(.cloudFormationYAML, scenario: "aurora-member", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  StorageEncrypted: true
              Writer:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: aurora-postgresql
                  DBClusterIdentifier: !Ref Cluster
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Encrypt:
                Type: String
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  StorageEncrypted: !Ref Encrypt
            """),
        .good(.cloudFormationYAML, scenario: "replica-of-external-source", """
            Resources:
              Replica:
                Type: AWS::RDS::DBInstance
                Properties:
                  DBInstanceClass: db.t3.micro
                  SourceDBInstanceIdentifier: arn:aws:rds:us-east-1:123456789012:db:orders
            """),
        .good(.terraformJSON, scenario: "replica-of-external-source", """
            {
              "resource": {
                "aws_db_instance": {
                  "replica": {
                    "instance_class": "db.t3.micro",
                    "replicate_source_db": "arn:aws:rds:us-east-1:123456789012:db:orders"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "replica-of-external-source", """
            resource "aws_db_instance" "replica" {
              instance_class = "db.t3.micro"
              replicate_source_db = "arn:aws:rds:us-east-1:123456789012:db:orders"
            }
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
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    ↓"storage_encrypted": false
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              ↓storage_encrypted = false
            }
            """),
        .good(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "storage_encrypted": true
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "explicit-true", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              storage_encrypted = true
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"encrypt": {"type": "bool"}},
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
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

            resource "aws_db_instance" "main" {
              engine = "postgres"
              storage_encrypted = var.encrypt
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
                      "address": "aws_db_instance.main",
                      "mode": "managed",
                      "type": "aws_db_instance",
                      "name": "main",
                      "values": {
                        "engine": "postgres",
                        ↓"storage_encrypted": false
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-encrypted", """
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
                        "storage_encrypted": true,
                        "kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5"
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}

extension RuleReport {
    /// Replicas and restores inherit their source's encryption: a source in the model is
    /// judged on its own, any other source cannot be known here (an unknown). True when one
    /// of `attributes` names a source, so the resource's own setting decides nothing.
    mutating func encryptionInherited(by resource: Resource, through attributes: [AttributeName], in model: CloudModel) -> Bool {
        guard let inherited = attributes.first(where: { !resource[$0].isAbsent }) else { return false }
        if resource[inherited].value?.referenceValue.flatMap(model.resolve) == nil {
            unknown("encryption inherited from \(resource[inherited].value?.displayText ?? "\(inherited)")",
                    resource: resource, at: resource.location(of: inherited))
        }
        return true
    }
}
