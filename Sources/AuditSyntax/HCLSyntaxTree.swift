/// The syntax tree of HCL's native syntax (`hclsyntax/spec.md`): bodies of attributes and
/// blocks, and expressions. Every node knows where it starts (line and column) and which
/// bytes of the source it spans, so an unevaluated expression can be shown as written.
public struct HCLSourceRange: Sendable, Hashable {
    public var start: SourcePosition
    /// Byte offsets into the source, `startOffset..<endOffset`.
    public var startOffset: Int
    public var endOffset: Int

    public init(start: SourcePosition, startOffset: Int, endOffset: Int) {
        self.start = start
        self.startOffset = startOffset
        self.endOffset = endOffset
    }
}

public struct HCLBody: Sendable {
    public var items: [HCLBodyItem]
    /// Comments directly in this body (not in nested blocks), in order.
    public var comments: [HCLComment]

    public init(items: [HCLBodyItem] = [], comments: [HCLComment] = []) {
        self.items = items
        self.comments = comments
    }
}

public enum HCLBodyItem: Sendable {
    case attribute(HCLAttribute)
    case block(HCLBlock)
}

public struct HCLAttribute: Sendable {
    public var name: String
    public var namePosition: SourcePosition
    public var value: HCLExpression
}

public struct HCLBlock: Sendable {
    public var type: String
    public var typePosition: SourcePosition
    public var labels: [(text: String, position: SourcePosition)]
    public var body: HCLBody
    /// The closing brace.
    public var endPosition: SourcePosition
}

public struct HCLComment: Sendable, Hashable {
    /// The text without its `#`, `//` or `/* */` delimiters.
    public var text: String
    public var position: SourcePosition
}

public struct HCLExpression: Sendable {
    public var kind: Kind
    public var range: HCLSourceRange
    public var position: SourcePosition { range.start }

    public init(_ kind: Kind, range: HCLSourceRange) {
        self.kind = kind
        self.range = range
    }

    public indirect enum Kind: Sendable {
        /// A number as written: Terraform's numbers are arbitrary precision.
        case number(String)
        case bool(Bool)
        case null
        /// A quoted template or a heredoc.
        case template([HCLTemplatePart])
        case variable(String)
        case attribute(HCLExpression, name: String)
        case index(HCLExpression, key: HCLExpression)
        /// `source[*].steps` (`full`, where index steps belong to the splat too) or
        /// `source.*.steps` (attribute-only, legacy).
        case splat(HCLExpression, steps: [HCLSplatStep], full: Bool)
        /// `name(args)`, `provider::aws::f(args)`; `expandsFinal` for `f(xs...)`.
        case call(name: String, arguments: [HCLExpression], expandsFinal: Bool)
        case tuple([HCLExpression])
        case object([HCLObjectItem])
        case forExpression(HCLForExpression)
        case conditional(HCLExpression, then: HCLExpression, else: HCLExpression)
        case binary(HCLBinaryOperator, HCLExpression, HCLExpression)
        case unary(HCLUnaryOperator, HCLExpression)
        case parenthesized(HCLExpression)
    }
}

public enum HCLSplatStep: Sendable {
    case attribute(String)
    case index(HCLExpression)
}

public struct HCLObjectItem: Sendable {
    /// A bare identifier key is its name, not a variable (`{ Name = "x" }`).
    public enum Key: Sendable {
        case name(String)
        case expression(HCLExpression)
    }

    public var key: Key
    public var keyPosition: SourcePosition
    public var value: HCLExpression
}

public struct HCLForExpression: Sendable {
    public var keyName: String?
    public var valueName: String
    public var collection: HCLExpression
    /// For an object `for`, the key expression; `nil` for a tuple `for`.
    public var keyExpression: HCLExpression?
    public var valueExpression: HCLExpression
    public var condition: HCLExpression?
    /// `...` after the value of an object `for`: values with one key are grouped.
    public var grouping: Bool
}

public enum HCLBinaryOperator: String, Sendable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!="
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", modulo = "%"

    /// The spec's precedence levels, higher binds tighter.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual: 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide, .modulo: 6
        }
    }
}

public enum HCLUnaryOperator: String, Sendable {
    case not = "!", negate = "-"
}

public enum HCLTemplatePart: Sendable {
    /// Literal text, escapes decoded and strip markers applied.
    case literal(String)
    case interpolation(HCLExpression)
    case ifDirective(condition: HCLExpression, then: [HCLTemplatePart], else: [HCLTemplatePart])
    case forDirective(keyName: String?, valueName: String, collection: HCLExpression, body: [HCLTemplatePart])
}

extension HCLExpression {
    /// The text of a template made only of literal parts (or `nil`).
    public var literalTemplateText: String? {
        guard case .template(let parts) = kind else { return nil }
        return HCLTemplatePart.literalText(of: parts)
    }
}

extension HCLTemplatePart {
    public static func literalText(of parts: [HCLTemplatePart]) -> String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal) = part else { return nil }
            text += literal
        }
        return text
    }
}
