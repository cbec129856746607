import AuditModel

/// Severity scale of rule-catalog §0.1, ordered so `>=` means "at least as severe".
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case low, medium, high, critical

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The six rule packs of the catalog.
public enum Pack: String, Sendable, Hashable, CaseIterable, Codable {
    case leastPrivilege = "least-privilege"
    case encryption
    case natCost = "nat-cost"
    case missingAlarms = "missing-alarms"
    case backupRetention = "backup-retention"
    case launchChecklist = "launch-checklist"

    /// The id prefix the catalog gives the pack's rules.
    public var idPrefix: String {
        switch self {
        case .leastPrivilege: "AS-IAM-"
        case .encryption: "AS-ENC-"
        case .natCost: "AS-COST-"
        case .missingAlarms: "AS-ALARM-"
        case .backupRetention: "AS-BACKUP-"
        case .launchChecklist: "AS-LAUNCH-"
        }
    }
}

/// Everything a user or a report needs to know about a rule, as plain data so that
/// `explain`, `rules`, generated docs and every reporter read the same values.
public struct RuleMetadata: Sendable, Hashable {
    /// Stable id from rule-catalog.md, never renumbered (`AS-ENC-001`).
    public var id: String
    /// Kebab-case name of the flagged pattern (`rds-storage-not-encrypted`).
    public var slug: String
    public var title: String
    /// The usual severity; a finding may raise or lower it (e.g. production vs. not).
    public var severity: Severity
    public var pack: Pack
    public var tags: [String]
    public var rationale: String
    public var remediation: String
    /// Sources for the facts the rule relies on (AWS defaults, provider code).
    public var references: [String]
    /// Equivalent rule ids in peer tools (`checkov:CKV_AWS_16`, `kics:08bd0760-…`).
    public var peerIDs: [String]
    /// Policy-driven rules in the catalog are off unless asked for with `--check`.
    public var enabledByDefault: Bool
    /// Missing-alarm rules: the alarm their findings suggest, in generic form (each finding
    /// carries it for its own resource, in the resource's format).
    public var suggestedAlarm: String?

    public init(
        id: String, slug: String, title: String, severity: Severity, pack: Pack, tags: [String],
        rationale: String, remediation: String, references: [String], peerIDs: [String] = [],
        enabledByDefault: Bool = true, suggestedAlarm: String? = nil
    ) {
        self.suggestedAlarm = suggestedAlarm
        self.id = id
        self.slug = slug
        self.title = title
        self.severity = severity
        self.pack = pack
        self.tags = tags
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.peerIDs = peerIDs
        self.enabledByDefault = enabledByDefault
    }
}
