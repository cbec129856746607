/// Reads HCL native syntax into the one positioned tree loaders see, in the shape HCL's
/// own JSON syntax gives the same body (`hcl/json/spec.md`), so a `.tf` and its `.tf.json`
/// twin are the same tree and go through the same loader and the same evaluator:
///
/// - a block `resource "aws_s3_bucket" "b" { … }` is `"resource": {"aws_s3_bucket": {"b": {…}}}`;
///   nested blocks of one type are one entry, an array when there are several;
/// - a literal is a scalar; a tuple a sequence; an object with literal keys a mapping;
/// - a quoted string or heredoc is a string whose template text is what Terraform JSON
///   would hold (literal `${` written `$${`);
/// - any other expression is the string `"${expression as written}"`, which Terraform's
///   JSON syntax defines as the same expression (a template of one interpolation is its
///   value, unconverted);
/// - comments in a block body that hold a suppression (`auditstack:skip=`, `checkov:skip=`)
///   are its `"//"` entry, each string positioned at its comment.
///
/// Positions are those of the native syntax: a block's last label entry is at the block's
/// first keyword, an attribute at its name, a value where it starts.
public enum HCLReader {
    public static func parse(_ bytes: [UInt8], limits: ReaderLimits = .standard) throws(SyntaxError) -> ParsedDocument {
        let body = try HCLParser.parseFile(bytes, maxDepth: min(limits.maxDepth, HCLParser.defaultMaxDepth))
        var converter = Converter(bytes: bytes)
        let root = converter.node(of: body, at: .start)
        return ParsedDocument(root: root, warnings: converter.warnings)
    }

    /// Comment text that carries a suppression directive.
    static func holdsDirective(_ text: String) -> Bool {
        text.contains("auditstack:skip") || text.contains("checkov:skip")
    }

    /// `${` and `%{` in literal text, escaped for a template.
    public static func escapedTemplateText(_ text: String) -> String {
        guard text.contains("{") else { return text }
        return text.replacingAll("${", with: "$${").replacingAll("%{", with: "%%{")
    }

    private struct Converter {
        let bytes: [UInt8]
        var warnings: [SyntaxWarning] = []

        func source(_ expression: HCLExpression) -> String {
            HCLParser.text(of: expression.range, in: bytes)
        }

        mutating func node(of body: HCLBody, at position: SourcePosition) -> Node {
            var entries: [MappingEntry] = []
            let directives = body.comments.filter { HCLReader.holdsDirective($0.text) }
            if !directives.isEmpty {
                let strings = directives.map { Node(.scalar($0.text, .string), position: $0.position) }
                entries.append(MappingEntry(key: "//", keyPosition: directives[0].position,
                                            value: strings.count == 1 ? strings[0] : Node(.sequence(strings), position: directives[0].position)))
            }
            // Blocks of one type become one entry, at the place of the first.
            var groupIndex: [String: Int] = [:]
            var groups: [(type: String, position: SourcePosition, blocks: [HCLBlock])] = []
            var order: [(isBlock: Bool, index: Int)] = []
            var attributes: [MappingEntry] = []
            for item in body.items {
                switch item {
                case .attribute(let attribute):
                    order.append((false, attributes.count))
                    attributes.append(MappingEntry(key: attribute.name, keyPosition: attribute.namePosition, value: node(of: attribute.value)))
                case .block(let block):
                    if let index = groupIndex[block.type] {
                        groups[index].blocks.append(block)
                    } else {
                        groupIndex[block.type] = groups.count
                        order.append((true, groups.count))
                        groups.append((block.type, block.typePosition, [block]))
                    }
                }
            }
            for (isBlock, index) in order {
                if !isBlock {
                    entries.append(attributes[index])
                    continue
                }
                let group = groups[index]
                entries.append(MappingEntry(key: group.type, keyPosition: group.position, value: blocksNode(group.blocks, position: group.position)))
            }
            return Node(.mapping(entries), position: position)
        }

