import AuditCore

/// Every rule auditstack ships, in catalog order. A test checks that each rule file
/// under `Rules/` is listed here exactly once.
public enum AuditRules {
    public static let all: [any Rule] = [
        FullAdministratorStatement(),
        PrivilegeEscalationCombination(),
        TrustPolicyAssumableByAnyone(),
        GitHubOIDCRoleWithoutSubCondition(),
        BroadManagedPolicyOnWorkloadRole(),
        RDSStorageNotEncrypted(),
        DBClusterStorageNotEncrypted(),
        SNSTopicNotEncrypted(),
        SQSQueueExplicitlyUnencrypted(),
        KinesisStreamNotEncrypted(),
        ElastiCacheNotEncryptedAtRest(),
        ElastiCacheTransitEncryptionOrAuthMissing(),
        CloudFrontViewerTransportInsecure(),
        S3BucketAllowsInsecureTransport(),
        S3DefaultEncryptionNotKMS(),
        DynamoDBTableWithoutCustomerManagedKey(),
        CloudTrailLogsNotKMSEncrypted(),
        KMSKeyRotationDisabled(),
        DatabasePasswordInPlaintext(),
        IdleNatGateway(),
        AlarmNotifiesNobody(),
        RDSAutomatedBackupsDisabled(),
        RDSBackupRetentionBelowMinimum(),
        DatabaseWithoutFinalSnapshot(),
        AutomatedBackupsDeletedWithInstance(),
        DynamoDBTableWithoutPITR(),
        ElastiCacheRedisSnapshotsDisabled(),
        S3BucketWithoutVersioning(),
        BackupVaultWithoutLock(),
        KinesisStreamShortRetention(),
        SQSDeadLetterRetentionTooShort(),
        DatabaseWithoutDeletionProtection(),
    ]
}
