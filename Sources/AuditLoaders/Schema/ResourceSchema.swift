import AuditModel

// Sources for the defaults below are the keys of rule-catalog.md §9:
// [TF-dbi] Terraform aws_db_instance docs, [TF-dbi-code] its create path, [TF-rdsc]
// aws_rds_cluster docs, [CFN-UG] the CloudFormation user guide page of the type,
// [TF-kin] aws_kinesis_stream docs, [TF-ecrg] aws_elasticache_replication_group schema,
// [TF-ddb] aws_dynamodb_table docs, [TF-kms] aws_kms_key docs, [TF-nat] aws_nat_gateway docs,
// [TF-vpce] aws_vpc_endpoint docs, [TF-cwa] aws_cloudwatch_metric_alarm docs,
// [TF-lambda] aws_lambda_function docs, [TF-cf] aws_cloudfront_distribution docs.

private func tool(_ value: Value, _ note: String) -> AbsentValue { .tool(value, note: note) }
private func service(_ value: Value, _ note: String) -> AbsentValue { .service(value, note: note) }

private let bucketPublicAccessDefault = service(.bool(true), "no public access block is declared: S3 turns all four settings on for new buckets since April 2023 [S3-BPA-2023]")
private let omittedPublicAccessFlag = service(.bool(false), "left out of PublicAccessBlockConfiguration, which turns it off [CFN-UG aws-properties-s3-bucket-publicaccessblockconfiguration]")

