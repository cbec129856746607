import AuditCore

/// How a user names rules on the command line (`--check`, `--skip-check`, `explain`), with
/// the habits checkov and trivy users bring:
///
/// - an auditstack id in any case, or a slug: that rule, even when it is off by default;
/// - a peer's id as the rule catalog maps it (`CKV_AWS_16`, `checkov:CKV_AWS_16`, a KICS
///   query id, a cfn-lint or cfn_nag id): every rule that peer id stands for;
/// - a severity: with `--check`, that severity and above (`--check high` runs high and
///   critical rules, as `--fail-on high` fails on them); with `--skip-check`, that severity
///   and below — checkov reads a severity the same way in both options;
/// - a wildcard (`AS-IAM-*`, `*-not-encrypted`): the ids or slugs it matches.
///
/// Severities and wildcards select the rules that run by default; a policy-driven rule that
/// is off by default runs only when named by its id (it is a decision, not a pattern).
public enum RuleNames {
    /// `explain` looks rules up: severities name no rule there, wildcards every rule.
    public enum Use: Sendable { case select, skip, explain }

    /// The rules `name` stands for; empty when it names none.
    public static func rules(named name: String, for use: Use, in catalog: [RuleMetadata]) -> [RuleMetadata] {
        if let rule = catalog.first(where: { $0.isNamed(name) || $0.slug == name.lowercased() }) { return [rule] }
        if let severity = Severity(rawValue: name.lowercased()) {
            switch use {
            case .select: return catalog.filter { $0.enabledByDefault && $0.severity >= severity }
            case .skip: return catalog.filter { $0.severity <= severity }
            case .explain: return []
            }
        }
        if name.contains("*") || name.contains("?") {
            let pattern = PathGlob(name.lowercased(), segmented: false)
            let matched = catalog.filter { pattern.matches($0.id.lowercased()) || pattern.matches($0.slug) }
            return use == .select ? matched.filter(\.enabledByDefault) : matched
        }
        return catalog.filter { $0.hasPeerID(name) }
    }
}

extension RuleMetadata {
    /// Whether a peer id written by a user is one of this rule's: `checkov:CKV_AWS_16` as the
    /// catalog spells it, or the bare `CKV_AWS_16`, in any case.
    public func hasPeerID(_ written: String) -> Bool {
        peerIDs.contains { peerID in
            if peerID.caseInsensitiveCompare(written) == .orderedSame { return true }
            guard let colon = peerID.firstIndex(of: ":") else { return false }
            return peerID[peerID.index(after: colon)...].caseInsensitiveCompare(written) == .orderedSame
        }
    }
}
