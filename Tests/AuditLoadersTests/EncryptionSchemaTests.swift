import AuditModel
import Testing
@testable import AuditLoaders

/// Schema rows the encryption rules AS-ENC-002 to AS-ENC-007 read, loaded from each format:
/// where the value comes from, what it is, and where its key is written.
@Suite struct EncryptionSchemaTests {
    @Test func clusterRestoreSourcesFromCloudFormation() throws {
        let scope = try TemplateFixture.load("""
            Resources:
              Restored:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  SourceDBClusterIdentifier: orders
                  RestoreType: copy-on-write
              Replica:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  ReplicationSourceIdentifier: arn:aws:rds:eu-west-1:123456789012:cluster:orders
              FromSnapshot:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  SnapshotIdentifier: orders-final
            """)
        let restored = try #require(scope.resource("Restored"))
        #expect(restored[.sourceDBClusterIdentifier].value == .string("orders"))
        #expect(position(restored[.sourceDBClusterIdentifier].location) == "6:7")
        let replica = try #require(scope.resource("Replica"))
        #expect(replica[.replicationSourceIdentifier].value == .string("arn:aws:rds:eu-west-1:123456789012:cluster:orders"))
        let fromSnapshot = try #require(scope.resource("FromSnapshot"))
        #expect(fromSnapshot[.dbSnapshotIdentifier].value == .string("orders-final"))
        #expect(position(fromSnapshot[.dbSnapshotIdentifier].location) == "17:7")
    }

    @Test func clusterRestoreSourcesFromTerraform() throws {
        let scope = try TerraformTestSupport.loadConfig("""
            {
              "resource": {
                "aws_rds_cluster": {
                  "restored": {
                    "engine": "aurora-postgresql",
                    "restore_to_point_in_time": [{"source_cluster_identifier": "orders", "use_latest_restorable_time": true}]
                  },
                  "replica": {
                    "engine": "aurora-mysql",
                    "replication_source_identifier": "arn:aws:rds:eu-west-1:123456789012:cluster:orders"
                  }
                }
              }
            }
            """)
        let restored = try #require(scope.terraformResource("aws_rds_cluster.restored"))
        #expect(restored[.sourceDBClusterIdentifier].value == .string("orders"))
        let replica = try #require(scope.terraformResource("aws_rds_cluster.replica"))
        #expect(replica[.replicationSourceIdentifier].value == .string("arn:aws:rds:eu-west-1:123456789012:cluster:orders"))
        #expect(replica[.sourceDBClusterIdentifier].isAbsent)
    }

