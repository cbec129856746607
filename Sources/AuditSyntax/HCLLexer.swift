/// The token kinds of HCL's native syntax, as `hclsyntax/scan_tokens.rl` defines them.
public enum HCLTokenKind: UInt8, Sendable, Hashable {
    case openBrace, closeBrace, openBracket, closeBracket, openParen, closeParen
    case openQuote, closeQuote, openHeredoc, closeHeredoc
    case star, slash, plus, minus, percent
    case equal, equalOperator, notEqual, lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
    case and, or, bang, dot, comma, doubleColon, ellipsis, fatArrow, question, colon
    /// `${` or `${~`.
    case templateInterpolation
    /// `%{` or `%{~`.
    case templateControl
    /// The `}` or `~}` that closes an interpolation or a directive.
    case templateSequenceEnd
    /// Literal text of a quoted template (escapes not yet decoded).
    case quotedLiteral
    /// Literal text of a heredoc or a bare template; one token per line at most.
    case stringLiteral
    case number, identifier, comment, newline, endOfFile
    /// A character that starts no token, or a string that is not closed on its line.
    case invalid
}

public struct HCLToken: Sendable {
    public var kind: HCLTokenKind
    /// Byte offsets into the source, `start..<end`.
    public var start: Int
    public var end: Int
    public var position: SourcePosition
}

/// A hand-written scanner for HCL's native syntax, after HashiCorp's own
/// (`hclsyntax/scan_tokens.rl`): a main mode, quoted-template and heredoc modes, a brace
/// stack that tells a `}` closing an interpolation from one closing an object, and a stack
/// of open heredocs, so templates nest in interpolations to any (bounded) depth.
///
/// It never fails: what it cannot read becomes an `invalid` token for the parser to report
/// with its position, and every step consumes input, so it ends in time linear in the size.
public struct HCLLexer {
    private enum Mode {
        case main
        /// Inside `"…"`.
        case quoted
        /// Inside a heredoc; `atLineStart` tells where the closing marker may appear.
        case heredoc(marker: ArraySlice<UInt8>, atLineStart: Bool)
        /// A template with no delimiters (the content of a JSON string): ends at the end.
        case bare
    }

    private let bytes: [UInt8]
    private var offset: Int
    private var line = 1
    private var column = 1
    private var modes: [Mode]
    /// One entry per open `{`: true when it was opened by `${` or `%{`.
    private var braces: [Bool] = []
    private(set) var tokens: [HCLToken] = []

    /// Tokens of a whole file (`bare: false`) or of a bare template (`bare: true`).
    public static func tokens(of bytes: [UInt8], startingAt start: Int = 0, bare: Bool = false) -> [HCLToken] {
        var lexer = HCLLexer(bytes: bytes, start: start, mode: bare ? .bare : .main)
        lexer.run()
        return lexer.tokens
    }

    private init(bytes: [UInt8], start: Int, mode: Mode) {
        self.bytes = bytes
        self.offset = start
        self.modes = [mode]
    }

    private mutating func run() {
        while offset < bytes.count {
            switch modes[modes.count - 1] {
            case .main: scanMain()
            case .quoted: scanQuoted()
            case .heredoc(let marker, let atLineStart): scanHeredoc(marker: marker, atLineStart: atLineStart)
            case .bare: scanTemplateText(closingQuote: false, heredoc: false)
            }
        }
        tokens.append(HCLToken(kind: .endOfFile, start: bytes.count, end: bytes.count, position: SourcePosition(line: line, column: column)))
    }

    // MARK: Moving

