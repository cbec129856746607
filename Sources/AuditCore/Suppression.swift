import AuditModel

/// One effective suppression: a directive that names a rule, says why, and may expire.
///
/// Every format produces the same value: a CloudFormation/SAM resource's `Metadata`, the
/// `"//"` comment of a Terraform JSON resource, an entry of `.auditstack.yml`, or a baseline
/// file. A directive written with a peer's rule id (`checkov:skip=CKV_AWS_16`) that the
/// catalog maps to several auditstack rules becomes one `Suppression` per rule, so
/// `ruleID` is always a single auditstack id.
public struct Suppression: Sendable, Hashable {
    /// Where the suppression was written.
    public enum Origin: String, Sendable, Hashable, CaseIterable, Codable {
        /// `Metadata` of a CloudFormation or SAM resource (`auditstack`, `checkov`,
        /// `cfn-lint` or `cfn_nag` entries).
        case cloudFormationMetadata = "cloudformation-metadata"
        /// The `"//"` comment property of a Terraform JSON resource.
        case terraformComment = "terraform-comment"
        /// The `suppressions` list of `.auditstack.yml`.
        case configFile = "config-file"
        /// A baseline file (`--baseline`): accepted findings of an existing repository.
        case baseline

        /// Written next to the code it suppresses (SARIF `kind: inSource`), as opposed to
        /// kept in a separate file (`external`).
        public var isInSource: Bool {
            switch self {
            case .cloudFormationMetadata, .terraformComment: true
            case .configFile, .baseline: false
            }
        }
    }

    /// The auditstack rule suppressed (`AS-ENC-001`).
    public var ruleID: String
    /// The id as the user wrote it: `AS-ENC-001`, `CKV_AWS_16`, `W35`, `E3012`.
    public var writtenID: String
    /// The catalog's peer id when the directive used a peer tool's id
    /// (`checkov:CKV_AWS_16`, `cfn_nag:W35`, `cfn-lint:E3012`); `nil` for auditstack ids.
    public var peerID: String?
    /// Why the finding is accepted. Never empty for a suppression that applies.
    public var reason: String
    /// `yyyy-mm-dd`: from this day on the suppression no longer applies.
    public var expires: String?
    /// The directive: the `id` entry in `Metadata`, the `"//"` value, the config entry, or
    /// the baseline entry.
    public var location: SourceLocation
    public var origin: Origin

    public init(
        ruleID: String, writtenID: String, peerID: String? = nil, reason: String, expires: String? = nil,
        location: SourceLocation, origin: Origin
    ) {
        self.ruleID = ruleID
        self.writtenID = writtenID
        self.peerID = peerID
        self.reason = reason
        self.expires = expires
        self.location = location
        self.origin = origin
    }
}

/// A finding that a suppression accepted: reported as suppressed (SARIF `suppressions`,
/// JUnit `<skipped>`), never counted towards the exit status.
public struct SuppressedFinding: Sendable, Hashable {
    public var finding: Finding
    public var suppression: Suppression

    public init(finding: Finding, suppression: Suppression) {
        self.finding = finding
        self.suppression = suppression
    }
}
