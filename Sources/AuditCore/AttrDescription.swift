import AuditModel

extension Attr {
    /// How a value came to be, for finding messages: `is false`, `is not set, and
    /// Terraform sends storage_encrypted = false when unset`, `is 0 (parameter X default)`.
    public var origin: String {
        let shown = value?.displayText ?? "empty"
        switch provenance {
        case .explicit:
            return via.map { "is \(shown) (\($0))" } ?? "is \(shown)"
        case .defaultedByTool(let note), .defaultedByService(let note):
            return "is not set, and \(continuingSentence(withoutCitation(note)))"
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

/// Notes are written as sentences ("By default, …"); inside a message they continue one.
/// Acronyms ("RDS API default …") keep their capitals.
private func continuingSentence(_ note: String) -> String {
    let characters = Array(note.prefix(2))
    guard characters.count == 2, characters[0].isUppercase, characters[1].isLowercase else { return note }
    return characters[0].lowercased() + note.dropFirst()
}

extension String {
    fileprivate func trimmingSuffixSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
