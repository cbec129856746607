import AuditModel
import AuditSyntax

/// A `variable` block: its default, and the value a variables file or the command line
/// assigns (which wins, in Terraform's order).
struct TerraformVariable: Sendable {
    var defaultValue: Node?
    /// The assigned value and where it comes from (`terraform.tfvars`, `--var`).
    var assigned: (value: Node, origin: String)?

    init(defaultValue: Node?, assigned: (value: Node, origin: String)? = nil) {
        self.defaultValue = defaultValue
        self.assigned = assigned
    }
}

/// One entry of a `locals` block.
struct TerraformLocal: Sendable {
    var value: Node
    var file: String
    var keyPosition: SourcePosition
}

/// What an expression evaluated to, plus the references that its value does not show
/// because they sit inside unresolved text (`"arn:aws:s3:::${aws_s3_bucket.b.id}/*"`).
struct TerraformEvaluation: Sendable {
    var node: ResolvedNode
    var hiddenReferences: [ResourceReference] = []
    /// Evaluation met an error on known values (a missing attribute, an index out of
    /// range, a function given the wrong type): what `try` and `can` catch. The node is
    /// unresolved then.
    var failed = false

    /// Every reference the expression depends on, shown or hidden.
    var allReferences: [ResourceReference] { node.references + hiddenReferences }

    /// The value is not fully known before plan: unresolved or a reference somewhere inside.
    var isUnknown: Bool {
        switch node.content {
        case .leaf(let value): value.containsUnresolved || !value.references.isEmpty
        default: node.value.containsUnresolved || !node.references.isEmpty
        }
    }

    /// Takes over the references and the failure of a part.
    mutating func absorb(_ part: TerraformEvaluation) {
        hiddenReferences += part.hiddenReferences
        failed = failed || part.failed
    }
}

/// A reference found inside unresolved text of a resource body, with where it sits.
struct TerraformHiddenReference: Sendable {
    var path: String
    var keyPosition: SourcePosition
    var reference: ResourceReference
}

/// Evaluates Terraform JSON values of one module as far as is possible without running
/// Terraform: templates, references to resources, variable defaults and locals, and
/// `jsonencode` of literal objects. Everything else becomes `.unresolved` with the text as
/// written, and the resource references it mentions are still reported.
struct TerraformEvaluator {
    let scope: String
    private let resourceAddresses: Set<String>
    private let variables: [String: TerraformVariable]
    private let locals: [String: TerraformLocal]
    private var localResults: [String: TerraformEvaluation] = [:]
    /// `allReferences` of each evaluated local, computed once (a local may be used often).
    private var localReferences: [String: [ResourceReference]] = [:]
    private var localsInProgress: Set<String> = []
    /// Levels of `evaluate(json:)` and expression evaluation currently on the stack.
    private var nesting = 0
    /// Variable defaults converted once (`nil` inside: the default cannot be used).
    private var variableDefaults: [String: ResolvedNode?] = [:]
    /// Nodes copied so far from locals and variable defaults into the places that use them.
    private var expandedNodes = 0
    private var reported: Set<String> = []
    private var reportedUndeclared: Set<String> = []
    private(set) var diagnostics: [LoadDiagnostic] = []
    /// Names bound by enclosing `for` expressions, template `for` directives and dynamic
    /// blocks; a `nil` value is bound but unknown.
    private var scopes: [[String: ResolvedNode?]] = []
    /// `count` and `each` of the resource instance being evaluated (set by the loader).
    var instanceBindings: [String: ResolvedNode] = [:]
    /// Resources whose `count` or `for_each` is known, with their instance keys (`[0]`,
    /// `["a"]`): a reference names one instance, or stands for all of them.
    var expandedInstances: [String: Set<String>] = [:]
    /// Reads a file of the module for `file()` and `templatefile()`; `nil` when it cannot.
    var readFile: @Sendable (String) -> String? = { _ in nil }

    /// Deeper configuration values are not evaluated (loaders may run on small stacks).
    static let maxDepth = 64
    /// A local larger than this is kept as unresolved: locals that repeat each other can
    /// otherwise grow exponentially.
    private static let maxLocalNodes = 2_000
    /// Locals reached through more locals than this are not evaluated: each step of a
    /// chain (`a = local.b`, `b = local.c`, …) recurses, and a long chain would exhaust
    /// the stack.
    static let maxLocalChain = 64
    /// Nesting of values and expressions in progress across the whole evaluation: a chain
    /// of locals, each nesting its value deeply, stacks every level on the same thread
    /// (64 locals of 60 nested lists overflowed a worker thread's stack).
    static let maxTotalNesting = 384
    /// A template whose text would grow beyond this many UTF-8 bytes stays unresolved
    /// (`"${local.a}${local.a}"` doubles with every local).
    static let maxStringBytes = 1 << 20
    /// Every use of a local or variable copies its value; past this many copied nodes in
    /// one module, further uses stay unresolved, so a value used thousands of times cannot
    /// exhaust memory.
    static let maxExpandedNodes = 1_000_000

    /// Roots of traversals that never name a resource.
    private static let nonResourceRoots: Set<String> = ["module", "each", "count", "path", "terraform", "self"]
    /// Functions whose result is their argument, as far as the model is concerned.
    private static let transparentFunctions: Set<String> = ["jsonencode", "tolist", "toset", "tomap"]

    /// False when the module also has files that are not read (`*.tf` in HCL syntax next
    /// to the `*.tf.json`): what they declare is unknown, so an undeclared name is no
    /// mistake worth a warning.
    private let reportsUndeclaredNames: Bool

    init(scope: String, resourceAddresses: Set<String>, variables: [String: TerraformVariable], locals: [String: TerraformLocal],
         reportsUndeclaredNames: Bool = true) {
        self.scope = scope
        self.resourceAddresses = resourceAddresses
        self.variables = variables
        self.locals = locals
        self.reportsUndeclaredNames = reportsUndeclaredNames
    }

    // MARK: JSON values