        /// Blocks of one type: their bodies nested under their labels, one level per label.
        mutating func blocksNode(_ blocks: [HCLBlock], position: SourcePosition) -> Node {
            let bodies = blocks.map { (labels: $0.labels, position: $0.typePosition, body: node(of: $0.body, at: $0.typePosition)) }
            return nest(bodies[...], level: 0, position: position)
        }

        private func nest(
            _ bodies: ArraySlice<(labels: [(text: String, position: SourcePosition)], position: SourcePosition, body: Node)>,
            level: Int, position: SourcePosition
        ) -> Node {
            let finished = bodies.filter { $0.labels.count <= level }
            let labelled = bodies.filter { $0.labels.count > level }
            if labelled.isEmpty {
                return finished.count == 1 ? finished[0].body : Node(.sequence(finished.map(\.body)), position: position)
            }
            var keys: [String] = []
            var byKey: [String: [(labels: [(text: String, position: SourcePosition)], position: SourcePosition, body: Node)]] = [:]
            for body in labelled {
                let key = body.labels[level].text
                if byKey[key] == nil { keys.append(key) }
                byKey[key, default: []].append(body)
            }
            let entries = keys.map { key -> MappingEntry in
                let group = byKey[key]!
                let isLast = group[0].labels.count == level + 1
                // Findings about a resource land on its block's first line, at the keyword.
                let keyPosition = isLast ? group[0].position : group[0].labels[level].position
                return MappingEntry(key: key, keyPosition: keyPosition, value: nest(group[...], level: level + 1, position: keyPosition))
            }
            return Node(.mapping(entries), position: position)
        }

        func node(of expression: HCLExpression) -> Node {
            let position = expression.position
            switch expression.kind {
            case .number(let text):
                let isFloat = text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
                return Node(.scalar(text, isFloat ? .float : .integer), position: position)
            case .bool(let value):
                return Node(.scalar(value ? "true" : "false", .boolean), position: position)
            case .null:
                return Node(.scalar("null", .null), position: position)
            case .template(let parts):
                return Node(.scalar(templateText(parts), .string), position: position)
            case .tuple(let items):
                return Node(.sequence(items.map { node(of: $0) }), position: position)
            case .object(let items):
                var entries: [MappingEntry] = []
                for item in items {
                    let key: String
                    switch item.key {
                    case .name(let name): key = name
                    case .expression(let keyExpression):
                        guard let literal = keyExpression.literalTemplateText else { return interpolation(expression) }
                        key = literal
                    }
                    entries.append(MappingEntry(key: key, keyPosition: item.keyPosition, value: node(of: item.value)))
                }
                return Node(.mapping(entries), position: position)
            case .unary(.negate, let operand):
                if case .number(let text) = operand.kind {
                    return Node(.scalar("-" + text, node(of: operand).scalarKind ?? .integer), position: position)
                }
                return interpolation(expression)
            case .parenthesized(let inner):
                return node(of: inner)
            default:
                return interpolation(expression)
            }
        }

        func interpolation(_ expression: HCLExpression) -> Node {
            Node(.scalar("${" + source(expression) + "}", .string), position: expression.position)
        }

        /// The template as a Terraform JSON string would hold it.
        func templateText(_ parts: [HCLTemplatePart]) -> String {
            var text = ""
            for part in parts {
                switch part {
                case .literal(let literal):
                    text += HCLReader.escapedTemplateText(literal)
                case .interpolation(let expression):
                    text += "${" + source(expression) + "}"
                case .ifDirective(let condition, let then, let otherwise):
                    text += "%{ if " + source(condition) + " }" + templateText(then)
                    if !otherwise.isEmpty { text += "%{ else }" + templateText(otherwise) }
                    text += "%{ endif }"
                case .forDirective(let keyName, let valueName, let collection, let body):
                    let names = keyName.map { "\($0), \(valueName)" } ?? valueName
                    text += "%{ for \(names) in " + source(collection) + " }" + templateText(body) + "%{ endfor }"
                }
            }
            return text
        }
    }
}

extension Node {
    /// The kind of a scalar node.
    var scalarKind: ScalarKind? {
        if case .scalar(_, let kind) = content { return kind }
        return nil
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

private extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
