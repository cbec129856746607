import AuditCore
import AuditIAM
import AuditModel

/// Shared reading for the statement-level rules of the least-privilege pack (AS-IAM-002,
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

    /// Checks every `Allow` statement on every resource that no condition narrows: each
    /// `Action` entry (or the `NotAction` element) that grants actions `selection` picks, and
    /// that no outright `Deny` in the same document removes, gets one finding at the entry.
    /// A statement whose resource or action cannot be read, and which would otherwise
    /// qualify, is unknown.
    ///
    /// - Parameter narrowedBy: whether the statement's conditions narrow the grant (by
    ///   default any `Condition` does).
    mutating func reportUnconstrainedGrants(
        in policy: PolicyDocument,
        selecting selection: IAMActionSet,
        narrowedBy: (PolicyStatement) -> Bool = { !$0.conditions.isEmpty },
        message: (_ grant: ActionGrant, _ granted: IAMActionSet) -> String
    ) {
        guard policy.grantsPermissions, !reportUnreadable(policy) else { return }
        var denied: DeniedActions?
        var decided = true
        var failed = false
        for statement in StatementActions.of(policy) {
            guard statement.statement.isAllow, !narrowedBy(statement.statement) else { continue }
            let scope = statement.resourceScope
            if scope == .restricted { continue }
            if denied == nil { denied = DeniedActions(policy) }
            for grant in statement.grants {
                guard grant.actionSet.intersects(selection) else { continue }
                var granted = grant.actionSet.intersection(selection)
                if let deniedSet = denied?.actionSet { granted = granted.subtracting(deniedSet) }
                guard !granted.isEmpty else { continue }
                if case .unknown(let expression, let location) = scope {
                    unknown(expression, policy: policy, at: location)
                    decided = false
                    break
                }
                failed = true
                let attribute = grant.isNotAction ? "\(statement.path).NotAction" : "\(statement.path).Action[\(grant.index)]"
                fail(message(grant, granted), policy: policy, at: grant.location ?? statement.statement.location, attribute: attribute)
            }
            if let unresolved = statement.unresolved, scope == .everything {
                unknown(unresolved.expression, policy: policy, at: unresolved.location)
                decided = false
            }
        }
        if !failed && decided { pass() }
    }
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