    /// Evaluates a JSON value of the configuration: strings are templates, objects and
    /// arrays are walked, `"//"` comment keys are dropped and `dynamic` blocks are kept
    /// as unresolved blocks. References hidden in unresolved text go to `hidden`.
    mutating func evaluate(
        json node: Node, file: String, path: String, keyPosition: SourcePosition,
        boundNames: [String] = [], depth: Int = 0, hidden: inout [TerraformHiddenReference]
    ) -> ResolvedNode {
        guard depth < Self.maxDepth else {
            diagnose("values nested more than \(Self.maxDepth) levels deep are not evaluated", at: node.position, file: file, key: "depth")
            return .leaf(.unresolved("(nested too deeply)"), at: node.position)
        }
        guard nesting < Self.maxTotalNesting else {
            diagnoseTooDeepThroughLocals(at: node.position, file: file)
            return .leaf(.unresolved("(nested too deeply)"), at: node.position)
        }
        nesting += 1
        defer { nesting -= 1 }
        switch node.content {
        case .scalar(let text, .string):
            let result = evaluate(template: text, at: node.position, file: file, boundNames: boundNames)
            for reference in result.hiddenReferences {
                hidden.append(TerraformHiddenReference(path: path, keyPosition: keyPosition, reference: reference))
            }
            return result.node
        case .scalar(let text, let kind):
            return .leaf(Value(scalar: text, kind: kind), at: node.position)
        case .sequence(let items):
            let resolved = items.enumerated().map { offset, item in
                evaluate(json: item, file: file, path: "\(path)[\(offset)]", keyPosition: keyPosition,
                         boundNames: boundNames, depth: depth + 1, hidden: &hidden)
            }
            return ResolvedNode(.list(resolved), at: node.position)
        case .mapping(let entries):
            var resolved: [ResolvedEntry] = []
            var dynamicBlocks: [(name: String, keyPosition: SourcePosition, label: String)] = []
            var generatedBlocks: [(name: String, keyPosition: SourcePosition, blocks: [ResolvedNode])] = []
            for entry in entries where entry.key != "//" {
                let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                if entry.key == "dynamic", let blocks = dynamicBlockEntries(entry.value) {
                    for block in blocks {
                        // A known `for_each`: the blocks Terraform generates, one per element.
                        if let generated = expandDynamicBlock(block, file: file, path: childPath, boundNames: boundNames, depth: depth + 1, hidden: &hidden) {
                            generatedBlocks.append((block.key, block.keyPosition, generated))
                            continue
                        }
                        evaluateDynamicBlock(block, file: file, path: childPath, boundNames: boundNames, depth: depth + 1, hidden: &hidden)
                        dynamicBlocks.append((block.key, block.keyPosition, "dynamic \"\(block.key)\" block"))
                    }
                    continue
                }
                let child = evaluate(json: entry.value, file: file, path: childPath, keyPosition: entry.keyPosition,
                                     boundNames: boundNames, depth: depth + 1, hidden: &hidden)
                resolved.append(ResolvedEntry(key: entry.key, keyPosition: entry.keyPosition, node: child))
            }
            for generated in generatedBlocks {
                if let existing = resolved.firstIndex(where: { $0.key == generated.name }) {
                    var items: [ResolvedNode]
                    if case .list(let list) = resolved[existing].node.content { items = list } else { items = [resolved[existing].node] }
                    resolved[existing].node = ResolvedNode(.list(items + generated.blocks), at: resolved[existing].node.position)
                } else {
                    resolved.append(ResolvedEntry(key: generated.name, keyPosition: generated.keyPosition,
                                                  node: ResolvedNode(.list(generated.blocks), at: generated.keyPosition)))
                }
            }
            for block in dynamicBlocks {
                // Blocks generated at plan time: whatever a rule reads from them is unknown.
                let unknown = ResolvedNode.leaf(.unresolved(block.label), at: block.keyPosition)
                if let existing = resolved.firstIndex(where: { $0.key == block.name }) {
                    var items: [ResolvedNode]
                    if case .list(let list) = resolved[existing].node.content { items = list } else { items = [resolved[existing].node] }
                    items.append(unknown)
                    resolved[existing].node = ResolvedNode(.list(items), at: resolved[existing].node.position)
                } else {
                    resolved.append(ResolvedEntry(key: block.name, keyPosition: block.keyPosition, node: unknown))
                }
            }
            return ResolvedNode(.map(resolved), at: node.position)
        }
    }

    /// The labelled entries of a `dynamic` value, when it has the dynamic-block shape
    /// (`{"ingress": {"for_each": …, "content": {…}}}`); `nil` for a map that merely has
    /// a key named `dynamic`.
    private func dynamicBlockEntries(_ node: Node) -> [MappingEntry]? {
        let blocks = node.entries.filter { $0.key != "//" }
        guard !blocks.isEmpty else { return nil }
        let isDynamic = blocks.allSatisfy { block in
            let bodies = block.value.isSequence ? block.value.elements : [block.value]
            return bodies.allSatisfy { $0.entry("content") != nil || $0.entry("for_each") != nil }
        }
        return isDynamic ? blocks : nil
    }

    /// The content of a dynamic block once per element of its known `for_each`, with the
    /// iterator (`iterator`, else the block's name) bound to `{key, value}`; `nil` when the
    /// collection is not known (or the block is not one body).
    private mutating func expandDynamicBlock(
        _ block: MappingEntry, file: String, path: String, boundNames: [String], depth: Int, hidden: inout [TerraformHiddenReference]
    ) -> [ResolvedNode]? {
        guard block.value.isMapping, let forEach = block.value["for_each"], let content = block.value["content"] else { return nil }
        let collection = evaluate(json: forEach, file: file, path: "\(path).\(block.key).for_each", keyPosition: block.keyPosition,
                                  boundNames: boundNames, depth: depth + 1, hidden: &hidden)
        guard let elements = Self.elements(of: collection), elements.count <= 1_000 else { return nil }
        let iterator = block.value["iterator"]?.scalarText ?? block.key
        var generated: [ResolvedNode] = []
        for (key, value) in elements {
            let binding = ResolvedNode(.map([
                ResolvedEntry(key: "key", keyPosition: block.keyPosition, node: key),
                ResolvedEntry(key: "value", keyPosition: block.keyPosition, node: value),
            ]), at: block.keyPosition)
            var scope: [String: ResolvedNode?] = [:]
            scope[iterator] = .some(binding)
            scopes.append(scope)
            generated.append(evaluate(json: content, file: file, path: "\(path).\(block.key)", keyPosition: block.keyPosition,
                                      boundNames: boundNames.filter { $0 != iterator }, depth: depth + 1, hidden: &hidden))
            scopes.removeLast()
        }
        return generated
    }

