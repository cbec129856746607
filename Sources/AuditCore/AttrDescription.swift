import AuditModel

extension Attr {
    /// How a value came to be, for finding messages: `is false`, `is not set (Terraform
    /// sends storage_encrypted = false when unset)`, `is 0 (parameter X default)`.
    public var origin: String {
        let shown = value?.displayText ?? "empty"
        switch provenance {
        case .explicit:
            return via.map { "is \(shown) (\($0))" } ?? "is \(shown)"
        case .defaultedByTool(let note), .defaultedByService(let note):
            return "is not set (\(withoutCitation(note)))"
        case .unresolved(let expression):
            return "depends on \(expression)"
        case .absent:
            return "is not set"
        }
    }
}

/// Drops a trailing source key such as ` [TF-dbi-code]`: the key resolves in our catalog,
/// not for the reader of a finding.
private func withoutCitation(_ note: String) -> String {
    guard note.hasSuffix("]"), let open = note.lastIndex(of: "[") else { return note }
    return String(note[..<open]).trimmingSuffixSpaces()
}

extension String {
    fileprivate func trimmingSuffixSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
