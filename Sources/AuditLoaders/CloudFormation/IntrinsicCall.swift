import AuditSyntax

/// An intrinsic function call in a template, in either spelling: the long form
/// `{"Fn::Sub": …}` / `{"Ref": …}` or the YAML short form `!Sub …` / `!Ref …`.
/// Both spellings give the same call, so the resolver never cares which one was written.
struct IntrinsicCall {
    /// The long name (`Ref`, `Condition`, `Fn::Sub`, `Fn::Length`); a tag that does not follow
    /// the `!Name` pattern of intrinsics keeps its spelling (`!Rain::Embed`).
    var name: String
    var argument: Node
    var position: SourcePosition

    /// The call in `node`, or `nil` when the node is plain data. `{"Condition": X}` is only a
    /// call inside conditions; elsewhere a one-key `Condition` mapping is ordinary data.
    init?(_ node: Node, allowsConditionKey: Bool = false) {
        if let tag = node.tag {
            var argument = node
            argument.tag = nil
            self.init(name: IntrinsicCall.longName(ofTag: tag), argument: argument, position: node.position)
            return
        }
        guard case .mapping(let entries) = node.content, entries.count == 1 else { return nil }
        let key = entries[0].key
        guard key == "Ref" || key.hasPrefix("Fn::") || (allowsConditionKey && key == "Condition") else { return nil }
        self.init(name: key, argument: entries[0].value, position: node.position)
    }

    private init(name: String, argument: Node, position: SourcePosition) {
        self.name = name
        self.argument = argument
        self.position = position
    }

    /// The spelling used when rendering: `!Ref`, `!Sub`, `!Rain::Embed`.
    var shortName: String {
        if name.hasPrefix("Fn::") { return "!" + name.dropFirst(4) }
        if name.hasPrefix("!") { return name }
        return "!" + name
    }

    /// `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`; other tags stay as written.
    private static func longName(ofTag tag: String) -> String {
        // The tags templates use all the time, without walking the text (the general
        // rule below gives the same names).
        switch tag {
        case "!Ref": return "Ref"
        case "!Sub": return "Fn::Sub"
        case "!GetAtt": return "Fn::GetAtt"
        case "!Join": return "Fn::Join"
        case "!Select": return "Fn::Select"
        case "!Split": return "Fn::Split"
        case "!If": return "Fn::If"
        case "!FindInMap": return "Fn::FindInMap"
        case "!ImportValue": return "Fn::ImportValue"
        case "!GetAZs": return "Fn::GetAZs"
        case "!Cidr": return "Fn::Cidr"
        case "!Base64": return "Fn::Base64"
        case "!Equals": return "Fn::Equals"
        case "!And": return "Fn::And"
        case "!Or": return "Fn::Or"
        case "!Not": return "Fn::Not"
        case "!Condition": return "Condition"
        default: break
        }
        guard tag.hasPrefix("!"), tag.count > 1 else { return tag }
        let bare = tag.dropFirst()
        if bare == "Ref" || bare == "Condition" { return String(bare) }
        if bare.contains(":") || bare.hasPrefix("!") { return tag }
        return "Fn::" + bare
    }

    /// True for nodes that CloudFormation evaluates (which SAM's Globals merge treats as scalars).
    static func isCall(_ node: Node) -> Bool {
        IntrinsicCall(node) != nil
    }
}

/// Renders syntax back into short-form template text for unresolved values, so a report shows
/// `!ImportValue shared-vpc-id` or `!If [IsProd, 35, 7]` as the user wrote it. The output is
/// capped, which also bounds the work done on huge or deeply nested expressions.
enum TemplateRenderer {
    static let defaultLimit = 200

    static func render(_ node: Node, limit: Int = defaultLimit) -> String {
        var renderer = Renderer(limit: limit)
        renderer.append(node)
        return renderer.finished
    }

    /// A scalar as it would be written in a flow sequence: quoted only when needed.
    static func scalarText(_ text: String) -> String {
        if text.isEmpty { return "''" }
        let needsQuotes = text.unicodeScalars.contains { scalar in
            switch scalar {
            case ",", "[", "]", "{", "}", "#", "\n", "\r", "\t": true
            default: false
            }
        } || text.hasPrefix(" ") || text.hasSuffix(" ") || text.containsASCII(": ")
        guard needsQuotes else { return text }
        var quoted = "'"
        for character in text {
            switch character {
            case "'": quoted += "''"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            default: quoted.append(character)
            }
        }
        return quoted + "'"
    }

