import AuditCore
import AuditModel

/// AS-BACKUP-006: an ElastiCache Redis (or Valkey) replication group or cluster that takes
/// no automatic snapshots.
struct ElastiCacheRedisSnapshotsDisabled: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-006",
        slug: "elasticache-redis-snapshots-disabled",
        title: "ElastiCache Redis with automatic snapshots disabled",
        severity: .medium,
        pack: .backupRetention,
        tags: ["reliability", "backup", "elasticache", "redis"],
        rationale: """
            A snapshot retention limit of 0 means ElastiCache takes no automatic snapshots, so a \
            node replacement, a failed failover or an accidental FLUSHALL cannot be undone; that \
            matters when Redis holds sessions or is the primary store. 0 is what both formats get \
            when the limit is left out: CloudFormation's SnapshotRetentionLimit defaults to 0, and \
            the Terraform provider sends snapshot_retention_limit only when it is not 0. Memcached \
            clusters (no snapshots) and Terraform clusters that join a replication group (the \
            group's setting counts) are skipped. A pure cache that can be rebuilt may accept this: \
            skip the rule for it. Peers: checkov CKV_AWS_134 checks aws_elasticache_cluster only; \
            KICS 8fdb08a0 the same; auditstack also checks replication groups and CloudFormation.
            """,
        remediation: """
            CloudFormation: set `SnapshotRetentionLimit: 7` (and a `SnapshotWindow`) on the replication group or cache cluster.
            Terraform: set `snapshot_retention_limit = 7` on `aws_elasticache_replication_group` / `aws_elasticache_cluster`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html#cfn-elasticache-replicationgroup-snapshotretentionlimit",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-cachecluster.html#cfn-elasticache-cachecluster-snapshotretentionlimit",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#snapshot_retention_limit",
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/elasticache/replication_group.go (snapshot_retention_limit sent only when set)",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html",
        ],
        peerIDs: ["checkov:CKV_AWS_134", "kics:8fdb08a0-a868-4fdf-9c27-ccab0237f1ab"]
    )

    static let subjects: Set<ResourceKind> = [.cacheReplicationGroup, .cacheCluster]

    func check(_ cache: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if cache.kind == .cacheCluster {
            if !cache[.replicationGroupID].isAbsent { return }
            switch cache[.engine].string {
            case .value(let engine) where engine.lowercased() == "memcached":
                return
            case .value:
                break
            case .unknown(let expression):
                report.unknown(expression, resource: cache, at: cache.location(of: .engine))
                return
            case .absent:
                report.unknown("engine is not known", resource: cache)
                return
            }
        }
        report.judge(.snapshotRetentionLimit, of: cache, reading: \.int, failsWhen: { $0 <= 0 }) {
            "Automatic snapshots are off: snapshot retention limit \($0.origin)"
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
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-zero", """
            Resources:
              Cache:
                Type: AWS::ElastiCache::CacheCluster
                Properties:
                  Engine: redis
                  CacheNodeType: cache.t4g.small
                  NumCacheNodes: 1
                  ↓SnapshotRetentionLimit: 0
            """),
        .good(.cloudFormationYAML, scenario: "seven-days", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  SnapshotRetentionLimit: 7
            """),
        .good(.cloudFormationYAML, scenario: "memcached", """
            Resources:
              Cache:
                Type: AWS::ElastiCache::CacheCluster
                Properties:
                  Engine: memcached
                  CacheNodeType: cache.t4g.small
                  NumCacheNodes: 1
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              SnapshotDays:
                Type: Number
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  SnapshotRetentionLimit: !Ref SnapshotDays
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  ↓"sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "engine": "redis"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              engine = "redis"
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-zero", """
            {
              "resource": {
                "aws_elasticache_cluster": {
                  "cache": {
                    "cluster_id": "cache",
                    "engine": "redis",
                    ↓"snapshot_retention_limit": 0
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-zero", """
            resource "aws_elasticache_cluster" "cache" {
              cluster_id = "cache"
              engine = "redis"
              ↓snapshot_retention_limit = 0
            }
            """),
        .good(.terraformJSON, scenario: "seven-days", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "snapshot_retention_limit": 7
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "seven-days", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              snapshot_retention_limit = 7
            }
            """),
        .good(.terraformJSON, scenario: "memcached", """
            {
              "resource": {
                "aws_elasticache_cluster": {
                  "cache": {"cluster_id": "cache", "engine": "memcached", "num_cache_nodes": 1}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "memcached", """
            resource "aws_elasticache_cluster" "cache" {
              cluster_id = "cache"
              engine = "memcached"
              num_cache_nodes = 1
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"snapshot_days": {"type": "number"}},
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "snapshot_retention_limit": "${var.snapshot_days}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "snapshot_days" {
              type = "number"
            }

            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              snapshot_retention_limit = var.snapshot_days
            }
            """),
    ]
}
