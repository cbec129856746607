/// A recursive-descent parser for HCL's native syntax over `HCLLexer` tokens.
///
/// Bounded: nesting (expressions, templates, blocks) deeper than `maxDepth` is refused with a
/// positioned error, so no input can exhaust the stack; every step consumes a token, so
/// it ends in time linear in the input. The first error ends the parse: one positioned
/// diagnostic per file, as `terraform` gives.
public struct HCLParser {
    private let bytes: [UInt8]
    private let tokens: [HCLToken]
    private var index = 0
    private var depth = 0
    private let maxDepth: Int
    /// Whether newlines are significant where the parser stands (bodies and object
    /// constructors), or skipped (inside parentheses, brackets and interpolations).
    private var newlineSensitive: [Bool] = [true]
    /// Comments met in each open body, innermost last.
    private var comments: [[HCLComment]] = [[]]

    /// HCL's depth limit for our readers: an expression level costs several stack frames.
    public static let defaultMaxDepth = 128

    private init(bytes: [UInt8], tokens: [HCLToken], maxDepth: Int) {
        self.bytes = bytes
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    /// Parses a whole configuration file. A UTF-8 byte order mark is skipped, as Terraform does.
    public static func parseFile(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(SyntaxError) -> HCLBody {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var parser = HCLParser(bytes: bytes, tokens: HCLLexer.tokens(of: bytes, startingAt: start), maxDepth: maxDepth)
        return try parser.parseBody(closedByBrace: false)
    }

    /// Parses a bare template: the content of a Terraform JSON string (no quotes, no
    /// backslash escapes; `$${` and `%%{` stand for `${` and `%{`).
    public static func parseTemplate(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(SyntaxError) -> HCLExpression {
        var parser = HCLParser(bytes: bytes, tokens: HCLLexer.tokens(of: bytes, bare: true), maxDepth: maxDepth)
        parser.newlineSensitive = [false]
        let parts = try parser.parseTemplateParts(closing: .endOfFile, kind: .stringLiteral)
        return HCLExpression(.template(parts.parts), range: HCLSourceRange(start: .start, startOffset: 0, endOffset: bytes.count))
    }

    /// Parses one expression that must fill the whole text (a `depends_on` entry, a
    /// reference in a plan).
    public static func parseExpression(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(SyntaxError) -> HCLExpression {
        var parser = HCLParser(bytes: bytes, tokens: HCLLexer.tokens(of: bytes), maxDepth: maxDepth)
        parser.newlineSensitive = [false]
        let expression = try parser.parseExpression()
        parser.skipTrivia()
        guard parser.current.kind == .endOfFile else { throw parser.error("extra characters after the expression") }
        return expression
    }

    /// The source text of a node, as written.
    public static func text(of range: HCLSourceRange, in bytes: [UInt8]) -> String {
        String(decoding: bytes[min(range.startOffset, bytes.count)..<min(range.endOffset, bytes.count)], as: UTF8.self)
    }

    // MARK: Tokens

    private var current: HCLToken { tokens[index] }

    /// Skips comments (kept for the body they are in) and, where newlines do not count, newlines.
    private mutating func skipTrivia() {
        while index < tokens.count - 1 {
            let token = tokens[index]
            if token.kind == .comment {
                comments[comments.count - 1].append(comment(token))
            } else if token.kind == .newline, newlineSensitive.last == false {
                // skipped
            } else {
                return
            }
            index += 1
        }
    }

    private mutating func peek() -> HCLToken {
        skipTrivia()
        return current
    }

    @discardableResult
    private mutating func advance() -> HCLToken {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func expect(_ kind: HCLTokenKind, _ what: String) throws(SyntaxError) -> HCLToken {
        guard peek().kind == kind else { throw error("expected \(what)") }
        return advance()
    }

    private func text(_ token: HCLToken) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    private func comment(_ token: HCLToken) -> HCLComment {
        var text = text(token)
        if text.hasPrefix("#") { text.removeFirst() }
        else if text.hasPrefix("//") { text.removeFirst(2) }
        else if text.hasPrefix("/*") { text = String(text.dropFirst(2).dropLast(2)) }
        return HCLComment(text: text, position: token.position)
    }

    private func error(_ message: String, at token: HCLToken? = nil) -> SyntaxError {
        let token = token ?? current
        let found: String
        switch token.kind {
        case .endOfFile: found = "the end of the file"
        case .newline: found = "a line break"
        case .invalid:
            let raw = text(token)
            if raw.hasPrefix("/*") { return SyntaxError("unclosed /* comment", at: token.position) }
            if raw == "\n" { return SyntaxError("a quoted string must end on its line (unclosed \" or ${)", at: token.position) }
            found = "'\(raw)'"
        default:
            let raw = text(token)
            found = raw.count > 20 ? "'\(raw.prefix(20))…'" : "'\(raw)'"
        }
        return SyntaxError("\(message), found \(found)", at: token.position)
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > maxDepth { throw SyntaxError("nested more than \(maxDepth) levels deep", at: current.position) }
    }

    private mutating func range(from start: HCLToken) -> HCLSourceRange {
        let end = index > 0 ? tokens[index - 1].end : start.end
        return HCLSourceRange(start: start.position, startOffset: start.start, endOffset: max(end, start.start))
    }

    private mutating func withNewlines<T>(_ significant: Bool, _ body: (inout HCLParser) throws(SyntaxError) -> T) throws(SyntaxError) -> T {
        newlineSensitive.append(significant)
        defer { newlineSensitive.removeLast() }
        return try body(&self)
    }

    // MARK: Bodies

    private mutating func parseBody(closedByBrace: Bool) throws(SyntaxError) -> HCLBody {
        try enter()
        defer { depth -= 1 }
        comments.append([])
        var items: [HCLBodyItem] = []
        var attributeNames: Set<String> = []
        while true {
            skipTrivia()
            let token = current
            if token.kind == .newline { advance(); continue }
            if token.kind == .endOfFile {
                if closedByBrace { throw error("expected '}' to close the block") }
                break
            }
            if token.kind == .closeBrace, closedByBrace { break }
            guard token.kind == .identifier else { throw error("expected an argument or a block") }
            let item = try parseBodyItem()
            if case .attribute(let attribute) = item, !attributeNames.insert(attribute.name).inserted {
                throw SyntaxError("the argument \(attribute.name) is set more than once in this body", at: attribute.namePosition)
            }
            items.append(item)
            // An item ends at a line break (or the end of the file, or of a one-line block).
            let end = peek()
            switch end.kind {
            case .newline: advance()
            case .endOfFile: break
            case .closeBrace where closedByBrace: break
            default: throw error("expected a line break after the \(item.isBlock ? "block" : "argument")")
            }
        }
        return HCLBody(items: items, comments: comments.removeLast())
    }

    private mutating func parseBodyItem() throws(SyntaxError) -> HCLBodyItem {
        let nameToken = advance()
        let name = text(nameToken)
        if current.kind == .equal {
            advance()
            let value = try parseExpression()
            return .attribute(HCLAttribute(name: name, namePosition: nameToken.position, value: value))
        }
        var labels: [(text: String, position: SourcePosition)] = []
        while true {
            let token = current
            if token.kind == .identifier {
                labels.append((text(token), token.position))
                advance()
            } else if token.kind == .openQuote {
                let template = try parsePrimary()
                guard let label = template.literalTemplateText else {
                    throw SyntaxError("a block label cannot hold an interpolation or a directive", at: token.position)
                }
                labels.append((label, token.position))
            } else {
                break
            }
            if labels.count > 16 { throw SyntaxError("a block has more than 16 labels", at: token.position) }
        }
        guard current.kind == .openBrace else {
            throw error(labels.isEmpty ? "expected '=' or a block" : "expected '{' to open the block")
        }
        advance()
        let body: HCLBody
        if current.kind == .newline || current.kind == .comment {
            body = try parseBody(closedByBrace: true)
        } else if current.kind == .closeBrace {
            body = HCLBody()
        } else {
            // A one-line block holds at most one argument.
            guard current.kind == .identifier else { throw error("expected an argument or a line break") }
            comments.append([])
            let item = try parseBodyItem()
            guard case .attribute = item else { throw SyntaxError("a one-line block cannot hold a block", at: nameToken.position) }
            body = HCLBody(items: [item], comments: comments.removeLast())
        }
        let close = try expect(.closeBrace, "'}' to close the block")
        return .block(HCLBlock(type: name, typePosition: nameToken.position, labels: labels, body: body, endPosition: close.position))
    }

    // MARK: Expressions

    private mutating func parseExpression() throws(SyntaxError) -> HCLExpression {
        try enter()
        defer { depth -= 1 }
        let start = peek()
        let condition = try parseBinary(minimumPrecedence: 1)
        guard peek().kind == .question else { return condition }
        advance()
        let then = try parseExpression()
        _ = try expect(.colon, "':' in the conditional expression")
        let otherwise = try parseExpression()
        return HCLExpression(.conditional(condition, then: then, else: otherwise), range: range(from: start))
    }

    private static func binaryOperator(_ kind: HCLTokenKind) -> HCLBinaryOperator? {
        switch kind {
        case .or: .or
        case .and: .and
        case .equalOperator: .equal
        case .notEqual: .notEqual
        case .lessThan: .less
        case .lessThanOrEqual: .lessOrEqual
        case .greaterThan: .greater
        case .greaterThanOrEqual: .greaterOrEqual
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: nil
        }
    }

    /// Precedence climbing: left-associative, six levels, a loop per level.
    private mutating func parseBinary(minimumPrecedence: Int) throws(SyntaxError) -> HCLExpression {
        let start = peek()
        var left = try parseUnary()
        while let op = Self.binaryOperator(peek().kind), op.precedence >= minimumPrecedence {
            advance()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = HCLExpression(.binary(op, left, right), range: range(from: start))
        }
        return left
    }

    private mutating func parseUnary() throws(SyntaxError) -> HCLExpression {
        let start = peek()
        let op: HCLUnaryOperator? = start.kind == .bang ? .not : (start.kind == .minus ? .negate : nil)
        guard let op else { return try parsePostfix() }
        try enter()
        defer { depth -= 1 }
        advance()
        let operand = try parseUnary()
        return HCLExpression(.unary(op, operand), range: range(from: start))
    }

    private mutating func parsePostfix() throws(SyntaxError) -> HCLExpression {
        let start = peek()
        var expression = try parsePrimary()
        while true {
            // Only a token right after the operand continues it (`foo` then `.bar` on the
            // next line is not a traversal in HCL).
            let token = current
            if token.kind == .dot {
                advance()
                let next = current
                switch next.kind {
                case .identifier:
                    advance()
                    expression = HCLExpression(.attribute(expression, name: text(next)), range: range(from: start))
                case .number:
                    advance()
                    expression = HCLExpression(.index(expression, key: try legacyIndex(next)), range: range(from: start))
                case .star:
                    advance()
                    let steps = try parseSplatSteps(full: false)
                    expression = HCLExpression(.splat(expression, steps: steps, full: false), range: range(from: start))
                default:
                    throw error("expected an attribute name after '.'")
                }
            } else if token.kind == .openBracket {
                advance()
                let isSplat = try withNewlines(false) { parser throws(SyntaxError) -> Bool in
                    guard parser.peek().kind == .star else { return false }
                    parser.advance()
                    _ = try parser.expect(.closeBracket, "']' after '[*'")
                    return true
                }
                if isSplat {
                    let steps = try parseSplatSteps(full: true)
                    expression = HCLExpression(.splat(expression, steps: steps, full: true), range: range(from: start))
                } else {
                    let key = try withNewlines(false) { parser throws(SyntaxError) -> HCLExpression in
                        let key = try parser.parseExpression()
                        _ = try parser.expect(.closeBracket, "']' after the index")
                        return key
                    }
                    expression = HCLExpression(.index(expression, key: key), range: range(from: start))
                }
            } else {
                return expression
            }
        }
    }

    /// `a.0`: a number token of digits only (`a.0.0` lexes `0.0`, a syntax error as in HCL).
    private mutating func legacyIndex(_ token: HCLToken) throws(SyntaxError) -> HCLExpression {
        let digits = text(token)
        guard digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw SyntaxError("an index after '.' must be a whole number ('\(digits)')", at: token.position)
        }
        return HCLExpression(.number(digits), range: HCLSourceRange(start: token.position, startOffset: token.start, endOffset: token.end))
    }

    /// The steps a splat applies to each element: attributes (`.*` and `[*]`), and for
    /// `[*]` also indexes.
    private mutating func parseSplatSteps(full: Bool) throws(SyntaxError) -> [HCLSplatStep] {
        var steps: [HCLSplatStep] = []
        while true {
            let token = current
            if token.kind == .dot, tokens[index + 1].kind == .identifier {
                advance()
                steps.append(.attribute(text(advance())))
            } else if token.kind == .dot, tokens[index + 1].kind == .number {
                advance()
                steps.append(.index(try legacyIndex(advance())))
            } else if full, token.kind == .openBracket, tokens[index + 1].kind != .star {
                advance()
                let key = try withNewlines(false) { parser throws(SyntaxError) -> HCLExpression in
                    let key = try parser.parseExpression()
                    _ = try parser.expect(.closeBracket, "']' after the index")
                    return key
                }
                steps.append(.index(key))
            } else {
                return steps
            }
        }
    }

    private mutating func parsePrimary() throws(SyntaxError) -> HCLExpression {
        let start = peek()
        switch start.kind {
        case .number:
            advance()
            return HCLExpression(.number(text(start)), range: range(from: start))
        case .identifier:
            advance()
            var name = text(start)
            switch name {
            case "true": return HCLExpression(.bool(true), range: range(from: start))
            case "false": return HCLExpression(.bool(false), range: range(from: start))
            case "null": return HCLExpression(.null, range: range(from: start))
            default: break
            }
            // Provider-defined functions: `provider::aws::arn_parse(…)`.
            while current.kind == .doubleColon {
                advance()
                guard current.kind == .identifier else { throw error("expected a function name after '::'") }
                name += "::" + text(advance())
            }
            if current.kind == .openParen { return try parseCall(name: name, start: start) }
            if name.contains("::") { throw error("expected '(' after the function name \(name)") }
            return HCLExpression(.variable(name), range: range(from: start))
        case .openQuote:
            advance()
            let parts = try withNewlines(false) { parser throws(SyntaxError) in
                try parser.parseTemplateParts(closing: .closeQuote, kind: .quotedLiteral)
            }
            return HCLExpression(.template(parts.parts), range: range(from: start))
        case .openHeredoc:
            advance()
            let strips = bytes.count > start.start + 2 && bytes[start.start + 2] == UInt8(ascii: "-")
            let parts = try withNewlines(false) { parser throws(SyntaxError) in
                try parser.parseTemplateParts(closing: .closeHeredoc, kind: .stringLiteral, flush: strips)
            }
            // The line break after the closing marker ends the attribute, as any other.
            return HCLExpression(.template(parts.parts), range: range(from: start))
        case .openBracket:
            advance()
            return try withNewlines(false) { parser throws(SyntaxError) in
                if parser.isForKeyword() { return try parser.parseFor(start: start, closing: .closeBracket) }
                var items: [HCLExpression] = []
                while parser.peek().kind != .closeBracket {
                    items.append(try parser.parseExpression())
                    if parser.peek().kind == .comma { parser.advance(); continue }
                    guard parser.peek().kind == .closeBracket else { throw parser.error("expected ',' or ']' in the list") }
                }
                parser.advance()
                return HCLExpression(.tuple(items), range: parser.range(from: start))
            }
        case .openBrace:
            advance()
            if try withNewlines(false, { parser throws(SyntaxError) in parser.isForKeyword() }) {
                return try withNewlines(false) { parser throws(SyntaxError) in try parser.parseFor(start: start, closing: .closeBrace) }
            }
            return try withNewlines(true) { parser throws(SyntaxError) in try parser.parseObject(start: start) }
        case .openParen:
            advance()
            return try withNewlines(false) { parser throws(SyntaxError) in
                let inner = try parser.parseExpression()
                _ = try parser.expect(.closeParen, "')'")
                return HCLExpression(.parenthesized(inner), range: parser.range(from: start))
            }
        default:
            throw error("expected an expression")
        }
    }

    /// `for` followed by a name opens a `for` expression (`[for, x]` is a tuple).
    private mutating func isForKeyword() -> Bool {
        let token = peek()
        guard token.kind == .identifier, text(token) == "for" else { return false }
        var next = index + 1
        while next < tokens.count - 1, tokens[next].kind == .comment || tokens[next].kind == .newline { next += 1 }
        return tokens[next].kind == .identifier
    }

    private mutating func parseCall(name: String, start: HCLToken) throws(SyntaxError) -> HCLExpression {
        advance()
        return try withNewlines(false) { parser throws(SyntaxError) in
            var arguments: [HCLExpression] = []
            var expands = false
            while parser.peek().kind != .closeParen {
                if expands { throw parser.error("'...' may only follow the last argument") }
                arguments.append(try parser.parseExpression())
                if parser.peek().kind == .ellipsis {
                    parser.advance()
                    expands = true
                }
                if parser.peek().kind == .comma { parser.advance(); continue }
                guard parser.peek().kind == .closeParen else { throw parser.error("expected ',' or ')' in the call to \(name)") }
            }
            parser.advance()
            return HCLExpression(.call(name: name, arguments: arguments, expandsFinal: expands), range: parser.range(from: start))
        }
    }

    private mutating func parseObject(start: HCLToken) throws(SyntaxError) -> HCLExpression {
        var items: [HCLObjectItem] = []
        while true {
            var token = peek()
            while token.kind == .newline {
                advance()
                token = peek()
            }
            if token.kind == .closeBrace { break }
            let key: HCLObjectItem.Key
            if token.kind == .identifier, [.equal, .colon].contains(tokens[index + 1].kind) {
                advance()
                key = .name(text(token))
            } else {
                key = .expression(try withNewlines(false) { parser throws(SyntaxError) in try parser.parseExpression() })
            }
            let separator = peek()
            guard separator.kind == .equal || separator.kind == .colon else { throw error("expected '=' or ':' after the object key") }
            advance()
            let value = try parseExpression()
            items.append(HCLObjectItem(key: key, keyPosition: token.position, value: value))
            let next = peek()
            switch next.kind {
            case .comma, .newline: advance()
            case .closeBrace: break
            default: throw error("expected ',', a line break or '}' after the object item")
            }
        }
        advance()
        return HCLExpression(.object(items), range: range(from: start))
    }

    /// `[for k, v in coll : value if cond]`, `{for k, v in coll : key => value... if cond}`.
    private mutating func parseFor(start: HCLToken, closing: HCLTokenKind) throws(SyntaxError) -> HCLExpression {
        advance()  // `for`
        let (keyName, valueName) = try parseForNames()
        let collection = try parseExpression()
        _ = try expect(.colon, "':' after the collection of the for expression")
        var keyExpression: HCLExpression?
        if closing == .closeBrace {
            keyExpression = try parseExpression()
            _ = try expect(.fatArrow, "'=>' in the object for expression")
        }
        let valueExpression = try parseExpression()
        var grouping = false
        if closing == .closeBrace, peek().kind == .ellipsis {
            advance()
            grouping = true
        }
        var condition: HCLExpression?
        if peek().kind == .identifier, text(current) == "if" {
            advance()
            condition = try parseExpression()
        }
        _ = try expect(closing, closing == .closeBrace ? "'}' to close the for expression" : "']' to close the for expression")
        let forExpression = HCLForExpression(keyName: keyName, valueName: valueName, collection: collection,
                                             keyExpression: keyExpression, valueExpression: valueExpression,
                                             condition: condition, grouping: grouping)
        return HCLExpression(.forExpression(forExpression), range: range(from: start))
    }

    private mutating func parseForNames() throws(SyntaxError) -> (String?, String) {
        let first = try expect(.identifier, "a name after 'for'")
        var keyName: String?
        var valueName = text(first)
        if peek().kind == .comma {
            advance()
            keyName = valueName
            valueName = text(try expect(.identifier, "a second name after ','"))
        }
        guard peek().kind == .identifier, text(current) == "in" else { throw error("expected 'in' in the for expression") }
        advance()
        return (keyName, valueName)
    }

    // MARK: Templates

    private enum TemplateEnd {
        case closing
        case directive(String, HCLToken)
    }

    /// Template parts up to `closing`, or up to an `else`/`endif`/`endfor` directive,
    /// which is returned for the caller's `if` or `for` to check.
    private mutating func parseTemplateParts(
        closing: HCLTokenKind, kind: HCLTokenKind, flush: Bool = false
    ) throws(SyntaxError) -> (parts: [HCLTemplatePart], end: TemplateEnd) {
        var literals = try collectTemplateTokens(closing: closing, kind: kind)
        if flush { Self.flushIndentation(&literals) }
        var builder = TemplateBuilder()
        return try buildParts(&literals, position: 0, builder: &builder, closing: closing, topLevel: true)
    }

    /// A flat view of a template: literal text (escapes decoded) and the parsed pieces
    /// between, so indentation can be flushed before directives are nested.
    private enum TemplatePiece {
        case literal(String, lineStart: Bool)
        case interpolation(HCLExpression, stripBefore: Bool, stripAfter: Bool)
        case directive(keyword: String, HCLToken, expression: HCLExpression?, names: (String?, String)?, stripBefore: Bool, stripAfter: Bool)
    }

    private mutating func collectTemplateTokens(closing: HCLTokenKind, kind: HCLTokenKind) throws(SyntaxError) -> [TemplatePiece] {
        var pieces: [TemplatePiece] = []
        var lineStart = true
        while true {
            let token = current
            switch token.kind {
            case closing:
                advance()
                return pieces
            case .quotedLiteral, .stringLiteral:
                advance()
                let text = try decodeLiteral(token, escapes: token.kind == .quotedLiteral)
                pieces.append(.literal(text, lineStart: lineStart))
                lineStart = text.hasSuffix("\n")
            case .templateInterpolation:
                advance()
                let stripBefore = token.end - token.start == 3
                let expression = try parseExpression()
                let end = try expect(.templateSequenceEnd, "'}' to close the interpolation")
                pieces.append(.interpolation(expression, stripBefore: stripBefore, stripAfter: end.end - end.start == 2))
                lineStart = false
            case .templateControl:
                advance()
                let stripBefore = token.end - token.start == 3
                let keywordToken = try expect(.identifier, "if, else, endif, for or endfor in the template directive")
                let keyword = text(keywordToken)
                var expression: HCLExpression?
                var names: (String?, String)?
                switch keyword {
                case "if": expression = try parseExpression()
                case "for":
                    names = try parseForNames()
                    expression = try parseExpression()
                case "else", "endif", "endfor": break
                default: throw SyntaxError("unknown template directive '\(keyword)'", at: keywordToken.position)
                }
                let end = try expect(.templateSequenceEnd, "'}' to close the template directive")
                pieces.append(.directive(keyword: keyword, keywordToken, expression: expression, names: names,
                                         stripBefore: stripBefore, stripAfter: end.end - end.start == 2))
                lineStart = false
            default:
                if token.kind == .endOfFile || token.kind == .invalid {
                    throw error(closing == .closeHeredoc ? "expected the heredoc's closing marker" : "expected '\"' to close the string", at: token)
                }
                throw error("unexpected token in a template", at: token)
            }
        }
    }

    /// `<<-`: the smallest indentation of the lines that hold more than blanks is removed
    /// from every line (tabs and spaces count as one character each, as in HCL).
    private static func flushIndentation(_ pieces: inout [TemplatePiece]) {
        var smallest = Int.max
        for (offset, piece) in pieces.enumerated() {
            switch piece {
            case .literal(let text, let lineStart) where lineStart:
                let indentation = text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
                let restIsBlank = text.unicodeScalars.dropFirst(indentation).allSatisfy { $0 == "\n" || $0 == "\r" }
                let followedByMore = offset + 1 < pieces.count && !(text.hasSuffix("\n"))
                if !restIsBlank || followedByMore { smallest = min(smallest, indentation) }
            case .interpolation, .directive:
                // A line that starts with an interpolation has no indentation.
                if offset == 0 || Self.endsLine(pieces[offset - 1]) { smallest = 0 }
            default:
                break
            }
        }
        guard smallest != Int.max, smallest > 0 else { return }
        for offset in pieces.indices {
            guard case .literal(let text, true) = pieces[offset] else { continue }
            let removable = min(smallest, text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count)
            pieces[offset] = .literal(String(text.unicodeScalars.dropFirst(removable)), lineStart: true)
        }
    }

    private static func endsLine(_ piece: TemplatePiece) -> Bool {
        if case .literal(let text, _) = piece { return text.hasSuffix("\n") }
        return false
    }

    private struct TemplateBuilder {
        var stripNext = false
    }

    /// Nests directives: parts up to the end, or to an `else`/`endif`/`endfor`.
    private mutating func buildParts(
        _ pieces: inout [TemplatePiece], position: Int, builder: inout TemplateBuilder, closing: HCLTokenKind, topLevel: Bool
    ) throws(SyntaxError) -> (parts: [HCLTemplatePart], end: TemplateEnd) {
        var cursor = position
        let result = try buildSequence(pieces, cursor: &cursor, builder: &builder)
        if case .directive(let keyword, let token) = result.end, topLevel {
            throw SyntaxError("'\(keyword)' without an opening directive", at: token.position)
        }
        return result
    }

    private mutating func buildSequence(
        _ pieces: [TemplatePiece], cursor: inout Int, builder: inout TemplateBuilder
    ) throws(SyntaxError) -> (parts: [HCLTemplatePart], end: TemplateEnd) {
        try enter()
        defer { depth -= 1 }
        var parts: [HCLTemplatePart] = []
        func stripTrailing(_ parts: inout [HCLTemplatePart]) {
            guard case .literal(let text)? = parts.last else { return }
            let scalars = text.unicodeScalars
            var end = scalars.endIndex
            while end > scalars.startIndex, [" ", "\t", "\n", "\r"].contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
            parts[parts.count - 1] = .literal(String(scalars[..<end]))
        }
        while cursor < pieces.count {
            let piece = pieces[cursor]
            cursor += 1
            switch piece {
            case .literal(var text, _):
                if builder.stripNext {
                    text = String(text.unicodeScalars.drop { [" ", "\t", "\n", "\r"].contains($0) })
                    builder.stripNext = false
                }
                if case .literal(let previous)? = parts.last {
                    parts[parts.count - 1] = .literal(previous + text)
                } else if !text.isEmpty {
                    parts.append(.literal(text))
                }
            case .interpolation(let expression, let stripBefore, let stripAfter):
                if stripBefore { stripTrailing(&parts) }
                builder.stripNext = stripAfter
                parts.append(.interpolation(expression))
            case .directive(let keyword, let token, let expression, let names, let stripBefore, let stripAfter):
                if stripBefore { stripTrailing(&parts) }
                builder.stripNext = stripAfter
                switch keyword {
                case "if":
                    var thenPart = try buildSequence(pieces, cursor: &cursor, builder: &builder)
                    var elseParts: [HCLTemplatePart] = []
                    if case .directive("else", _) = thenPart.end {
                        let elsePart = try buildSequence(pieces, cursor: &cursor, builder: &builder)
                        elseParts = elsePart.parts
                        thenPart.end = elsePart.end
                    }
                    guard case .directive("endif", _) = thenPart.end else {
                        throw SyntaxError("%{if} without %{endif}", at: token.position)
                    }
                    parts.append(.ifDirective(condition: expression!, then: thenPart.parts, else: elseParts))
                case "for":
                    let body = try buildSequence(pieces, cursor: &cursor, builder: &builder)
                    guard case .directive("endfor", _) = body.end else {
                        throw SyntaxError("%{for} without %{endfor}", at: token.position)
                    }
                    parts.append(.forDirective(keyName: names!.0, valueName: names!.1, collection: expression!, body: body.parts))
                default:
                    return (parts, .directive(keyword, token))
                }
            }
        }
        return (parts, .closing)
    }

    /// The text of a literal token: `$${` and `%%{` become `${` and `%{`; in quoted strings,
    /// backslash escapes are decoded.
    private func decodeLiteral(_ token: HCLToken, escapes: Bool) throws(SyntaxError) -> String {
        let raw = bytes[token.start..<token.end]
        if !raw.contains(UInt8(ascii: "\\")) || !escapes, !raw.contains(UInt8(ascii: "{")), !raw.contains(0x0D) {
            return String(decoding: raw, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if (byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%")), index + 2 < raw.endIndex,
               raw[index + 1] == byte, raw[index + 2] == UInt8(ascii: "{") {
                output += [byte, UInt8(ascii: "{")]
                index += 3
                continue
            }
            if byte == 0x0D, index + 1 < raw.endIndex, raw[index + 1] == 0x0A {
                index += 1
                continue
            }
            guard escapes, byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.endIndex else { throw SyntaxError("a '\\' ends the string", at: token.position) }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let length = escaped == UInt8(ascii: "u") ? 4 : 8
                guard index + length <= raw.endIndex,
                      let code = UInt32(String(decoding: raw[index..<(index + length)], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code) else {
                    throw SyntaxError("invalid \\\(Character(Unicode.Scalar(escaped))) escape in the string", at: token.position)
                }
                output += Array(String(Character(scalar)).utf8)
                index += length
            default:
                throw SyntaxError("invalid escape '\\\(Character(Unicode.Scalar(escaped)))' in the string", at: token.position)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension HCLBodyItem {
    var isBlock: Bool {
        if case .block = self { return true }
        return false
    }
}
