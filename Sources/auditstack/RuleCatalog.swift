import AuditCore
import AuditKit
import AuditReporters

/// The rules this build ships, looked up by id or slug (case-insensitive).
enum RuleCatalog {
    static let rules: [any Rule] = Scanner().rules

    static var metadata: [RuleMetadata] { rules.map { type(of: $0).metadata } }

    /// The rules `explain` shows for a name: one id or slug, or every rule a peer id or a
    /// wildcard stands for (see `RuleNames`).
    static func rules(named name: String) -> [any Rule] {
        let wanted = RuleNames.rules(named: name.trimmingSpaces, for: .explain, in: metadata).map(\.id)
        return rules.filter { wanted.contains(type(of: $0).metadata.id) }
    }

    /// Resolves comma-separated lists from repeated options into rule ids (ids, slugs, peer
    /// ids, severities, wildcards: see `RuleNames`), or explains which names are unknown.
    static func ids(from values: [String], option: String, use: RuleNames.Use) throws(UnknownRuleNames) -> Set<String> {
        var ids: Set<String> = []
        var unknown: [String] = []
        for name in values.flatMap({ $0.split(separator: ",") }).map({ String($0).trimmingSpaces }) where !name.isEmpty {
            let named = RuleNames.rules(named: name, for: use, in: metadata)
            if named.isEmpty {
                unknown.append(name)
            } else {
                ids.formUnion(named.map(\.id))
            }
        }
        if !unknown.isEmpty { throw UnknownRuleNames(names: unknown, option: option) }
        return ids
    }

    /// "did you mean" candidates among ids and slugs.
    static func suggestions(for name: String) -> [String] {
        let byID = similarRuleIDs(to: name, among: metadata.map(\.id))
        if !byID.isEmpty { return byID }
        let bySlug = similarRuleIDs(to: name, among: metadata.map(\.slug))
        return bySlug.compactMap { slug in metadata.first { $0.slug.uppercased() == slug.uppercased() }?.id }
    }
}

/// Rule names that no rule has; a typo in `--check` must not silently run nothing.
struct UnknownRuleNames: Error, CustomStringConvertible {
    var names: [String]
    var option: String

    var description: String {
        var parts: [String] = []
        for name in names {
            let suggestions = RuleCatalog.suggestions(for: name)
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: " or "))?)"
            parts.append("unknown rule id '\(name)' in \(option)\(hint)")
        }
        parts.append("valid names: rule ids (" + RuleCatalog.metadata.map(\.id).joined(separator: ", ")
            + "), slugs, the peer ids `auditstack rules` lists, a severity (critical, high, medium, low) or a wildcard such as AS-IAM-*")
        return parts.joined(separator: "\n")
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
