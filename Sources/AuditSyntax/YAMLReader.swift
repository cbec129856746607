import CYAML

/// Reads YAML with the system libyaml, building positioned `Node` trees straight from the
/// parser's event stream.
///
/// The event API (rather than libyaml's document loader) lets us keep every position,
/// expand aliases under a budget, and stay iterative: hostile nesting fails with an error
/// at the configured depth instead of overflowing the call stack.
///
/// Choices worth knowing:
/// - Only the first document of a stream is read; a second one produces a warning.
/// - Duplicate keys keep the first entry and drop later ones with a warning, so iterating
///   `entries` agrees with `Node.entry(_:)`.
/// - Aliases are expanded to copies of the anchored node, which keep the positions of the
///   anchored text (that is where a user would fix what a finding reports).
/// - Merge keys (`<<: *base`, or a list of aliases) insert the merged entries where the
///   `<<` key stood; explicit keys win over merged ones, and earlier merge sources win over
///   later ones.
public enum YAMLReader {
    public static func parse(_ bytes: [UInt8], limits: ReaderLimits = .standard) throws(SyntaxError) -> ParsedDocument {
        // libyaml asserts on a NULL input pointer, which an empty array may give us.
        if bytes.isEmpty {
            return ParsedDocument(root: Node(.scalar("", .null), position: .start))
        }
        return try bytes.withUnsafeBufferPointer { buffer throws(SyntaxError) in
            try parse(buffer, limits: limits)
        }
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, limits: ReaderLimits) throws(SyntaxError) -> ParsedDocument {
        // Heap-allocated because libyaml's string reader keeps a pointer to the parser
        // struct itself, so the struct must never move.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw SyntaxError("YAML: out of memory", at: .start)
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)

        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer { event.deallocate() }

        var builder = YAMLTreeBuilder(limits: limits)
        var finished = false
        while !finished {
            guard yaml_parser_parse(parser, event) != 0 else {
                throw libyamlError(parser.pointee, input: buffer)
            }
            defer { yaml_event_delete(event) }
            finished = try builder.handle(event.pointee)
        }
        return builder.document()
    }

    private static func libyamlError(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>) -> SyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return SyntaxError("YAML: out of memory", at: .start)
        case YAML_READER_ERROR:
            // Reader errors (bad encoding, control characters) carry a byte offset, not a mark.
            var message = "YAML: \(problem)"
            if parser.problem_value >= 0 {
                message += " (\(describeCodePoint(parser.problem_value)))"
            }
            return SyntaxError(message, at: TextEncoding.position(ofByteOffset: parser.problem_offset, inRaw: input))
        default:
            var message = "YAML: \(problem)"
            if let context = parser.context.map({ String(cString: $0) }) {
                let contextPosition = sourcePosition(parser.context_mark)
                if contextPosition == sourcePosition(parser.problem_mark) {
                    message += " (\(context))"
                } else {
                    message += " (\(context) at \(contextPosition))"
                }
            }
            return SyntaxError(message, at: sourcePosition(parser.problem_mark))
        }
    }

    private static func describeCodePoint(_ value: Int32) -> String {
        if value <= 0xFF { return "0x\(TextEncoding.hex(UInt8(value)))" }
        var digits = String(value, radix: 16, uppercase: true)
        while digits.count < 4 { digits = "0" + digits }
        return "U+\(digits)"
    }
}

/// libyaml marks are 0-based and count characters, which is what our columns count too.
@inline(__always)
private func sourcePosition(_ mark: yaml_mark_t) -> SourcePosition {
    SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
}

/// A sequence or mapping whose end event has not arrived yet.
private struct OpenCollection {
    struct PendingKey {
        var text: String
        var position: SourcePosition
        var isMergeKey: Bool
    }

    struct PendingMerge {
        /// How many explicit entries preceded the `<<` key.
        var insertionIndex: Int
        var sources: [Node]
    }

    let isMapping: Bool
    /// The document itself: the bottom of the builder's stack, never a node.
    var isDocument = false
    let tag: String?
    let anchor: String?
    let position: SourcePosition
    var elements: [Node] = []
    var members = MappingBuilder()
    var pendingKey: PendingKey?
    var merges: [PendingMerge] = []
    /// Nodes in this subtree, itself included, counting alias expansions.
    var nodeCount = 1

    init(isMapping: Bool, tag: String?, anchor: String?, position: SourcePosition) {
        self.isMapping = isMapping
        self.tag = tag
        self.anchor = anchor
        self.position = position
    }

    static var document: OpenCollection {
        var document = OpenCollection(isMapping: false, tag: nil, anchor: nil, position: .start)
        document.isDocument = true
        return document
    }
}

private struct AnchoredNode {
    var node: Node
    /// Nodes an alias to this anchor adds, so the alias budget costs O(1) per alias.
    var nodeCount: Int
}

