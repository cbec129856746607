/// A 1-based position in a source file. Columns count Unicode scalars from the line start,
/// which is what editors and GitHub annotations show for the text our users write.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// The type a scalar was read as. JSON knows its types; YAML plain scalars are resolved
/// with the YAML 1.2 core schema (`true`/`false`, `null`/`~`/empty, integers, floats),
/// quoted YAML scalars are always strings.
public enum ScalarKind: Sendable, Hashable {
    case string
    case integer
    case float
    case boolean
    case null
}

/// A positioned syntax tree node, the only thing the syntax layer hands to loaders.
///
/// Both readers (libyaml and our JSON reader) produce this one shape, so loaders never
/// care which syntax a file used. Mapping entries keep their order and their key position,
/// because findings about an attribute land on the attribute's key.
public struct Node: Sendable {
    public enum Content: Sendable {
        case scalar(String, ScalarKind)
        case sequence([Node])
        case mapping([MappingEntry])
    }

    public var content: Content
    /// A YAML tag as written, such as `!Ref` or `!Rain::Embed`; `nil` for untagged nodes
    /// and for every JSON node. Standard `tag:yaml.org,2002:` tags are dropped.
    public var tag: String?
    /// Where the node starts (for a mapping or sequence: its first token).
    public var position: SourcePosition

    public init(_ content: Content, tag: String? = nil, position: SourcePosition) {
        self.content = content
        self.tag = tag
        self.position = position
    }
}

public struct MappingEntry: Sendable {
    /// The key's text (keys that are not scalars are rendered to text; CloudFormation and
    /// Terraform never use them).
    public var key: String
    public var keyPosition: SourcePosition
    public var value: Node

    public init(key: String, keyPosition: SourcePosition, value: Node) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

extension Node {
    /// The entries of a mapping, or an empty array.
    public var entries: [MappingEntry] {
        if case .mapping(let entries) = content { return entries }
        return []
    }

    /// The elements of a sequence, or an empty array.
    public var elements: [Node] {
        if case .sequence(let elements) = content { return elements }
        return []
    }

    public var isMapping: Bool {
        if case .mapping = content { return true }
        return false
    }

    public var isSequence: Bool {
        if case .sequence = content { return true }
        return false
    }

    /// The scalar text, or `nil` for collections. A null scalar yields `nil` too.
    public var scalarText: String? {
        if case .scalar(let text, let kind) = content, kind != .null { return text }
        return nil
    }

    public var isNull: Bool {
        if case .scalar(_, .null) = content { return true }
        return false
    }

    /// The entry for `key` in a mapping (first match; duplicates are reported by the reader).
    public func entry(_ key: String) -> MappingEntry? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key == key }
    }

    /// The value for `key` in a mapping.
    public subscript(key: String) -> Node? {
        entry(key)?.value
    }
}
