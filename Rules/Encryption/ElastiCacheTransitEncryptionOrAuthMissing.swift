import AuditCore
import AuditModel

/// AS-ENC-007: an ElastiCache (Redis OSS / Valkey) replication group that accepts plaintext
/// connections, or TLS connections without authentication.
struct ElastiCacheTransitEncryptionOrAuthMissing: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-007",
        slug: "elasticache-transit-encryption-or-auth-missing",
        title: "ElastiCache Redis without in-transit encryption / AUTH",
        severity: .high,
        pack: .encryption,
        tags: ["security", "encryption", "elasticache", "redis", "authentication"],
        rationale: """
            Without in-transit encryption, session data and tokens cross the VPC in plaintext, and \
            Redis AUTH and RBAC user groups both require TLS. Both formats leave TLS off when it is \
            unset (CloudFormation documents false; Terraform sends nothing and the service default \
            is off). auditstack reports three cases: TLS off (high), TLS on in the `preferred` \
            transit mode, which still accepts plaintext clients (medium), and TLS on with neither an \
            AUTH token nor an RBAC user group, so any client that reaches the port can run commands \
            (medium). One rule covers what checkov splits into CKV_AWS_30 and CKV_AWS_31; like the \
            newer CKV_AWS_31 it accepts UserGroupIds (user_group_ids) as authentication; KICS's \
            transit-only query passes a TLS group without authentication, which auditstack reports \
            at medium. An AUTH \
            token whose value cannot be resolved is unknown, not a pass, unless it comes from another \
            resource (a secret, a generated password), which a plan may only know after apply. \
            Secondary groups of a global \
            datastore take the primary's setting and stay unknown.
            """,
        remediation: """
            CloudFormation: set `TransitEncryptionEnabled: true` and either `AuthToken` (from \
            `{{resolve:secretsmanager:…}}`) or `UserGroupIds`; leave `TransitEncryptionMode` unset \
            or `required`.
            Terraform: set `transit_encryption_enabled = true` and `auth_token` (from a secret) or \
            `user_group_ids`; leave `transit_encryption_mode` unset or `"required"`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html#cfn-elasticache-replicationgroup-transitencryptionenabled",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#transit_encryption_enabled",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_30", "checkov:CKV_AWS_31",
            "kics:1afbb3fa-cf6c-4a3d-b730-95e9f4df343e", "kics:3b02569b-fc6f-4153-b3a3-ba91022fed68",
        ]
    )

    static let subjects: Set<ResourceKind> = [.cacheReplicationGroup]

    func check(_ group: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if report.unknownWhenGlobalDatastoreSecondary(group) { return }
        switch group[.transitEncryptionEnabled].bool {
        case .value(false):
            report.fail("Cache traffic is not encrypted in transit: in-transit encryption \(group[.transitEncryptionEnabled].origin)",
                        resource: group, at: group.location(of: .transitEncryptionEnabled),
                        attribute: AttributeName.transitEncryptionEnabled.rawValue)
            return
        case .unknown(let expression):
            report.unknown(expression, resource: group, at: group.location(of: .transitEncryptionEnabled))
            return
        case .absent:
            report.unknown("\(AttributeName.transitEncryptionEnabled) is not known", resource: group)
            return
        case .value(true):
            break
        }
        var failed = false
        if case .value(let mode) = group[.transitEncryptionMode].string, mode.lowercased() == "preferred" {
            failed = true
            report.fail("TLS is optional: transit encryption mode is preferred, so clients may still connect in plaintext",
                        resource: group, at: group.location(of: .transitEncryptionMode),
                        attribute: AttributeName.transitEncryptionMode.rawValue, severity: .medium)
        }
        switch authentication(of: group) {
        case .value(true):
            if !failed { report.pass() }
        case .value(false):
            report.fail("Cache accepts unauthenticated clients: TLS is on but neither an AUTH token nor an RBAC user group is set",
                        resource: group, attribute: AttributeName.authToken.rawValue, severity: .medium)
        case .unknown(let expression):
            report.unknown(expression, resource: group, at: group.location(of: .authToken))
        case .absent:
            break
        }
    }

    /// Whether clients must authenticate: an AUTH token or RBAC user groups.
    private func authentication(of group: Resource) -> Resolved<Bool> {
        var unknown: String?
        for name in [AttributeName.authToken, .userGroupIDs] {
            let attribute = group[name]
            if case .reference? = attribute.value { return .value(true) }
            // A token or user group from another resource (a secret, a generated password, a
            // user group), even one a plan only knows after apply.
            if group.links.contains(where: { $0.attribute == name }) { return .value(true) }
            switch attribute.list {
            case .value(let items):
                if items.contains(where: { $0.stringValue.map { !$0.isEmpty } ?? true }) { return .value(true) }
            case .unknown(let expression):
                unknown = unknown ?? expression
            case .absent:
                break
            }
        }
        return unknown.map { .unknown($0) } ?? .value(false)
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
                  AtRestEncryptionEnabled: true
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  ↓TransitEncryptionEnabled: false
                  AuthToken: '{{resolve:secretsmanager:redis-auth:SecretString:token}}'
            """),
        .bad(.cloudFormationYAML, scenario: "tls-without-auth", """
            Resources:
              ↓Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  TransitEncryptionEnabled: true
            """),
        .bad(.cloudFormationYAML, scenario: "tls-preferred-mode", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  TransitEncryptionEnabled: true
                  ↓TransitEncryptionMode: preferred
                  AuthToken: '{{resolve:secretsmanager:redis-auth:SecretString:token}}'
            """),
        .good(.cloudFormationYAML, scenario: "tls-with-auth-token", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  TransitEncryptionEnabled: true
                  AuthToken: '{{resolve:secretsmanager:redis-auth:SecretString:token}}'
            """),
        .good(.cloudFormationYAML, scenario: "tls-with-user-group", """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: valkey
                  TransitEncryptionEnabled: true
                  UserGroupIds:
                    - app-users
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              UseTls:
                Type: String
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  TransitEncryptionEnabled: !Ref UseTls
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  ↓"sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "node_type": "cache.t4g.small",
                    "at_rest_encryption_enabled": true
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
              at_rest_encryption_enabled = true
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    ↓"transit_encryption_enabled": false,
                    "auth_token": "${aws_secretsmanager_secret_version.redis.secret_string}"
                  }
                },
                "aws_secretsmanager_secret_version": {
                  "redis": {"secret_id": "redis-auth", "secret_string": "${random_password.redis.result}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              ↓transit_encryption_enabled = false
              auth_token = aws_secretsmanager_secret_version.redis.secret_string
            }

            resource "aws_secretsmanager_secret_version" "redis" {
              secret_id = "redis-auth"
              secret_string = random_password.redis.result
            }
            """),
        .bad(.terraformJSON, scenario: "tls-without-auth", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  ↓"sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "transit_encryption_enabled": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "tls-without-auth", """
            ↓resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              transit_encryption_enabled = true
            }
            """),
        .bad(.terraformJSON, scenario: "tls-preferred-mode", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "transit_encryption_enabled": true,
                    ↓"transit_encryption_mode": "preferred",
                    "auth_token": "${aws_secretsmanager_secret_version.redis.secret_string}"
                  }
                },
                "aws_secretsmanager_secret_version": {
                  "redis": {"secret_id": "redis-auth", "secret_string": "${random_password.redis.result}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "tls-preferred-mode", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              transit_encryption_enabled = true
              ↓transit_encryption_mode = "preferred"
              auth_token = aws_secretsmanager_secret_version.redis.secret_string
            }

            resource "aws_secretsmanager_secret_version" "redis" {
              secret_id = "redis-auth"
              secret_string = random_password.redis.result
            }
            """),
        .good(.terraformJSON, scenario: "tls-with-auth-token", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "transit_encryption_enabled": true,
                    "auth_token": "${aws_secretsmanager_secret_version.redis.secret_string}"
                  }
                },
                "aws_secretsmanager_secret_version": {
                  "redis": {"secret_id": "redis-auth", "secret_string": "${random_password.redis.result}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "tls-with-auth-token", """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              transit_encryption_enabled = true
              auth_token = aws_secretsmanager_secret_version.redis.secret_string
            }

            resource "aws_secretsmanager_secret_version" "redis" {
              secret_id = "redis-auth"
              secret_string = random_password.redis.result
            }
            """),
        .good(.terraformJSON, scenario: "tls-with-user-group", """
            {
              "resource": {
                "aws_elasticache_user_group": {
                  "app": {"engine": "REDIS", "user_group_id": "app-users", "user_ids": ["default"]}
                },
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "engine": "valkey",
                    "transit_encryption_enabled": true,
                    "user_group_ids": ["${aws_elasticache_user_group.app.user_group_id}"]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "tls-with-user-group", """
            resource "aws_elasticache_user_group" "app" {
              engine = "REDIS"
              user_group_id = "app-users"
              user_ids = ["default"]
            }

            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              engine = "valkey"
              transit_encryption_enabled = true
              user_group_ids = [aws_elasticache_user_group.app.user_group_id]
            }
            """),
        .good(.terraformPlan, scenario: "plan-token-known-after-apply", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {"root_module": {"resources": [
                {"address": "random_password.redis", "mode": "managed", "type": "random_password", "name": "redis",
                 "values": {"length": 32}},
                {"address": "aws_elasticache_replication_group.sessions", "mode": "managed",
                 "type": "aws_elasticache_replication_group", "name": "sessions",
                 "values": {"description": "sessions", "transit_encryption_enabled": true}}
              ]}},
              "resource_changes": [
                {"address": "aws_elasticache_replication_group.sessions", "mode": "managed",
                 "type": "aws_elasticache_replication_group", "name": "sessions",
                 "change": {"actions": ["create"], "after": {"description": "sessions", "transit_encryption_enabled": true},
                            "after_unknown": {"auth_token": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "random_password.redis", "type": "random_password", "name": "redis",
                 "expressions": {"length": {"constant_value": 32}}},
                {"address": "aws_elasticache_replication_group.sessions", "type": "aws_elasticache_replication_group",
                 "name": "sessions",
                 "expressions": {"description": {"constant_value": "sessions"},
                                 "transit_encryption_enabled": {"constant_value": true},
                                 "auth_token": {"references": ["random_password.redis.result", "random_password.redis"]}}}
              ]}}
            }
            """),
        .bad(.terraformPlan, scenario: "plan-explicit-false", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {"root_module": {"resources": [
                {"address": "aws_elasticache_replication_group.sessions", "mode": "managed",
                 "type": "aws_elasticache_replication_group", "name": "sessions",
                 "values": {"description": "sessions", ↓"transit_encryption_enabled": false}}
              ]}},
              "configuration": {"root_module": {"resources": [
                {"address": "aws_elasticache_replication_group.sessions", "type": "aws_elasticache_replication_group",
                 "name": "sessions",
                 "expressions": {"description": {"constant_value": "sessions"},
                                 "transit_encryption_enabled": {"constant_value": false}}}
              ]}}
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"use_tls": {"type": "bool"}},
              "resource": {
                "aws_elasticache_replication_group": {
                  "sessions": {
                    "replication_group_id": "sessions",
                    "description": "sessions",
                    "transit_encryption_enabled": "${var.use_tls}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "use_tls" {
              type = "bool"
            }

            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id = "sessions"
              description = "sessions"
              transit_encryption_enabled = var.use_tls
            }
            """),
    ]
}
