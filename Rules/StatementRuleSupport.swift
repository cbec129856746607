import AuditCore
import AuditIAM
import AuditModel

/// Shared reading for the statement-level rules of the least-privilege pack (AS-IAM-001, 002,
/// 003, 005, 010, 011): which documents they read and how an unconstrained grant is found.
extension PolicyDocument {
    /// Documents that grant a principal permissions: identity policies (inline, managed,
    /// SAM templates, policy-document data sources) and standalone files. Trust, resource
    /// and service control policies have rules of their own.
    var grantsPermissions: Bool {
        kind == .identity || kind == .standalone
    }
}

extension IAMActionCatalog {
    /// The catalog actions of a list of lower-case qualified names (unknown names dropped).
    func actions(named names: [String]) -> [IAMAction] {
        names.compactMap(action)
    }
}

extension RuleReport {
    /// Records `unknown` for a document nobody can read statically; true when it did.
    mutating func reportUnreadable(_ policy: PolicyDocument) -> Bool {
        guard let expression = policy.unresolvedExpression, policy.statements.isEmpty else { return false }
        unknown(expression, policy: policy)
        return true
    }

    /// Checks every `Allow` statement on every resource that no condition narrows: a
    /// statement whose `Action` entries (or `NotAction` element) grant actions `selection`
    /// picks, that no outright `Deny` in the same document removes and that the team has
    /// not accepted on `*` (`iam-accepted-actions`), gets one finding at its first such
    /// entry, naming every entry. A statement whose resource or action cannot be read, and
    /// which would otherwise qualify, is unknown.
    ///
    /// - Parameters:
    ///   - narrowedBy: whether the statement's conditions narrow the grant (by default any
    ///     `Condition` does).
    ///   - message: the finding's text from the entries (`"s3:*"`, quoted and joined) and
    ///     the actions they grant that the rule is about.
    mutating func reportUnconstrainedGrants(
        in policy: PolicyDocument,
        selecting selection: IAMActionSet,
        narrowedBy: (PolicyStatement) -> Bool = { !$0.conditions.isEmpty },
        message: (_ entries: String, _ granted: IAMActionSet) -> String
    ) {
        guard policy.grantsPermissions, !reportUnreadable(policy) else { return }
        let selection = selection.subtracting(AcceptedActions.set(for: settings.iamActionsAcceptedOnAnyResource))
        var denied: DeniedActions?
        var decided = true
        var failed = false
        for statement in StatementActions.of(policy) {
            guard statement.statement.isAllow, !narrowedBy(statement.statement) else { continue }
            let scope = statement.resourceScope
            if scope == .restricted { continue }
            if denied == nil { denied = DeniedActions(policy) }
            // Entries with what they grant, merged by position, in statement order.
            var hits: [(location: SourceLocation, grants: [ActionGrant], granted: IAMActionSet)] = []
            for grant in statement.grants where grant.actionSet.intersects(selection) {
                var granted = grant.actionSet.intersection(selection)
                if let deniedSet = denied?.actionSet { granted = granted.subtracting(deniedSet) }
                guard !granted.isEmpty else { continue }
                let location = grant.location ?? statement.statement.location
                if let index = hits.firstIndex(where: { $0.location == location }) {
                    hits[index].grants.append(grant)
                    hits[index].granted = hits[index].granted.union(granted)
                } else {
                    hits.append((location, [grant], granted))
                }
            }
            if !hits.isEmpty, case .unknown(let expression, let location) = scope {
                unknown(expression, policy: policy, at: location)
                decided = false
                continue
            }
            // One finding per statement, at its first offending entry, naming them all: one
            // statement is one thing to fix, however many entries it lists.
            if let first = hits.first {
                failed = true
                let grants = hits.flatMap(\.grants)
                let granted = hits.dropFirst().reduce(first.granted) { $0.union($1.granted) }
                let attribute = grants[0].isNotAction ? "\(statement.path).NotAction" : "\(statement.path).Action"
                let entries = grants.map { $0.isNotAction ? $0.pattern : "\"\($0.pattern)\"" }.joined(separator: ", ")
                fail(message(entries, granted), policy: policy, at: first.location, attribute: attribute, rootCause: statement.rootCause)
            }
            if let unresolved = statement.unresolved, scope == .everything {
                unknown(unresolved.expression, policy: policy, at: unresolved.location)
                decided = false
            }
        }
        if !failed && decided { pass() }
    }
}

/// The actions a team accepts on `Resource: "*"` (`iam-accepted-actions` in
/// `.auditstack.yml`), as a set (the catalog caches each pattern's expansion).
enum AcceptedActions {
    static func set(for patterns: [String]) -> IAMActionSet {
        let catalog = IAMActionCatalog.shared
        return patterns.reduce(catalog.set(of: [])) { $0.union(catalog.actionSet($1)) }
    }
}

/// ` through "s3:*"` for a message, or nothing when the entry names the one action granted.
func throughClause(_ entries: String, _ granted: IAMActionSet) -> String {
    let only = granted.count == 1 ? IAMActionCatalog.shared.actions(in: granted, limit: 1).first : nil
    if let only, entries.lowercased() == "\"\(only.qualifiedName.lowercased())\"" { return "" }
    return " through \(entries)"
}

extension Severity {
    /// One step more severe (critical stays critical).
    var raised: Severity {
        switch self {
        case .low: .medium
        case .medium: .high
        case .high, .critical: .critical
        }
    }
}
