import AuditCore

/// Every rule auditstack ships, in catalog order. A test checks that each rule file
/// under `Rules/` is listed here exactly once.
public enum AuditRules {
    public static let all: [any Rule] = [
        FullAdministratorStatement(),
        RDSStorageNotEncrypted(),
        DBClusterStorageNotEncrypted(),
        SNSTopicNotEncrypted(),
        SQSQueueExplicitlyUnencrypted(),
        KinesisStreamNotEncrypted(),
        ElastiCacheNotEncryptedAtRest(),
        ElastiCacheTransitEncryptionOrAuthMissing(),
        IdleNatGateway(),
        AlarmNotifiesNobody(),
        RDSAutomatedBackupsDisabled(),
        DatabaseWithoutDeletionProtection(),
    ]
}