    private func byte(_ ahead: Int = 0) -> UInt8? {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where offset < bytes.count {
            let current = bytes[offset]
            if current == 0x0A {
                line += 1
                column = 1
            } else if current & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
    }

    private mutating func emit(_ kind: HCLTokenKind, length: Int) {
        let start = offset
        let position = SourcePosition(line: line, column: column)
        advance(length)
        tokens.append(HCLToken(kind: kind, start: start, end: offset, position: position))
    }

    // MARK: Main mode

    private mutating func scanMain() {
        guard let current = byte() else { return }
        let next = byte(1)
        switch current {
        case 0x20, 0x09:
            advance()
        case 0x0D where next == 0x0A:
            emit(.newline, length: 2)
        case 0x0D:
            advance()
        case 0x0A:
            emit(.newline, length: 1)
        case UInt8(ascii: "#"):
            scanLineComment()
        case UInt8(ascii: "/") where next == UInt8(ascii: "/"):
            scanLineComment()
        case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
            var length = 2
            while offset + length < bytes.count, !(bytes[offset + length] == UInt8(ascii: "*") && byte(length + 1) == UInt8(ascii: "/")) {
                length += 1
            }
            if offset + length >= bytes.count {
                emit(.invalid, length: length)  // an unclosed `/*`
            } else {
                emit(.comment, length: length + 2)
            }
        case UInt8(ascii: "{"):
            braces.append(false)
            emit(.openBrace, length: 1)
        case UInt8(ascii: "~") where next == UInt8(ascii: "}"):
            closeBrace(length: 2)
        case UInt8(ascii: "}"):
            closeBrace(length: 1)
        case UInt8(ascii: "["): emit(.openBracket, length: 1)
        case UInt8(ascii: "]"): emit(.closeBracket, length: 1)
        case UInt8(ascii: "("): emit(.openParen, length: 1)
        case UInt8(ascii: ")"): emit(.closeParen, length: 1)
        case UInt8(ascii: "\""):
            emit(.openQuote, length: 1)
            modes.append(.quoted)
        case UInt8(ascii: "<") where next == UInt8(ascii: "<"):
            if !scanHeredocIntroducer() { emit(.lessThan, length: 1) }
        case UInt8(ascii: "<"):
            emit(next == UInt8(ascii: "=") ? .lessThanOrEqual : .lessThan, length: next == UInt8(ascii: "=") ? 2 : 1)
        case UInt8(ascii: ">"):
            emit(next == UInt8(ascii: "=") ? .greaterThanOrEqual : .greaterThan, length: next == UInt8(ascii: "=") ? 2 : 1)
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { emit(.equalOperator, length: 2) }
            else if next == UInt8(ascii: ">") { emit(.fatArrow, length: 2) }
            else { emit(.equal, length: 1) }
        case UInt8(ascii: "!"):
            emit(next == UInt8(ascii: "=") ? .notEqual : .bang, length: next == UInt8(ascii: "=") ? 2 : 1)
        case UInt8(ascii: "&") where next == UInt8(ascii: "&"): emit(.and, length: 2)
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"): emit(.or, length: 2)
        case UInt8(ascii: "."):
            if next == UInt8(ascii: "."), byte(2) == UInt8(ascii: ".") { emit(.ellipsis, length: 3) } else { emit(.dot, length: 1) }
        case UInt8(ascii: ","): emit(.comma, length: 1)
        case UInt8(ascii: ":"):
            emit(next == UInt8(ascii: ":") ? .doubleColon : .colon, length: next == UInt8(ascii: ":") ? 2 : 1)
        case UInt8(ascii: "?"): emit(.question, length: 1)
        case UInt8(ascii: "*"): emit(.star, length: 1)
        case UInt8(ascii: "/"): emit(.slash, length: 1)
        case UInt8(ascii: "+"): emit(.plus, length: 1)
        case UInt8(ascii: "-"): emit(.minus, length: 1)
        case UInt8(ascii: "%"): emit(.percent, length: 1)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber()
        default:
            let identifierLength = identifierLength(at: offset)
            if identifierLength > 0 {
                emit(.identifier, length: identifierLength)
            } else {
                emit(.invalid, length: max(1, scalarLength(at: offset)))
            }
        }
    }

    private mutating func scanLineComment() {
        var length = 0
        while let current = byte(length), current != 0x0A, !(current == 0x0D && byte(length + 1) == 0x0A) { length += 1 }
        emit(.comment, length: length)
    }

    private mutating func closeBrace(length: Int) {
        if braces.popLast() == true {
            emit(.templateSequenceEnd, length: length)
            modes.removeLast()
            // A heredoc line goes on after an interpolation: not a line start any more.
            if case .heredoc(let marker, _) = modes[modes.count - 1] { modes[modes.count - 1] = .heredoc(marker: marker, atLineStart: false) }
        } else if length == 2 {
            emit(.invalid, length: 1)
        } else {
            emit(.closeBrace, length: 1)
        }
    }

    /// `1`, `1.5`, `1e3`, `1.5E-2`; a dot not followed by a digit is not part of it
    /// (`a.0.b` is a legacy index, `0.0` in `a.0.0` is a number, as in HCL).
    private mutating func scanNumber() {
        var length = 0
        func digits() { while let d = byte(length), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) { length += 1 } }
        digits()
        if byte(length) == UInt8(ascii: "."), let d = byte(length + 1), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) {
            length += 1
            digits()
        }
        if let e = byte(length), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var exponent = length + 1
            if let sign = byte(exponent), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { exponent += 1 }
            if let d = byte(exponent), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) {
                length = exponent
                digits()
            }
        }
        emit(.number, length: length)
    }

    /// `<<ID` or `<<-ID` directly followed by a line break opens a heredoc.
    private mutating func scanHeredocIntroducer() -> Bool {
        var length = 2
        if byte(length) == UInt8(ascii: "-") { length += 1 }
        let markerStart = offset + length
        let markerLength = identifierLength(at: markerStart)
        guard markerLength > 0 else { return false }
        length += markerLength
        if byte(length) == 0x0D, byte(length + 1) == 0x0A {
            length += 2
        } else if byte(length) == 0x0A {
            length += 1
        } else {
            return false
        }
        let marker = bytes[markerStart..<(markerStart + markerLength)]
        emit(.openHeredoc, length: length)
        modes.append(.heredoc(marker: marker, atLineStart: true))
        return true
    }

    // MARK: Template modes

    private mutating func scanQuoted() {
        if byte() == UInt8(ascii: "\"") {
            emit(.closeQuote, length: 1)
            modes.removeLast()
            return
        }
        scanTemplateText(closingQuote: true, heredoc: false)
    }

    private mutating func scanHeredoc(marker: ArraySlice<UInt8>, atLineStart: Bool) {
        if atLineStart {
            // Terraform matches the closing marker after trimming blanks on both sides.
            var end = offset
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var first = offset
            var last = end
            while first < last, [0x20, 0x09, 0x0D].contains(bytes[first]) { first += 1 }
            while last > first, [0x20, 0x09, 0x0D].contains(bytes[last - 1]) { last -= 1 }
            if bytes[first..<last].elementsEqual(marker) {
                emit(.closeHeredoc, length: last - offset)
                modes.removeLast()
                return
            }
        }
        scanTemplateText(closingQuote: false, heredoc: true)
    }

    /// Literal text up to the next interpolation, directive, closing quote or (in a
    /// heredoc) line end, which is included.
    private mutating func scanTemplateText(closingQuote: Bool, heredoc: Bool) {
        let current = byte()
        if (current == UInt8(ascii: "$") || current == UInt8(ascii: "%")), byte(1) == UInt8(ascii: "{") {
            let length = byte(2) == UInt8(ascii: "~") ? 3 : 2
            emit(current == UInt8(ascii: "$") ? .templateInterpolation : .templateControl, length: length)
            braces.append(true)
            modes.append(.main)
            return
        }
        var length = 0
        while let scalar = byte(length) {
            if scalar == UInt8(ascii: "$") || scalar == UInt8(ascii: "%") {
                if byte(length + 1) == scalar, byte(length + 2) == UInt8(ascii: "{") {
                    length += 3  // `$${` and `%%{` are literal
                    continue
                }
                if byte(length + 1) == UInt8(ascii: "{") { break }
            }
            if closingQuote {
                if scalar == UInt8(ascii: "\"") { break }
                if scalar == UInt8(ascii: "\\") {
                    length += byte(length + 1) == nil ? 1 : 2
                    continue
                }
                if scalar == 0x0A {
                    // A quoted string ends on its line: what follows is not its text.
                    if length > 0 { emit(.quotedLiteral, length: length) }
                    emit(.invalid, length: 1)
                    modes.removeLast()
                    return
                }
            }
            length += 1
            if heredoc, scalar == 0x0A { break }
        }
        if length > 0 { emit(closingQuote ? .quotedLiteral : .stringLiteral, length: length) }
        if heredoc, length > 0, bytes[offset - 1] == 0x0A, case .heredoc(let marker, _) = modes[modes.count - 1] {
            modes[modes.count - 1] = .heredoc(marker: marker, atLineStart: true)
        } else if heredoc, case .heredoc(let marker, _) = modes[modes.count - 1] {
            modes[modes.count - 1] = .heredoc(marker: marker, atLineStart: false)
        }
    }

    // MARK: Identifiers

    /// Bytes of the identifier starting at `start` (UAX #31 `ID_Start (ID_Continue | '-')*`,
    /// as HCL), 0 when none starts there.
    private func identifierLength(at start: Int) -> Int {
        var index = start
        var first = true
        while index < bytes.count {
            let length = scalarLength(at: index)
            guard let scalar = decodeScalar(at: index, length: length) else { break }
            let accepted: Bool
            if scalar.isASCII {
                let value = scalar.value
                let letter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || value == 0x5F
                let digit = (0x30...0x39).contains(value)
                accepted = first ? letter : (letter || digit || value == 0x2D)
            } else {
                accepted = first ? scalar.properties.isIDStart : scalar.properties.isIDContinue
            }
            guard accepted else { break }
            first = false
            index += length
        }
        return index - start
    }

    private func scalarLength(at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        if lead >> 5 == 0b110 { return 2 }
        if lead >> 4 == 0b1110 { return 3 }
        if lead >> 3 == 0b11110 { return 4 }
        return 1
    }

    private func decodeScalar(at index: Int, length: Int) -> Unicode.Scalar? {
        guard index + length <= bytes.count else { return nil }
        if length == 1 { return Unicode.Scalar(bytes[index]) }
        var value = UInt32(bytes[index]) & (0xFF >> (length + 1))
        for continuation in bytes[(index + 1)..<(index + length)] {
            guard continuation & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        return Unicode.Scalar(value)
    }
}
