import AuditModel
import AuditSyntax

/// A template parameter as declared under `Parameters`.
struct TemplateParameter {
    var name: String
    var type: String?
    var defaultValue: Node?
    var isNoEcho: Bool
}

/// Evaluates CloudFormation intrinsic functions over one template, as far as a static
/// reading allows: parameter defaults and mappings are substituted, conditions decided where
/// parameters decide them, and references to resources become `.reference` values. What
/// depends on the deployment (pseudo parameters, imports, parameters without default) stays
/// `.unresolved` with source-like text.
///
/// Each node is resolved once; conditions and parameter values are computed once and cached,
/// so the work is linear in the template size.
final class IntrinsicResolver {
    let file: String
    let isSAM: Bool
    private let parameters: [String: TemplateParameter]
    private let mappings: Node?
    private let conditionDefinitions: [String: MappingEntry]
    private var resourceNames: Set<String>
    /// Logical ids of `AWS::Serverless::*` resources: SAM generates further resources named
    /// after them (`FnAliaslive`, `ApiDeployment1a2b3c`) that a template may reference.
    private var serverlessNames: [String] = []

    private enum ConditionOutcome {
        case known(Bool)
        case unknown
    }
    private var conditionOutcomes: [String: ConditionOutcome] = [:]
    private var conditionsInProgress: Set<String> = []
    private var parameterValues: [String: Value] = [:]
    private var parameterVias: [String: String?] = [:]

    private(set) var diagnostics: [LoadDiagnostic] = []

    private enum PathSegment {
        case key(String)
        case index(Int)
    }
    /// Where in the body being resolved the resolver is, for links found inside expressions.
    private var pathSegments: [PathSegment] = []
    private var currentKeyPosition = SourcePosition.start
    private var hiddenLinks: [Link] = []
    /// While positive, references are not recorded as links (conditions, outputs' side work).
    private var linkRecordingPauses = 0
    /// While positive, nothing is recorded at all (look-ahead reads by the SAM emulation).
    private var quietPauses = 0