    private mutating func evaluateDynamicBlock(
        _ block: MappingEntry, file: String, path: String, boundNames: [String], depth: Int, hidden: inout [TerraformHiddenReference]
    ) {
        let bodies = block.value.isSequence ? block.value.elements : [block.value]
        for body in bodies {
            let iterator = body["iterator"]?.scalarText ?? block.key
            // The iterator is a local name inside the content, not a resource type.
            _ = evaluate(json: body, file: file, path: "\(path).\(block.key)", keyPosition: block.keyPosition,
                         boundNames: boundNames + [iterator], depth: depth + 1, hidden: &hidden)
        }
    }

    // MARK: Templates and expressions

    /// Where an expression tree came from: the text it was parsed from (for showing a
    /// part as written), where it stands in the file, and the file.
    private struct Site {
        var source: [UInt8]
        var position: SourcePosition
        var file: String

        func text(_ expression: HCLExpression) -> String { HCLParser.text(of: expression.range, in: source) }
    }

    /// Evaluates the content of a JSON string (also what the HCL reader makes of a native
    /// expression: `"${expression}"`), with `boundNames` bound to unknown values.
    mutating func evaluate(template text: String, at position: SourcePosition, file: String, boundNames: [String] = []) -> TerraformEvaluation {
        guard text.contains("{") else { return TerraformEvaluation(node: .leaf(.string(text), at: position)) }
        let source = Array(text.utf8)
        let template: HCLExpression
        do {
            template = try HCLParser.parseTemplate(source, maxDepth: Self.maxDepth)
        } catch {
            let shown = text.count > 80 ? text.prefix(77) + "..." : text[...]
            diagnose("cannot parse the expression \(shown)", at: position, file: file, key: "parse:\(text)")
            return TerraformEvaluation(node: .leaf(.unresolved(text), at: position))
        }
        var scope: [String: ResolvedNode?] = [:]
        for name in boundNames { scope[name] = .some(nil) }
        scopes.append(scope)
        defer { scopes.removeLast() }
        return evaluate(template, Site(source: source, position: position, file: file), display: text)
    }

    private func unknown(_ text: String, at position: SourcePosition, _ references: [ResourceReference] = []) -> TerraformEvaluation {
        TerraformEvaluation(node: .leaf(.unresolved(text), at: position), hiddenReferences: Self.unique(references))
    }

    private func failure(_ text: String, at position: SourcePosition, _ references: [ResourceReference] = []) -> TerraformEvaluation {
        TerraformEvaluation(node: .leaf(.unresolved(text), at: position), hiddenReferences: Self.unique(references), failed: true)
    }

    /// `display` replaces the expression's own text in unresolved values (the whole JSON
    /// string for a top-level interpolation, so users see what they wrote).
    private mutating func evaluate(_ expression: HCLExpression, _ site: Site, display: String? = nil) -> TerraformEvaluation {
        let position = site.position
        guard nesting < Self.maxTotalNesting else {
            diagnoseTooDeepThroughLocals(at: position, file: site.file)
            return unknown(display ?? "(nested too deeply)", at: position)
        }
        nesting += 1
        defer { nesting -= 1 }
        let text = display ?? site.text(expression)
        switch expression.kind {
        case .number(let number):
            return TerraformEvaluation(node: .leaf(Double(number).map(Value.number) ?? .unresolved(number), at: position))
        case .bool(let flag):
            return TerraformEvaluation(node: .leaf(.bool(flag), at: position))
        case .null:
            return TerraformEvaluation(node: .leaf(.null, at: position))
        case .template(let parts):
            return evaluateTemplate(parts, site, display: text)
        case .parenthesized(let inner):
            return evaluate(inner, site, display: display)
        case .tuple(let items):
            var result = TerraformEvaluation(node: ResolvedNode(.list([]), at: position))
            var nodes: [ResolvedNode] = []
            for item in items {
                let evaluation = evaluate(item, site)
                result.absorb(evaluation)
                nodes.append(evaluation.node)
            }
            result.node = ResolvedNode(.list(nodes), at: position)
            return result.failed ? failure(text, at: position, result.allReferences) : result
        case .object(let items):
            var result = TerraformEvaluation(node: ResolvedNode(.map([]), at: position))
            var entries: [ResolvedEntry] = []
            var keysKnown = true
            for item in items {
                let key: String?
                switch item.key {
                case .name(let name): key = name
                case .expression(let keyExpression):
                    let evaluated = evaluate(keyExpression, site)
                    result.absorb(evaluated)
                    key = Self.primitiveText(evaluated.node)
                }
                let value = evaluate(item.value, site)
                result.absorb(value)
                guard let key else { keysKnown = false; continue }
                entries.append(ResolvedEntry(key: key, keyPosition: position, node: value.node))
            }
            if result.failed { return failure(text, at: position, result.allReferences) }
            guard keysKnown else { return unknown(text, at: position, result.allReferences) }
            result.node = ResolvedNode(.map(entries), at: position)
            return result
        case .variable, .attribute, .index, .splat:
            return evaluateTraversal(expression, site, text: text)
        case .call(let name, let arguments, let expandsFinal):
            return evaluateCall(name, arguments, expandsFinal: expandsFinal, site, text: text)
        case .forExpression(let forExpression):
            return evaluateFor(forExpression, site, text: text)
        case .conditional(let condition, let then, let otherwise):
            let decided = evaluate(condition, site)
            if case .leaf(.bool(let flag)) = decided.node.content {
                var chosen = evaluate(flag ? then : otherwise, site, display: display)
                chosen.hiddenReferences = Self.unique(decided.allReferences + chosen.hiddenReferences)
                return chosen
            }
            if decided.failed || !decided.isUnknown { return failure(text, at: position, decided.allReferences) }
            let first = evaluate(then, site)
            let second = evaluate(otherwise, site)
            return unknown(text, at: position, decided.allReferences + first.allReferences + second.allReferences)
        case .binary(let op, let left, let right):
            let lhs = evaluate(left, site)
            // `&&` and `||` stop at a known left operand that decides (HCL 2.22 and later).
            if case .leaf(.bool(let flag)) = lhs.node.content, (op == .and && !flag) || (op == .or && flag) {
                return TerraformEvaluation(node: .leaf(.bool(flag), at: position), hiddenReferences: lhs.allReferences)
            }
            let rhs = evaluate(right, site)
            let references = lhs.allReferences + rhs.allReferences
            if lhs.failed || rhs.failed { return failure(text, at: position, references) }
            if lhs.isUnknown || rhs.isUnknown { return unknown(text, at: position, references) }
            guard let value = TerraformFunctions.binary(op, lhs.node.value, rhs.node.value) else {
                diagnose("\(text): the operands of \(op.rawValue) have the wrong type", at: position, file: site.file, key: "operator:\(text)")
                return failure(text, at: position, references)
            }
            return TerraformEvaluation(node: .leaf(value, at: position), hiddenReferences: Self.unique(references))
        case .unary(let op, let operand):
            let value = evaluate(operand, site)
            if value.failed { return failure(text, at: position, value.allReferences) }
            if value.isUnknown { return unknown(text, at: position, value.allReferences) }
            switch (op, value.node.value) {
            case (.not, .bool(let flag)): return TerraformEvaluation(node: .leaf(.bool(!flag), at: position))
            case (.negate, .number(let number)): return TerraformEvaluation(node: .leaf(.number(-number), at: position))
            default: return failure(text, at: position)
            }
        }
    }

