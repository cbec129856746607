/// A problem reading a file: bad syntax, a file too big or too deep, an alias bomb.
/// Always carries the position where the reader stopped, so a user can jump to it.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var position: SourcePosition

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(position): \(message)" }
}

/// A non-fatal remark from a reader, such as a duplicate mapping key.
public struct SyntaxWarning: Sendable, Hashable {
    public var message: String
    public var position: SourcePosition

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }
}

/// Bounds that keep hostile input from crashing, hanging or exhausting memory.
public struct ReaderLimits: Sendable, Hashable {
    /// Files above this size are refused before parsing.
    public var maxFileBytes: Int
    /// Deepest mapping/sequence nesting accepted.
    public var maxDepth: Int
    /// Most nodes that alias expansion may add to one YAML document (billion-laughs guard).
    public var maxAliasExpansionNodes: Int

    public init(maxFileBytes: Int = 64 << 20, maxDepth: Int = 512, maxAliasExpansionNodes: Int = 1_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansionNodes = maxAliasExpansionNodes
    }

    public static let standard = ReaderLimits()
}

/// What a reader returns: the document root plus any warnings.
public struct ParsedDocument: Sendable {
    public var root: Node
    public var warnings: [SyntaxWarning]

    public init(root: Node, warnings: [SyntaxWarning] = []) {
        self.root = root
        self.warnings = warnings
    }
}
