/// An attribute value after the loader has done what it can statically.
///
/// `reference` and `unresolved` are the two ways a value can depend on something outside
/// the literal text: a link to another resource in the model, or an expression nobody can
/// evaluate before deploy (`${var.region}` without default, `Fn::ImportValue`, a plan's
/// `after_unknown`). Rules must treat `unresolved` as "cannot tell", never as a pass.
public indirect enum Value: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([Value])
    case map([MapEntry])
    case null
    /// A reference to another resource (or one of its attributes) in the model.
    case reference(ResourceReference)
    /// A value that cannot be known statically; the payload is the expression as written.
    case unresolved(String)

    public struct MapEntry: Sendable, Hashable {
        public var key: String
        public var value: Value
        public init(key: String, value: Value) {
            self.key = key
            self.value = value
        }
    }
}

/// A link target: a resource and optionally which of its attributes is meant
/// (`Arn`, `QueueName`, `identifier`, …), as written in the source.
public struct ResourceReference: Sendable, Hashable, CustomStringConvertible {
    public var target: ResourceID
    public var attribute: String?

    public init(target: ResourceID, attribute: String? = nil) {
        self.target = target
        self.attribute = attribute
    }

    public var description: String {
        attribute.map { "\(target.name).\($0)" } ?? target.name
    }
}

extension Value {
    /// True when the value, or anything inside it, cannot be resolved statically.
    public var containsUnresolved: Bool {
        switch self {
        case .unresolved: true
        case .list(let items): items.contains { $0.containsUnresolved }
        case .map(let entries): entries.contains { $0.value.containsUnresolved }
        default: false
        }
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var listValue: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    public var referenceValue: ResourceReference? {
        if case .reference(let reference) = self { return reference }
        return nil
    }

    /// Looks up a key of a map value.
    public subscript(key: String) -> Value? {
        if case .map(let entries) = self { return entries.first { $0.key == key }?.value }
        return nil
    }

    /// Every resource reference anywhere inside the value.
    public var references: [ResourceReference] {
        switch self {
        case .reference(let reference): [reference]
        case .list(let items): items.flatMap(\.references)
        case .map(let entries): entries.flatMap(\.value.references)
        default: []
        }
    }

    /// A short rendering for messages: literal text, `<ref X.Arn>`, `${expr}`.
    public var displayText: String {
        switch self {
        case .string(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .list(let items): "[" + items.map(\.displayText).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + "}"
        case .reference(let reference): "<ref \(reference)>"
        case .unresolved(let expression): expression
        }
    }
}
