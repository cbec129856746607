import AuditGraph
import AuditModel

/// The buckets that receive logs (server access logs, CloudFront, load balancers, trails,
/// flow logs, AWS Config), found once per model.
///
/// A bucket can be named as a log destination without a link (a literal name, an ARN or a
/// domain name, or a split Terraform logging resource), so finding a bucket's senders meant
/// walking every sender of its scope for every bucket: quadratic in a plan of thousands of
/// buckets. This index walks the senders once and answers per bucket by reference or name.
final class LogDestinations: Sendable {
    private struct Key: Hashable {
        var scope: String
        var bucket: String
    }

    private let byReference: Set<ResourceID>
    /// Senders by the bucket name they write (a bucket naming itself is not its own log
    /// destination, so more than one may be needed).
    private let byName: [Key: [ResourceID]]

    /// The attributes through which each kind of resource names its log bucket.
    static let senders: [ResourceKind: [AttributeName]] = [
        .bucket: [.loggingTargetBucket],
        .distribution: [.distributionLoggingBucket],
        .loadBalancer: [.accessLogsBucket, .loadBalancerAttributes],
        .trail: [.trailBucketName],
        .flowLog: [.logDestination],
        .configDeliveryChannel: [.trailBucketName],
    ]

    /// The sender's words for what it delivers, when `attribute` of `source` names a log bucket.
    static func destination(of attribute: AttributeName, in source: Resource) -> Value? {
        guard senders[source.kind]?.contains(attribute) == true, let value = source[attribute].value else { return nil }
        guard attribute == .loadBalancerAttributes else { return value }
        // CloudFormation writes load balancer settings as Key/Value pairs.
        return value.listValue?.first { $0["Key"]?.stringValue == "access_logs.s3.bucket" }?["Value"]
    }

    /// The bucket name a literal destination designates: the name itself, an S3 ARN (with
    /// or without a key prefix) or a bucket domain name (`name.s3.amazonaws.com`).
    static func bucketName(in text: String) -> String {
        if text.hasPrefix("arn:aws:s3:::") {
            return String(text.dropFirst("arn:aws:s3:::".count).prefix { $0 != "/" })
        }
        for marker in [".s3.", ".s3-"] {
            if let range = text.range(of: marker) { return String(text[..<range.lowerBound]) }
        }
        return text
    }

    private init(_ model: CloudModel) {
        var byReference: Set<ResourceID> = []
        var byName: [Key: [ResourceID]] = [:]
        for (kind, attributes) in Self.senders {
            for source in model.resources(of: kind) {
                for attribute in attributes {
                    guard let target = Self.destination(of: attribute, in: source) else { continue }
                    for reference in target.references where reference.target != source.id && reference.target.scope == source.id.scope {
                        byReference.insert(reference.target)
                    }
                    if case .string(let text) = target, !text.isEmpty {
                        let key = Key(scope: source.id.scope, bucket: Self.bucketName(in: text))
                        byName[key, default: []].append(source.id)
                    }
                }
            }
        }
        self.byReference = byReference
        self.byName = byName
    }

    /// Whether something delivers logs to `bucket` (named `name` when its name is literal).
    func receivesLogs(_ bucket: Resource, named name: String?) -> Bool {
        if byReference.contains(bucket.id) { return true }
        guard let name, !name.isEmpty else { return false }
        return byName[Key(scope: bucket.id.scope, bucket: name)]?.contains { $0 != bucket.id } == true
    }

    /// The index of `model`, built once per scan.
    static func of(_ model: CloudModel) -> LogDestinations {
        cache.of(model)
    }

    private static let cache = PerModelIndex { LogDestinations($0) }
}