    private struct Renderer {
        let limit: Int
        var text = ""
        var characterCount = 0

        init(limit: Int) {
            self.limit = limit
        }

        var isFull: Bool { characterCount > limit }

        var finished: String {
            isFull ? String(text.prefix(limit)) + "…" : text
        }

        mutating func write(_ piece: String) {
            text += piece
            characterCount += piece.count
        }

        mutating func append(_ node: Node) {
            if isFull { return }
            if let call = IntrinsicCall(node, allowsConditionKey: true) {
                write(call.shortName)
                write(" ")
                if call.name == "Fn::GetAtt", case .sequence(let items) = call.argument.content, items.count == 2,
                   let resource = items[0].scalarText, let attribute = items[1].scalarText, items[1].tag == nil {
                    write("\(resource).\(attribute)")
                } else {
                    append(call.argument)
                }
                return
            }
            switch node.content {
            case .scalar(let text, let kind):
                switch kind {
                case .string: write(TemplateRenderer.scalarText(text))
                case .null: write("null")
                default: write(text)
                }
            case .sequence(let items):
                write("[")
                for (index, item) in items.enumerated() {
                    if isFull { return }
                    if index > 0 { write(", ") }
                    append(item)
                }
                write("]")
            case .mapping(let entries):
                write("{")
                for (index, entry) in entries.enumerated() {
                    if isFull { return }
                    if index > 0 { write(", ") }
                    write(TemplateRenderer.scalarText(entry.key))
                    write(": ")
                    append(entry.value)
                }
                write("}")
            }
        }
    }
}

/// Builders for syntax trees the loader makes up: SAM's generated resources and the
/// translated property bodies, positioned where the user wrote what implies them.
enum SyntheticNode {
    static func string(_ text: String, at position: SourcePosition) -> Node {
        Node(.scalar(text, .string), position: position)
    }

    static func bool(_ flag: Bool, at position: SourcePosition) -> Node {
        Node(.scalar(flag ? "true" : "false", .boolean), position: position)
    }

    static func list(_ items: [Node], at position: SourcePosition) -> Node {
        Node(.sequence(items), position: position)
    }

    /// A mapping whose keys all sit at `position`.
    static func map(_ entries: [(String, Node)], at position: SourcePosition) -> Node {
        Node(.mapping(entries.map { MappingEntry(key: $0.0, keyPosition: position, value: $0.1) }), position: position)
    }

    static func map(entries: [MappingEntry], at position: SourcePosition) -> Node {
        Node(.mapping(entries), position: position)
    }

    /// `{"Ref": name}`.
    static func ref(_ name: String, at position: SourcePosition) -> Node {
        map([("Ref", string(name, at: position))], at: position)
    }

    /// `{"Fn::GetAtt": [resource, attribute]}`.
    static func getAtt(_ resource: String, _ attribute: String, at position: SourcePosition) -> Node {
        map([("Fn::GetAtt", list([string(resource, at: position), string(attribute, at: position)], at: position))], at: position)
    }

    /// The same tree with every node and key moved to `position` (for trees copied from data
    /// files such as SAM's policy templates, whose own positions mean nothing to the user).
    static func relocate(_ node: Node, to position: SourcePosition) -> Node {
        var copy = node
        copy.position = position
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            copy.content = .sequence(items.map { relocate($0, to: position) })
        case .mapping(let entries):
            copy.content = .mapping(entries.map {
                MappingEntry(key: $0.key, keyPosition: position, value: relocate($0.value, to: position))
            })
        }
        return copy
    }
}

extension String {
    /// `contains(_:)` for an ASCII needle. An ASCII text is searched byte by byte (each
    /// byte is a character there); any other text takes the general search, so results
    /// never differ from it, while the usual case skips the bridged Foundation search.
    func containsASCII(_ needle: StaticString) -> Bool {
        let needleBytes = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        var isASCII = true
        let found = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            if bytes.contains(where: { $0 >= 0x80 }) {
                isASCII = false
                return false
            }
            guard bytes.count >= needleBytes.count else { return false }
            guard let first = needleBytes.first else { return true }
            var index = 0
            let last = bytes.count - needleBytes.count
            while index <= last {
                if bytes[index] == first, (1..<needleBytes.count).allSatisfy({ bytes[index + $0] == needleBytes[$0] }) {
                    return true
                }
                index += 1
            }
            return false
        }
        if let found, isASCII { return found }
        return contains(String(describing: needle))
    }
}
