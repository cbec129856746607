import AuditCore
import AuditModel

/// AS-ENC-006: an ElastiCache (Redis OSS / Valkey) replication group without encryption at rest.
struct ElastiCacheNotEncryptedAtRest: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-006",
        slug: "elasticache-not-encrypted-at-rest",
        title: "ElastiCache Redis replication group without encryption at rest",
        severity: .high,
        pack: .encryption,
        tags: ["security", "encryption", "elasticache", "redis"],
        rationale: """
            At-rest encryption covers the disk used for sync, swap and backups, and the snapshots \
            ElastiCache stores in S3; it can only be chosen when the replication group is created, \
            so turning it on later means a backup, a new group and a cut-over. The default depends on \
            the engine: the CreateReplicationGroup API defaults AtRestEncryptionEnabled to true for \
            Valkey and to false for Redis OSS, CloudFormation documents false, and the Terraform \
            provider sends nothing when the argument is unset. auditstack therefore reports an unset \
            value for Redis OSS (and for an unset engine, which means Redis OSS) but not for Valkey, \
            where checkov's CKV_AWS_29 fails the unset case. Secondary groups of a global datastore \
            take the primary's setting and stay unknown.
            """,
        remediation: """
            CloudFormation: set `AtRestEncryptionEnabled: true` (optionally `KmsKeyId`) when creating the group.
            Terraform: set `at_rest_encryption_enabled = true` (optionally `kms_key_id`).
            An existing group must be recreated from a backup.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html#cfn-elasticache-replicationgroup-atrestencryptionenabled",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#at_rest_encryption_enabled",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_29", "checkov:CKV_AWS_191",
            "kics:76976de7-c7b1-4f64-a94f-90c1345914c2", "kics:e4ee3903-9225-4b6a-bdfb-e62dbadef821",
            "cfn_nag:F25",
        ]
    )

    static let subjects: Set<ResourceKind> = [.cacheReplicationGroup]

    func check(_ group: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if report.unknownWhenGlobalDatastoreSecondary(group) { return }
        if group[.atRestEncryptionEnabled].isDefaulted {
            // The unset default follows the engine: encrypted for Valkey, not for Redis OSS.
            switch group[.engine].string {
            case .value(let engine) where engine.lowercased() == "valkey":
                report.pass()
                return
            case .unknown(let expression):
                report.unknown("engine \(expression)", resource: group, at: group.location(of: .engine))
                return
            default:
                break
            }
        }
        report.requireTrue(.atRestEncryptionEnabled, of: group) {
            "Replication group data is not encrypted at rest: at-rest encryption \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  CacheNodeType: cache.t4g.small
                  NumCacheClusters: 2
                  TransitEncryptionEnabled: true
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  CacheNodeType: cache.t4g.small
                  ↓AtRestEncryptionEnabled: false
            """),
        .good(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  CacheNodeType: cache.t4g.small
                  AtRestEncryptionEnabled: true
            """),
        .good(.cloudFormationYAML, scenario: "valkey-absent", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: valkey
                  CacheNodeType: cache.t4g.small
            """),
        .good(.cloudFormationYAML, scenario: "global-datastore-secondary", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions replica
                  GlobalReplicationGroupId: ldgnf-sessions
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              EncryptAtRest:
                Type: String
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  AtRestEncryptionEnabled: !Ref EncryptAtRest
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  ↓"sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "node_type": "cache.t4g.small",
                    "num_cache_clusters": 2,
                    "transit_encryption_enabled": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              node_type = "cache.t4g.small"
              num_cache_clusters = 2
              transit_encryption_enabled = true
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "node_type": "cache.t4g.small",
                    ↓"at_rest_encryption_enabled": false
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              node_type = "cache.t4g.small"
              ↓at_rest_encryption_enabled = false
            }
            """),
        .good(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "node_type": "cache.t4g.small",
                    "at_rest_encryption_enabled": true
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "explicit-true", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              node_type = "cache.t4g.small"
              at_rest_encryption_enabled = true
            }
            """),
        .good(.terraformJSON, scenario: "valkey-absent", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "engine": "valkey",
                    "node_type": "cache.t4g.small"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "valkey-absent", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              engine = "valkey"
              node_type = "cache.t4g.small"
            }
            """),
        .good(.terraformJSON, scenario: "global-datastore-secondary", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions-replica",
                    "description": "sessions replica",
                    "global_replication_group_id": "ldgnf-sessions"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "global-datastore-secondary", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions-replica"
              description = "sessions replica"
              global_replication_group_id = "ldgnf-sessions"
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"encrypt_at_rest": {"type": "bool"}},
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "at_rest_encryption_enabled": "${var.encrypt_at_rest}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "encrypt_at_rest" {
              type = "bool"
            }

            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              at_rest_encryption_enabled = var.encrypt_at_rest
            }
            """),
    ]
}

extension RuleReport {
    /// A secondary replication group of a global datastore takes its encryption settings from
    /// the datastore's primary, so its own attributes decide nothing: records an unknown and
    /// returns true for such a group.
    mutating func unknownWhenGlobalDatastoreSecondary(_ group: Resource) -> Bool {
        let global = group[.globalReplicationGroupID]
        guard !global.isAbsent else { return false }
        unknown("encryption set by global datastore \(global.value?.displayText ?? "?")",
                resource: group, at: group.location(of: .globalReplicationGroupID))
        return true
    }
}
