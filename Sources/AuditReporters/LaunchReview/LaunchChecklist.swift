/// The launch checklist: the items our users' own launch plans list (USERS.md), each with the
/// rules that check it. This is the one place the mapping lives; every rule of the catalog
/// (all 82 ids, whether or not this build ships the rule yet) belongs to exactly one item,
/// which a test checks against `AuditRules.all` and the catalog's counts.
public struct LaunchChecklistItem: Sendable, Hashable {
    /// Stable key (`billing`, `mfa-root`): JSON field and HTML anchor.
    public var key: String
    public var title: String
    /// What a reviewer is asked to confirm, in one sentence.
    public var question: String
    public var ruleIDs: [String]
    /// For items configuration cannot answer: why, and what to do instead.
    public var notCheckable: String?

    public init(key: String, title: String, question: String, ruleIDs: [String], notCheckable: String? = nil) {
        self.key = key
        self.title = title
        self.question = question
        self.ruleIDs = ruleIDs
        self.notCheckable = notCheckable
    }
}

public enum LaunchChecklist {
    public static let items: [LaunchChecklistItem] = [
        LaunchChecklistItem(
            key: "billing", title: "Billing alert or budget",
            question: "Someone is told when the bill runs ahead of plan (a budget with notifications, or a billing alarm).",
            ruleIDs: ["AS-LAUNCH-001", "AS-ALARM-015"]
        ),
        LaunchChecklistItem(
            key: "cloudtrail", title: "CloudTrail",
            question: "Every API call is recorded by a multi-Region trail with log-file validation and encrypted logs.",
            ruleIDs: ["AS-LAUNCH-002", "AS-ENC-012"]
        ),
        LaunchChecklistItem(
            key: "alarms", title: "Alarms on what matters",
            question: "API 5xx, function errors, database CPU, storage and connections, queue DLQs and stream iterator age raise an alarm that notifies someone.",
            ruleIDs: [
                "AS-ALARM-001", "AS-ALARM-002", "AS-ALARM-003", "AS-ALARM-004", "AS-ALARM-005", "AS-ALARM-006",
                "AS-ALARM-007", "AS-ALARM-008", "AS-ALARM-009", "AS-ALARM-010", "AS-ALARM-011", "AS-ALARM-012",
                "AS-ALARM-013", "AS-ALARM-014",
            ]
        ),
        LaunchChecklistItem(
            key: "least-privilege", title: "Least-privilege IAM",
            question: "No role or policy grants more than its workload needs: no `*` actions, no escalation paths, no open trust.",
            ruleIDs: [
                "AS-IAM-001", "AS-IAM-002", "AS-IAM-003", "AS-IAM-004", "AS-IAM-005", "AS-IAM-006", "AS-IAM-007",
                "AS-IAM-008", "AS-IAM-009", "AS-IAM-010", "AS-IAM-011", "AS-IAM-013", "AS-IAM-014", "AS-IAM-015",
            ]
        ),
        LaunchChecklistItem(
            key: "backups", title: "Backups",
            question: "Data can be recovered: backup retention, point-in-time recovery, AWS Backup plans, deletion protection and final snapshots.",
            ruleIDs: [
                "AS-BACKUP-001", "AS-BACKUP-002", "AS-BACKUP-003", "AS-BACKUP-004", "AS-BACKUP-005", "AS-BACKUP-006",
                "AS-BACKUP-007", "AS-BACKUP-008", "AS-BACKUP-009", "AS-BACKUP-010", "AS-BACKUP-011", "AS-BACKUP-012",
                "AS-BACKUP-013", "AS-LAUNCH-007",
            ]
        ),
        LaunchChecklistItem(
            key: "restore-test", title: "Backup restore tested",
            question: "A backup has been restored once, end to end, and the time it took is known.",
            ruleIDs: [],
            notCheckable: "A restore test is something you do, not something configuration says. Restore the latest snapshot or "
                + "point-in-time copy into a scratch instance or table, point a copy of the app at it, and write down how long it took; "
                + "AWS Backup restore testing can repeat this on a schedule."
        ),
        LaunchChecklistItem(
            key: "encryption", title: "Encryption at rest and in transit",
            question: "Data stores are encrypted at rest, clients must use TLS, keys rotate, and no secret is written in the template.",
            ruleIDs: [
                "AS-ENC-001", "AS-ENC-002", "AS-ENC-003", "AS-ENC-004", "AS-ENC-005", "AS-ENC-006", "AS-ENC-007",
                "AS-ENC-008", "AS-ENC-009", "AS-ENC-010", "AS-ENC-011", "AS-ENC-013", "AS-ENC-014",
            ]
        ),
        LaunchChecklistItem(
            key: "api-throttling", title: "API throttling",
            question: "Every API stage has its own rate and burst limit instead of sharing the account-wide quota.",
            ruleIDs: ["AS-LAUNCH-003"]
        ),
        LaunchChecklistItem(
            key: "reserved-concurrency", title: "Reserved concurrency",
            question: "Functions behind a public API or in front of a database have reserved concurrency.",
            ruleIDs: ["AS-LAUNCH-004"]
        ),
        LaunchChecklistItem(
            key: "log-retention", title: "Log retention",
            question: "Every log group, including the ones Lambda and API Gateway create on their own, expires.",
            ruleIDs: ["AS-LAUNCH-005", "AS-COST-011"]
        ),
        LaunchChecklistItem(
            key: "logging-tracing", title: "Access logs and tracing",
            question: "API stages write access logs, state machines log, and API-facing functions are traced.",
            ruleIDs: ["AS-LAUNCH-010", "AS-LAUNCH-011", "AS-LAUNCH-012"]
        ),
        LaunchChecklistItem(
            key: "failure-destinations", title: "Failed events kept",
            question: "Asynchronous and queue consumers send what fails to a dead-letter queue or failure destination.",
            ruleIDs: ["AS-LAUNCH-014"]
        ),
        LaunchChecklistItem(
            key: "multi-az", title: "Multi-AZ",
            question: "Production databases survive the loss of one Availability Zone.",
            ruleIDs: ["AS-LAUNCH-006"]
        ),
        LaunchChecklistItem(
            key: "public-exposure", title: "Public exposure",
            question: "Nothing is reachable from the internet that should not be: databases, buckets, resource policies, API routes.",
            ruleIDs: ["AS-LAUNCH-008", "AS-LAUNCH-009", "AS-LAUNCH-013", "AS-IAM-012"]
        ),
        LaunchChecklistItem(
            key: "network-cost", title: "No avoidable network cost",
            question: "NAT gateways, endpoints and public IPs are paid for only where they are needed.",
            ruleIDs: [
                "AS-COST-001", "AS-COST-002", "AS-COST-003", "AS-COST-004", "AS-COST-005", "AS-COST-006",
                "AS-COST-007", "AS-COST-008", "AS-COST-009", "AS-COST-010",
            ]
        ),
        LaunchChecklistItem(
            key: "mfa-root", title: "MFA on the root user",
            question: "The account's root user has multi-factor authentication and no access keys.",
            ruleIDs: [],
            notCheckable: "The root user's MFA is an account setting; no template or plan contains it. Check it in the IAM console "
                + "(Security credentials of the root user), or turn on the AWS Config rule root-account-mfa-enabled "
                + "(Security Hub control IAM.9) so it is checked continuously."
        ),
    ]

