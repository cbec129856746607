import AuditModel

/// Scan warnings for action entries that match nothing in the IAM action catalog: an
/// unknown service prefix (`s4:GetObject`) or action (`s3:GetObjekt`) grants or denies
/// nothing, silently. No rule owns this, so it is reported like a loader remark.
public enum UnknownActionWarnings {
    public static func diagnostics(for policies: [PolicyDocument], catalog: IAMActionCatalog = .shared) -> [LoadDiagnostic] {
        var seen: Set<LoadDiagnostic> = []
        var result: [LoadDiagnostic] = []
        for policy in policies {
            for statement in policy.statements {
                for element in [statement.actions, statement.notActions].compactMap({ $0 }) {
                    for entry in element.entries {
                        guard let text = entry.value.stringValue,
                              let problem = problem(with: text, catalog: catalog) else { continue }
                        let diagnostic = LoadDiagnostic(
                            .warning, "\(policy.name): \(problem)", at: entry.location ?? element.location ?? statement.location
                        )
                        if seen.insert(diagnostic).inserted { result.append(diagnostic) }
                    }
                }
            }
        }
        return result
    }

    /// Why `entry` matches nothing, or nil when it matches something.
    static func problem(with fullEntry: String, catalog: IAMActionCatalog) -> String? {
        if fullEntry == "*" || !catalog.expand(fullEntry).isEmpty { return nil }
        // Quoted back in the message; a hostile megabyte-long entry is cut.
        let entry = fullEntry.count > 120 ? String(fullEntry.prefix(120)) + "…" : fullEntry
        let source = "IAM action catalog, \(catalog.source)"
        guard let colon = entry.firstIndex(of: ":") else {
            return "\"\(entry)\" is not an action (service:Action), so the entry matches nothing"
        }
        let prefix = entry[..<colon].lowercased()
        let name = entry[entry.index(after: colon)...].lowercased()
        if !IAMActionCatalog.hasWildcard(prefix) && !catalog.isKnownService(prefix) {
            let hint = closest(to: prefix, among: catalog.servicePrefixes).map { " (did you mean \"\($0)\"?)" } ?? ""
            return "no AWS service has the prefix \"\(prefix)\", so \"\(entry)\" matches nothing\(hint) [\(source)]"
        }
        let names = catalog.expand("\(prefix):*").map { $0.name }
        let hint = IAMActionCatalog.hasWildcard(name) ? "" :
            closest(to: name, among: names.map { $0.lowercased() })
                .flatMap { lowered in names.first { $0.lowercased() == lowered } }
                .map { " (did you mean \"\(prefix):\($0)\"?)" } ?? ""
        return "\"\(entry)\" matches no \(prefix) action, so the entry grants or denies nothing\(hint) [\(source)]"
    }

    /// The candidate within a small edit distance, for a "did you mean".
    static func closest(to word: String, among candidates: [String]) -> String? {
        let target = Array(word.utf8)
        let limit = max(1, min(3, target.count / 4))
        var best: (String, Int)?
        for candidate in candidates {
            let bytes = Array(candidate.utf8)
            guard abs(bytes.count - target.count) <= limit else { continue }
            let distance = editDistance(target, bytes)
            if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
