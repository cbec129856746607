import AuditModel
import AuditSyntax

/// A step after the root name of a traversal: `.name`, `[0]`, `["key"]`, `[*]` or `.*`.
enum HCLTraversalStep: Sendable, Hashable {
    case attribute(String)
    case index(Value)
    /// `[expression]` whose key is only known at plan time.
    case dynamicIndex
    case splat
}

/// The static path of a reference such as `aws_subnet.private[0].id` or `var.name`, read
/// from the one expression tree (`AuditSyntax.HCLExpression`): what a reference names,
/// for addresses and links. Values are computed by `TerraformEvaluator`, never from this.
struct HCLTraversal: Sendable, Hashable {
    var root: String
    var steps: [HCLTraversalStep]

    /// The traversal an expression is, when it is one (a root name followed by attribute,
    /// literal index and splat steps); `literalKey` turns an index expression into a
    /// literal key when it can.
    init?(_ expression: HCLExpression, literalKey: (HCLExpression) -> Value? = HCLTraversal.literalKey) {
        var steps: [HCLTraversalStep] = []
        var current = expression
        while true {
            switch current.kind {
            case .variable(let name):
                root = name
                self.steps = steps.reversed()
                return
            case .attribute(let base, let name):
                steps.append(.attribute(name))
                current = base
            case .index(let base, let key):
                steps.append(literalKey(key).map(HCLTraversalStep.index) ?? .dynamicIndex)
                current = base
            case .splat(let base, let splatSteps, _):
                for step in splatSteps.reversed() {
                    switch step {
                    case .attribute(let name): steps.append(.attribute(name))
                    case .index(let key): steps.append(literalKey(key).map(HCLTraversalStep.index) ?? .dynamicIndex)
                    }
                }
                steps.append(.splat)
                current = base
            case .parenthesized(let inner):
                current = inner
            default:
                return nil
            }
        }
    }

    /// A number or a literal string key.
    static func literalKey(_ expression: HCLExpression) -> Value? {
        switch expression.kind {
        case .number(let text): return Double(text).map(Value.number)
        case .template: return expression.literalTemplateText.map(Value.string)
        default: return nil
        }
    }

    /// Parses a bare reference (a `depends_on` entry, a reference in a plan).
    static func parse(_ text: String) -> HCLTraversal? {
        guard let expression = try? HCLParser.parseExpression(Array(text.utf8)) else { return nil }
        return HCLTraversal(expression)
    }
}