    /// The item each rule belongs to.
    public static let itemByRuleID: [String: LaunchChecklistItem] = {
        var map: [String: LaunchChecklistItem] = [:]
        for item in items {
            for id in item.ruleIDs { map[id] = item }
        }
        return map
    }()
}

/// What the claims table says about each resource holding data, and the rules each claim
/// rests on. A resource's cell is ✗ when one of the rules reports it, ? when one could not
/// decide, ✓ when one checked it and passed, and n/a when none of them applies to it.
public enum ResourceClaim: String, Sendable, CaseIterable {
    case encrypted
    case backedUp = "backed-up"
    case alarmed
    case deletionProtected = "deletion-protected"
    case notPublic = "not-public"

    public var title: String {
        switch self {
        case .encrypted: "Encrypted"
        case .backedUp: "Backed up"
        case .alarmed: "Alarmed"
        case .deletionProtected: "Protected from deletion"
        case .notPublic: "Not public"
        }
    }

    public var ruleIDs: Set<String> { Set(rules.keys) }

    /// The rules each claim rests on, with the kinds of data store each judges: a claim no
    /// rule judges for a kind is n/a for it; one whose rules for the kind did not run is
    /// "not checked".
    public var rules: [String: Set<String>] {
        let databases: Set<String> = ["database", "database cluster"]
        switch self {
        case .encrypted:
            return [
                "AS-ENC-001": ["database"], "AS-ENC-002": ["database cluster"], "AS-ENC-004": ["queue"], "AS-ENC-005": ["stream"],
                "AS-ENC-006": ["cache"], "AS-ENC-007": ["cache"], "AS-ENC-009": ["bucket"], "AS-ENC-010": ["bucket"],
                "AS-ENC-011": ["table"],
            ]
        case .backedUp:
            return [
                "AS-BACKUP-001": databases, "AS-BACKUP-002": databases, "AS-BACKUP-005": ["table"], "AS-BACKUP-006": ["cache"],
                "AS-BACKUP-007": ["bucket"], "AS-BACKUP-009": databases.union(["table", "file system"]),
                "AS-BACKUP-011": ["stream"], "AS-BACKUP-012": ["queue"],
            ]
        case .alarmed:
            return [
                "AS-ALARM-005": ["database"], "AS-ALARM-006": ["database"], "AS-ALARM-007": ["database"], "AS-ALARM-008": ["table"],
                "AS-ALARM-009": ["queue"], "AS-ALARM-011": ["cache"], "AS-ALARM-012": ["stream"],
            ]
        case .deletionProtected:
            return [
                "AS-LAUNCH-007": databases, "AS-BACKUP-003": databases, "AS-BACKUP-004": ["database"],
                "AS-BACKUP-013": databases.union(["table", "bucket"]),
            ]
        case .notPublic:
            return ["AS-LAUNCH-008": ["database"], "AS-LAUNCH-013": ["bucket"], "AS-IAM-012": ["bucket", "queue"]]
        }
    }

    /// The rules of this claim that judge a data store of `category`.
    public func rules(for category: String) -> Set<String> {
        Set(rules.filter { $0.value.contains(category) }.keys)
    }

    /// Resource categories AWS encrypts at rest whatever the configuration says (DynamoDB
    /// always; S3 since January 2023; SQS with SSE-SQS by default): ✓ with that reason when no
    /// rule judged the resource.
    static let encryptedByAWSDefault: [String: String] = [
        "table": "DynamoDB encrypts every table at rest",
        "bucket": "S3 encrypts new objects with SSE-S3 by default (since January 2023)",
        "queue": "SQS encrypts queues with SSE-SQS by default",
    ]
}