    /// A string, number or bool as template text; `nil` for anything else.
    private static func primitiveText(_ node: ResolvedNode) -> String? {
        guard case .leaf(let value) = node.content else { return nil }
        switch value {
        case .string(let text): return text
        case .number, .bool: return value.displayText
        default: return nil
        }
    }

    private mutating func evaluateTemplate(_ parts: [HCLTemplatePart], _ site: Site, display: String) -> TerraformEvaluation {
        let position = site.position
        if let literal = HCLTemplatePart.literalText(of: parts) {
            return TerraformEvaluation(node: .leaf(.string(literal), at: position))
        }
        // A template that is exactly one interpolation yields the value itself, unconverted.
        if parts.count == 1, case .interpolation(let expression) = parts[0] {
            return evaluate(expression, site, display: display)
        }
        var state = TemplateState()
        appendTemplate(parts, site, into: &state)
        if state.tooLong {
            diagnose("a template longer than \(Self.maxStringBytes / 1024) KB is not evaluated", at: position, file: site.file, key: "long-template")
        }
        if state.failed { return failure(display, at: position, state.references) }
        if state.unknown || state.tooLong { return unknown(display, at: position, state.references) }
        let via = state.vias.isEmpty ? nil : state.vias.joined(separator: ", ")
        return TerraformEvaluation(node: .leaf(.string(state.text), at: position, via: via), hiddenReferences: Self.unique(state.references))
    }

    private struct TemplateState {
        var text = ""
        var references: [ResourceReference] = []
        var vias: [String] = []
        var unknown = false
        var failed = false
        var tooLong = false
    }

    private mutating func appendTemplate(_ parts: [HCLTemplatePart], _ site: Site, into state: inout TemplateState) {
        for part in parts {
            switch part {
            case .literal(let literal):
                state.text += literal
            case .interpolation(let expression):
                let evaluation = evaluate(expression, site)
                state.references += evaluation.allReferences
                if evaluation.failed { state.failed = true; continue }
                if let text = Self.primitiveText(evaluation.node) {
                    state.text += text
                    if let via = evaluation.node.via, !state.vias.contains(via) { state.vias.append(via) }
                } else if case .leaf(.null) = evaluation.node.content {
                    state.failed = true  // Terraform: a null value cannot be interpolated
                } else if evaluation.isUnknown {
                    state.unknown = true
                } else {
                    state.failed = true  // a list or an object
                }
            case .ifDirective(let condition, let then, let otherwise):
                let decided = evaluate(condition, site)
                state.references += decided.allReferences
                if case .leaf(.bool(let flag)) = decided.node.content {
                    appendTemplate(flag ? then : otherwise, site, into: &state)
                } else {
                    state.unknown = true
                }
            case .forDirective(let keyName, let valueName, let collection, let body):
                let evaluated = evaluate(collection, site)
                state.references += evaluated.allReferences
                guard let elements = Self.elements(of: evaluated.node) else { state.unknown = true; continue }
                for (key, value) in elements {
                    var scope: [String: ResolvedNode?] = [:]
                    scope[valueName] = .some(value)
                    if let keyName { scope[keyName] = .some(key) }
                    scopes.append(scope)
                    appendTemplate(body, site, into: &state)
                    scopes.removeLast()
                    if state.failed || state.unknown { break }
                }
            }
            if state.text.utf8.count > Self.maxStringBytes {
                state.tooLong = true
                state.text = ""
                return
            }
        }
    }

    /// The key and value of each element of a known list or map (keys are indexes for a list).
    private static func elements(of node: ResolvedNode) -> [(key: ResolvedNode, value: ResolvedNode)]? {
        switch node.content {
        case .list(let items):
            return items.enumerated().map { (ResolvedNode.leaf(.number(Double($0.offset)), at: node.position), $0.element) }
        case .map(let entries):
            return entries.map { (ResolvedNode.leaf(.string($0.key), at: node.position), $0.node) }
        case .leaf(.list(let values)):
            return values.enumerated().map { (ResolvedNode.leaf(.number(Double($0.offset)), at: node.position), ResolvedNode(value: $0.element, at: node.position)) }
        case .leaf(.map(let entries)):
            return entries.map { (ResolvedNode.leaf(.string($0.key), at: node.position), ResolvedNode(value: $0.value, at: node.position)) }
        default:
            return nil
        }
    }

