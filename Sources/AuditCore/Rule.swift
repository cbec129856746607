import AuditModel

/// A rule: metadata, a check over the model, and examples — all in one file under
/// `Rules/<Pack>/`. Rules are stateless values, so the engine may run them concurrently.
///
/// A rule conforms to exactly one of `ResourceRule`, `PolicyRule` or `ModelRule`, which
/// tell the engine what to hand it. Rules never see syntax or input formats.
public protocol Rule: Sendable {
    static var metadata: RuleMetadata { get }
    static var examples: [RuleExample] { get }
    /// Families the rule's subject cannot come from, with the reason (a written waiver
    /// instead of a missing example).
    static var waivers: [FormatFamily: String] { get }
    /// Scenarios whose verdict deliberately differs between formats (the formats default
    /// differently), with the reason; the parity test skips them.
    static var formatDifferences: [String: String] { get }
    init()
}

extension Rule {
    public static var waivers: [FormatFamily: String] { [:] }
    public static var formatDifferences: [String: String] { [:] }
    public var metadata: RuleMetadata { Self.metadata }
}

/// Checks resources of some kinds, one at a time (the engine indexes rules by kind and
/// walks the model once).
public protocol ResourceRule: Rule {
    static var subjects: Set<ResourceKind> { get }
    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport)
}

/// Checks policy documents, whatever carried them.
public protocol PolicyRule: Rule {
    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport)
}

/// Checks the scanned set as a whole (absence checks such as "no budget anywhere").
public protocol ModelRule: Rule {
    func check(_ model: CloudModel, _ report: inout RuleReport)
}