/// The canonical vocabulary: every concept and attribute the six packs inspect, and where
/// CloudFormation and Terraform write them. One row per attribute keeps the format
/// differences (the point of rule-catalog §0.2) side by side and reviewable.
public enum ResourceSchema {
    public static let kinds: [KindSpec] = [
        // MARK: Databases
        KindSpec(.databaseInstance, cfn: ["AWS::RDS::DBInstance"], tf: ["aws_db_instance", "aws_rds_cluster_instance"], attributes: [
            AttributeSpec(.storageEncrypted, cfn: "StorageEncrypted", tf: "storage_encrypted",
                          cfnAbsent: service(.bool(false), "RDS: by default, it isn't encrypted [CFN-UG aws-resource-rds-dbinstance]"),
                          tfAbsent: tool(.bool(false), "Terraform sends storage_encrypted = false when unset [TF-dbi-code]")),
            AttributeSpec(.kmsKeyID, cfn: "KmsKeyId", tf: "kms_key_id"),
            AttributeSpec(.backupRetentionPeriod, cfn: "BackupRetentionPeriod", tf: "backup_retention_period",
                          cfnAbsent: service(.number(1), "RDS API default retention is 1 day [CFN-UG aws-resource-rds-dbinstance]"),
                          tfAbsent: tool(.number(0), "Terraform sends backup_retention_period = 0 when unset, turning backups off [TF-dbi-code]")),
            AttributeSpec(.deletionProtection, cfn: "DeletionProtection", tf: "deletion_protection",
                          cfnAbsent: service(.bool(false), "By default, deletion protection is disabled [CFN-UG aws-resource-rds-dbinstance]"),
                          tfAbsent: tool(.bool(false), "deletion_protection defaults to false [TF-dbi]")),
            AttributeSpec(.multiAZ, cfn: "MultiAZ", tf: "multi_az",
                          cfnAbsent: service(.bool(false), "single-AZ unless MultiAZ is set [CFN-UG]"),
                          tfAbsent: tool(.bool(false), "multi_az defaults to false [TF-dbi]")),
            AttributeSpec(.publiclyAccessible, cfn: "PubliclyAccessible", tf: "publicly_accessible",
                          tfAbsent: tool(.bool(false), "publicly_accessible defaults to false [TF-dbi]")),
            AttributeSpec(.deleteAutomatedBackups, cfn: "DeleteAutomatedBackups", tf: "delete_automated_backups",
                          cfnAbsent: service(.bool(true), "automated backups are removed with the instance by default [CFN-UG]"),
                          tfAbsent: tool(.bool(true), "delete_automated_backups defaults to true [TF-dbi]")),
            AttributeSpec(.skipFinalSnapshot, tf: "skip_final_snapshot", tfAbsent: tool(.bool(false), "skip_final_snapshot defaults to false [TF-dbi]")),
            AttributeSpec(.finalSnapshotIdentifier, tf: "final_snapshot_identifier"),
            AttributeSpec(.dbClusterIdentifier, cfn: "DBClusterIdentifier", tf: "cluster_identifier"),
            AttributeSpec(.sourceDBInstanceIdentifier, cfn: "SourceDBInstanceIdentifier", tf: "replicate_source_db"),
            AttributeSpec(.dbSnapshotIdentifier, cfn: "DBSnapshotIdentifier", tf: "snapshot_identifier"),
            AttributeSpec(.engine, cfn: "Engine", tf: "engine"),
            AttributeSpec(.dbInstanceClass, cfn: "DBInstanceClass", tf: "instance_class"),
            AttributeSpec(.dbInstanceIdentifier, cfn: "DBInstanceIdentifier", tf: "identifier"),
            AttributeSpec(.masterUserPassword, cfn: "MasterUserPassword", tf: "password"),
            AttributeSpec(.manageMasterUserPassword, cfn: "ManageMasterUserPassword", tf: "manage_master_user_password"),
            AttributeSpec(.maxAllocatedStorage, cfn: "MaxAllocatedStorage", tf: "max_allocated_storage"),
            AttributeSpec(.dbSubnetGroupName, cfn: "DBSubnetGroupName", tf: "db_subnet_group_name"),
            AttributeSpec(.vpcSecurityGroups, cfn: "VPCSecurityGroups", tf: "vpc_security_group_ids"),
            AttributeSpec(.resourceTags, cfn: "Tags", tf: "tags"),
        ]),
        KindSpec(.databaseCluster, cfn: ["AWS::RDS::DBCluster"], tf: ["aws_rds_cluster"], attributes: [
            // Serverless (v1) clusters are always encrypted whatever this says; AS-ENC-002 reads EngineMode.
            AttributeSpec(.storageEncrypted, cfn: "StorageEncrypted", tf: "storage_encrypted",
                          cfnAbsent: service(.bool(false), "RDS leaves a provisioned cluster unencrypted unless StorageEncrypted is true [CFN-UG aws-resource-rds-dbcluster]"),
                          tfAbsent: service(.bool(false), "nothing is sent (the provider passes storage_encrypted only when true); the default is false for provisioned clusters [TF-rdsc]")),
            AttributeSpec(.dbSnapshotIdentifier, cfn: "SnapshotIdentifier", tf: "snapshot_identifier"),
            AttributeSpec(.sourceDBClusterIdentifier, cfn: "SourceDBClusterIdentifier", tf: "restore_to_point_in_time.source_cluster_identifier"),
            AttributeSpec(.replicationSourceIdentifier, cfn: "ReplicationSourceIdentifier", tf: "replication_source_identifier"),
            AttributeSpec(.kmsKeyID, cfn: "KmsKeyId", tf: "kms_key_id"),
            AttributeSpec(.engineMode, cfn: "EngineMode", tf: "engine_mode",
                          cfnAbsent: service(.string("provisioned"), "RDS default engine mode [CFN-UG aws-resource-rds-dbcluster]"),
                          tfAbsent: tool(.string("provisioned"), "engine_mode defaults to provisioned [TF-rdsc]")),
            AttributeSpec(.backupRetentionPeriod, cfn: "BackupRetentionPeriod", tf: "backup_retention_period",
                          cfnAbsent: service(.number(1), "cluster BackupRetentionPeriod default 1 [CFN-UG aws-resource-rds-dbcluster]"),
                          tfAbsent: tool(.number(1), "backup_retention_period defaults to 1 [TF-rdsc]")),
            AttributeSpec(.deletionProtection, cfn: "DeletionProtection", tf: "deletion_protection",
                          cfnAbsent: service(.bool(false), "By default, deletion protection is disabled [CFN-UG aws-resource-rds-dbcluster]"),
                          tfAbsent: tool(.bool(false), "deletion_protection defaults to false [TF-rdsc]")),
            AttributeSpec(.skipFinalSnapshot, tf: "skip_final_snapshot", tfAbsent: tool(.bool(false), "skip_final_snapshot defaults to false [TF-rdsc]")),
            AttributeSpec(.finalSnapshotIdentifier, tf: "final_snapshot_identifier"),
            AttributeSpec(.engine, cfn: "Engine", tf: "engine"),
            AttributeSpec(.dbClusterIdentifier, cfn: "DBClusterIdentifier", tf: "cluster_identifier"),
            AttributeSpec(.resourceTags, cfn: "Tags", tf: "tags"),
            AttributeSpec(.masterUserPassword, cfn: "MasterUserPassword", tf: "master_password"),
            AttributeSpec(.manageMasterUserPassword, cfn: "ManageMasterUserPassword", tf: "manage_master_user_password"),
            AttributeSpec(.dbSubnetGroupName, cfn: "DBSubnetGroupName", tf: "db_subnet_group_name"),
        ]),
        KindSpec(.documentDBCluster, cfn: ["AWS::DocDB::DBCluster"], tf: ["aws_docdb_cluster"], attributes: [
            AttributeSpec(.masterUserPassword, cfn: "MasterUserPassword", tf: "master_password"),
            AttributeSpec(.manageMasterUserPassword, cfn: "ManageMasterUserPassword", tf: "manage_master_user_password"),
        ]),
        KindSpec(.dbSubnetGroup, cfn: ["AWS::RDS::DBSubnetGroup"], tf: ["aws_db_subnet_group"], attributes: [
            AttributeSpec(.subnetIDs, cfn: "SubnetIds", tf: "subnet_ids"),
        ]),
        KindSpec(.table, cfn: ["AWS::DynamoDB::Table"], tf: ["aws_dynamodb_table"], attributes: [
            AttributeSpec(.pointInTimeRecoveryEnabled, cfn: "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
                          tf: "point_in_time_recovery.enabled",
                          cfnAbsent: service(.bool(false), "PITR is off unless specified [CFN-UG aws-properties-dynamodb-table-pointintimerecoveryspecification]"),
                          tfAbsent: service(.bool(false), "PITR is off when the point_in_time_recovery block is missing [TF-ddb]")),
            AttributeSpec(.billingMode, cfn: "BillingMode", tf: "billing_mode",
                          cfnAbsent: service(.string("PROVISIONED"), "If not specified, the default is PROVISIONED [CFN-UG aws-resource-dynamodb-table]"),
                          tfAbsent: tool(.string("PROVISIONED"), "billing_mode defaults to PROVISIONED [TF-ddb]")),
            AttributeSpec(.sseEnabled, cfn: "SSESpecification.SSEEnabled", tf: "server_side_encryption.enabled",
                          cfnAbsent: service(.bool(false), "unspecified SSEEnabled means an AWS owned key [CFN-UG]"),
                          tfAbsent: service(.bool(false), "without the block the table uses an AWS owned key [TF-ddb]")),
            AttributeSpec(.sseKMSKey, cfn: "SSESpecification.KMSMasterKeyId", tf: "server_side_encryption.kms_key_arn"),
            AttributeSpec(.deletionProtection, cfn: "DeletionProtectionEnabled", tf: "deletion_protection_enabled",
                          cfnAbsent: service(.bool(false), "deletion protection is off unless enabled [CFN-UG]"),
                          tfAbsent: tool(.bool(false), "deletion_protection_enabled defaults to false [TF-ddb]")),
            AttributeSpec(.tableName, cfn: "TableName", tf: "name"),
            AttributeSpec(.streamViewType, cfn: "StreamSpecification.StreamViewType", tf: "stream_view_type"),
            // Terraform replicas keep PITR per replica (AS-BACKUP-005 reads each one).
            AttributeSpec(.tableReplicas, tf: "replica", tfConversion: .terraformTableReplicas),
            AttributeSpec(.resourceTags, cfn: "Tags", tf: "tags"),
        ]),
        // A CloudFormation global table has no table-level PITR or deletion protection: each
        // replica carries its own, and the table is protected when every replica is.
        KindSpec(.table, cfn: ["AWS::DynamoDB::GlobalTable"], tf: [], attributes: [
            AttributeSpec(.pointInTimeRecoveryEnabled, cfn: "Replicas",
                          cfnAbsent: service(.bool(false), "PITR is off on a replica unless its PointInTimeRecoverySpecification enables it [CFN-UG aws-properties-dynamodb-globaltable-replicaspecification]"),
                          cfnConversion: .everyReplica("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled")),
            AttributeSpec(.billingMode, cfn: "BillingMode",
                          cfnAbsent: service(.string("PROVISIONED"), "If not specified, the default is PROVISIONED [CFN-UG aws-resource-dynamodb-globaltable]")),
            AttributeSpec(.sseEnabled, cfn: "SSESpecification.SSEEnabled",
                          cfnAbsent: service(.bool(false), "unspecified SSEEnabled means an AWS owned key [CFN-UG]")),
            AttributeSpec(.sseKMSKey, cfn: "SSESpecification.KMSMasterKeyId"),
            AttributeSpec(.deletionProtection, cfn: "Replicas",
                          cfnAbsent: service(.bool(false), "deletion protection is off on a replica unless enabled [CFN-UG aws-properties-dynamodb-globaltable-replicaspecification]"),
                          cfnConversion: .everyReplica("DeletionProtectionEnabled")),
            AttributeSpec(.tableName, cfn: "TableName"),
            AttributeSpec(.streamViewType, cfn: "StreamSpecification.StreamViewType"),
            AttributeSpec(.tableReplicas, cfn: "Replicas", cfnConversion: .cloudFormationTableReplicas),
            AttributeSpec(.resourceTags, cfn: "Tags"),
        ]),
        KindSpec(.bucket, cfn: ["AWS::S3::Bucket"], tf: ["aws_s3_bucket"], attributes: [
            AttributeSpec(.versioningStatus, cfn: "VersioningConfiguration.Status", tf: "versioning.enabled",
                          cfnAbsent: service(.string("Unversioned"), "new buckets are unversioned unless configured [S3]"),
                          tfAbsent: service(.string("Unversioned"), "new buckets are unversioned unless configured [S3]"),
                          tfConversion: .boolToEnabledSuspended),
            AttributeSpec(.sseAlgorithm,
                          cfn: "BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm",
                          tf: "server_side_encryption_configuration.rule[*].apply_server_side_encryption_by_default.sse_algorithm",
                          cfnAbsent: service(.list([.string("AES256")]), "S3 applies SSE-S3 to every new object by default [S3-default-enc]"),
                          tfAbsent: service(.list([.string("AES256")]), "S3 applies SSE-S3 to every new object by default [S3-default-enc]")),
            AttributeSpec(.bucketName, cfn: "BucketName", tf: "bucket"),
            AttributeSpec(.loggingTargetBucket, cfn: "LoggingConfiguration.DestinationBucketName", tf: "logging.target_bucket"),
            // No block at all keeps the service default: all four on for buckets created since
            // April 2023 [S3-BPA-2023]. A block written with a flag left out turns that flag off
            // (the S3 API takes an omitted boolean as false; rule-catalog §10 item 3); in
            // Terraform the split resource's own defaults say false (its KindSpec below).
            AttributeSpec(.blockPublicAcls, cfn: "PublicAccessBlockConfiguration.BlockPublicAcls",
                          cfnAbsent: bucketPublicAccessDefault, tfAbsent: bucketPublicAccessDefault,
                          cfnAbsentInWrittenBlock: omittedPublicAccessFlag),
            AttributeSpec(.blockPublicPolicy, cfn: "PublicAccessBlockConfiguration.BlockPublicPolicy",
                          cfnAbsent: bucketPublicAccessDefault, tfAbsent: bucketPublicAccessDefault,
                          cfnAbsentInWrittenBlock: omittedPublicAccessFlag),
            AttributeSpec(.ignorePublicAcls, cfn: "PublicAccessBlockConfiguration.IgnorePublicAcls",
                          cfnAbsent: bucketPublicAccessDefault, tfAbsent: bucketPublicAccessDefault,
                          cfnAbsentInWrittenBlock: omittedPublicAccessFlag),
            AttributeSpec(.restrictPublicBuckets, cfn: "PublicAccessBlockConfiguration.RestrictPublicBuckets",
                          cfnAbsent: bucketPublicAccessDefault, tfAbsent: bucketPublicAccessDefault,
                          cfnAbsentInWrittenBlock: omittedPublicAccessFlag),
            AttributeSpec(.objectLockEnabled, cfn: "ObjectLockEnabled", tf: "object_lock_enabled"),
            AttributeSpec(.forceDestroy, tf: "force_destroy", tfAbsent: tool(.bool(false), "force_destroy defaults to false [TF-s3]")),
            AttributeSpec(.accessControl, cfn: "AccessControl", tf: "acl"),
        ], companions: [
            TerraformCompanion(type: "aws_s3_bucket_acl", linkAttribute: "bucket", attributes: [
                (.accessControl, "acl", nil),
            ]),
            TerraformCompanion(type: "aws_s3_bucket_versioning", linkAttribute: "bucket", attributes: [
                (.versioningStatus, "versioning_configuration.status", nil),
            ]),
            TerraformCompanion(type: "aws_s3_bucket_server_side_encryption_configuration", linkAttribute: "bucket", attributes: [
                (.sseAlgorithm, "rule[*].apply_server_side_encryption_by_default.sse_algorithm", nil),
            ]),
            // No attributes to join: the policy stays a resource of its own, and the join only
            // links a policy that names its bucket by a literal (AS-ENC-009 follows the link).
            TerraformCompanion(type: "aws_s3_bucket_policy", linkAttribute: "bucket", attributes: []),
            TerraformCompanion(type: "aws_s3_bucket_logging", linkAttribute: "bucket", attributes: [
                (.loggingTargetBucket, "target_bucket", nil),
            ]),
            // Terraform's block has the same four flags, each defaulting to false when omitted
            // (the AS-LAUNCH-013 trap); absence of the companion leaves them absent.
            TerraformCompanion(type: "aws_s3_bucket_public_access_block", linkAttribute: "bucket", attributes: [
                (.blockPublicAcls, "block_public_acls", nil),
                (.blockPublicPolicy, "block_public_policy", nil),
                (.ignorePublicAcls, "ignore_public_acls", nil),
                (.restrictPublicBuckets, "restrict_public_buckets", nil),
            ]),
        ]),
        KindSpec(.bucketPolicy, cfn: ["AWS::S3::BucketPolicy"], tf: ["aws_s3_bucket_policy"], attributes: [
            AttributeSpec(.bucketName, cfn: "Bucket", tf: "bucket"),
        ]),
        KindSpec(.accountPublicAccessBlock, cfn: [], tf: ["aws_s3_account_public_access_block"], attributes: [
            AttributeSpec(.blockPublicAcls, tf: "block_public_acls", tfAbsent: tool(.bool(false), "defaults to false [TF-s3pab]")),
            AttributeSpec(.blockPublicPolicy, tf: "block_public_policy", tfAbsent: tool(.bool(false), "defaults to false [TF-s3pab]")),
            AttributeSpec(.ignorePublicAcls, tf: "ignore_public_acls", tfAbsent: tool(.bool(false), "defaults to false [TF-s3pab]")),
            AttributeSpec(.restrictPublicBuckets, tf: "restrict_public_buckets", tfAbsent: tool(.bool(false), "defaults to false [TF-s3pab]")),
        ]),
        // MARK: Messaging and streams
        KindSpec(.queue, cfn: ["AWS::SQS::Queue"], tf: ["aws_sqs_queue"], attributes: [
            AttributeSpec(.sqsManagedSseEnabled, cfn: "SqsManagedSseEnabled", tf: "sqs_managed_sse_enabled",
                          cfnAbsent: service(.bool(true), "undefined SqsManagedSseEnabled yields SSE-SQS [CFN-UG aws-resource-sqs-queue]"),
                          tfAbsent: service(.bool(true), "nothing is sent; SQS applies SSE-SQS to new queues [TF-sqs-v5]")),
            AttributeSpec(.kmsMasterKeyID, cfn: "KmsMasterKeyId", tf: "kms_master_key_id"),
            // CloudFormation accepts the policy as an object or as a JSON string.
            AttributeSpec(.redrivePolicy, cfn: "RedrivePolicy", tf: "redrive_policy", tfConversion: .jsonString, cfnConversion: .jsonString),
            AttributeSpec(.messageRetentionPeriod, cfn: "MessageRetentionPeriod", tf: "message_retention_seconds",
                          cfnAbsent: service(.number(345_600), "SQS default retention is 4 days [CFN-UG aws-resource-sqs-queue]"),
                          tfAbsent: tool(.number(345_600), "message_retention_seconds defaults to 345600 [TF-sqs]")),
            AttributeSpec(.queueName, cfn: "QueueName", tf: "name"),
            AttributeSpec(.fifoQueue, cfn: "FifoQueue", tf: "fifo_queue",
                          cfnAbsent: service(.bool(false), "a standard queue unless FifoQueue is true [CFN-UG aws-resource-sqs-queue]"),
                          tfAbsent: tool(.bool(false), "fifo_queue defaults to false [TF-sqs]")),
        ], companions: [
            TerraformCompanion(type: "aws_sqs_queue_redrive_policy", linkAttribute: "queue_url", attributes: [
                (.redrivePolicy, "redrive_policy", .jsonString),
            ]),
        ]),
        KindSpec(.queuePolicy, cfn: ["AWS::SQS::QueuePolicy"], tf: ["aws_sqs_queue_policy"]),
        KindSpec(.topic, cfn: ["AWS::SNS::Topic"], tf: ["aws_sns_topic"], attributes: [
            AttributeSpec(.kmsMasterKeyID, cfn: "KmsMasterKeyId", tf: "kms_master_key_id"),
            AttributeSpec(.subscriptions, cfn: "Subscription"),
            AttributeSpec(.topicName, cfn: "TopicName", tf: "name"),
        ]),
        KindSpec(.topicPolicy, cfn: ["AWS::SNS::TopicPolicy"], tf: ["aws_sns_topic_policy"]),
        KindSpec(.topicSubscription, cfn: ["AWS::SNS::Subscription"], tf: ["aws_sns_topic_subscription"], attributes: [
            AttributeSpec(.topicARN, cfn: "TopicArn", tf: "topic_arn"),
            AttributeSpec(.subscriptionProtocol, cfn: "Protocol", tf: "protocol"),
            AttributeSpec(.endpoint, cfn: "Endpoint", tf: "endpoint"),
        ]),
        KindSpec(.stream, cfn: ["AWS::Kinesis::Stream"], tf: ["aws_kinesis_stream"], attributes: [
            AttributeSpec(.streamEncryptionType, cfn: "StreamEncryption.EncryptionType", tf: "encryption_type",
                          cfnAbsent: service(.string("NONE"), "encryption only when StreamEncryption is specified [CFN-UG aws-resource-kinesis-stream]"),
                          tfAbsent: tool(.string("NONE"), "encryption_type defaults to NONE [TF-kin]")),
            AttributeSpec(.kmsKeyID, cfn: "StreamEncryption.KeyId", tf: "kms_key_id"),
            AttributeSpec(.retentionPeriodHours, cfn: "RetentionPeriodHours", tf: "retention_period",
                          cfnAbsent: service(.number(24), "Kinesis default retention is 24 hours [CFN-UG]"),
                          tfAbsent: tool(.number(24), "retention_period defaults to 24 [TF-kin]")),
            AttributeSpec(.streamName, cfn: "Name", tf: "name"),
        ]),
        // MARK: Caches
        KindSpec(.cacheReplicationGroup, cfn: ["AWS::ElastiCache::ReplicationGroup"], tf: ["aws_elasticache_replication_group"], attributes: [
            AttributeSpec(.atRestEncryptionEnabled, cfn: "AtRestEncryptionEnabled", tf: "at_rest_encryption_enabled",
                          cfnAbsent: service(.bool(false), "Default: false [CFN-UG aws-resource-elasticache-replicationgroup]; the API defaults to true for the valkey engine [EC-API CreateReplicationGroup]"),
                          tfAbsent: service(.bool(false), "nothing is sent; Redis OSS default is unencrypted, Valkey's encrypted [TF-ecrg][EC-API CreateReplicationGroup]")),
            AttributeSpec(.transitEncryptionEnabled, cfn: "TransitEncryptionEnabled", tf: "transit_encryption_enabled",
                          cfnAbsent: service(.bool(false), "Default: false [CFN-UG aws-resource-elasticache-replicationgroup]"),
                          tfAbsent: service(.bool(false), "nothing is sent; the service default is off [TF-ecrg]")),
            AttributeSpec(.authToken, cfn: "AuthToken", tf: "auth_token"),
            AttributeSpec(.userGroupIDs, cfn: "UserGroupIds", tf: "user_group_ids"),
            // `preferred` accepts plaintext connections beside TLS (a migration step); absent means `required`.
            AttributeSpec(.transitEncryptionMode, cfn: "TransitEncryptionMode", tf: "transit_encryption_mode"),
            AttributeSpec(.globalReplicationGroupID, cfn: "GlobalReplicationGroupId", tf: "global_replication_group_id"),
            AttributeSpec(.snapshotRetentionLimit, cfn: "SnapshotRetentionLimit", tf: "snapshot_retention_limit",
                          cfnAbsent: service(.number(0), "default 0: automatic snapshots off [CFN-UG]"),
                          tfAbsent: service(.number(0), "only sent when non-zero; 0 turns backups off [TF-ecrg]")),
            AttributeSpec(.engine, cfn: "Engine", tf: "engine"),
            AttributeSpec(.replicationGroupID, cfn: "ReplicationGroupId", tf: "replication_group_id"),
            AttributeSpec(.cacheSubnetGroupName, cfn: "CacheSubnetGroupName", tf: "subnet_group_name"),
        ]),
        KindSpec(.cacheCluster, cfn: ["AWS::ElastiCache::CacheCluster"], tf: ["aws_elasticache_cluster"], attributes: [
            // A Terraform cluster that joins a replication group takes the group's snapshot settings.
            AttributeSpec(.replicationGroupID, tf: "replication_group_id"),
            AttributeSpec(.snapshotRetentionLimit, cfn: "SnapshotRetentionLimit", tf: "snapshot_retention_limit",
                          cfnAbsent: service(.number(0), "default 0: automatic snapshots off [CFN-UG]"),
                          tfAbsent: service(.number(0), "0 turns backups off [TF-ecc]")),
            AttributeSpec(.engine, cfn: "Engine", tf: "engine"),
            AttributeSpec(.cacheSubnetGroupName, cfn: "CacheSubnetGroupName", tf: "subnet_group_name"),
        ]),
        KindSpec(.fileSystemMountTarget, cfn: ["AWS::EFS::MountTarget"], tf: ["aws_efs_mount_target"], attributes: [
            AttributeSpec(.fileSystemID, cfn: "FileSystemId", tf: "file_system_id"),
            AttributeSpec(.subnetID, cfn: "SubnetId", tf: "subnet_id"),
        ]),
        KindSpec(.cacheSubnetGroup, cfn: ["AWS::ElastiCache::SubnetGroup"], tf: ["aws_elasticache_subnet_group"], attributes: [
            AttributeSpec(.subnetIDs, cfn: "SubnetIds", tf: "subnet_ids"),
        ]),
        // MARK: Keys and secrets
        KindSpec(.kmsKey, cfn: ["AWS::KMS::Key"], tf: ["aws_kms_key"], attributes: [
            AttributeSpec(.enableKeyRotation, cfn: "EnableKeyRotation", tf: "enable_key_rotation",
                          cfnAbsent: service(.bool(false), "automatic rotation is not enabled by default [CFN-UG aws-resource-kms-key]"),
                          tfAbsent: tool(.bool(false), "enable_key_rotation defaults to false [TF-kms]")),
            AttributeSpec(.keySpec, cfn: "KeySpec", tf: "customer_master_key_spec",
                          cfnAbsent: service(.string("SYMMETRIC_DEFAULT"), "KeySpec default [CFN-UG]"),
                          tfAbsent: tool(.string("SYMMETRIC_DEFAULT"), "customer_master_key_spec default [TF-kms]")),
            AttributeSpec(.enabled, cfn: "Enabled", tf: "is_enabled",
                          cfnAbsent: service(.bool(true), "keys are enabled by default [CFN-UG]"),
                          tfAbsent: tool(.bool(true), "is_enabled defaults to true [TF-kms]")),
            AttributeSpec(.keyOrigin, cfn: "Origin"),
        ]),
        KindSpec(.kmsAlias, cfn: ["AWS::KMS::Alias"], tf: ["aws_kms_alias"]),
        KindSpec(.secret, cfn: ["AWS::SecretsManager::Secret"], tf: ["aws_secretsmanager_secret"]),
        KindSpec(.fileSystem, cfn: ["AWS::EFS::FileSystem"], tf: ["aws_efs_file_system"], attributes: [
            AttributeSpec(.storageEncrypted, cfn: "Encrypted", tf: "encrypted"),
            AttributeSpec(.resourceTags, cfn: "FileSystemTags", tf: "tags"),
        ]),
        // MARK: Compute and APIs
        KindSpec(.function, cfn: ["AWS::Lambda::Function", "AWS::Serverless::Function"], tf: ["aws_lambda_function"], attributes: [
            AttributeSpec(.functionName, cfn: "FunctionName", tf: "function_name"),
            AttributeSpec(.role, cfn: "Role", tf: "role"),
            AttributeSpec(.reservedConcurrentExecutions, cfn: "ReservedConcurrentExecutions", tf: "reserved_concurrent_executions",
                          tfAbsent: tool(.number(-1), "-1 means unreserved [TF-lambda]")),
            AttributeSpec(.vpcSubnetIDs, cfn: "VpcConfig.SubnetIds", tf: "vpc_config.subnet_ids"),
            AttributeSpec(.tracingMode, cfn: "TracingConfig.Mode", tf: "tracing_config.mode",
                          cfnAbsent: service(.string("PassThrough"), "without TracingConfig Lambda passes tracing through and records nothing itself [CFN-UG aws-properties-lambda-function-tracingconfig]"),
                          tfAbsent: service(.string("PassThrough"), "without tracing_config Lambda passes tracing through and records nothing itself [TF-lambda]")),
            AttributeSpec(.deadLetterTarget, cfn: "DeadLetterConfig.TargetArn", tf: "dead_letter_config.target_arn"),
            AttributeSpec(.environmentVariables, cfn: "Environment.Variables", tf: "environment.variables"),
            AttributeSpec(.runtime, cfn: "Runtime", tf: "runtime"),
            AttributeSpec(.loggingLogGroup, cfn: "LoggingConfig.LogGroup", tf: "logging_config.log_group"),
        ]),
        KindSpec(.functionUrl, cfn: ["AWS::Lambda::Url"], tf: ["aws_lambda_function_url"], attributes: [
            AttributeSpec(.authType, cfn: "AuthType", tf: "authorization_type"),
        ]),
        KindSpec(.lambdaPermission, cfn: ["AWS::Lambda::Permission"], tf: ["aws_lambda_permission"], attributes: [
            AttributeSpec(.principal, cfn: "Principal", tf: "principal"),
            AttributeSpec(.functionName, cfn: "FunctionName", tf: "function_name"),
            AttributeSpec(.sourceARN, cfn: "SourceArn", tf: "source_arn"),
            AttributeSpec(.sourceAccount, cfn: "SourceAccount", tf: "source_account"),
        ]),
        KindSpec(.eventSourceMapping, cfn: ["AWS::Lambda::EventSourceMapping"], tf: ["aws_lambda_event_source_mapping"], attributes: [
            AttributeSpec(.eventSourceARN, cfn: "EventSourceArn", tf: "event_source_arn"),
            AttributeSpec(.functionName, cfn: "FunctionName", tf: "function_name"),
            AttributeSpec(.onFailureDestination, cfn: "DestinationConfig.OnFailure.Destination", tf: "destination_config.on_failure.destination_arn"),
            AttributeSpec(.bisectBatchOnFunctionError, cfn: "BisectBatchOnFunctionError", tf: "bisect_batch_on_function_error"),
            AttributeSpec(.maximumRetryAttempts, cfn: "MaximumRetryAttempts", tf: "maximum_retry_attempts"),
        ]),
        KindSpec(.eventInvokeConfig, cfn: ["AWS::Lambda::EventInvokeConfig"], tf: ["aws_lambda_function_event_invoke_config"], attributes: [
            AttributeSpec(.functionName, cfn: "FunctionName", tf: "function_name"),
            AttributeSpec(.onFailureDestination, cfn: "DestinationConfig.OnFailure.Destination", tf: "destination_config.on_failure.destination"),
        ]),
        KindSpec(.stateMachine, cfn: ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"], tf: ["aws_sfn_state_machine"], attributes: [
            AttributeSpec(.loggingLevel, cfn: "LoggingConfiguration.Level", tf: "logging_configuration.level",
                          cfnAbsent: service(.string("OFF"), "logging is off unless configured [CFN-UG]"),
                          tfAbsent: service(.string("OFF"), "logging is off unless configured [TF-sfn]")),
            AttributeSpec(.tracingEnabled, cfn: "TracingConfiguration.Enabled", tf: "tracing_configuration.enabled"),
            AttributeSpec(.stateMachineType, cfn: "StateMachineType", tf: "type",
                          cfnAbsent: service(.string("STANDARD"), "The default is STANDARD [CFN-UG aws-resource-stepfunctions-statemachine]"),
                          tfAbsent: tool(.string("STANDARD"), "type defaults to STANDARD [TF-sfn]")),
            AttributeSpec(.loggingIncludeExecutionData, cfn: "LoggingConfiguration.IncludeExecutionData", tf: "logging_configuration.include_execution_data"),
            AttributeSpec(.loggingDestinations, cfn: "LoggingConfiguration.Destinations", tf: "logging_configuration.log_destination"),
            AttributeSpec(.role, cfn: "RoleArn", tf: "role_arn"),
        ]),
        KindSpec(.restApi, cfn: ["AWS::ApiGateway::RestApi", "AWS::Serverless::Api"], tf: ["aws_api_gateway_rest_api"], attributes: [
            AttributeSpec(.apiName, cfn: "Name", tf: "name"),
        ]),
        KindSpec(.restApiStage, cfn: ["AWS::ApiGateway::Stage"], tf: ["aws_api_gateway_stage"], attributes: [
            AttributeSpec(.stageName, cfn: "StageName", tf: "stage_name"),
            AttributeSpec(.restApiID, cfn: "RestApiId", tf: "rest_api_id"),
            AttributeSpec(.accessLogDestination, cfn: "AccessLogSetting.DestinationArn", tf: "access_log_settings.destination_arn"),
            AttributeSpec(.tracingEnabled, cfn: "TracingEnabled", tf: "xray_tracing_enabled",
                          cfnAbsent: service(.bool(false), "tracing is off unless enabled [CFN-UG]"),
                          tfAbsent: tool(.bool(false), "xray_tracing_enabled defaults to false [TF-apigw-stage]")),
            AttributeSpec(.throttlingRateLimit, cfn: "MethodSettings[*].ThrottlingRateLimit"),
            AttributeSpec(.throttlingBurstLimit, cfn: "MethodSettings[*].ThrottlingBurstLimit"),
        ]),
        KindSpec(.restApiDeployment, cfn: ["AWS::ApiGateway::Deployment"], tf: ["aws_api_gateway_deployment"]),
        KindSpec(.restApiMethod, cfn: ["AWS::ApiGateway::Method"], tf: ["aws_api_gateway_method"], attributes: [
            AttributeSpec(.authorizationType, cfn: "AuthorizationType", tf: "authorization",
                          cfnAbsent: service(.string("NONE"), "Required: No in the property table; absent means open access [CFN-UG aws-resource-apigateway-method]")),
            AttributeSpec(.apiKeyRequired, cfn: "ApiKeyRequired", tf: "api_key_required",
                          cfnAbsent: service(.bool(false), "no API key unless required [CFN-UG]"),
                          tfAbsent: tool(.bool(false), "api_key_required defaults to false [TF-apigw-method]")),
            AttributeSpec(.httpMethod, cfn: "HttpMethod", tf: "http_method"),
        ]),
        KindSpec(.httpApi, cfn: ["AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi"], tf: ["aws_apigatewayv2_api"], attributes: [
            AttributeSpec(.apiName, cfn: "Name", tf: "name"),
            AttributeSpec(.protocolType, cfn: "ProtocolType", tf: "protocol_type"),
        ]),
        KindSpec(.httpApiStage, cfn: ["AWS::ApiGatewayV2::Stage"], tf: ["aws_apigatewayv2_stage"], attributes: [
            AttributeSpec(.stageName, cfn: "StageName", tf: "name"),
            AttributeSpec(.accessLogDestination, cfn: "AccessLogSettings.DestinationArn", tf: "access_log_settings.destination_arn"),
            AttributeSpec(.throttlingBurstLimit, cfn: "DefaultRouteSettings.ThrottlingBurstLimit", tf: "default_route_settings.throttling_burst_limit"),
            AttributeSpec(.routeSettings, cfn: "RouteSettings", tf: "route_settings"),
            AttributeSpec(.throttlingRateLimit, cfn: "DefaultRouteSettings.ThrottlingRateLimit", tf: "default_route_settings.throttling_rate_limit"),
        ]),
        KindSpec(.httpApiRoute, cfn: ["AWS::ApiGatewayV2::Route"], tf: ["aws_apigatewayv2_route"], attributes: [
            AttributeSpec(.routeKey, cfn: "RouteKey", tf: "route_key"),
            AttributeSpec(.authorizationType, cfn: "AuthorizationType", tf: "authorization_type",
                          cfnAbsent: service(.string("NONE"), "routes are open unless an authorizer is set [CFN-UG]"),
                          tfAbsent: tool(.string("NONE"), "authorization_type defaults to NONE [TF-apigwv2-route]")),
        ]),
        KindSpec(.distribution, cfn: ["AWS::CloudFront::Distribution"], tf: ["aws_cloudfront_distribution"], attributes: [
            AttributeSpec(.viewerProtocolPolicy, cfn: "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
                          tf: "default_cache_behavior.viewer_protocol_policy"),
            AttributeSpec(.cacheBehaviorViewerProtocolPolicies, cfn: "DistributionConfig.CacheBehaviors[*].ViewerProtocolPolicy",
                          tf: "ordered_cache_behavior[*].viewer_protocol_policy"),
            AttributeSpec(.minimumProtocolVersion, cfn: "DistributionConfig.ViewerCertificate.MinimumProtocolVersion",
                          tf: "viewer_certificate.minimum_protocol_version",
                          cfnAbsent: service(.string("TLSv1"), "CloudFront's default security policy is TLSv1 [CFN-UG aws-properties-cloudfront-distribution-viewercertificate]"),
                          tfAbsent: tool(.string("TLSv1"), "minimum_protocol_version defaults to TLSv1 [TF-cf]")),
            AttributeSpec(.cloudFrontDefaultCertificate, cfn: "DistributionConfig.ViewerCertificate.CloudFrontDefaultCertificate",
                          tf: "viewer_certificate.cloudfront_default_certificate"),
            AttributeSpec(.distributionLoggingBucket, cfn: "DistributionConfig.Logging.Bucket", tf: "logging_config.bucket"),
            AttributeSpec(.acmCertificateARN, cfn: "DistributionConfig.ViewerCertificate.AcmCertificateArn",
                          tf: "viewer_certificate.acm_certificate_arn"),
            AttributeSpec(.iamCertificateID, cfn: "DistributionConfig.ViewerCertificate.IamCertificateId",
                          tf: "viewer_certificate.iam_certificate_id"),
        ]),
        KindSpec(.restApiIntegration, cfn: [], tf: ["aws_api_gateway_integration"], attributes: [
            AttributeSpec(.integrationURI, tf: "uri"),
        ]),
        KindSpec(.httpApiIntegration, cfn: ["AWS::ApiGatewayV2::Integration"], tf: ["aws_apigatewayv2_integration"], attributes: [
            AttributeSpec(.integrationURI, cfn: "IntegrationUri", tf: "integration_uri"),
        ]),
        KindSpec(.restApiMethodSettings, cfn: [], tf: ["aws_api_gateway_method_settings"], attributes: [
            AttributeSpec(.throttlingRateLimit, tf: "settings.throttling_rate_limit",
                          tfAbsent: tool(.number(-1), "throttling_rate_limit defaults to -1, throttling disabled [TF-apigw-ms]")),
            AttributeSpec(.throttlingBurstLimit, tf: "settings.throttling_burst_limit",
                          tfAbsent: tool(.number(-1), "throttling_burst_limit defaults to -1, throttling disabled [TF-apigw-ms]")),
            AttributeSpec(.methodPath, tf: "method_path"),
            AttributeSpec(.stageName, tf: "stage_name"),
        ]),
        KindSpec(.usagePlan, cfn: ["AWS::ApiGateway::UsagePlan"], tf: ["aws_api_gateway_usage_plan"], attributes: [
            AttributeSpec(.throttlingRateLimit, cfn: "Throttle.RateLimit", tf: "throttle_settings.rate_limit"),
            AttributeSpec(.throttlingBurstLimit, cfn: "Throttle.BurstLimit", tf: "throttle_settings.burst_limit"),
        ]),
        KindSpec(.vpcEndpointRouteTableAssociation, cfn: [], tf: ["aws_vpc_endpoint_route_table_association"], attributes: [
            AttributeSpec(.routeTableID, tf: "route_table_id"),
            AttributeSpec(.vpcEndpointID, tf: "vpc_endpoint_id"),
        ]),
        KindSpec(.loadBalancer, cfn: ["AWS::ElasticLoadBalancingV2::LoadBalancer"], tf: ["aws_lb", "aws_alb"], attributes: [
            AttributeSpec(.loadBalancerAttributes, cfn: "LoadBalancerAttributes"),
            AttributeSpec(.accessLogsBucket, tf: "access_logs.bucket"),
        ]),
        KindSpec(.ecsService, cfn: ["AWS::ECS::Service"], tf: ["aws_ecs_service"], attributes: [
            AttributeSpec(.awsvpcSubnets, cfn: "NetworkConfiguration.AwsvpcConfiguration.Subnets", tf: "network_configuration.subnets"),
        ]),
        KindSpec(.ecsTaskDefinition, cfn: ["AWS::ECS::TaskDefinition"], tf: ["aws_ecs_task_definition"]),
        KindSpec(.instance, cfn: ["AWS::EC2::Instance"], tf: ["aws_instance"], attributes: [
            AttributeSpec(.subnetID, cfn: "SubnetId", tf: "subnet_id"),
        ]),
        KindSpec(.launchTemplate, cfn: ["AWS::EC2::LaunchTemplate"], tf: ["aws_launch_template"], attributes: [
            AttributeSpec(.launchTemplateSubnetIDs, cfn: "LaunchTemplateData.NetworkInterfaces[*].SubnetId", tf: "network_interfaces[*].subnet_id"),
        ]),
        KindSpec(.autoScalingGroup, cfn: ["AWS::AutoScaling::AutoScalingGroup"], tf: ["aws_autoscaling_group"], attributes: [
            AttributeSpec(.vpcZoneIdentifier, cfn: "VPCZoneIdentifier", tf: "vpc_zone_identifier"),
        ]),
        KindSpec(.eventRule, cfn: ["AWS::Events::Rule"], tf: ["aws_cloudwatch_event_rule"]),
        // Links only: what they point at a function is an edge of the invocation graph.
        KindSpec(.eventTarget, cfn: [], tf: ["aws_cloudwatch_event_target"]),
        KindSpec(.bucketNotification, cfn: [], tf: ["aws_s3_bucket_notification"]),
        // Application Auto Scaling of a DynamoDB table's capacity (AS-ALARM-008 reads who targets the table).
        KindSpec(.scalableTarget, cfn: ["AWS::ApplicationAutoScaling::ScalableTarget"], tf: ["aws_appautoscaling_target"]),
        // MARK: Network
        KindSpec(.vpc, cfn: ["AWS::EC2::VPC"], tf: ["aws_vpc"]),
        KindSpec(.subnet, cfn: ["AWS::EC2::Subnet"], tf: ["aws_subnet"], attributes: [
            AttributeSpec(.availabilityZone, cfn: "AvailabilityZone", tf: "availability_zone"),
            AttributeSpec(.availabilityZoneID, cfn: "AvailabilityZoneId", tf: "availability_zone_id"),
            AttributeSpec(.vpcID, cfn: "VpcId", tf: "vpc_id"),
            AttributeSpec(.mapPublicIPOnLaunch, cfn: "MapPublicIpOnLaunch", tf: "map_public_ip_on_launch"),
        ]),
        KindSpec(.routeTable, cfn: ["AWS::EC2::RouteTable"], tf: ["aws_route_table", "aws_default_route_table"], attributes: [
            AttributeSpec(.vpcID, cfn: "VpcId", tf: "vpc_id"),
            AttributeSpec(.inlineRouteNatGateways, tf: "route[*].nat_gateway_id"),
            AttributeSpec(.inlineRoutes, tf: "route"),
            AttributeSpec(.defaultRouteTableID, tf: "default_route_table_id"),
        ]),
        KindSpec(.route, cfn: ["AWS::EC2::Route"], tf: ["aws_route"], attributes: [
            AttributeSpec(.routeTableID, cfn: "RouteTableId", tf: "route_table_id"),
            AttributeSpec(.destinationCidrBlock, cfn: "DestinationCidrBlock", tf: "destination_cidr_block"),
            AttributeSpec(.destinationIPv6CidrBlock, cfn: "DestinationIpv6CidrBlock", tf: "destination_ipv6_cidr_block"),
            AttributeSpec(.natGatewayID, cfn: "NatGatewayId", tf: "nat_gateway_id"),
            AttributeSpec(.gatewayID, cfn: "GatewayId", tf: "gateway_id"),
            AttributeSpec(.transitGatewayID, cfn: "TransitGatewayId", tf: "transit_gateway_id"),
            AttributeSpec(.vpcPeeringConnectionID, cfn: "VpcPeeringConnectionId", tf: "vpc_peering_connection_id"),
            AttributeSpec(.egressOnlyInternetGatewayID, cfn: "EgressOnlyInternetGatewayId", tf: "egress_only_gateway_id"),
            AttributeSpec(.instanceID, cfn: "InstanceId", tf: "instance_id"),
            AttributeSpec(.networkInterfaceID, cfn: "NetworkInterfaceId", tf: "network_interface_id"),
            AttributeSpec(.vpcEndpointID, cfn: "VpcEndpointId", tf: "vpc_endpoint_id"),
            AttributeSpec(.carrierGatewayID, cfn: "CarrierGatewayId", tf: "carrier_gateway_id"),
            AttributeSpec(.localGatewayID, cfn: "LocalGatewayId", tf: "local_gateway_id"),
            AttributeSpec(.coreNetworkARN, cfn: "CoreNetworkArn", tf: "core_network_arn"),
        ]),
        KindSpec(.routeTableAssociation, cfn: ["AWS::EC2::SubnetRouteTableAssociation"],
                 tf: ["aws_route_table_association", "aws_main_route_table_association"], attributes: [
            AttributeSpec(.subnetID, cfn: "SubnetId", tf: "subnet_id"),
            AttributeSpec(.routeTableID, cfn: "RouteTableId", tf: "route_table_id"),
            // Only `aws_main_route_table_association` writes it: the table becomes the VPC's main one.
            AttributeSpec(.vpcID, tf: "vpc_id"),
        ]),
        KindSpec(.natGateway, cfn: ["AWS::EC2::NatGateway"], tf: ["aws_nat_gateway"], attributes: [
            AttributeSpec(.subnetID, cfn: "SubnetId", tf: "subnet_id"),
            AttributeSpec(.allocationID, cfn: "AllocationId", tf: "allocation_id"),
            AttributeSpec(.connectivityType, cfn: "ConnectivityType", tf: "connectivity_type",
                          cfnAbsent: service(.string("public"), "The default is public connectivity [CFN-UG aws-resource-ec2-natgateway]"),
                          tfAbsent: tool(.string("public"), "connectivity_type defaults to public [TF-nat]")),
        ]),
        KindSpec(.internetGateway, cfn: ["AWS::EC2::InternetGateway"], tf: ["aws_internet_gateway"]),
        KindSpec(.vpcEndpoint, cfn: ["AWS::EC2::VPCEndpoint"], tf: ["aws_vpc_endpoint"], attributes: [
            AttributeSpec(.serviceName, cfn: "ServiceName", tf: "service_name"),
            AttributeSpec(.vpcEndpointType, cfn: "VpcEndpointType", tf: "vpc_endpoint_type",
                          cfnAbsent: service(.string("Gateway"), "VpcEndpointType Default: Gateway [CFN-UG aws-resource-ec2-vpcendpoint]"),
                          tfAbsent: tool(.string("Gateway"), "vpc_endpoint_type defaults to Gateway [TF-vpce]")),
            AttributeSpec(.routeTableIDs, cfn: "RouteTableIds", tf: "route_table_ids"),
            AttributeSpec(.privateDNSEnabled, cfn: "PrivateDnsEnabled", tf: "private_dns_enabled",
                          cfnAbsent: service(.bool(false), "PrivateDnsEnabled defaults to false [CFN-UG]"),
                          tfAbsent: tool(.bool(false), "private_dns_enabled defaults to false [TF-vpce]")),
            AttributeSpec(.vpcID, cfn: "VpcId", tf: "vpc_id"),
            AttributeSpec(.subnetIDs, cfn: "SubnetIds", tf: "subnet_ids"),
        ]),
        KindSpec(.elasticIP, cfn: ["AWS::EC2::EIP"], tf: ["aws_eip"], attributes: [
            AttributeSpec(.instanceID, cfn: "InstanceId", tf: "instance"),
            AttributeSpec(.networkInterfaceID, tf: "network_interface"),
        ]),
        KindSpec(.eipAssociation, cfn: ["AWS::EC2::EIPAssociation"], tf: ["aws_eip_association"], attributes: [
            AttributeSpec(.allocationID, cfn: "AllocationId", tf: "allocation_id"),
            AttributeSpec(.eipAddress, cfn: "EIP", tf: "public_ip"),
            AttributeSpec(.instanceID, cfn: "InstanceId", tf: "instance_id"),
            AttributeSpec(.networkInterfaceID, cfn: "NetworkInterfaceId", tf: "network_interface_id"),
        ]),
        KindSpec(.securityGroup, cfn: ["AWS::EC2::SecurityGroup"], tf: ["aws_security_group"], attributes: [
            AttributeSpec(.ingressCidrBlocks, cfn: "SecurityGroupIngress[*].CidrIp", tf: "ingress[*].cidr_blocks"),
        ]),
        KindSpec(.securityGroupRule, cfn: ["AWS::EC2::SecurityGroupIngress"],
                 tf: ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule"], attributes: [
            AttributeSpec(.ingressCidrBlocks, cfn: "CidrIp", tf: "cidr_blocks"),
        ]),
        KindSpec(.networkInterface, cfn: ["AWS::EC2::NetworkInterface"], tf: ["aws_network_interface"]),
        // MARK: Operations
        KindSpec(.alarm, cfn: ["AWS::CloudWatch::Alarm"], tf: ["aws_cloudwatch_metric_alarm"], attributes: [
            AttributeSpec(.alarmActions, cfn: "AlarmActions", tf: "alarm_actions"),
            AttributeSpec(.actionsEnabled, cfn: "ActionsEnabled", tf: "actions_enabled",
                          cfnAbsent: service(.bool(true), "ActionsEnabled: the default is TRUE [CFN-UG aws-resource-cloudwatch-alarm]"),
                          tfAbsent: tool(.bool(true), "actions_enabled defaults to true [TF-cwa]")),
            AttributeSpec(.metricNamespace, cfn: "Namespace", tf: "namespace"),
            AttributeSpec(.metricName, cfn: "MetricName", tf: "metric_name"),
            AttributeSpec(.dimensions, cfn: "Dimensions", tf: "dimensions"),
            AttributeSpec(.metricQueries, cfn: "Metrics", tf: "metric_query"),
            AttributeSpec(.alarmName, cfn: "AlarmName", tf: "alarm_name"),
            AttributeSpec(.treatMissingData, cfn: "TreatMissingData", tf: "treat_missing_data",
                          cfnAbsent: service(.string("missing"), "default behavior of missing [CFN-UG aws-resource-cloudwatch-alarm]"),
                          tfAbsent: tool(.string("missing"), "treat_missing_data defaults to missing [TF-cwa]")),
        ]),
        KindSpec(.compositeAlarm, cfn: ["AWS::CloudWatch::CompositeAlarm"], tf: ["aws_cloudwatch_composite_alarm"], attributes: [
            AttributeSpec(.alarmActions, cfn: "AlarmActions", tf: "alarm_actions"),
            AttributeSpec(.actionsEnabled, cfn: "ActionsEnabled", tf: "actions_enabled",
                          cfnAbsent: service(.bool(true), "ActionsEnabled default TRUE [CFN-UG]"),
                          tfAbsent: tool(.bool(true), "actions_enabled defaults to true")),
            AttributeSpec(.alarmRule, cfn: "AlarmRule", tf: "alarm_rule"),
            AttributeSpec(.alarmName, cfn: "AlarmName", tf: "alarm_name"),
        ]),
        KindSpec(.logGroup, cfn: ["AWS::Logs::LogGroup"], tf: ["aws_cloudwatch_log_group"], attributes: [
            AttributeSpec(.retentionInDays, cfn: "RetentionInDays", tf: "retention_in_days",
                          cfnAbsent: service(.number(0), "no RetentionInDays: events are kept forever [CFN-UG aws-resource-logs-loggroup]"),
                          tfAbsent: tool(.number(0), "retention_in_days 0 means never expire [TF-cwlg]")),
            AttributeSpec(.logGroupName, cfn: "LogGroupName", tf: "name"),
        ]),
        KindSpec(.flowLog, cfn: ["AWS::EC2::FlowLog"], tf: ["aws_flow_log"], attributes: [
            AttributeSpec(.logDestination, cfn: "LogDestination", tf: "log_destination"),
        ]),
        KindSpec(.configDeliveryChannel, cfn: ["AWS::Config::DeliveryChannel"], tf: ["aws_config_delivery_channel"], attributes: [
            AttributeSpec(.trailBucketName, cfn: "S3BucketName", tf: "s3_bucket_name"),
        ]),
        KindSpec(.trail, cfn: ["AWS::CloudTrail::Trail"], tf: ["aws_cloudtrail"], attributes: [
            AttributeSpec(.isMultiRegionTrail, cfn: "IsMultiRegionTrail", tf: "is_multi_region_trail",
                          cfnAbsent: service(.bool(false), "single-region unless set [CFN-UG aws-resource-cloudtrail-trail]"),
                          tfAbsent: tool(.bool(false), "is_multi_region_trail defaults to false [TF-ct]")),
            AttributeSpec(.enableLogFileValidation, cfn: "EnableLogFileValidation", tf: "enable_log_file_validation",
                          cfnAbsent: service(.bool(false), "validation is off unless enabled [CFN-UG]"),
                          tfAbsent: tool(.bool(false), "enable_log_file_validation defaults to false [TF-ct]")),
            AttributeSpec(.isLogging, cfn: "IsLogging", tf: "enable_logging",
                          tfAbsent: tool(.bool(true), "enable_logging defaults to true [TF-ct]")),
            AttributeSpec(.kmsKeyID, cfn: "KMSKeyId", tf: "kms_key_id"),
            AttributeSpec(.includeGlobalServiceEvents, cfn: "IncludeGlobalServiceEvents", tf: "include_global_service_events",
                          tfAbsent: tool(.bool(true), "include_global_service_events defaults to true [TF-ct]")),
            AttributeSpec(.cloudWatchLogsLogGroupARN, cfn: "CloudWatchLogsLogGroupArn", tf: "cloud_watch_logs_group_arn"),
            AttributeSpec(.trailBucketName, cfn: "S3BucketName", tf: "s3_bucket_name"),
        ]),
        KindSpec(.budget, cfn: ["AWS::Budgets::Budget"], tf: ["aws_budgets_budget"], attributes: [
            AttributeSpec(.budgetType, cfn: "Budget.BudgetType", tf: "budget_type"),
            AttributeSpec(.budgetLimitAmount, cfn: "Budget.BudgetLimit.Amount", tf: "limit_amount"),
            AttributeSpec(.budgetLimitUnit, cfn: "Budget.BudgetLimit.Unit", tf: "limit_unit"),
            AttributeSpec(.budgetTimeUnit, cfn: "Budget.TimeUnit", tf: "time_unit"),
            AttributeSpec(.notifications, cfn: "NotificationsWithSubscribers", tf: "notification", tfConversion: .terraformBudgetNotifications),
        ]),
        KindSpec(.backupPlan, cfn: ["AWS::Backup::BackupPlan"], tf: ["aws_backup_plan"], attributes: [
            // The first rule's lifecycle, located at its own key (AS-BACKUP-008 reads every rule
            // from backupPlanRules and points at these when the plan has one rule).
            AttributeSpec(.backupRuleDeleteAfterDays, cfn: "BackupPlan.BackupPlanRule.Lifecycle.DeleteAfterDays",
                          tf: "rule.lifecycle.delete_after"),
            AttributeSpec(.backupRuleColdStorageAfterDays, cfn: "BackupPlan.BackupPlanRule.Lifecycle.MoveToColdStorageAfterDays",
                          tf: "rule.lifecycle.cold_storage_after"),
            AttributeSpec(.backupPlanRules, cfn: "BackupPlan.BackupPlanRule", tf: "rule"),
        ]),
        KindSpec(.backupSelection, cfn: ["AWS::Backup::BackupSelection"], tf: ["aws_backup_selection"], attributes: [
            AttributeSpec(.backupSelectionResources, cfn: "BackupSelection.Resources", tf: "resources"),
            AttributeSpec(.backupSelectionTags, cfn: "BackupSelection.ListOfTags", tf: "selection_tag"),
            AttributeSpec(.backupSelectionConditions, cfn: "BackupSelection.Conditions", tf: "condition"),
            AttributeSpec(.backupSelectionNotResources, cfn: "BackupSelection.NotResources", tf: "not_resources"),
            AttributeSpec(.backupPlanID, cfn: "BackupPlanId", tf: "plan_id"),
        ]),
        KindSpec(.backupVault, cfn: ["AWS::Backup::BackupVault"], tf: ["aws_backup_vault"], attributes: [
            AttributeSpec(.encryptionKeyARN, cfn: "EncryptionKeyArn", tf: "kms_key_arn"),
            AttributeSpec(.backupVaultName, cfn: "BackupVaultName", tf: "name"),
            AttributeSpec(.lockMinRetentionDays, cfn: "LockConfiguration.MinRetentionDays"),
            AttributeSpec(.lockMaxRetentionDays, cfn: "LockConfiguration.MaxRetentionDays"),
            AttributeSpec(.lockChangeableForDays, cfn: "LockConfiguration.ChangeableForDays"),
        ], companions: [
            TerraformCompanion(type: "aws_backup_vault_lock_configuration", linkAttribute: "backup_vault_name", attributes: [
                (.lockMinRetentionDays, "min_retention_days", nil),
                (.lockMaxRetentionDays, "max_retention_days", nil),
                (.lockChangeableForDays, "changeable_for_days", nil),
            ]),
        ]),
        // MARK: Identity
        KindSpec(.role, cfn: ["AWS::IAM::Role"], tf: ["aws_iam_role"], attributes: [
            AttributeSpec(.managedPolicyARNs, cfn: "ManagedPolicyArns", tf: "managed_policy_arns"),
            AttributeSpec(.roleName, cfn: "RoleName", tf: "name"),
        ]),
        KindSpec(.user, cfn: ["AWS::IAM::User"], tf: ["aws_iam_user"], attributes: [
            AttributeSpec(.managedPolicyARNs, cfn: "ManagedPolicyArns"),
        ]),
        KindSpec(.group, cfn: ["AWS::IAM::Group"], tf: ["aws_iam_group"], attributes: [
            AttributeSpec(.managedPolicyARNs, cfn: "ManagedPolicyArns"),
        ]),
        KindSpec(.managedPolicy, cfn: ["AWS::IAM::ManagedPolicy"], tf: ["aws_iam_policy"], attributes: [
            AttributeSpec(.roles, cfn: "Roles"),
            AttributeSpec(.users, cfn: "Users"),
            AttributeSpec(.groups, cfn: "Groups"),
        ]),
        // The users a policy names (AS-IAM-013): CloudFormation `Users`, Terraform `user` / `users`.
        KindSpec(.inlinePolicy, cfn: ["AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::GroupPolicy"],
                 tf: ["aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"],
                 attributes: [AttributeSpec(.users, cfn: "Users", tf: "user")]),
        // A user policy names its one user as `UserName`.
        KindSpec(.inlinePolicy, cfn: ["AWS::IAM::UserPolicy"], tf: [], attributes: [AttributeSpec(.users, cfn: "UserName")]),
        KindSpec(.policyAttachment, cfn: [],
                 tf: ["aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"],
                 attributes: [AttributeSpec(.policyARN, tf: "policy_arn"), AttributeSpec(.users, tf: "users")]),
        KindSpec(.policyAttachment, cfn: [], tf: ["aws_iam_user_policy_attachment"],
                 attributes: [AttributeSpec(.policyARN, tf: "policy_arn"), AttributeSpec(.users, tf: "user")]),
        KindSpec(.accessKey, cfn: ["AWS::IAM::AccessKey"], tf: ["aws_iam_access_key"]),
        KindSpec(.oidcProvider, cfn: ["AWS::IAM::OIDCProvider"], tf: ["aws_iam_openid_connect_provider"], attributes: [
            AttributeSpec(.oidcURL, cfn: "Url", tf: "url"),
        ]),
        KindSpec(.instanceProfile, cfn: ["AWS::IAM::InstanceProfile"], tf: ["aws_iam_instance_profile"]),
        // MARK: Terraform split resources with a concept of their own
        // Joined into their bucket as a companion, and kept as a resource; each omitted
        // flag is false in Terraform, which the join carries over (AS-LAUNCH-013).
        KindSpec(.bucketPublicAccessBlock, cfn: [], tf: ["aws_s3_bucket_public_access_block"], attributes: [
            AttributeSpec(.bucketName, tf: "bucket"),
            AttributeSpec(.blockPublicAcls, tf: "block_public_acls", tfAbsent: tool(.bool(false), "block_public_acls defaults to false [TF-s3pab]")),
            AttributeSpec(.blockPublicPolicy, tf: "block_public_policy", tfAbsent: tool(.bool(false), "block_public_policy defaults to false [TF-s3pab]")),
            AttributeSpec(.ignorePublicAcls, tf: "ignore_public_acls", tfAbsent: tool(.bool(false), "ignore_public_acls defaults to false [TF-s3pab]")),
            AttributeSpec(.restrictPublicBuckets, tf: "restrict_public_buckets",
                          tfAbsent: tool(.bool(false), "restrict_public_buckets defaults to false [TF-s3pab]")),
        ]),
    ]
}