    private mutating func evaluateFor(_ forExpression: HCLForExpression, _ site: Site, text: String) -> TerraformEvaluation {
        let position = site.position
        let collection = evaluate(forExpression.collection, site)
        var references = collection.allReferences
        if collection.failed { return failure(text, at: position, references) }
        func bind(_ key: ResolvedNode?, _ value: ResolvedNode?) -> [String: ResolvedNode?] {
            var scope: [String: ResolvedNode?] = [:]
            scope[forExpression.valueName] = .some(value)
            if let keyName = forExpression.keyName { scope[keyName] = .some(key) }
            return scope
        }
        guard let elements = Self.elements(of: collection.node) else {
            // Unknown collection: the body is read once for the references it mentions.
            scopes.append(bind(nil, nil))
            for part in [forExpression.keyExpression, forExpression.valueExpression, forExpression.condition].compactMap({ $0 }) {
                references += evaluate(part, site).allReferences
            }
            scopes.removeLast()
            return unknown(text, at: position, references)
        }
        var items: [ResolvedNode] = []
        var entries: [ResolvedEntry] = []
        var groups: [String: Int] = [:]
        for (key, value) in elements {
            scopes.append(bind(key, value))
            defer { scopes.removeLast() }
            if let condition = forExpression.condition {
                let decided = evaluate(condition, site)
                references += decided.allReferences
                guard case .leaf(.bool(let include)) = decided.node.content else {
                    return decided.isUnknown ? unknown(text, at: position, references) : failure(text, at: position, references)
                }
                if !include { continue }
            }
            let element = evaluate(forExpression.valueExpression, site)
            references += element.allReferences
            if element.failed { return failure(text, at: position, references) }
            guard let keyExpression = forExpression.keyExpression else {
                items.append(element.node)
                continue
            }
            let evaluatedKey = evaluate(keyExpression, site)
            references += evaluatedKey.allReferences
            guard let keyText = Self.primitiveText(evaluatedKey.node) else {
                return evaluatedKey.isUnknown ? unknown(text, at: position, references) : failure(text, at: position, references)
            }
            if forExpression.grouping {
                if let index = groups[keyText], case .list(let grouped) = entries[index].node.content {
                    entries[index].node = ResolvedNode(.list(grouped + [element.node]), at: position)
                } else {
                    groups[keyText] = entries.count
                    entries.append(ResolvedEntry(key: keyText, keyPosition: position, node: ResolvedNode(.list([element.node]), at: position)))
                }
            } else {
                guard groups[keyText] == nil else {
                    diagnose("\(text): two elements have the key \"\(keyText)\" (use ... to group them)", at: position, file: site.file, key: "for-key:\(text)")
                    return failure(text, at: position, references)
                }
                groups[keyText] = entries.count
                entries.append(ResolvedEntry(key: keyText, keyPosition: position, node: element.node))
            }
        }
        let node = forExpression.keyExpression == nil ? ResolvedNode(.list(items), at: position) : ResolvedNode(.map(entries), at: position)
        return TerraformEvaluation(node: node, hiddenReferences: Self.unique(references))
    }

    private mutating func evaluateCall(
        _ name: String, _ arguments: [HCLExpression], expandsFinal: Bool, _ site: Site, text: String
    ) -> TerraformEvaluation {
        let position = site.position
        switch name {
        case "try":
            // The first argument that evaluates without an error; unknown stays unknown.
            var references: [ResourceReference] = []
            for argument in arguments {
                let evaluation = evaluate(argument, site)
                references += evaluation.allReferences
                if evaluation.failed { continue }
                if evaluation.isUnknown { return unknown(text, at: position, references) }
                var result = evaluation
                result.hiddenReferences = Self.unique(references)
                return result
            }
            return failure(text, at: position, references)
        case "can":
            guard arguments.count == 1 else { return failure(text, at: position) }
            let evaluation = evaluate(arguments[0], site)
            if evaluation.failed { return TerraformEvaluation(node: .leaf(.bool(false), at: position), hiddenReferences: evaluation.allReferences) }
            if evaluation.isUnknown { return unknown(text, at: position, evaluation.allReferences) }
            return TerraformEvaluation(node: .leaf(.bool(true), at: position), hiddenReferences: evaluation.allReferences)
        default:
            break
        }
        var evaluations = arguments.map { evaluate($0, site) }
        let references = evaluations.flatMap(\.allReferences)
        if evaluations.contains(where: \.failed) { return failure(text, at: position, references) }
        if TerraformFunctions.transparent.contains(name), evaluations.count == 1, !expandsFinal {
            // The model keeps the structure: a policy in `jsonencode({…})` is read as a document.
            var result = evaluations[0]
            if case .leaf(.unresolved) = result.node.content { result.node = .leaf(.unresolved(text), at: position) }
            return result
        }
        if expandsFinal, let last = evaluations.popLast() {
            guard let elements = Self.elements(of: last.node) else { return unknown(text, at: position, references) }
            evaluations += elements.map { TerraformEvaluation(node: $0.value) }
        }
        let context = TerraformFunctions.Context(moduleDirectory: scope, readFile: readFile)
        switch TerraformFunctions.call(name, evaluations.map(\.node.value), context: context) {
        case .value(let value):
            return TerraformEvaluation(node: ResolvedNode(value: value, at: position), hiddenReferences: Self.unique(references))
        case .unknown:
            return unknown(text, at: position, references)
        case .failed(let reason):
            diagnose("\(text.count > 80 ? String(text.prefix(77)) + "..." : text): \(reason)", at: position, file: site.file, key: "call:\(text)")
            return failure(text, at: position, references)
        }
    }

    // MARK: Traversals

    private enum PathStep {
        case attribute(String)
        case index(HCLExpression)
        case splat(full: Bool, [HCLSplatStep])
    }

    /// A chain of steps down to its first operand: a name, or any other expression.
    private static func flatten(_ expression: HCLExpression) -> (base: HCLExpression, steps: [PathStep]) {
        var steps: [PathStep] = []
        var current = expression
        while true {
            switch current.kind {
            case .attribute(let base, let name):
                steps.append(.attribute(name))
                current = base
            case .index(let base, let key):
                steps.append(.index(key))
                current = base
            case .splat(let base, let splatSteps, let full):
                steps.append(.splat(full: full, splatSteps))
                current = base
            default:
                return (current, steps.reversed())
            }
        }
    }

    /// The value bound to a name by an enclosing `for`, instance or iterator: `.some(nil)`
    /// when the name is bound to an unknown value, `nil` when it is not bound.
    private func binding(_ name: String) -> ResolvedNode?? {
        for scope in scopes.reversed() {
            if let bound = scope[name] { return .some(bound) }
        }
        if let bound = instanceBindings[name] { return .some(bound) }
        return nil
    }

