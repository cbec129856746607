/// A suppression as written on a resource, before rule ids are resolved: one entry of a
/// CloudFormation/SAM resource's `Metadata`, or one `skip` in the `"//"` comment of a
/// Terraform JSON resource. Loaders only carry these; the scanner decides what they
/// suppress (see `SuppressionApplier`).
public struct SuppressionDirective: Sendable, Hashable {
    /// Whose syntax the directive uses; a peer's rule id is resolved through the catalog.
    public enum Syntax: String, Sendable, Hashable, CaseIterable {
        case auditstack
        case checkov
        case cfnLint = "cfn-lint"
        case cfnNag = "cfn_nag"
    }

    /// Where the directive is written.
    public enum Place: String, Sendable, Hashable {
        case resourceMetadata
        /// The template's own `Metadata`: every resource of the template, and findings
        /// about the template as a whole.
        case templateMetadata
        case terraformComment
    }

    public var syntax: Syntax
    public var place: Place
    /// The rule id as written (`AS-ENC-001`, `CKV_AWS_16`, `W35`).
    public var ruleID: String
    /// `nil` when none was written (the directive then suppresses nothing).
    public var reason: String?
    /// The expiry as written (`2027-01-31`); checked by the scanner.
    public var expires: String?
    /// The id entry (or the comment string) that holds the directive.
    public var location: SourceLocation

    public init(
        syntax: Syntax, place: Place, ruleID: String, reason: String?, expires: String?, location: SourceLocation
    ) {
        self.syntax = syntax
        self.place = place
        self.ruleID = ruleID
        self.reason = reason
        self.expires = expires
        self.location = location
    }
}
