/// Collects the entries of one mapping while a reader walks it, and spots duplicate keys.
///
/// Duplicates keep the first occurrence and drop later ones (with a warning from the
/// caller), so iterating `entries` agrees with `Node.entry(_:)`, which returns the first
/// match. Small mappings are searched linearly; a dictionary is built only once a mapping
/// grows, because most template mappings hold a handful of keys and hashing would cost
/// more than it saves.
struct MappingBuilder {
    private(set) var entries: [MappingEntry] = []
    private var indexByKey: [String: Int]?

    private static let linearSearchLimit = 16

    /// The key position of an entry with this key already collected, if any.
    func firstPosition(of key: String) -> SourcePosition? {
        if let indexByKey {
            return indexByKey[key].map { entries[$0].keyPosition }
        }
        for entry in entries where entry.key == key {
            return entry.keyPosition
        }
        return nil
    }

    /// Appends an entry whose key is known not to be present yet.
    mutating func appendNew(_ entry: consuming MappingEntry) {
        let key = entry.key
        entries.append(entry)
        if indexByKey != nil {
            indexByKey![key] = entries.count - 1
        } else if entries.count == Self.linearSearchLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(Self.linearSearchLimit * 2)
            for (position, existing) in entries.enumerated() where index[existing.key] == nil {
                index[existing.key] = position
            }
            indexByKey = index
        }
    }

    /// Takes the collected entries out, leaving the builder empty.
    mutating func takeEntries() -> [MappingEntry] {
        indexByKey = nil
        defer { entries = [] }
        return entries
    }

    /// Appends the entry, or returns the position of the earlier entry with the same key
    /// (and drops this one).
    mutating func append(_ entry: consuming MappingEntry) -> SourcePosition? {
        if let first = firstPosition(of: entry.key) { return first }
        appendNew(entry)
        return nil
    }
}

enum DuplicateKeyWarning {
    static func make(key: String, first: SourcePosition, duplicate: SourcePosition) -> SyntaxWarning {
        SyntaxWarning("duplicate key '\(key)' (first at \(first))", at: duplicate)
    }
}