    private mutating func evaluateTraversal(_ expression: HCLExpression, _ site: Site, text: String) -> TerraformEvaluation {
        let position = site.position
        let (base, steps) = Self.flatten(expression)
        guard case .variable(let root) = base.kind else {
            let value = evaluate(base, site)
            if value.failed { return failure(text, at: position, value.allReferences) }
            return navigate(value, steps, site, text: text)
        }
        if let bound = binding(root) {
            guard let bound else { return unknown(text, at: position, indexReferences(steps, site)) }
            return navigate(TerraformEvaluation(node: bound), steps, site, text: text)
        }
        switch root {
        case "var":
            guard case .attribute(let name)? = steps.first else { return unknown(text, at: position) }
            guard let variable = variables[name] else {
                diagnoseUndeclared("var.\(name)", at: position, file: site.file)
                return unknown(text, at: position)
            }
            guard let value = self.value(of: name, variable) else { return unknown(text, at: position, indexReferences(steps, site)) }
            // Literal steps first: only the part that is used is copied.
            let (found, rest) = Self.literalPrefix(value.node, steps.dropFirst())
            guard let found else { return failure(text, at: position) }
            guard let copy = expanded(found, to: position, via: value.via, file: site.file) else {
                return unknown(text, at: position, indexReferences(steps, site))
            }
            return navigate(TerraformEvaluation(node: copy), rest, site, text: text)
        case "local":
            guard case .attribute(let name)? = steps.first else { return unknown(text, at: position) }
            guard let local = evaluateLocal(name, usedAt: position, file: site.file) else { return unknown(text, at: position) }
            let (found, rest) = Self.literalPrefix(local.node, steps.dropFirst())
            guard let found else { return failure(text, at: position, localReferences[name] ?? []) }
            guard let copy = expanded(found, to: position, via: nil, file: site.file) else {
                return unknown(text, at: position, (localReferences[name] ?? []) + indexReferences(steps, site))
            }
            var evaluation = navigate(TerraformEvaluation(node: copy, hiddenReferences: local.hiddenReferences), rest, site, text: text)
            if evaluation.isUnknown { evaluation.hiddenReferences = Self.unique(evaluation.hiddenReferences + (localReferences[name] ?? [])) }
            return evaluation
        case "path":
            guard case .attribute(let name)? = steps.first, ["module", "root", "cwd"].contains(name) else { return unknown(text, at: position) }
            return navigate(TerraformEvaluation(node: .leaf(.string(scope), at: position)), steps.dropFirst(), site, text: text)
        default:
            break
        }
        // A resource, a data source, or a root that is no value before plan (`module`, `self`, …).
        let indexes = indexReferences(steps, site)
        guard let traversal = HCLTraversal(expression, literalKey: { key in self.literalKey(key, site) }),
              let (address, attribute) = Self.resourceAddress(of: traversal) else {
            return unknown(text, at: position, indexes)
        }
        guard resourceAddresses.contains(address) else {
            diagnoseUndeclared(address, at: position, file: site.file)
            return unknown(text, at: position, indexes)
        }
        if let keys = expandedInstances[address] {
            // The step after the address picks an instance; without one (or with a splat)
            // the value stands for all of them and is not one reference.
            let labels = (traversal.root == "data" ? 2 : 1) + (traversal.root == "resource" ? 1 : 0)
            let all = keys.sorted().map { ResourceReference(target: ResourceID(scope: scope, name: address + $0), attribute: attribute) }
            guard steps.count > labels, case .index(let keyExpression) = steps[labels] else { return unknown(text, at: position, all + indexes) }
            let key = evaluate(keyExpression, site)
            let instanceKey: String
            switch key.node.value {
            case .number(let number): instanceKey = "[\(Value.number(number).displayText)]"
            case .string(let text): instanceKey = "[\"\(text)\"]"
            default: return unknown(text, at: position, all + indexes)
            }
            guard keys.contains(instanceKey) else {
                diagnose("\(address)\(instanceKey) is not an instance of \(address)", at: position, file: site.file, key: "instance:\(address)\(instanceKey)")
                return failure(text, at: position, all)
            }
            let reference = ResourceReference(target: ResourceID(scope: scope, name: address + instanceKey), attribute: attribute)
            return TerraformEvaluation(node: .leaf(.reference(reference), at: position), hiddenReferences: indexes)
        }
        let reference = ResourceReference(target: ResourceID(scope: scope, name: address), attribute: attribute)
        return TerraformEvaluation(node: .leaf(.reference(reference), at: position), hiddenReferences: indexes)
    }

    /// Follows the leading attribute and literal index steps into a value without copying
    /// it: the node reached (`nil`: a known value has no such key) and the steps left.
    private static func literalPrefix(_ node: ResolvedNode, _ steps: ArraySlice<PathStep>) -> (ResolvedNode?, ArraySlice<PathStep>) {
        var current = node
        var rest = steps
        while let step = rest.first {
            let key: Value
            switch step {
            case .attribute(let name): key = .string(name)
            case .index(let expression):
                guard let literal = HCLTraversal.literalKey(expression) else { return (current, rest) }
                key = literal
            case .splat: return (current, rest)
            }
            switch current.content {
            case .map, .list:
                guard let next = child(of: current, key: key) else { return (nil, rest) }
                current = next
                rest = rest.dropFirst()
            case .leaf:
                // `navigate` decides: unknown stays unknown, a known scalar has no attributes.
                return (current, rest)
            }
        }
        return (current, rest)
    }

    /// An index key known without evaluation (a literal), for a resource address.
    private func literalKey(_ key: HCLExpression, _ site: Site) -> Value? {
        HCLTraversal.literalKey(key)
    }

    /// The references the index expressions of a path mention.
    private mutating func indexReferences(_ steps: some Collection<PathStep>, _ site: Site) -> [ResourceReference] {
        var references: [ResourceReference] = []
        for step in steps {
            switch step {
            case .attribute: continue
            case .index(let key): references += evaluate(key, site).allReferences
            case .splat(_, let splatSteps):
                for case .index(let key) in splatSteps { references += evaluate(key, site).allReferences }
            }
        }
        return references
    }

