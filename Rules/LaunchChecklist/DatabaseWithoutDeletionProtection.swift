import AuditCore
import AuditModel

/// AS-LAUNCH-007: a database (RDS instance or cluster) that one mistaken delete removes.
struct DatabaseWithoutDeletionProtection: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-007",
        slug: "database-without-deletion-protection",
        title: "Database without deletion protection",
        severity: .high,
        pack: .launchChecklist,
        tags: ["reliability", "rds", "launch"],
        rationale: """
            Deletion protection is the only control that blocks a mistaken delete from the \
            console, the CLI or an infrastructure change, and it is off by default in both \
            Terraform ("The default is false") and CloudFormation ("By default, deletion \
            protection is disabled"). Aurora member instances are skipped: the flag that counts \
            is the cluster's.
            """,
        remediation: """
            CloudFormation: set `DeletionProtection: true` on the DB instance or cluster.
            Terraform: set `deletion_protection = true` on `aws_db_instance` / `aws_rds_cluster`.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#deletion_protection",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#deletion_protection",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-deletionprotection",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
        ],
        peerIDs: ["checkov:CKV_AWS_293", "checkov:CKV_AWS_139", "kics:2c161e58-cb52-454f-abea-6470c37b5e6e"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance, .databaseCluster]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if database.kind == .databaseInstance, !database[.dbClusterIdentifier].isAbsent { return }
        report.requireTrue(.deletionProtection, of: database) {
            "Database can be deleted without protection: deletion protection \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
            """),
        .bad(.cloudFormationYAML, scenario: "cluster-explicit-false", """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  ↓DeletionProtection: false
            """),
        .good(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DeletionProtection: true
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_db_instance": {
                  ↓"main": {
                    "engine": "postgres"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "cluster-explicit-false", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {
                    "engine": "aurora-postgresql",
                    ↓"deletion_protection": false
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {
                    "engine": "postgres",
                    "deletion_protection": true
                  }
                }
              }
            }
            """),
    ]
}