    static let pseudoParameters: Set<String> = [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
        "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    ]

    init(
        file: String, isSAM: Bool, parameters: [String: TemplateParameter], mappings: Node?,
        conditions: [String: MappingEntry], resourceNames: Set<String>
    ) {
        self.file = file
        self.isSAM = isSAM
        self.parameters = parameters
        self.mappings = mappings
        self.conditionDefinitions = conditions
        self.resourceNames = resourceNames
    }

    func addResourceNames<Names: Sequence<String>>(_ names: Names) {
        resourceNames.formUnion(names)
    }

    func setServerlessNames(_ names: [String]) {
        serverlessNames = names
    }

    func isResourceName(_ name: String) -> Bool {
        resourceNames.contains(name)
    }

    func warn(_ message: String, at position: SourcePosition) {
        guard quietPauses == 0 else { return }
        diagnostics.append(LoadDiagnostic(.warning, message, at: SourceLocation(file: file, position: position)))
    }

    private func resourceID(_ name: String) -> ResourceID {
        ResourceID(scope: file, name: name)
    }

    // MARK: Entry points

    /// Resolves a resource body (or any value a resource carries). Returns `nil` when the
    /// whole value is `AWS::NoValue`, and the links to resources referenced inside
    /// expressions that could not be evaluated (`!Sub "arn:…:${Bucket}/*"`), which the
    /// resolved tree cannot show as `.reference` values.
    func resolveBody(_ node: Node, keyPosition: SourcePosition) -> (node: ResolvedNode?, hiddenLinks: [Link]) {
        let savedPath = pathSegments
        let savedKey = currentKeyPosition
        let savedLinks = hiddenLinks
        pathSegments = []
        currentKeyPosition = keyPosition
        hiddenLinks = []
        let resolved = resolve(node)
        let links = hiddenLinks
        pathSegments = savedPath
        currentKeyPosition = savedKey
        hiddenLinks = savedLinks
        return (resolved, links)
    }

    /// Resolves without recording diagnostics or links: for look-ahead decisions (is
    /// `Tracing` "Disabled"? which API does `RestApiId` name?).
    func resolveQuietly(_ node: Node) -> ResolvedNode? {
        quietPauses += 1
        defer { quietPauses -= 1 }
        return resolveBody(node, keyPosition: node.position).node
    }

    /// Resolves a value that belongs to no resource property (a `Metadata` block, a
    /// `DeletionPolicy`): diagnostics are kept, links are not.
    func resolveDetached(_ node: Node) -> ResolvedNode? {
        linkRecordingPauses += 1
        defer { linkRecordingPauses -= 1 }
        return resolveBody(node, keyPosition: node.position).node
    }

    // MARK: Conditions

    /// Decides every condition once, so each problem in `Conditions` is reported once.
    func evaluateAllConditions() {
        for name in conditionDefinitions.keys.sorted() {
            _ = condition(named: name, at: conditionDefinitions[name]?.keyPosition ?? .start)
        }
    }

    /// `true`/`false` when parameters decide the condition, `nil` when it depends on the deployment.
    func condition(named name: String, at position: SourcePosition) -> Bool? {
        if let outcome = conditionOutcomes[name] {
            if case .known(let flag) = outcome { return flag }
            return nil
        }
        guard let definition = conditionDefinitions[name] else {
            // Reported once: a resource's condition is looked up by the SAM emulation and again when it is built.
            warn("condition \"\(name)\" is not defined in Conditions", at: position)
            conditionOutcomes[name] = .unknown
            return nil
        }
        guard conditionsInProgress.insert(name).inserted else {
            warn("condition \"\(name)\" refers to itself", at: definition.keyPosition)
            return nil
        }
        linkRecordingPauses += 1
        let result = evaluateCondition(definition.value)
        linkRecordingPauses -= 1
        conditionsInProgress.remove(name)
        conditionOutcomes[name] = result.map(ConditionOutcome.known) ?? .unknown
        return result
    }

    /// Three-valued evaluation of `Fn::Equals/And/Or/Not` and `Condition`.
    private func evaluateCondition(_ node: Node) -> Bool? {
        guard let call = IntrinsicCall(node, allowsConditionKey: true) else {
            warn("a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition", at: node.position)
            return nil
        }
        let arguments = call.argument.elements
        switch call.name {
        case "Fn::Equals":
            guard arguments.count == 2 else {
                warn("Fn::Equals takes two values", at: call.position)
                return nil
            }
            guard let left = comparableText(resolve(arguments[0])),
                  let right = comparableText(resolve(arguments[1])) else { return nil }
            return left == right
        case "Fn::And", "Fn::Or":
            guard !arguments.isEmpty else {
                warn("\(call.name) takes a list of conditions", at: call.position)
                return nil
            }
            let isAnd = call.name == "Fn::And"
            var sawUnknown = false
            for argument in arguments {
                switch evaluateCondition(argument) {
                case .some(let flag) where flag != isAnd: return flag
                case .some: continue
                case .none: sawUnknown = true
                }
            }
            return sawUnknown ? nil : isAnd
        case "Fn::Not":
            guard arguments.count == 1 else {
                warn("Fn::Not takes a list of one condition", at: call.position)
                return nil
            }
            return evaluateCondition(arguments[0]).map { !$0 }
        case "Condition":
            guard let name = call.argument.scalarText else {
                warn("Condition takes a condition name", at: call.position)
                return nil
            }
            return condition(named: name, at: call.position)
        default:
            // Any other intrinsic (a `!Ref` to a boolean parameter, …) is not a condition
            // CloudFormation accepts; treat it as undecidable rather than guessing.
            warn("\(call.shortName) is not a condition function", at: call.position)
            return nil
        }
    }

    /// CloudFormation compares condition operands as strings.
    private func comparableText(_ node: ResolvedNode?) -> String? {
        guard let node, case .leaf(let value) = node.content else { return nil }
        return Self.literalText(value)
    }

    // MARK: Resolution

    private var currentPath: String {
        var path = ""
        for segment in pathSegments {
            switch segment {
            case .key(let key): path += path.isEmpty ? key : ".\(key)"
            case .index(let index): path += "[\(index)]"
            }
        }
        return path
    }

    /// Records references that ended up inside an unresolved value as links of the body.
    private func recordLinks(_ references: [ResourceReference]) {
        guard linkRecordingPauses == 0, quietPauses == 0, !references.isEmpty else { return }
        let path = currentPath
        let location = SourceLocation(file: file, position: currentKeyPosition)
        for reference in references {
            hiddenLinks.append(Link(path: path, reference: reference, location: location))
        }
    }

    private func resolve(_ node: Node) -> ResolvedNode? {
        if let call = IntrinsicCall(node) { return resolve(call) }
        switch node.content {
        case .scalar(let text, let kind):
            return .leaf(Value(scalar: text, kind: kind), at: node.position)
        case .sequence(let items):
            var resolved: [ResolvedNode] = []
            resolved.reserveCapacity(items.count)
            for item in items {
                pathSegments.append(.index(resolved.count))
                if let element = resolve(item) { resolved.append(element) }
                pathSegments.removeLast()
            }
            return ResolvedNode(.list(resolved), at: node.position)
        case .mapping(let entries):
            var resolved: [ResolvedEntry] = []
            resolved.reserveCapacity(entries.count)
            let savedKey = currentKeyPosition
            for entry in entries {
                pathSegments.append(.key(entry.key))
                currentKeyPosition = entry.keyPosition
                if let value = resolve(entry.value) {
                    resolved.append(ResolvedEntry(key: entry.key, keyPosition: entry.keyPosition, node: value))
                }
                pathSegments.removeLast()
            }
            currentKeyPosition = savedKey
            return ResolvedNode(.map(resolved), at: node.position)
        }
    }

    private func resolve(_ call: IntrinsicCall) -> ResolvedNode? {
        switch call.name {
        case "Ref": return resolveRef(call)
        case "Fn::GetAtt": return resolveGetAtt(call)
        case "Fn::Sub": return resolveSub(call)
        case "Fn::Join": return resolveJoin(call)
        case "Fn::Select": return resolveSelect(call)
        case "Fn::Split": return resolveSplit(call)
        case "Fn::If": return resolveIf(call)
        case "Fn::FindInMap": return resolveFindInMap(call)
        case "Fn::Base64": return resolveBase64(call)
        case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
            let node = Node(.mapping([MappingEntry(key: call.name, keyPosition: call.position, value: call.argument)]),
                            position: call.position)
            if let flag = evaluateCondition(node) { return .leaf(.bool(flag), at: call.position) }
            return unresolved(call)
        case "Fn::ImportValue":
            // Render the export name after substitution: `!ImportValue prod-vpc-id` tells more
            // than `!ImportValue !Sub ${Env}-vpc-id`.
            let name = resolve(call.argument)
            recordLinks(name?.references ?? [])
            if let name, case .leaf(let value) = name.content, let text = Self.literalText(value) {
                return .leaf(.unresolved("!ImportValue \(TemplateRenderer.scalarText(text))"), at: call.position)
            }
            return unresolved(call)
        default:
            // `Fn::GetAZs`, `Fn::Cidr`, `Fn::Transform`, `Fn::Length`, `Fn::ToJsonString`,
            // `!Rain::Embed`, …: not evaluated, but resources named inside still count as links.
            recordLinks(resolve(call.argument)?.references ?? [])
            return unresolved(call)
        }
    }

    private func unresolved(_ call: IntrinsicCall) -> ResolvedNode {
        let node = Node(.mapping([MappingEntry(key: call.name, keyPosition: call.position, value: call.argument)]),
                        position: call.position)
        let text = call.name.hasPrefix("Fn::") || call.name == "Ref" || call.name == "Condition"
            ? TemplateRenderer.render(node)
            : call.name + " " + TemplateRenderer.render(call.argument)
        return .leaf(.unresolved(text), at: call.position)
    }

    // MARK: Ref and GetAtt

    private func resolveRef(_ call: IntrinsicCall) -> ResolvedNode? {
        guard call.argument.tag == nil, let name = call.argument.scalarText else {
            warn("Ref takes the name of a parameter or resource", at: call.position)
            return unresolved(call)
        }
        if name == "AWS::NoValue" { return nil }
        if Self.pseudoParameters.contains(name) {
            return .leaf(.unresolved("!Ref \(name)"), at: call.position)
        }
        if let parameter = parameters[name] {
            return parameterNode(parameter, at: call.position)
        }
        if let target = resourceReference(named: name) {
            return .leaf(.reference(target), at: call.position)
        }
        warn("Ref to \"\(name)\", which is neither a parameter nor a resource of this template", at: call.position)
        return .leaf(.unresolved("!Ref \(name)"), at: call.position)
    }

    /// A reference to a resource of the template, including SAM's generated resources and
    /// SAM's dotted references (`!Ref MyFunction.Alias`).
    private func resourceReference(named name: String) -> ResourceReference? {
        if resourceNames.contains(name) { return ResourceReference(target: resourceID(name)) }
        guard isSAM else { return nil }
        if let dot = name.firstIndex(of: "."), resourceNames.contains(String(name[..<dot])) {
            return ResourceReference(target: resourceID(String(name[..<dot])), attribute: String(name[name.index(after: dot)...]))
        }
        if name.hasPrefix("Serverless") || serverlessNames.contains(where: { name.hasPrefix($0) }) {
            return ResourceReference(target: resourceID(name))
        }
        return nil
    }

    private func resolveGetAtt(_ call: IntrinsicCall) -> ResolvedNode? {
        var resourceName: String?
        var attributeName: String?
        switch call.argument.content {
        case .scalar(let text, _) where call.argument.tag == nil:
            if let dot = text.firstIndex(of: ".") {
                resourceName = String(text[..<dot])
                attributeName = String(text[text.index(after: dot)...])
            }
        case .sequence(let items) where items.count == 2:
            resourceName = items[0].tag == nil ? items[0].scalarText : nil
            if items[1].tag == nil, let text = items[1].scalarText {
                attributeName = text
            } else if let resolved = resolve(items[1]), case .leaf(let value) = resolved.content {
                attributeName = Self.literalText(value)
            }
        default:
            break
        }
        guard let resourceName, !resourceName.isEmpty else {
            warn("Fn::GetAtt takes \"Resource.Attribute\" or [Resource, Attribute]", at: call.position)
            return unresolved(call)
        }
        guard let target = resourceReference(named: resourceName) else {
            warn("Fn::GetAtt of \"\(resourceName)\", which is not a resource of this template", at: call.position)
            return unresolved(call)
        }
        guard let attributeName else {
            // The attribute itself is an expression: the link is certain, the value is not.
            recordLinks([target])
            return unresolved(call)
        }
        return .leaf(.reference(ResourceReference(target: target.target, attribute: attributeName)), at: call.position)
    }

    /// The value a `Ref` to a parameter yields: its default, marked as parameter-driven.
    private func parameterNode(_ parameter: TemplateParameter, at position: SourcePosition) -> ResolvedNode {
        let value = parameterValue(parameter)
        let via = parameterVia(parameter)
        if case .list(let items) = value {
            return ResolvedNode(.list(items.map { .leaf($0, at: position, via: via) }), at: position, via: via)
        }
        return .leaf(value, at: position, via: via)
    }

    /// How a value reached through the parameter is described; computed once per parameter.
    private func parameterVia(_ parameter: TemplateParameter) -> String? {
        if let cached = parameterVias[parameter.name] { return cached }
        var via: String?
        if let defaultValue = parameter.defaultValue, !defaultValue.isNull {
            if parameter.type?.hasPrefix("AWS::SSM::Parameter::Value<") == true {
                via = "SSM parameter \(defaultValue.scalarText ?? TemplateRenderer.render(defaultValue)) (parameter \(parameter.name))"
            } else {
                via = "parameter \(parameter.name) default" + (parameter.isNoEcho ? " (NoEcho)" : "")
            }
        }
        parameterVias[parameter.name] = .some(via)
        return via
    }

    private func parameterValue(_ parameter: TemplateParameter) -> Value {
        if let cached = parameterValues[parameter.name] { return cached }
        let value: Value
        let type = parameter.type ?? "String"
        if let defaultValue = parameter.defaultValue, !defaultValue.isNull,
           !type.hasPrefix("AWS::SSM::Parameter::Value<") {
            let isList = type == "CommaDelimitedList" || type.hasPrefix("List<")
            switch defaultValue.content {
            case .scalar(let text, let kind):
                value = isList
                    ? .list(Self.split(text, by: ",").map { .string(Self.trimmingSpaces($0)) })
                    : Value(scalar: text, kind: kind)
            case .sequence, .mapping:
                value = ResolvedNode(literal: defaultValue).value
            }
        } else {
            value = .unresolved("!Ref \(parameter.name)")
        }
        parameterValues[parameter.name] = value
        return value
    }

    // MARK: Fn::Sub and Fn::Join

    /// How a resolved piece reads inside a larger string: literal text, `${Bucket.Arn}` for a
    /// reference, `${AWS::Region}` for a pseudo parameter, the expression otherwise.
    private static func inlineText(_ node: ResolvedNode) -> (text: String, isLiteral: Bool) {
        switch node.content {
        case .leaf(let value):
            if let text = literalText(value) { return (text, true) }
            switch value {
            case .reference(let reference): return ("${\(reference)}", false)
            case .unresolved(let expression):
                if expression.hasPrefix("!Ref ") { return ("${\(expression.dropFirst(5))}", false) }
                if expression.hasPrefix("!GetAtt ") { return ("${\(expression.dropFirst(8))}", false) }
                if expression.containsASCII("${") { return (expression, false) }
                return ("${\(expression)}", false)
            default:
                return ("${\(value.displayText)}", false)
            }
        case .list, .map:
            return ("${\(node.value.displayText)}", false)
        }
    }

    private func resolveSub(_ call: IntrinsicCall) -> ResolvedNode? {
        let template: String
        var variableNodes: [String: Node] = [:]
        switch call.argument.content {
        case .scalar(let text, let kind) where call.argument.tag == nil && kind != .null:
            template = text
        case .sequence(let items) where items.count == 2 && items[0].tag == nil && items[0].scalarText != nil:
            template = items[0].scalarText ?? ""
            guard items[1].isMapping else {
                warn("Fn::Sub variables must be a mapping", at: items[1].position)
                return unresolved(call)
            }
            for entry in items[1].entries where variableNodes[entry.key] == nil {
                variableNodes[entry.key] = entry.value
            }
        default:
            warn("Fn::Sub takes a string, or a string and a mapping of variables", at: call.position)
            return unresolved(call)
        }

        var resolvedVariables: [String: ResolvedNode?] = [:]
        var pieces: [Substitution] = []
        for part in Self.substitutionParts(of: template) {
            switch part {
            case .text(let text):
                pieces.append(.text(text))
            case .placeholder(let name):
                if let variable = variableNodes[name] {
                    if resolvedVariables[name] == nil { resolvedVariables[name] = .some(resolve(variable)) }
                    if let resolved = resolvedVariables[name] ?? nil {
                        pieces.append(.value(resolved))
                    } else {
                        pieces.append(.expression("${\(name)}"))
                    }
                } else {
                    pieces.append(placeholderValue(name, at: call.position))
                }
            }
        }
        return combine(pieces, at: call.position)
    }

    private enum Substitution {
        case text(String)
        case value(ResolvedNode)
        /// Unknowable text kept as written (`${AWS::Region}`).
        case expression(String)
    }

    /// A `${Name}` of a plain `Fn::Sub`: a parameter, a pseudo parameter, a resource or `Resource.Attribute`.
    private func placeholderValue(_ name: String, at position: SourcePosition) -> Substitution {
        if Self.pseudoParameters.contains(name) { return .expression("${\(name)}") }
        if let parameter = parameters[name] { return .value(parameterNode(parameter, at: position)) }
        if let target = resourceReference(named: name) { return .value(.leaf(.reference(target), at: position)) }
        if let dot = name.firstIndex(of: "."), let target = resourceReference(named: String(name[..<dot])) {
            let reference = ResourceReference(target: target.target, attribute: String(name[name.index(after: dot)...]))
            return .value(.leaf(.reference(reference), at: position))
        }
        warn("Fn::Sub variable ${\(name)} names no parameter or resource of this template", at: position)
        return .expression("${\(name)}")
    }

    /// Joins pieces into one value: a literal string when every piece is known, the single
    /// value itself when the string is exactly one placeholder, otherwise an unresolved
    /// string that reads like the source, whose references become links.
    private func combine(_ pieces: [Substitution], at position: SourcePosition) -> ResolvedNode {
        // A string that is exactly one placeholder (empty text aside) is that value itself.
        var meaningfulCount = 0
        var onlyValue: ResolvedNode?
        for piece in pieces {
            switch piece {
            case .text(let text) where text.isEmpty: continue
            case .value(let node): onlyValue = meaningfulCount == 0 ? node : nil
            case .text, .expression: onlyValue = nil
            }
            meaningfulCount += 1
        }
        if meaningfulCount == 1, let onlyValue {
            return onlyValue
        }
        var text = ""
        var isLiteral = true
        var references: [ResourceReference] = []
        var vias: [String] = []
        for piece in pieces {
            switch piece {
            case .text(let literal):
                text += literal
            case .expression(let expression):
                text += expression
                isLiteral = false
            case .value(let node):
                let inline = Self.inlineText(node)
                text += inline.text
                isLiteral = isLiteral && inline.isLiteral
                references += node.references
                if let via = node.via, !vias.contains(via) { vias.append(via) }
            }
        }
        if isLiteral {
            return .leaf(.string(text), at: position, via: vias.isEmpty ? nil : vias.joined(separator: "; "))
        }
        recordLinks(references)
        return .leaf(.unresolved(text), at: position)
    }

    private enum SubstitutionPart {
        case text(String)
        case placeholder(String)
    }

    /// Splits an `Fn::Sub` string into text and `${…}` placeholders. `${!Literal}` is
    /// CloudFormation's escape and stays literal text (`${Literal}`).
    private static func substitutionParts(of template: String) -> [SubstitutionPart] {
        var template = template
        return template.withUTF8 { substitutionParts(bytes: $0) }
    }

    private static func substitutionParts(bytes: UnsafeBufferPointer<UInt8>) -> [SubstitutionPart] {
        var parts: [SubstitutionPart] = []
        var text: [UInt8] = []
        // Literal bytes from `runStart` on are copied into `text` in one go, not byte by byte.
        var runStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
               let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                text += bytes[runStart..<index]
                let inner = UnsafeBufferPointer(rebasing: bytes[(index + 2)..<close])
                if inner.first == UInt8(ascii: "!") {
                    text += "${".utf8
                    text += inner.dropFirst()
                    text.append(UInt8(ascii: "}"))
                } else {
                    if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
                    text.removeAll(keepingCapacity: true)
                    parts.append(.placeholder(placeholderName(inner)))
                }
                index = close + 1
                runStart = index
            } else {
                index += 1
            }
        }
        text += bytes[runStart...]
        if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return parts
    }

    /// The name inside `${…}` without surrounding spaces and tabs; trimmed as bytes when
    /// the name is ASCII (the usual case), as characters otherwise.
    private static func placeholderName(_ inner: UnsafeBufferPointer<UInt8>) -> String {
        guard !inner.contains(where: { $0 >= 0x80 }) else {
            return trimmingSpaces(String(decoding: inner, as: UTF8.self))
        }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = inner.startIndex
        var end = inner.endIndex
        while start < end, isBlank(inner[start]) { start += 1 }
        while end > start, isBlank(inner[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: inner[start..<end]), as: UTF8.self)
    }

    /// The two resolved arguments of `Fn::Join`, `Fn::Select` and `Fn::Split`, or `nil`
    /// (after a warning naming `usage`) when the call does not have exactly two.
    private func resolvePair(_ call: IntrinsicCall, usage: String) -> (ResolvedNode?, ResolvedNode?)? {
        let arguments = call.argument.elements
        guard call.argument.tag == nil, arguments.count == 2 else {
            warn(usage, at: call.position)
            return nil
        }
        return (resolve(arguments[0]), resolve(arguments[1]))
    }

    private func resolveJoin(_ call: IntrinsicCall) -> ResolvedNode? {
        guard let (delimiterNode, listNode) = resolvePair(call, usage: "Fn::Join takes a delimiter and a list") else {
            return unresolved(call)
        }
        guard let delimiterNode, case .leaf(let delimiterValue) = delimiterNode.content,
              let delimiter = Self.literalText(delimiterValue),
              let listNode, case .list(let items) = listNode.content else {
            recordLinks((delimiterNode?.references ?? []) + (listNode?.references ?? []))
            return unresolved(call)
        }
        var pieces: [Substitution] = []
        for (index, item) in items.enumerated() {
            if index > 0, !delimiter.isEmpty { pieces.append(.text(delimiter)) }
            pieces.append(.value(item))
        }
        if items.isEmpty { return .leaf(.string(""), at: call.position) }
        return combine(pieces, at: call.position)
    }

    // MARK: Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::Base64

    private func resolveSelect(_ call: IntrinsicCall) -> ResolvedNode? {
        guard let (indexNode, listNode) = resolvePair(call, usage: "Fn::Select takes an index and a list") else {
            return unresolved(call)
        }
        if let indexNode, case .leaf(let indexValue) = indexNode.content, let indexText = Self.literalText(indexValue),
           Int(indexText) == nil {
            warn("Fn::Select index \"\(indexText)\" is not a number", at: call.position)
        }
        guard let indexNode, case .leaf(let indexValue) = indexNode.content,
              let indexText = Self.literalText(indexValue), let index = Int(indexText),
              let listNode, case .list(let items) = listNode.content else {
            recordLinks((indexNode?.references ?? []) + (listNode?.references ?? []))
            return unresolved(call)
        }
        guard items.indices.contains(index) else {
            warn("Fn::Select index \(index) is outside a list of \(items.count)", at: call.position)
            recordLinks(listNode.references)
            return unresolved(call)
        }
        return items[index]
    }

    private func resolveSplit(_ call: IntrinsicCall) -> ResolvedNode? {
        guard let (delimiterNode, sourceNode) = resolvePair(call, usage: "Fn::Split takes a delimiter and a string") else {
            return unresolved(call)
        }
        guard let delimiterNode, case .leaf(let delimiterValue) = delimiterNode.content,
              let delimiter = Self.literalText(delimiterValue), !delimiter.isEmpty,
              let sourceNode, case .leaf(let sourceValue) = sourceNode.content,
              let source = Self.literalText(sourceValue) else {
            recordLinks(sourceNode?.references ?? [])
            return unresolved(call)
        }
        let items = Self.split(source, by: delimiter).map { ResolvedNode.leaf(.string($0), at: call.position, via: sourceNode.via) }
        return ResolvedNode(.list(items), at: call.position, via: sourceNode.via)
    }

    private func resolveIf(_ call: IntrinsicCall) -> ResolvedNode? {
        let arguments = call.argument.elements
        guard call.argument.tag == nil, arguments.count == 3, arguments[0].tag == nil,
              let conditionName = arguments[0].scalarText else {
            warn("Fn::If takes a condition name and two values", at: call.position)
            return unresolved(call)
        }
        switch condition(named: conditionName, at: arguments[0].position) {
        case .some(true):
            return resolve(arguments[1])
        case .some(false):
            return resolve(arguments[2])
        case .none:
            // Either branch may be deployed: both branches' resources are linked.
            let whenTrue = resolve(arguments[1])
            let whenFalse = resolve(arguments[2])
            recordLinks((whenTrue?.references ?? []) + (whenFalse?.references ?? []))
            return unresolved(call)
        }
    }

    private func resolveFindInMap(_ call: IntrinsicCall) -> ResolvedNode? {
        let arguments = call.argument.elements
        guard call.argument.tag == nil, arguments.count == 3 || arguments.count == 4 else {
            warn("Fn::FindInMap takes a map name, a top-level key and a second-level key", at: call.position)
            return unresolved(call)
        }
        var keys: [String] = []
        for argument in arguments.prefix(3) {
            guard let resolved = resolve(argument), case .leaf(let value) = resolved.content,
                  let text = Self.literalText(value) else { break }
            keys.append(text)
        }
        let defaultNode = arguments.count == 4 ? arguments[3]["DefaultValue"] : nil
        guard keys.count == 3 else { return unresolved(call) }
        if let found = mappings?[keys[0]]?[keys[1]]?[keys[2]] {
            var resolved = resolve(found)
            resolved?.via = "mapping \(keys[0]).\(keys[1]).\(keys[2])"
            return resolved
        }
        if let defaultNode { return resolve(defaultNode) }
        warn("Fn::FindInMap: \(keys.joined(separator: ".")) is not in Mappings", at: call.position)
        return unresolved(call)
    }

    private func resolveBase64(_ call: IntrinsicCall) -> ResolvedNode? {
        // The encoded text is what the resource receives, but rules read the plain text
        // (user data scripts), so the inner value is kept when it is literal.
        guard let inner = resolve(call.argument) else { return unresolved(call) }
        if case .leaf(let value) = inner.content, Self.literalText(value) != nil { return inner }
        recordLinks(inner.references)
        return unresolved(call)
    }

    // MARK: Small helpers

    /// The text of a scalar value as CloudFormation sees it; `nil` for anything else.
    static func literalText(_ value: Value) -> String? {
        switch value {
        case .string(let text): text
        case .number, .bool: value.displayText
        default: nil
        }
    }

    static func split(_ text: String, by delimiter: String) -> [String] {
        let bytes = Array(text.utf8)
        let separator = Array(delimiter.utf8)
        guard !separator.isEmpty else { return [text] }
        var pieces: [String] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }

    static func trimmingSpaces(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