    /// Follows steps into a value: a missing attribute or an index out of range of a known
    /// value is an error (what `try` catches); anything unknown on the way stays unknown.
    private mutating func navigate(_ start: TerraformEvaluation, _ steps: some Collection<PathStep>, _ site: Site, text: String) -> TerraformEvaluation {
        var current = start
        var remaining = ArraySlice(steps)
        while let step = remaining.popFirst() {
            if current.isUnknown, case .leaf(let leaf) = current.node.content,
               !(leaf.referenceValue?.attribute == nil && leaf.referenceValue != nil && { if case .attribute = step { true } else { false } }()) {
                return unknown(text, at: site.position, current.allReferences + indexReferences(remaining, site))
            }
            // An attribute of a whole resource instance (`each.value.id`) is a reference to it.
            if case .leaf(.reference(let whole)) = current.node.content, whole.attribute == nil, case .attribute(let name) = step {
                current.node = .leaf(.reference(ResourceReference(target: whole.target, attribute: name)), at: site.position)
                continue
            }
            switch step {
            case .attribute(let name):
                guard let next = Self.child(of: current.node, key: .string(name)) else { return failure(text, at: site.position, current.allReferences) }
                current.node = next
            case .index(let keyExpression):
                let key = evaluate(keyExpression, site)
                current.hiddenReferences += key.allReferences
                if key.failed { return failure(text, at: site.position, current.allReferences) }
                if key.isUnknown { return unknown(text, at: site.position, current.allReferences) }
                guard let next = Self.child(of: current.node, key: key.node.value) else { return failure(text, at: site.position, current.allReferences) }
                current.node = next
            case .splat(_, let splatSteps):
                // A splat of a non-list is a list of it; of null, an empty list.
                let items: [ResolvedNode]
                switch current.node.content {
                case .list(let list): items = list
                case .leaf(.null): items = []
                default: items = [current.node]
                }
                var mapped: [ResolvedNode] = []
                let itemSteps = splatSteps.map { step -> PathStep in
                    switch step {
                    case .attribute(let name): .attribute(name)
                    case .index(let key): .index(key)
                    }
                }
                for item in items {
                    let result = navigate(TerraformEvaluation(node: item), itemSteps, site, text: text)
                    current.hiddenReferences += result.hiddenReferences
                    if result.failed { return failure(text, at: site.position, current.allReferences) }
                    mapped.append(result.node)
                }
                current.node = ResolvedNode(.list(mapped), at: site.position)
            }
        }
        current.hiddenReferences = Self.unique(current.hiddenReferences)
        return current
    }

    /// An attribute or element of a known map or list (`nil`: no such key, or not a collection).
    private static func child(of node: ResolvedNode, key: Value) -> ResolvedNode? {
        switch (node.content, key) {
        case (.map(let entries), .string(let name)):
            return entries.first { $0.key == name }?.node
        case (.map(let entries), .number(let number)):
            return entries.first { $0.key == Value.number(number).displayText }?.node
        case (.list(let items), .number(let number)):
            let offset = Int(number)
            return Double(offset) == number && items.indices.contains(offset) ? items[offset] : nil
        case (.list(let items), .string(let text)):
            guard let offset = Int(text), items.indices.contains(offset) else { return nil }
            return items[offset]
        case (.leaf(let value), _) where value.listValue != nil || value.isMap:
            return child(of: ResolvedNode(value: value, at: node.position), key: key)
        default:
            return nil
        }
    }

    /// A reference written as a bare address (`depends_on` entries, with or without `${}`).
    mutating func reference(named text: String, at position: SourcePosition, file: String) -> ResourceReference? {
        var expressionText = Self.trimmed(text)
        if expressionText.hasPrefix("${"), expressionText.hasSuffix("}") {
            expressionText = String(expressionText.dropFirst(2).dropLast())
        }
        guard let traversal = HCLTraversal.parse(expressionText),
              let (address, attribute) = Self.resourceAddress(of: traversal) else { return nil }
        guard resourceAddresses.contains(address) else {
            diagnoseUndeclared(address, at: position, file: file)
            return nil
        }
        return ResourceReference(target: ResourceID(scope: scope, name: address), attribute: attribute)
    }

    /// The text without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// A local's value, evaluated once; `nil` for an undeclared or self-referencing local.
    private mutating func evaluateLocal(_ name: String, usedAt position: SourcePosition, file: String) -> TerraformEvaluation? {
        if let cached = localResults[name] { return cached }
        guard let local = locals[name] else {
            diagnoseUndeclared("local.\(name)", at: position, file: file)
            return nil
        }
        guard !localsInProgress.contains(name) else {
            diagnose("local.\(name) refers to itself", at: local.keyPosition, file: local.file, key: "cycle:\(name)")
            return nil
        }
        guard localsInProgress.count < Self.maxLocalChain else {
            diagnose("local.\(name) is reached through more than \(Self.maxLocalChain) other locals and is not evaluated",
                     at: local.keyPosition, file: local.file, key: "chain")
            return nil
        }
        localsInProgress.insert(name)
        var hidden: [TerraformHiddenReference] = []
        var node = evaluate(json: local.value, file: local.file, path: "local.\(name)", keyPosition: local.keyPosition, hidden: &hidden)
        var hiddenReferences = Self.unique(hidden.map(\.reference))
        if !Self.hasAtMost(Self.maxLocalNodes, nodes: node) {
            hiddenReferences = Self.unique(node.value.references + hiddenReferences)
            node = .leaf(.unresolved("local.\(name)"), at: node.position)
        }
        if node.via == nil, case .leaf(let value) = node.content, value.references.isEmpty, !value.containsUnresolved {
            node.via = "local.\(name)"
        }
        localsInProgress.remove(name)
        let evaluation = TerraformEvaluation(node: node, hiddenReferences: hiddenReferences)
        localResults[name] = evaluation
        localReferences[name] = Self.unique(evaluation.allReferences)
        return evaluation
    }

    /// A variable's value (assigned, else its default) as a resolved node, with where it
    /// comes from; converted on first use.
    private mutating func value(of name: String, _ variable: TerraformVariable) -> (node: ResolvedNode, via: String)? {
        let via = variable.assigned.map { "var.\(name) from \($0.origin)" } ?? "var.\(name) default"
        return defaultValue(of: name, variable).map { ($0, via) }
    }

