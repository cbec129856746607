import AuditModel
import AuditSyntax

/// A resource body after the format's expressions were evaluated as far as possible,
/// still carrying source positions. Both loaders produce it; `SchemaMapper` and
/// `LinkCollector` read it, so attribute mapping and link discovery are written once.
struct ResolvedNode: Sendable {
    enum Content: Sendable {
        /// A scalar, a reference or an unresolved expression.
        case leaf(Value)
        case list([ResolvedNode])
        case map([ResolvedEntry])
    }

    var content: Content
    var position: SourcePosition
    /// How the value was reached indirectly ("parameter DBRetention default").
    var via: String?

    init(_ content: Content, at position: SourcePosition, via: String? = nil) {
        self.content = content
        self.position = position
        self.via = via
    }

    static func leaf(_ value: Value, at position: SourcePosition, via: String? = nil) -> ResolvedNode {
        ResolvedNode(.leaf(value), at: position, via: via)
    }

    subscript(key: String) -> ResolvedEntry? {
        if case .map(let entries) = content { return entries.first { $0.key == key } }
        return nil
    }

    /// The model value of the whole subtree.
    var value: Value {
        switch content {
        case .leaf(let value): value
        case .list(let items): .list(items.map(\.value))
        case .map(let entries): .map(entries.map { Value.MapEntry(key: $0.key, value: $0.node.value) })
        }
    }

    /// Every resource reference inside, in order: `value.references` without building the value.
    var references: [ResourceReference] {
        switch content {
        case .leaf(let value):
            return value.references
        case .list(let items):
            var references: [ResourceReference] = []
            for item in items { references += item.references }
            return references
        case .map(let entries):
            var references: [ResourceReference] = []
            for entry in entries { references += entry.node.references }
            return references
        }
    }

    var unresolvedExpression: String? {
        if case .leaf(.unresolved(let expression)) = content { return expression }
        return nil
    }
}

extension ResolvedNode {
    /// A computed value as a tree, every node at `position` (a function's result has no
    /// positions of its own).
    init(value: Value, at position: SourcePosition) {
        switch value {
        case .list(let items): self.init(.list(items.map { ResolvedNode(value: $0, at: position) }), at: position)
        case .map(let entries):
            self.init(.map(entries.map { ResolvedEntry(key: $0.key, keyPosition: position, node: ResolvedNode(value: $0.value, at: position)) }), at: position)
        default: self.init(.leaf(value), at: position)
        }
    }
}

extension Value {
    var isMap: Bool {
        if case .map = self { return true }
        return false
    }
}

struct ResolvedEntry: Sendable {
    var key: String
    var keyPosition: SourcePosition
    var node: ResolvedNode
}

extension ResolvedNode {
    /// A plain conversion for nodes without expressions (Terraform plans, policy files).
    init(literal node: Node) {
        switch node.content {
        case .scalar(let text, let kind):
            self.init(.leaf(Value(scalar: text, kind: kind)), at: node.position)
        case .sequence(let items):
            self.init(.list(items.map(ResolvedNode.init(literal:))), at: node.position)
        case .mapping(let entries):
            self.init(.map(entries.map {
                ResolvedEntry(key: $0.key, keyPosition: $0.keyPosition, node: ResolvedNode(literal: $0.value))
            }), at: node.position)
        }
    }
}

extension Value {
    /// The model value of a syntax scalar.
    init(scalar text: String, kind: ScalarKind) {
        switch kind {
        case .string: self = .string(text)
        case .integer, .float: self = Double(text).map(Value.number) ?? .string(text)
        case .boolean: self = .bool(text.lowercased() == "true")
        case .null: self = .null
        }
    }
}
