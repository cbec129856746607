import AuditCore
import AuditModel

/// AS-ENC-014: a database master password (or Redis AUTH token) written in the template.
struct DatabasePasswordInPlaintext: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-014",
        slug: "database-password-in-plaintext",
        title: "Database master password in plaintext in the template",
        severity: .high,
        pack: .encryption,
        tags: ["security", "secrets", "rds", "elasticache", "docdb"],
        rationale: """
            A password written in a template, or as the default of a CloudFormation parameter or a \
            Terraform variable, lives in version control, in every copy of the repository, in \
            plan files and in state. Both formats can keep it out: RDS can manage the master \
            password in Secrets Manager (ManageMasterUserPassword / manage_master_user_password), \
            CloudFormation resolves {{resolve:secretsmanager:…}} and {{resolve:ssm-secure:…}} \
            dynamic references at deploy time, and Terraform can take the value from a generated \
            resource (random_password, a Secrets Manager secret version, also inside an \
            expression such as jsondecode). A reference to a parameter or variable without a \
            default is supplied at deploy time and cannot be judged from the file: it is counted as \
            unknown. The same check covers RDS instances and clusters, DocumentDB clusters and the \
            AUTH token of ElastiCache replication groups. A Terraform plan writes out the value of \
            a password taken from a variable, so in a plan such a password reads as a literal: \
            scan the configuration to tell them apart. Only a KICS query for DocumentDB is comparable among \
            peers (secret scanners cover the rest); unlike it, a literal that happens to equal a \
            parameter's name is still a literal.
            """,
        remediation: """
            CloudFormation: set `ManageMasterUserPassword: true` (RDS, DocumentDB), or use \
            `MasterUserPassword: '{{resolve:secretsmanager:<secret>:SecretString:password}}'`; for a \
            parameter, set `NoEcho: true` and remove its `Default`.
            Terraform: set `manage_master_user_password = true`, or take the value from \
            `random_password` / `aws_secretsmanager_secret_version`; never give a password \
            variable a default.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html",
            "https://docs.aws.amazon.com/documentdb/latest/developerguide/API_ModifyDBCluster.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password",
            "https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output",
        ],
        peerIDs: ["kics:39423ce4-9011-46cd-b6b1-009edcd9385d", "cfn_nag:F23", "cfn_nag:F34", "cfn_nag:F44"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance, .databaseCluster, .documentDBCluster, .cacheReplicationGroup]

    /// Dynamic references CloudFormation resolves at deploy time without writing the secret anywhere.
    private static let secretReferences = ["{{resolve:secretsmanager:", "{{resolve:ssm-secure:"]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if case .value(true) = database[.manageMasterUserPassword].bool {
            report.pass()
            return
        }
        let name: AttributeName = database.kind == .cacheReplicationGroup ? .authToken : .masterUserPassword
        let password = database[name]
        let noun = name == .authToken ? "AUTH token" : "master password"
        switch password.value {
        case nil, .null?:
            // Managed by RDS, restored from a snapshot, a replica, or no AUTH at all.
            report.pass()
        case .string(let text)?:
            if text.isEmpty || Self.isSecretReference(text) {
                report.pass()
            } else {
                let source = password.via.map { "comes from the \($0)" } ?? "is a literal"
                report.fail("Database \(noun) is written in the template: it \(source)",
                            resource: database, at: database.location(of: name), attribute: name.rawValue)
            }
        case .unresolved(let expression)?:
            // A dynamic reference, or an expression over another resource (a secret version
            // decoded with jsondecode, a password generated at apply): not written in the file.
            if Self.isSecretReference(expression) || database.links.contains(where: { $0.attribute == name }) {
                report.pass()
            } else {
                report.unknown(expression, resource: database, at: database.location(of: name))
            }
        case .reference?:
            // Generated or read from another resource (a secret, random_password): not in the file.
            report.pass()
        case let other?:
            report.unknown(other.displayText, resource: database, at: database.location(of: name))
        }
    }

    private static func isSecretReference(_ text: String) -> Bool {
        secretReferences.contains { text.contains($0) }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "literal", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  MasterUsername: app
                  ↓MasterUserPassword: hunter2-but-longer
            """),
        .bad(.cloudFormationYAML, scenario: "variable-default", """
            Parameters:
              DBPassword:
                Type: String
                NoEcho: true
                Default: hunter2-but-longer
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  MasterUsername: app
                  ↓MasterUserPassword: !Ref DBPassword
            """),
        .bad(.cloudFormationYAML, scenario: "auth-token-literal", """
            Resources:
              Cache:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  TransitEncryptionEnabled: true
                  ↓AuthToken: a-very-long-redis-token-123
            """),
        .bad(.cloudFormationYAML, scenario: "docdb-literal", """
            Resources:
              Documents:
                Type: AWS::DocDB::DBCluster
                Properties:
                  MasterUsername: app
                  ↓MasterUserPassword: hunter2-but-longer
            """),
        .good(.cloudFormationYAML, scenario: "managed", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  MasterUsername: app
                  ManageMasterUserPassword: true
            """),
        .good(.cloudFormationYAML, scenario: "secret-reference", """
            Resources:
              DatabaseSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  GenerateSecretString:
                    SecretStringTemplate: '{"username": "app"}'
                    GenerateStringKey: password
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  MasterUsername: app
                  MasterUserPassword: !Sub '{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}'
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              DBPassword:
                Type: String
                NoEcho: true
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  MasterUsername: app
                  MasterUserPassword: !Ref DBPassword
            """),
        .bad(.terraformJSON, scenario: "literal", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "username": "app",
                    ↓"password": "hunter2-but-longer"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "literal", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              username = "app"
              ↓password = "hunter2-but-longer"
            }
            """),
        .bad(.terraformJSON, scenario: "variable-default", """
            {
              "variable": {
                "db_password": {"type": "string", "sensitive": true, "default": "hunter2-but-longer"}
              },
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    "master_username": "app",
                    ↓"master_password": "${var.db_password}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "variable-default", """
            variable "db_password" {
              type = "string"
              sensitive = true
              default = "hunter2-but-longer"
            }

            resource "aws_rds_cluster" "main" {
              engine = "aurora-postgresql"
              master_username = "app"
              ↓master_password = var.db_password
            }
            """),
        .bad(.terraformJSON, scenario: "auth-token-literal", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "cache": {
                    "description": "sessions",
                    "transit_encryption_enabled": true,
                    ↓"auth_token": "a-very-long-redis-token-123"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "auth-token-literal", """
            resource "aws_elasticache_replication_group" "cache" {
              description = "sessions"
              transit_encryption_enabled = true
              ↓auth_token = "a-very-long-redis-token-123"
            }
            """),
        .bad(.terraformJSON, scenario: "docdb-literal", """
            {
              "resource": {
                "aws_docdb_cluster": {
                  "documents": {
                    "master_username": "app",
                    ↓"master_password": "hunter2-but-longer"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "docdb-literal", """
            resource "aws_docdb_cluster" "documents" {
              master_username = "app"
              ↓master_password = "hunter2-but-longer"
            }
            """),
        .good(.terraformJSON, scenario: "managed", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "username": "app",
                    "manage_master_user_password": true
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "managed", """
            resource "aws_db_instance" "main" {
              engine = "postgres"
              username = "app"
              manage_master_user_password = true
            }
            """),
        .good(.terraformJSON, scenario: "generated", """
            {
              "resource": {
                "random_password": {
                  "db": {"length": 32, "special": false}
                },
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "username": "app",
                    "password": "${random_password.db.result}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "generated", """
            resource "random_password" "db" {
              length = 32
              special = false
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              username = "app"
              password = random_password.db.result
            }
            """),
        .good(.terraformJSON, scenario: "secret-version", """
            {
              "data": {
                "aws_secretsmanager_secret_version": {
                  "db": {"secret_id": "prod/db"}
                }
              },
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "username": "app",
                    "password": "${jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)[\\"password\\"]}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "secret-version", """
            data "aws_secretsmanager_secret_version" "db" {
              secret_id = "prod/db"
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              username = "app"
              password = "${jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]}"
            }
            """),
        .good(.terraformPlan, scenario: "plan-generated", """
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
                      "values": {"engine": "postgres", "username": "app"}
                    },
                    {
                      "address": "random_password.db",
                      "mode": "managed",
                      "type": "random_password",
                      "name": "db",
                      "values": {"length": 32}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_db_instance.main",
                  "mode": "managed",
                  "type": "aws_db_instance",
                  "name": "main",
                  "change": {
                    "actions": ["create"],
                    "after": {"engine": "postgres", "username": "app"},
                    "after_unknown": {"password": true}
                  }
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_db_instance.main",
                      "type": "aws_db_instance",
                      "name": "main",
                      "expressions": {
                        "engine": {"constant_value": "postgres"},
                        "password": {"references": ["random_password.db.result", "random_password.db"]}
                      }
                    }
                  ]
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-literal", """
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
                      "values": {"engine": "postgres", "username": "app", ↓"password": "hunter2-but-longer"}
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
                        "password": {"constant_value": "hunter2-but-longer"}
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {
                "db_password": {"type": "string", "sensitive": true}
              },
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "username": "app",
                    "password": "${var.db_password}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "db_password" {
              type = "string"
              sensitive = true
            }

            resource "aws_db_instance" "main" {
              engine = "postgres"
              username = "app"
              password = var.db_password
            }
            """),
    ]
}