    /// Neither format encrypts a provisioned cluster when StorageEncrypted is left out, and
    /// neither sends a value: the RDS default applies.
    @Test func clusterStorageEncryptionDefaultsToTheServiceInBothFormats() throws {
        let template = try TemplateFixture.load("""
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
            """)
        let config = try TerraformTestSupport.loadConfig(#"{"resource": {"aws_rds_cluster": {"main": {"engine": "aurora-postgresql"}}}}"#)
        for cluster in [try #require(template.resource("Cluster")), try #require(config.terraformResource("aws_rds_cluster.main"))] {
            let encrypted = cluster[.storageEncrypted]
            #expect(encrypted.value == .bool(false))
            if case .defaultedByService = encrypted.provenance {} else {
                Issue.record("\(cluster.id.name): provenance \(encrypted.provenance)")
            }
        }
    }

    /// A plan leaves an unset storage_encrypted unknown until apply; with no expression for it
    /// in the configuration it gets the same default as the configuration would.
    @Test func planUnknownUnwrittenStorageEncryptionTakesTheDefault() throws {
        let scope = try TerraformTestSupport.loadPlan("""
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {"root_module": {"resources": [
                {"address": "aws_rds_cluster.main", "mode": "managed", "type": "aws_rds_cluster", "name": "main",
                 "values": {"engine": "aurora-postgresql"}}
              ]}},
              "resource_changes": [
                {"address": "aws_rds_cluster.main", "mode": "managed", "type": "aws_rds_cluster", "name": "main",
                 "change": {"actions": ["create"], "after": {"engine": "aurora-postgresql"},
                            "after_unknown": {"storage_encrypted": true, "kms_key_id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_rds_cluster.main", "type": "aws_rds_cluster", "name": "main",
                 "expressions": {"engine": {"constant_value": "aurora-postgresql"}}}
              ]}}
            }
            """)
        let cluster = try #require(scope.terraformResource("aws_rds_cluster.main"))
        #expect(cluster[.storageEncrypted].value == .bool(false))
        #expect(cluster[.storageEncrypted].isDefaulted)
        #expect(cluster[.kmsKeyID].isAbsent)
    }

    @Test func replicationGroupAuthenticationAndTransitModeFromBothFormats() throws {
        let template = try TemplateFixture.load("""
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  TransitEncryptionEnabled: true
                  TransitEncryptionMode: preferred
                  UserGroupIds:
                    - app-users
              Secondary:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: replica
                  GlobalReplicationGroupId: ldgnf-sessions
            """)
        let sessions = try #require(template.resource("Sessions"))
        #expect(sessions[.userGroupIDs].value == .list([.string("app-users")]))
        #expect(sessions[.transitEncryptionMode].value == .string("preferred"))
        #expect(position(sessions[.transitEncryptionMode].location) == "7:7")
        #expect(try #require(template.resource("Secondary"))[.globalReplicationGroupID].value == .string("ldgnf-sessions"))

        let config = try TerraformTestSupport.loadConfig("""
            {"resource": {"aws_elasticache_replication_group": {"sessions": {
              "description": "sessions",
              "transit_encryption_enabled": true,
              "transit_encryption_mode": "required",
              "user_group_ids": ["app-users"],
              "global_replication_group_id": "ldgnf-sessions"
            }}}}
            """)
        let group = try #require(config.terraformResource("aws_elasticache_replication_group.sessions"))
        #expect(group[.userGroupIDs].value == .list([.string("app-users")]))
        #expect(group[.transitEncryptionMode].value == .string("required"))
        #expect(group[.globalReplicationGroupID].value == .string("ldgnf-sessions"))
    }

    @Test func kinesisKeyFromBothFormats() throws {
        let template = try TemplateFixture.load("""
            Resources:
              Clicks:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamEncryption:
                    EncryptionType: KMS
                    KeyId: alias/aws/kinesis
            """)
        let stream = try #require(template.resource("Clicks"))
        #expect(stream[.kmsKeyID].value == .string("alias/aws/kinesis"))
        #expect(position(stream[.kmsKeyID].location) == "8:9")

        let config = try TerraformTestSupport.loadConfig("""
            {"resource": {"aws_kinesis_stream": {"clicks": {"name": "clicks", "encryption_type": "KMS", "kms_key_id": "alias/aws/kinesis"}}}}
            """)
        #expect(try #require(config.terraformResource("aws_kinesis_stream.clicks"))[.kmsKeyID].value == .string("alias/aws/kinesis"))
    }
}

/// The queue or topic SAM creates for an event-invoke destination that names none.
@Suite struct SAMCreatedDestinationTests {
    @Test func destinationsWithoutArnBecomeImplicitQueueAndTopic() throws {
        let scope = try TemplateFixture.load("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  EventInvokeConfig:
                    DestinationConfig:
                      OnSuccess:
                        Type: SQS
                      OnFailure:
                        Type: SNS
              Named:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  EventInvokeConfig:
                    DestinationConfig:
                      OnFailure:
                        Type: SNS
                        Destination: arn:aws:sns:us-east-1:123456789012:failures
            """)
        let queue = try #require(scope.resource("WorkerEventInvokeConfigOnSuccessQueue"))
        #expect(queue.kind == .queue && queue.isImplicit)
        #expect(position(queue.location) == "11:11")
        #expect(queue[.sqsManagedSseEnabled].value == .bool(true))
        let topic = try #require(scope.resource("WorkerEventInvokeConfigOnFailureTopic"))
        #expect(topic.kind == .topic && topic.isImplicit)
        #expect(position(topic.location) == "13:11")
        #expect(topic[.kmsMasterKeyID].isAbsent)
        // The invoke config points at what SAM created; a named destination creates nothing.
        let config = try #require(scope.resource("WorkerEventInvokeConfig"))
        #expect(Set(config.linkTargets()).isSuperset(of: ["WorkerEventInvokeConfigOnSuccessQueue.Arn", "WorkerEventInvokeConfigOnFailureTopic.Arn"]))
        #expect(scope.resource("NamedEventInvokeConfigOnFailureTopic") == nil)
    }
}
