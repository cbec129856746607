import AuditModel

/// A step after the root name of a traversal: `.name`, `[0]`, `["key"]`, `[*]` or `.*`.
enum HCLTraversalStep: Sendable, Hashable {
    case attribute(String)
    case index(Value)
    /// `[expression]` whose key is only known at plan time.
    case dynamicIndex
    case splat
}

/// A variable or resource reference such as `aws_subnet.private[0].id` or `var.name`.
struct HCLTraversal: Sendable, Hashable {
    var root: String
    var steps: [HCLTraversalStep]
    /// As written, for messages and unresolved values.
    var text: String
    /// Traversals inside dynamic indexes (`aws_subnet.a[local.i]`), which are references too.
    var indexTraversals: [HCLTraversal] = []
}

/// An expression of Terraform's native syntax, as it appears inside `${…}` of a JSON
/// configuration string. Only what auditstack can evaluate statically has its own case;
/// everything else is `opaque`, which still remembers the references it mentions.
indirect enum HCLExpression: Sendable {
    case literal(Value)
    /// A quoted string or heredoc; a template when it holds interpolations.
    case template([HCLTemplatePart])
    case tuple([HCLExpression])
    case object([(key: String, value: HCLExpression)])
    case traversal(HCLTraversal)
    case call(name: String, arguments: [HCLExpression], text: String)
    /// Operators, conditionals, `for` expressions and the like; kept as text.
    case opaque(text: String, traversals: [HCLTraversal])

    /// Every traversal anywhere inside the expression, in reading order.
    var traversals: [HCLTraversal] {
        switch self {
        case .literal: []
        case .template(let parts): parts.flatMap(\.traversals)
        case .tuple(let items): items.flatMap(\.traversals)
        case .object(let items): items.flatMap(\.value.traversals)
        case .traversal(let traversal): [traversal] + traversal.indexTraversals
        case .call(_, let arguments, _): arguments.flatMap(\.traversals)
        case .opaque(_, let traversals): traversals
        }
    }
}

enum HCLTemplatePart: Sendable {
    case literal(String)
    case interpolation(HCLExpression, text: String)
    /// `%{ if … }`, `%{ for … }` and their closing forms: never evaluated.
    case directive(text: String, traversals: [HCLTraversal])

    var traversals: [HCLTraversal] {
        switch self {
        case .literal: []
        case .interpolation(let expression, _): expression.traversals
        case .directive(_, let traversals): traversals
        }
    }
}

/// A recursive-descent reader for the part of HCL's native expression syntax that appears
/// in Terraform JSON strings. It never traps: malformed input throws ``ParseError``, and
/// nesting deeper than `maxDepth` is refused, so hostile input cannot exhaust the stack.
struct HCLParser {
    struct ParseError: Error {}

    static let maxDepth = 48

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth: Int
    /// Names bound by enclosing `for` expressions or dynamic-block iterators: traversals
    /// rooted at them are local values, not references.
    private var boundNames: [String]

    private init(_ text: String, depth: Int = 0, boundNames: [String] = []) {
        scalars = Array(text.unicodeScalars)
        self.depth = depth
        self.boundNames = boundNames
    }

    /// Parses the content of a JSON string as a template (`$${` and `%%{` are escapes).
    static func template(_ text: String, boundNames: [String] = []) -> [HCLTemplatePart]? {
        var parser = HCLParser(text, boundNames: boundNames)
        return try? parser.parseTemplate(terminator: nil, backslashEscapes: false)
    }

    /// Parses a bare expression, such as a `depends_on` entry or a plan reference.
    static func expression(_ text: String, boundNames: [String] = []) -> HCLExpression? {
        var parser = HCLParser(text, boundNames: boundNames)
        guard let expression = try? parser.parseExpression() else { return nil }
        parser.skipTrivia()
        return parser.isAtEnd ? expression : nil
    }

    // MARK: Templates