/// How a tag from libyaml affects a node.
private struct TagMeaning {
    /// The tag to keep on the node: local tags such as `!Ref`, never standard ones.
    var kept: String?
    /// A kind forced by a standard tag such as `!!str`.
    var forcedKind: ScalarKind?
    var isMergeTag = false

    static let none = TagMeaning(kept: nil, forcedKind: nil)

    private static let standardPrefix = "tag:yaml.org,2002:"

    init(kept: String?, forcedKind: ScalarKind?) {
        self.kept = kept
        self.forcedKind = forcedKind
    }

    init(_ pointer: UnsafeMutablePointer<yaml_char_t>?) {
        guard let pointer else {
            self = .none
            return
        }
        let text = String(cString: pointer)
        guard text.hasPrefix(Self.standardPrefix) else {
            // A bare `!` is YAML's "non-specific" tag: it only forces a string.
            if text == "!" {
                self.init(kept: nil, forcedKind: .string)
            } else {
                self.init(kept: text, forcedKind: nil)
            }
            return
        }
        switch text.dropFirst(Self.standardPrefix.count) {
        case "str": self.init(kept: nil, forcedKind: .string)
        case "int": self.init(kept: nil, forcedKind: .integer)
        case "float": self.init(kept: nil, forcedKind: .float)
        case "bool": self.init(kept: nil, forcedKind: .boolean)
        case "null": self.init(kept: nil, forcedKind: .null)
        case "merge":
            self.init(kept: nil, forcedKind: nil)
            isMergeTag = true
        default: self = .none
        }
    }
}

private struct YAMLTreeBuilder {
    private enum DocumentState {
        case beforeFirst
        case inFirst
        case afterFirst
    }

    let limits: ReaderLimits
    /// The innermost open collection, kept out of `stack` so that the work on every event
    /// touches it directly rather than through the array; the document when none is open.
    private var current = OpenCollection.document
    /// The collections enclosing `current`, the document first.
    private var stack: [OpenCollection] = []
    private var anchors: [String: AnchoredNode] = [:]
    private var aliasExpansionNodes = 0
    private var warnings: [SyntaxWarning] = []
    private var root: Node?
    private var documentState = DocumentState.beforeFirst

    init(limits: ReaderLimits) {
        self.limits = limits
    }

    func document() -> ParsedDocument {
        var rootNode = root ?? Node(.scalar("", .null), position: .start)
        // A document with no content (comments only, or a bare `---`) starts at the top.
        if case .scalar("", .null) = rootNode.content, rootNode.tag == nil {
            rootNode.position = .start
        }
        return ParsedDocument(root: rootNode, warnings: warnings)
    }

