import AuditModel
import AuditSyntax

/// A `variable` block: only its default matters statically.
struct TerraformVariable: Sendable {
    var defaultValue: Node?
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

    /// Every reference the expression depends on, shown or hidden.
    var allReferences: [ResourceReference] { node.value.references + hiddenReferences }
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
            for entry in entries where entry.key != "//" {
                let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                if entry.key == "dynamic", let blocks = dynamicBlockEntries(entry.value) {
                    for block in blocks {
                        evaluateDynamicBlock(block, file: file, path: childPath, boundNames: boundNames, depth: depth + 1, hidden: &hidden)
                        dynamicBlocks.append((block.key, block.keyPosition, "dynamic \"\(block.key)\" block"))
                    }
                    continue
                }
                let child = evaluate(json: entry.value, file: file, path: childPath, keyPosition: entry.keyPosition,
                                     boundNames: boundNames, depth: depth + 1, hidden: &hidden)
                resolved.append(ResolvedEntry(key: entry.key, keyPosition: entry.keyPosition, node: child))
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

    /// Evaluates the content of a JSON string.
    mutating func evaluate(template text: String, at position: SourcePosition, file: String, boundNames: [String] = []) -> TerraformEvaluation {
        guard text.contains("{") else { return TerraformEvaluation(node: .leaf(.string(text), at: position)) }
        guard let parts = HCLParser.template(text, boundNames: boundNames) else {
            let shown = text.count > 80 ? text.prefix(77) + "..." : text[...]
            diagnose("cannot parse the expression \(shown)", at: position, file: file, key: "parse:\(text)")
            return TerraformEvaluation(node: .leaf(.unresolved(text), at: position))
        }
        return evaluate(parts: parts, text: text, at: position, file: file)
    }

    private mutating func evaluate(parts: [HCLTemplatePart], text: String, at position: SourcePosition, file: String) -> TerraformEvaluation {
        if let literal = HCLParser.literalText(of: parts) {
            return TerraformEvaluation(node: .leaf(.string(literal), at: position))
        }
        // A template that is exactly one interpolation yields the value itself, unconverted.
        if parts.count == 1, case .interpolation(let expression, _) = parts[0] {
            return evaluate(expression, display: text, at: position, file: file)
        }
        let hasDirective = parts.contains { if case .directive = $0 { true } else { false } }
        if hasDirective {
            return TerraformEvaluation(node: .leaf(.unresolved(text), at: position),
                                       hiddenReferences: references(of: parts.flatMap(\.traversals), at: position, file: file))
        }
        // Text around interpolations: a literal only when every interpolation is one.
        var result = ""
        var vias: [String] = []
        var allLiteral = true
        var references: [ResourceReference] = []
        for part in parts {
            switch part {
            case .literal(let literal):
                if allLiteral { result += literal }
            case .interpolation(let expression, _):
                let evaluation = evaluate(expression, display: nil, at: position, file: file)
                references += evaluation.allReferences
                guard allLiteral, case .leaf(let value) = evaluation.node.content else { allLiteral = false; continue }
                switch value {
                case .string(let string): result += string
                case .number, .bool: result += value.displayText
                default: allLiteral = false
                }
                if result.utf8.count > Self.maxStringBytes {
                    diagnose("a template longer than \(Self.maxStringBytes / 1024) KB is not evaluated",
                             at: position, file: file, key: "long-template")
                    allLiteral = false
                    result = ""
                }
                if let via = evaluation.node.via, !vias.contains(via) { vias.append(via) }
            case .directive:
                allLiteral = false
            }
        }
        if allLiteral {
            return TerraformEvaluation(node: .leaf(.string(result), at: position, via: vias.isEmpty ? nil : vias.joined(separator: ", ")))
        }
        return TerraformEvaluation(node: .leaf(.unresolved(text), at: position), hiddenReferences: Self.unique(references))
    }

    /// `display` replaces the expression's own text in unresolved values (the whole JSON
    /// string for a top-level interpolation, so users see what they wrote).
    private mutating func evaluate(_ expression: HCLExpression, display: String?, at position: SourcePosition, file: String) -> TerraformEvaluation {
        guard nesting < Self.maxTotalNesting else {
            diagnoseTooDeepThroughLocals(at: position, file: file)
            return TerraformEvaluation(node: .leaf(.unresolved(display ?? "(nested too deeply)"), at: position))
        }
        nesting += 1
        defer { nesting -= 1 }
        switch expression {
        case .literal(let value):
            return TerraformEvaluation(node: .leaf(value, at: position))
        case .template(let parts):
            let text = display ?? "\"" + parts.map(\.sourceText).joined() + "\""
            return evaluate(parts: parts, text: text, at: position, file: file)
        case .tuple(let items):
            var hidden: [ResourceReference] = []
            let nodes = items.map { item -> ResolvedNode in
                let evaluation = evaluate(item, display: nil, at: position, file: file)
                hidden += evaluation.hiddenReferences
                return evaluation.node
            }
            return TerraformEvaluation(node: ResolvedNode(.list(nodes), at: position), hiddenReferences: hidden)
        case .object(let items):
            var hidden: [ResourceReference] = []
            let entries = items.map { item -> ResolvedEntry in
                let evaluation = evaluate(item.value, display: nil, at: position, file: file)
                hidden += evaluation.hiddenReferences
                return ResolvedEntry(key: item.key, keyPosition: position, node: evaluation.node)
            }
            return TerraformEvaluation(node: ResolvedNode(.map(entries), at: position), hiddenReferences: hidden)
        case .traversal(let traversal):
            return evaluate(traversal, display: display, at: position, file: file)
        case .call(let name, let arguments, let text):
            if Self.transparentFunctions.contains(name), arguments.count == 1 {
                return evaluate(arguments[0], display: display, at: position, file: file)
            }
            return TerraformEvaluation(node: .leaf(.unresolved(display ?? text), at: position),
                                       hiddenReferences: references(of: expression.traversals, at: position, file: file))
        case .opaque(let text, let traversals):
            return TerraformEvaluation(node: .leaf(.unresolved(display ?? text), at: position),
                                       hiddenReferences: references(of: traversals, at: position, file: file))
        }
    }

    private mutating func evaluate(_ traversal: HCLTraversal, display: String?, at position: SourcePosition, file: String) -> TerraformEvaluation {
        let unresolvedText = display ?? traversal.text
        func unresolved(_ hidden: [ResourceReference] = []) -> TerraformEvaluation {
            TerraformEvaluation(node: .leaf(.unresolved(unresolvedText), at: position), hiddenReferences: hidden)
        }
        let indexReferences = references(of: traversal.indexTraversals, at: position, file: file)
        switch traversal.root {
        case "var":
            guard case .attribute(let name)? = traversal.steps.first else { return unresolved() }
            guard let variable = variables[name] else {
                diagnoseUndeclared("var.\(name)", at: position, file: file)
                return unresolved()
            }
            guard let defaultValue = self.defaultValue(of: name, variable) else { return unresolved() }
            // Navigate first: only the part that is used is copied.
            guard let found = Self.navigate(defaultValue, traversal.steps.dropFirst()),
                  let copy = expanded(found, to: position, via: "var.\(name) default", file: file) else { return unresolved() }
            return TerraformEvaluation(node: copy, hiddenReferences: indexReferences)
        case "local":
            guard case .attribute(let name)? = traversal.steps.first else { return unresolved() }
            guard let local = evaluateLocal(name, usedAt: position, file: file) else { return unresolved() }
            guard let found = Self.navigate(local.node, traversal.steps.dropFirst()),
                  let copy = expanded(found, to: position, via: nil, file: file) else {
                return unresolved((localReferences[name] ?? []) + indexReferences)
            }
            return TerraformEvaluation(node: copy, hiddenReferences: local.hiddenReferences + indexReferences)
        default:
            guard let (address, attribute) = Self.resourceAddress(of: traversal) else {
                return unresolved(indexReferences)
            }
            guard resourceAddresses.contains(address) else {
                diagnoseUndeclared(address, at: position, file: file)
                return unresolved(indexReferences)
            }
            let reference = ResourceReference(target: ResourceID(scope: scope, name: address), attribute: attribute)
            return TerraformEvaluation(node: .leaf(.reference(reference), at: position), hiddenReferences: indexReferences)
        }
    }

    /// A reference written as a bare address (`depends_on` entries, with or without `${}`).
    mutating func reference(named text: String, at position: SourcePosition, file: String) -> ResourceReference? {
        var expressionText = HCLParser.trimmed(text)
        if expressionText.hasPrefix("${"), expressionText.hasSuffix("}") {
            expressionText = String(expressionText.dropFirst(2).dropLast())
        }
        guard case .traversal(let traversal)? = HCLParser.expression(expressionText),
              let (address, attribute) = Self.resourceAddress(of: traversal) else { return nil }
        guard resourceAddresses.contains(address) else {
            diagnoseUndeclared(address, at: position, file: file)
            return nil
        }
        return ResourceReference(target: ResourceID(scope: scope, name: address), attribute: attribute)
    }

    /// The resources that a list of traversals depends on (for unresolved expressions).
    private mutating func references(of traversals: [HCLTraversal], at position: SourcePosition, file: String) -> [ResourceReference] {
        Self.unique(collectReferences(of: traversals, at: position, file: file))
    }

    private mutating func collectReferences(of traversals: [HCLTraversal], at position: SourcePosition, file: String) -> [ResourceReference] {
        var found: [ResourceReference] = []
        for traversal in traversals {
            found += collectReferences(of: traversal.indexTraversals, at: position, file: file)
            switch traversal.root {
            case "var":
                continue
            case "local":
                guard case .attribute(let name)? = traversal.steps.first,
                      evaluateLocal(name, usedAt: position, file: file) != nil else { continue }
                found += localReferences[name] ?? []
            default:
                guard let (address, attribute) = Self.resourceAddress(of: traversal) else { continue }
                guard resourceAddresses.contains(address) else {
                    diagnoseUndeclared(address, at: position, file: file)
                    continue
                }
                found.append(ResourceReference(target: ResourceID(scope: scope, name: address), attribute: attribute))
            }
        }
        return found
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

    /// A variable's default as a resolved node, converted on first use.
    private mutating func defaultValue(of name: String, _ variable: TerraformVariable) -> ResolvedNode? {
        if let converted = variableDefaults[name] { return converted }
        let converted = variable.defaultValue.flatMap(ResolvedNode.terraformLiteral)
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

extension HCLTemplatePart {
    /// The part as written inside a quoted string.
    var sourceText: String {
        switch self {
        case .literal(let text): text
        case .interpolation(_, let text): text
        case .directive(let text, _): text
        }
    }
}