    private mutating func parseTemplate(terminator: Unicode.Scalar?, backslashEscapes: Bool) throws(ParseError) -> [HCLTemplatePart] {
        var parts: [HCLTemplatePart] = []
        var literal = String.UnicodeScalarView()
        func flushLiteral() {
            if !literal.isEmpty { parts.append(.literal(String(literal))) }
            literal = String.UnicodeScalarView()
        }
        var forBindings = 0
        defer { boundNames.removeLast(min(forBindings, boundNames.count)) }
        while let scalar = peek() {
            if let terminator, scalar == terminator {
                index += 1
                flushLiteral()
                return parts
            }
            if backslashEscapes, scalar == "\\" {
                literal.append(try parseEscape())
                continue
            }
            if scalar == "$" || scalar == "%", peek(1) == scalar, peek(2) == "{" {
                // `$${` and `%%{` stand for a literal `${` and `%{`.
                literal.append(scalar)
                literal.append("{")
                index += 3
                continue
            }
            if scalar == "$", peek(1) == "{" {
                flushLiteral()
                let start = index
                index += 2
                skipStripMarker()
                let expression = try parseExpression()
                skipTrivia()
                skipStripMarker()
                try expect("}")
                parts.append(.interpolation(expression, text: text(from: start)))
                continue
            }
            if scalar == "%", peek(1) == "{" {
                flushLiteral()
                let start = index
                index += 2
                let (traversals, bound) = try parseDirectiveBody()
                if let bound {
                    boundNames.append(contentsOf: bound)
                    forBindings += bound.count
                }
                parts.append(.directive(text: text(from: start), traversals: traversals))
                continue
            }
            literal.append(scalar)
            index += 1
        }
        if terminator != nil { throw ParseError() }
        flushLiteral()
        return parts
    }

    /// Reads `if cond`, `else`, `endif`, `for x in xs`, `endfor` up to the closing brace.
    /// Returns the traversals the directive mentions and, for `for`, the names it binds.
    private mutating func parseDirectiveBody() throws(ParseError) -> ([HCLTraversal], [String]?) {
        skipStripMarker()
        skipTrivia()
        let keyword = readIdentifier() ?? ""
        var traversals: [HCLTraversal] = []
        var bound: [String]?
        switch keyword {
        case "if":
            traversals = try parseExpression().traversals
        case "for":
            let names = try parseForNames()
            traversals = try parseExpression().traversals
            bound = names
        case "else", "endif", "endfor":
            break
        default:
            throw ParseError()
        }
        skipTrivia()
        skipStripMarker()
        try expect("}")
        return (traversals, bound)
    }

    private mutating func parseEscape() throws(ParseError) -> Unicode.Scalar {
        index += 1
        guard let escaped = peek() else { throw ParseError() }
        index += 1
        switch escaped {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let length = escaped == "u" ? 4 : 8
            var code: UInt32 = 0
            for _ in 0..<length {
                guard let digit = peek(), let value = UInt32(String(digit), radix: 16) else { throw ParseError() }
                code = code << 4 | value
                index += 1
            }
            return Unicode.Scalar(code) ?? "\u{FFFD}"
        default:
            throw ParseError()
        }
    }

    // MARK: Expressions