    private mutating func defaultValue(of name: String, _ variable: TerraformVariable) -> ResolvedNode? {
        if let converted = variableDefaults[name] { return converted }
        let converted = (variable.assigned?.value ?? variable.defaultValue).flatMap(ResolvedNode.terraformLiteral)
        // `.some`: assigning a bare `nil` would remove the entry, and an unusable default
        // would be converted again at every use.
        variableDefaults[name] = .some(converted)
        return converted
    }

    /// A copy of a local's or variable's value for the place that uses it; `nil` once the
    /// module has copied `maxExpandedNodes` nodes.
    private mutating func expanded(_ node: ResolvedNode, to position: SourcePosition, via: String?, file: String) -> ResolvedNode? {
        let remaining = Self.maxExpandedNodes - expandedNodes
        guard let count = Self.nodeCount(node, limit: remaining) else {
            if expandedNodes < Self.maxExpandedNodes {
                // Said once per module, at the first use that is not expanded.
                expandedNodes = Self.maxExpandedNodes
                diagnose("locals and variables are used too often to be expanded; this and further uses are not evaluated",
                         at: position, file: file, key: "expansion")
            }
            return nil
        }
        expandedNodes += count
        return Self.relocated(node, to: position, via: via)
    }

    /// Said once per name and module, at its first use: a missing `variables.tf.json`
    /// would otherwise warn at every use of every variable.
    private mutating func diagnoseTooDeepThroughLocals(at position: SourcePosition, file: String) {
        diagnose("values and expressions nested more than \(Self.maxTotalNesting) levels deep, counting the locals they use, are not evaluated",
                 at: position, file: file, key: "total-nesting")
    }

    private mutating func diagnoseUndeclared(_ name: String, at position: SourcePosition, file: String) {
        guard reportsUndeclaredNames, reportedUndeclared.insert(name).inserted else { return }
        diagnose("\(name) is not declared in this module", at: position, file: file, key: name)
    }

    private mutating func diagnose(_ message: String, at position: SourcePosition, file: String, key: String) {
        let location = SourceLocation(file: file, position: position)
        guard reported.insert("\(location)|\(key)").inserted else { return }
        diagnostics.append(LoadDiagnostic(.warning, message, at: location))
    }

    // MARK: Helpers

    /// The references without repeats, in first-seen order.
    static func unique(_ references: [ResourceReference]) -> [ResourceReference] {
        var seen: Set<ResourceReference> = []
        return references.filter { seen.insert($0).inserted }
    }

    /// Whether the subtree has at most `limit` nodes; stops counting early.
    private static func hasAtMost(_ limit: Int, nodes node: ResolvedNode) -> Bool {
        nodeCount(node, limit: limit) != nil
    }

    /// The number of nodes of the subtree, or `nil` when it has more than `limit`.
    private static func nodeCount(_ node: ResolvedNode, limit: Int) -> Int? {
        var count = 0
        var pending = [node]
        while let next = pending.popLast() {
            count += 1
            if count > limit { return nil }
            switch next.content {
            case .leaf: break
            case .list(let items): pending += items
            case .map(let entries): pending += entries.map(\.node)
            }
        }
        return count
    }

    /// `aws_subnet.private[0].id` → (`aws_subnet.private`, `id`); `data.x.y.json` →
    /// (`data.x.y`, `json`); `nil` for variables, locals, modules and other non-resources.
    static func resourceAddress(of traversal: HCLTraversal) -> (address: String, attribute: String?)? {
        guard traversal.root != "var", traversal.root != "local", !nonResourceRoots.contains(traversal.root) else { return nil }
        var steps = traversal.steps[...]
        var address = traversal.root
        // `resource.aws_s3_bucket.b` is Terraform's explicit spelling of `aws_s3_bucket.b`.
        if traversal.root == "resource" {
            guard case .attribute(let type)? = steps.first else { return nil }
            address = type
            steps = steps.dropFirst()
        }
        let labelCount = traversal.root == "data" ? 2 : 1
        for _ in 0..<labelCount {
            guard case .attribute(let label)? = steps.first else { return nil }
            address += "." + label
            steps = steps.dropFirst()
        }
        // Instance keys (`[0]`, `["a"]`, `[*]`, `.*`) select instances of the same resource.
        while let step = steps.first {
            if case .attribute = step { break }
            steps = steps.dropFirst()
        }
        return (address, attributeText(steps))
    }

    /// Renders traversal steps as an attribute path (`id`, `identity[0].issuer`).
    static func attributeText(_ steps: ArraySlice<HCLTraversalStep>) -> String? {
        var text = ""
        for step in steps {
            switch step {
            case .attribute(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(.string(let key)): text += "[\"\(key)\"]"
            case .index(let value): text += "[\(value.displayText)]"
            case .splat: text += "[*]"
            case .dynamicIndex: text += "[?]"
            }
        }
        return text.isEmpty ? nil : text
    }

    /// Follows attribute and index steps into a value; `nil` when it cannot.
    static func navigate(_ node: ResolvedNode, _ steps: ArraySlice<HCLTraversalStep>) -> ResolvedNode? {
        var current = node
        for step in steps {
            switch (step, current.content) {
            case (.attribute(let key), .map), (.index(.string(let key)), .map):
                guard let entry = current[key] else { return nil }
                current = entry.node
            case (.index(.number(let number)), .list(let items)):
                let offset = Int(number)
                guard Double(offset) == number, items.indices.contains(offset) else { return nil }
                current = items[offset]
            default:
                return nil
            }
        }
        return current
    }

    /// The subtree moved to `position` (a value used far from where it is declared), with
    /// `via` on every node that has none.
    static func relocated(_ node: ResolvedNode, to position: SourcePosition, via: String?) -> ResolvedNode {
        var copy = node
        copy.position = position
        if copy.via == nil { copy.via = via }
        switch node.content {
        case .leaf: break
        case .list(let items): copy.content = .list(items.map { relocated($0, to: position, via: via) })
        case .map(let entries):
            copy.content = .map(entries.map {
                ResolvedEntry(key: $0.key, keyPosition: position, node: relocated($0.node, to: position, via: via))
            })
        }
        return copy
    }
}
