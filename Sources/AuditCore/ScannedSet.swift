import AuditModel

/// Things an AWS account has once, not once per stack: a budget, a billing alarm, a trail.
/// Rules that look for their absence judge the scanned set as a whole.
public enum AccountBaselineItem: String, Sendable, Hashable, CaseIterable, Comparable {
    case budget
    case billingAlarm = "billing-alarm"
    case trail

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// How a message names it.
    public var phrase: String {
        switch self {
        case .budget: "a cost budget with a notification"
        case .billingAlarm: "a billing alarm or budget alert"
        case .trail: "a CloudTrail trail"
        }
    }
}

/// The one way findings about the scanned set (not about a resource) are placed.
///
/// Such a finding lands on the root that looks like the account or bootstrap stack: a
/// template or module that already holds account-wide resources (a trail, a budget, an
/// account public-access block, an OIDC provider), else one whose file or folder is named
/// like one (`account`, `bootstrap`, `baseline`, `organization`, `org`, `global`, `shared`,
/// `foundation`, `landing-zone`). Otherwise it lands on the first scanned root in path
/// order that declares resources (a standalone IAM policy file is no stack). Always at line 1, column 1: the finding is about what is missing from the file.
public enum ScannedSet {
    static let accountWideKinds: Set<ResourceKind> = [.trail, .budget, .accountPublicAccessBlock, .oidcProvider]
    static let accountWords = ["account", "bootstrap", "baseline", "organization", "org", "global", "shared", "foundation", "landing-zone", "landingzone"]

    /// Where a finding about the whole scanned set is placed; `nil` when nothing was scanned.
    public static func anchor(in model: CloudModel) -> SourceLocation? {
        let roots = model.scopes.compactMap { scope -> (scope: Scope, file: String)? in
            scope.files.min().map { (scope, $0) }
        }.sorted { $0.file < $1.file }
        guard !roots.isEmpty else { return nil }
        // A standalone policy file is no stack: prefer roots that declare resources.
        let scopesWithResources = Set(model.resources.map(\.id.scope))
        let stacks = roots.filter { scopesWithResources.contains($0.scope.name) }
        // Standalone policy files alone say nothing about the account: nothing to place.
        guard !stacks.isEmpty else { return nil }
        let candidates = stacks
        let holdingAccountResources = Set(accountWideKinds.flatMap { model.resources(of: $0).map(\.id.scope) })
        let chosen = candidates.first { holdingAccountResources.contains($0.scope.name) }
            ?? candidates.first { isNamedLikeAccountStack($0.file) }
            ?? candidates[0]
        return SourceLocation(file: chosen.file, line: 1, column: 1)
    }

    /// Whether a path names an account or bootstrap stack (any of its folder or file names,
    /// split at `-`, `_` and `.`, is one of the words).
    static func isNamedLikeAccountStack(_ path: String) -> Bool {
        path.lowercased().split(separator: "/").contains { part in
            let words = part.split { $0 == "-" || $0 == "_" || $0 == "." }.map(String.init)
            return words.contains { accountWords.contains($0) } || accountWords.contains(String(part))
        }
    }
}

extension RuleReport {
    /// Judges an account-wide item that nothing in the scanned set provides: passes when
    /// the configuration says it lives elsewhere (`account-baseline`), unknown when the scan
    /// saw only part of the repository, nothing when it holds no stack or module with
    /// resources (standalone policy files say nothing about the account), otherwise a
    /// finding on `ScannedSet.anchor`.
    public mutating func reportAbsence(of item: AccountBaselineItem, in model: CloudModel, _ message: String) {
        if settings.externallyManaged.contains(item) {
            pass()
            return
        }
        guard let anchor = ScannedSet.anchor(in: model) else { return }
        if settings.scanIsPartial {
            unknown("only part of the repository was scanned; \(item.phrase) may be in a file not scanned", at: anchor)
            return
        }
        fail(
            "\(message): nothing in the scanned set provides \(item.phrase) (if it lives in another stack or repository, "
                + "add `account-baseline: [\(item.rawValue)]` to .auditstack.yml)",
            at: anchor, attribute: "scanned-set/\(item.rawValue)"
        )
    }
}
