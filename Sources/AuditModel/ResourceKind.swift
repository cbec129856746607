/// Cloud concepts, independent of the input format. A Terraform `aws_db_instance` and a
/// CloudFormation `AWS::RDS::DBInstance` are both `.databaseInstance`; rules are indexed
/// by these kinds. Loaders own the mapping from format types (see their type tables).
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, Comparable {
    // Identity and access
    case role, user, group, managedPolicy, inlinePolicy, policyAttachment, accessKey
    case oidcProvider, lambdaPermission, instanceProfile
    // Data stores
    case databaseInstance, databaseCluster, dbSubnetGroup, table, bucket, bucketPolicy
    case queue, queuePolicy, topic, topicPolicy, topicSubscription, stream
    case cacheReplicationGroup, cacheCluster, cacheSubnetGroup, kmsKey, kmsAlias, secret
    case fileSystem
    /// An EFS mount target: the file system's interface in one subnet.
    case fileSystemMountTarget
    /// Amazon DocumentDB cluster (MongoDB-compatible), apart from RDS clusters whose rules it does not share.
    case documentDBCluster
    // Compute and integration
    case function, functionUrl, eventSourceMapping, eventInvokeConfig, stateMachine
    case restApi, restApiStage, restApiDeployment, restApiMethod, restApiMethodSettings, restApiIntegration, usagePlan
    case httpApi, httpApiStage, httpApiRoute, httpApiIntegration
    case distribution, loadBalancer, ecsService, ecsTaskDefinition, instance, launchTemplate
    case autoScalingGroup, eventRule
    /// Terraform's split resources that point an event source at a function
    /// (`aws_s3_bucket_notification`, `aws_cloudwatch_event_target`).
    case bucketNotification, eventTarget
    /// Application Auto Scaling target (DynamoDB capacity, Lambda provisioned concurrency, …).
    case scalableTarget
    // Network
    case vpc, subnet, routeTable, route, routeTableAssociation, natGateway, internetGateway
    case vpcEndpoint, vpcEndpointRouteTableAssociation, elasticIP, eipAssociation, securityGroup, securityGroupRule, networkInterface
    // Operations
    case alarm, compositeAlarm, logGroup, trail, budget, backupPlan, backupSelection, backupVault
    /// Deliverers of logs to a bucket: VPC flow logs, the AWS Config delivery channel.
    case flowLog, configDeliveryChannel
    case accountPublicAccessBlock, bucketPublicAccessBlock
    /// A type auditstack has no concept for yet; kept so references to it still resolve.
    case other

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A canonical attribute name of the model.
///
/// Names follow AWS's own API vocabulary as CloudFormation spells it (`StorageEncrypted`,
/// `BackupRetentionPeriod`, `VersioningConfiguration.Status`): one vocabulary that both
/// loaders translate into, so a rule reads one name whatever the input. The constants
/// live next to the concepts that use them (`Attributes+*.swift`).
public struct AttributeName: RawRepresentable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: AttributeName, rhs: AttributeName) -> Bool { lhs.rawValue < rhs.rawValue }
}