    /// Processes one event; returns true when reading is done.
    mutating func handle(_ event: yaml_event_t) throws(SyntaxError) -> Bool {
        switch event.type {
        case YAML_SCALAR_EVENT:
            try handleScalar(event)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try open(isMapping: true, tag: data.tag, anchor: data.anchor, at: event.start_mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try open(isMapping: false, tag: data.tag, anchor: data.anchor, at: event.start_mark)
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            try closeCollection()
        case YAML_ALIAS_EVENT:
            try handleAlias(event)
        case YAML_DOCUMENT_START_EVENT:
            if documentState == .afterFirst {
                warnings.append(SyntaxWarning("only the first YAML document is read", at: sourcePosition(event.start_mark)))
                return true
            }
            documentState = .inFirst
        case YAML_DOCUMENT_END_EVENT:
            documentState = .afterFirst
        case YAML_STREAM_END_EVENT:
            return true
        default:
            break
        }
        return false
    }

    private mutating func handleScalar(_ event: yaml_event_t) throws(SyntaxError) {
        let data = event.data.scalar
        let position = sourcePosition(event.start_mark)
        let bytes = UnsafeBufferPointer(start: data.value, count: data.length)
        let isPlain = data.style == YAML_PLAIN_SCALAR_STYLE
        // A mapping key without anchor or tag needs only its text: no node, no kind.
        if data.anchor == nil, data.tag == nil, current.isMapping, current.pendingKey == nil {
            let text = String(decoding: bytes, as: UTF8.self)
            current.pendingKey = .init(text: text, position: position, isMergeKey: isPlain && text == "<<")
            return
        }
        let tag = TagMeaning(data.tag)
        let kind = tag.forcedKind ?? (isPlain ? YAMLCoreSchema.kind(ofPlain: bytes) : .string)
        let text = String(decoding: bytes, as: UTF8.self)
        let isMergeKey = isPlain && (data.tag == nil || tag.isMergeTag) && text == "<<"
        try attach(
            Node(.scalar(text, kind), tag: tag.kept, position: position),
            nodeCount: 1,
            anchor: anchorName(data.anchor),
            isMergeKey: isMergeKey
        )
    }

    private mutating func handleAlias(_ event: yaml_event_t) throws(SyntaxError) {
        let position = sourcePosition(event.start_mark)
        let name = anchorName(event.data.alias.anchor) ?? ""
        guard let anchored = anchors[name] else {
            if current.anchor == name || stack.contains(where: { $0.anchor == name }) {
                throw SyntaxError("recursive alias '*\(name)' refers to a node that contains it", at: position)
            }
            throw SyntaxError("undefined alias '*\(name)'", at: position)
        }
        aliasExpansionNodes += anchored.nodeCount
        if aliasExpansionNodes > limits.maxAliasExpansionNodes {
            throw SyntaxError(
                "YAML alias expansion exceeds \(limits.maxAliasExpansionNodes) nodes (possible alias bomb)",
                at: position
            )
        }
        try attach(anchored.node, nodeCount: anchored.nodeCount, anchor: nil, isMergeKey: false)
    }

    private mutating func open(
        isMapping: Bool,
        tag: UnsafeMutablePointer<yaml_char_t>?,
        anchor: UnsafeMutablePointer<yaml_char_t>?,
        at mark: yaml_mark_t
    ) throws(SyntaxError) {
        let position = sourcePosition(mark)
        // Open collections: `current` and the ones in `stack` above the document.
        let depth = current.isDocument ? 0 : stack.count
        guard depth < limits.maxDepth else {
            throw SyntaxError("nesting deeper than \(limits.maxDepth) levels", at: position)
        }
        var opened = OpenCollection(isMapping: isMapping, tag: TagMeaning(tag).kept, anchor: anchorName(anchor), position: position)
        swap(&opened, &current)
        stack.append(opened)
    }

    private mutating func closeCollection() throws(SyntaxError) {
        // libyaml pairs every end event with a start event, so the document is never closed.
        guard var closed = stack.popLast() else { return }
        swap(&closed, &current)
        let content: Node.Content
        if closed.isMapping {
            let explicit = closed.members.takeEntries()
            content = .mapping(closed.merges.isEmpty ? explicit : Self.merge(closed.merges, into: explicit))
        } else {
            content = .sequence(closed.elements)
        }
        try attach(
            Node(content, tag: closed.tag, position: closed.position),
            nodeCount: closed.nodeCount,
            anchor: closed.anchor,
            isMergeKey: false
        )
    }

    /// Gives a finished node to its parent: a sequence element, a mapping key or value,
    /// or the document root.
    private mutating func attach(_ node: consuming Node, nodeCount: Int, anchor: String?, isMergeKey: Bool) throws(SyntaxError) {
        if let anchor {
            anchors[anchor] = AnchoredNode(node: copy node, nodeCount: nodeCount)
        }
        guard !current.isDocument else {
            root = node
            return
        }
        guard current.isMapping else {
            current.elements.append(node)
            current.nodeCount += nodeCount
            return
        }
        guard let key = current.pendingKey else {
            current.pendingKey = .init(text: Self.keyText(of: node), position: node.position, isMergeKey: isMergeKey)
            return
        }
        current.pendingKey = nil
        current.nodeCount += nodeCount

        if key.isMergeKey {
            let sources = try Self.mergeSources(node)
            current.merges.append(.init(insertionIndex: current.members.entries.count, sources: sources))
            return
        }
        let entry = MappingEntry(key: key.text, keyPosition: key.position, value: node)
        if let first = current.members.append(entry) {
            warnings.append(DuplicateKeyWarning.make(key: key.text, first: first, duplicate: key.position))
        }
    }

    private static func keyText(of node: Node) -> String {
        if case .scalar(let text, _) = node.content { return text }
        return "[complex key]"
    }

    private static func mergeSources(_ value: Node) throws(SyntaxError) -> [Node] {
        switch value.content {
        case .mapping:
            return [value]
        case .sequence(let elements) where elements.allSatisfy(\.isMapping):
            return elements
        default:
            throw SyntaxError("merge key '<<' needs a mapping or a list of mappings", at: value.position)
        }
    }

    /// Inserts merged entries where their `<<` key stood, skipping keys already set
    /// explicitly or by an earlier merge source.
    private static func merge(_ merges: [OpenCollection.PendingMerge], into explicit: [MappingEntry]) -> [MappingEntry] {
        var taken = Set(explicit.map(\.key))
        var result: [MappingEntry] = []
        result.reserveCapacity(explicit.count)
        var mergeIndex = 0
        for position in 0...explicit.count {
            while mergeIndex < merges.count, merges[mergeIndex].insertionIndex == position {
                for source in merges[mergeIndex].sources {
                    for entry in source.entries where taken.insert(entry.key).inserted {
                        result.append(entry)
                    }
                }
                mergeIndex += 1
            }
            if position < explicit.count {
                result.append(explicit[position])
            }
        }
        return result
    }

    private func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