    private mutating func parseExpression() throws(ParseError) -> HCLExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ParseError() }
        skipTrivia()
        let start = index
        let first = try parseOperand()
        // Operator chains are read in a loop (precedence does not matter: the result is
        // opaque). Trivia after an operand is only consumed when an operator follows,
        // because a newline may separate object items.
        var traversals = first.traversals
        var hasOperator = false
        while true {
            let operandEnd = index
            skipTrivia()
            if let length = binaryOperatorLength() {
                index += length
                traversals += try parseOperand().traversals
                hasOperator = true
                continue
            }
            if peek() == "?" {
                index += 1
                traversals += try parseExpression().traversals
                skipTrivia()
                try expect(":")
                traversals += try parseExpression().traversals
                return .opaque(text: text(from: start), traversals: traversals)
            }
            index = operandEnd
            return hasOperator ? .opaque(text: text(from: start), traversals: traversals) : first
        }
    }

    private func binaryOperatorLength() -> Int? {
        guard let first = peek() else { return nil }
        let second = peek(1)
        switch first {
        case "=": return second == "=" ? 2 : nil
        case "!": return second == "=" ? 2 : nil
        case "&": return second == "&" ? 2 : nil
        case "|": return second == "|" ? 2 : nil
        case "<", ">": return second == "=" ? 2 : 1
        case "+", "-", "*", "/", "%": return 1
        default: return nil
        }
    }

    private mutating func parseOperand() throws(ParseError) -> HCLExpression {
        skipTrivia()
        let start = index
        if peek() == "!" || (peek() == "-" && !(peek(1).map(Self.isDigit) ?? false)) {
            index += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw ParseError() }
            let operand = try parseOperand()
            return .opaque(text: text(from: start), traversals: operand.traversals)
        }
        let primary = try parsePrimary()
        // Postfix steps: traversals stay evaluable; anything else indexed becomes opaque.
        var steps: [HCLTraversalStep] = []
        var indexTraversals: [HCLTraversal] = []
        while let (step, traversals) = try parsePostfixStep() {
            steps.append(step)
            indexTraversals += traversals
        }
        guard !steps.isEmpty else { return primary }
        guard case .traversal(var traversal) = primary else {
            return .opaque(text: text(from: start), traversals: primary.traversals + indexTraversals)
        }
        traversal.steps += steps
        traversal.indexTraversals += indexTraversals
        traversal.text = text(from: start)
        return .traversal(traversal)
    }

    /// One step after an operand, with the traversals a dynamic index mentions.
    private mutating func parsePostfixStep() throws(ParseError) -> (HCLTraversalStep, [HCLTraversal])? {
        switch peek() {
        case ".":
            guard let next = peek(1) else { return nil }
            if next == "*" {
                index += 2
                return (.splat, [])
            }
            if Self.isDigit(next) {
                index += 1
                let digits = readWhile(Self.isDigit)
                return (.index(.number(Double(digits) ?? 0)), [])
            }
            if Self.isIdentifierStart(next) {
                index += 1
                return (.attribute(readIdentifier() ?? ""), [])
            }
            return nil
        case "[":
            index += 1
            skipTrivia()
            if peek() == "*" {
                index += 1
                skipTrivia()
                try expect("]")
                return (.splat, [])
            }
            let key = try parseExpression()
            skipTrivia()
            try expect("]")
            switch key {
            case .literal(let value):
                return (.index(value), [])
            case .template(let parts):
                if let literal = Self.literalText(of: parts) { return (.index(.string(literal)), []) }
                return (.dynamicIndex, key.traversals)
            default:
                return (.dynamicIndex, key.traversals)
            }
        default:
            return nil
        }
    }

    private mutating func parsePrimary() throws(ParseError) -> HCLExpression {
        skipTrivia()
        let start = index
        guard let scalar = peek() else { throw ParseError() }
        switch scalar {
        case "\"":
            index += 1
            return .template(try parseTemplate(terminator: "\"", backslashEscapes: true))
        case "<" where peek(1) == "<":
            return try parseHeredoc()
        case "[":
            index += 1
            skipTrivia()
            if isKeyword("for") { return try parseFor(start: start, closing: "]") }
            var items: [HCLExpression] = []
            while true {
                skipTrivia()
                if peek() == "]" { index += 1; break }
                items.append(try parseExpression())
                skipTrivia()
                if peek() == "," { index += 1; continue }
                if peek() == "]" { index += 1; break }
                throw ParseError()
            }
            return .tuple(items)
        case "{":
            index += 1
            skipTrivia()
            if isKeyword("for") { return try parseFor(start: start, closing: "}") }
            return try parseObject()
        case "(":
            index += 1
            let inner = try parseExpression()
            skipTrivia()
            try expect(")")
            return inner
        case "-":
            index += 1
            guard case .literal(.number(let number)) = try parseNumber() else { throw ParseError() }
            return .literal(.number(-number))
        default:
            if Self.isDigit(scalar) { return try parseNumber() }
            guard Self.isIdentifierStart(scalar) else { throw ParseError() }
            var name = readIdentifier() ?? ""
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: break
            }
            // Provider-defined functions: `provider::aws::arn_parse(…)`.
            while peek() == ":", peek(1) == ":" {
                index += 2
                guard let part = readIdentifier() else { throw ParseError() }
                name += "::" + part
            }
            if peek() == "(" { return try parseCall(name: name, start: start) }
            if name.contains("::") { throw ParseError() }
            if boundNames.contains(name) { return .opaque(text: name, traversals: []) }
            return .traversal(HCLTraversal(root: name, steps: [], text: name))
        }
    }

    private mutating func parseCall(name: String, start: Int) throws(ParseError) -> HCLExpression {
        index += 1
        var arguments: [HCLExpression] = []
        while true {
            skipTrivia()
            if peek() == ")" { index += 1; break }
            arguments.append(try parseExpression())
            skipTrivia()
            if peek() == ".", peek(1) == ".", peek(2) == "." {
                index += 3
                skipTrivia()
            }
            if peek() == "," { index += 1; continue }
            if peek() == ")" { index += 1; break }
            throw ParseError()
        }
        return .call(name: name, arguments: arguments, text: text(from: start))
    }

    private mutating func parseObject() throws(ParseError) -> HCLExpression {
        var items: [(key: String, value: HCLExpression)] = []
        while true {
            skipTrivia()
            if peek() == "}" { index += 1; break }
            let key: String
            let keyStart = index
            switch peek() {
            case "\"":
                index += 1
                let parts = try parseTemplate(terminator: "\"", backslashEscapes: true)
                key = Self.literalText(of: parts) ?? text(from: keyStart)
            case "(":
                index += 1
                _ = try parseExpression()
                skipTrivia()
                try expect(")")
                key = text(from: keyStart)
            default:
                if let scalar = peek(), Self.isDigit(scalar) {
                    key = readWhile { Self.isDigit($0) || $0 == "." }
                } else {
                    guard let name = readIdentifier() else { throw ParseError() }
                    key = name
                }
            }
            skipTrivia()
            if peek() == "=", peek(1) != "=", peek(1) != ">" {
                index += 1
            } else if peek() == ":" {
                index += 1
            } else {
                throw ParseError()
            }
            let value = try parseExpression()
            items.append((key, value))
            // Items are separated by commas or newlines.
            let crossedNewline = skipTrivia()
            if peek() == "," { index += 1; continue }
            if peek() == "}" { index += 1; break }
            if !crossedNewline { throw ParseError() }
        }
        return .object(items)
    }

    /// `[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value... if cond}`.
    private mutating func parseFor(start: Int, closing: Unicode.Scalar) throws(ParseError) -> HCLExpression {
        index += 3
        let names = try parseForNames()
        let collection = try parseExpression()
        skipTrivia()
        try expect(":")
        boundNames.append(contentsOf: names)
        defer { boundNames.removeLast(names.count) }
        var traversals = collection.traversals
        traversals += try parseExpression().traversals
        skipTrivia()
        if closing == "}" {
            try expect("=")
            try expect(">")
            traversals += try parseExpression().traversals
            skipTrivia()
            if peek() == ".", peek(1) == ".", peek(2) == "." {
                index += 3
                skipTrivia()
            }
        }
        if isKeyword("if") {
            index += 2
            traversals += try parseExpression().traversals
            skipTrivia()
        }
        try expect(closing)
        return .opaque(text: text(from: start), traversals: traversals)
    }

    /// `k, v in` after the `for` keyword; returns the bound names.
    private mutating func parseForNames() throws(ParseError) -> [String] {
        var names: [String] = []
        skipTrivia()
        guard let first = readIdentifier() else { throw ParseError() }
        names.append(first)
        skipTrivia()
        if peek() == "," {
            index += 1
            skipTrivia()
            guard let second = readIdentifier() else { throw ParseError() }
            names.append(second)
            skipTrivia()
        }
        guard isKeyword("in") else { throw ParseError() }
        index += 2
        return names
    }

    private mutating func parseHeredoc() throws(ParseError) -> HCLExpression {
        index += 2
        let stripsIndentation = peek() == "-"
        if stripsIndentation { index += 1 }
        guard let marker = readIdentifier() else { throw ParseError() }
        // The marker line ends at the newline; the body runs to a line holding only the marker.
        while let scalar = peek(), scalar != "\n" { index += 1 }
        guard peek() == "\n" else { throw ParseError() }
        index += 1
        var lines: [String] = []
        while !isAtEnd {
            var line = String.UnicodeScalarView()
            while let scalar = peek(), scalar != "\n" {
                line.append(scalar)
                index += 1
            }
            if peek() == "\n" { index += 1 }
            let text = String(line)
            if HCLParser.trimmed(text) == marker {
                if stripsIndentation { lines = Self.removingCommonIndentation(lines) }
                var nested = HCLParser(lines.map { $0 + "\n" }.joined(), depth: depth, boundNames: boundNames)
                return .template(try nested.parseTemplate(terminator: nil, backslashEscapes: false))
            }
            lines.append(text)
        }
        throw ParseError()
    }

    /// `<<-` heredocs drop the indentation that all non-blank lines share.
    private static func removingCommonIndentation(_ lines: [String]) -> [String] {
        let indentations = lines.filter { !trimmed($0).isEmpty }.map { line in
            line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
        }
        let common = indentations.min() ?? 0
        return lines.map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(min(common, $0.unicodeScalars.count)))) }
    }

    private mutating func parseNumber() throws(ParseError) -> HCLExpression {
        var digits = readWhile(Self.isDigit)
        if peek() == ".", let next = peek(1), Self.isDigit(next) {
            index += 1
            digits += "." + readWhile(Self.isDigit)
        }
        if let e = peek(), e == "e" || e == "E" {
            var exponent = "e"
            var lookahead = 1
            if let sign = peek(1), sign == "+" || sign == "-" {
                exponent.unicodeScalars.append(sign)
                lookahead = 2
            }
            if let next = peek(lookahead), Self.isDigit(next) {
                index += lookahead
                digits += exponent + readWhile(Self.isDigit)
            }
        }
        guard let number = Double(digits) else { throw ParseError() }
        return .literal(.number(number))
    }

    // MARK: Scanning

    private var isAtEnd: Bool { index >= scalars.count }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let position = index + offset
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws(ParseError) {
        guard peek() == scalar else { throw ParseError() }
        index += 1
    }

    private mutating func skipStripMarker() {
        if peek() == "~" { index += 1 }
    }

    /// Skips whitespace and comments; returns whether a newline was crossed.
    @discardableResult
    private mutating func skipTrivia() -> Bool {
        var crossedNewline = false
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\r":
                index += 1
            case "\n":
                crossedNewline = true
                index += 1
            case "#":
                while let next = peek(), next != "\n" { index += 1 }
            case "/" where peek(1) == "/":
                while let next = peek(), next != "\n" { index += 1 }
            case "/" where peek(1) == "*":
                index += 2
                while !isAtEnd, !(peek() == "*" && peek(1) == "/") {
                    if peek() == "\n" { crossedNewline = true }
                    index += 1
                }
                index = min(index + 2, scalars.count)
            default:
                return crossedNewline
            }
        }
        return crossedNewline
    }

    private func isKeyword(_ keyword: String) -> Bool {
        var offset = 0
        for scalar in keyword.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        guard let after = peek(offset) else { return true }
        return !Self.isIdentifierContinue(after)
    }

    private mutating func readIdentifier() -> String? {
        guard let first = peek(), Self.isIdentifierStart(first) else { return nil }
        return readWhile(Self.isIdentifierContinue)
    }

    private mutating func readWhile(_ predicate: (Unicode.Scalar) -> Bool) -> String {
        var view = String.UnicodeScalarView()
        while let scalar = peek(), predicate(scalar) {
            view.append(scalar)
            index += 1
        }
        return String(view)
    }

    private func text(from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<min(index, scalars.count)]))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    /// HCL identifiers may contain dashes (`aws_s3_bucket.my-logs`).
    private static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        Self.isIdentifierStart(scalar) || Self.isDigit(scalar) || scalar == "-"
    }

    /// The text without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// The text of a template made only of literal parts.
    static func literalText(of parts: [HCLTemplatePart]) -> String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal) = part else { return nil }
            text += literal
        }
        return text
    }
}
