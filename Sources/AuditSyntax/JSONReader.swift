/// An RFC 8259 JSON reader that records the line and column of every value and key.
///
/// Foundation's JSONSerialization loses positions, and findings must point at a line, so
/// this reader is our own. It is iterative with an explicit stack (hostile nesting fails
/// with an error instead of overflowing the call stack) and works on raw bytes, because
/// Terraform plans reach tens of megabytes.
public enum JSONReader {
    public static func parse(_ bytes: [UInt8], limits: ReaderLimits = .standard) throws(SyntaxError) -> ParsedDocument {
        switch TextEncoding.byteOrderMark(of: bytes) {
        case .utf8:
            return try parseUTF8(bytes, from: 3, limits: limits)
        case .utf16LittleEndian:
            return try parseUTF8(TextEncoding.utf8FromUTF16(bytes, littleEndian: true), from: 0, limits: limits)
        case .utf16BigEndian:
            return try parseUTF8(TextEncoding.utf8FromUTF16(bytes, littleEndian: false), from: 0, limits: limits)
        case nil:
            // JSON text never holds a raw NUL, so one among the first two bytes means
            // UTF-16/32 saved without a byte order mark; say so instead of "found byte 0x00".
            if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 {
                throw SyntaxError("text looks like UTF-16 or UTF-32 without a byte order mark; save it as UTF-8", at: .start)
            }
            return try parseUTF8(bytes, from: 0, limits: limits)
        }
    }

    private static func parseUTF8(_ bytes: [UInt8], from start: Int, limits: ReaderLimits) throws(SyntaxError) -> ParsedDocument {
        try bytes.withUnsafeBufferPointer { buffer throws(SyntaxError) in
            var parser = JSONParser(bytes: buffer, start: start, limits: limits)
            let root = try parser.parseDocument()
            return ParsedDocument(root: root, warnings: parser.warnings)
        }
    }
}

private enum ASCII {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
}

/// A container whose closing bracket has not been read yet.
private struct OpenContainer {
    var isObject: Bool
    var position: SourcePosition
    var elements: [Node] = []
    var members = MappingBuilder()
    var pendingKey = ""
    var pendingKeyPosition = SourcePosition.start
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: ReaderLimits
    var offset: Int
    var warnings: [SyntaxWarning] = []

    // Columns are counted lazily and incrementally: minified plans put megabytes on one
    // line, so recounting from the line start for every value would be quadratic.
    private var line = 1
    private var lineStartOffset: Int
    private var countedOffset: Int
    private var countedColumn = 1

    /// Reused buffer for strings with escapes, so decoding them allocates only the result.
    private var unescaped: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, limits: ReaderLimits) {
        self.bytes = bytes
        self.limits = limits
        offset = start
        lineStartOffset = start
        countedOffset = start
    }

    // MARK: Positions

    private mutating func position(at target: Int) -> SourcePosition {
        if target < countedOffset {
            countedOffset = lineStartOffset
            countedColumn = 1
        }
        var column = countedColumn
        var index = countedOffset
        while index < target {
            if !TextEncoding.isContinuationByte(bytes[index]) { column += 1 }
            index += 1
        }
        countedOffset = target
        countedColumn = column
        return SourcePosition(line: line, column: column)
    }

    private mutating func startLine(at newLineStart: Int) {
        line += 1
        lineStartOffset = newLineStart
        countedOffset = newLineStart
        countedColumn = 1
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.space || byte == ASCII.tab {
                offset += 1
            } else if byte == ASCII.newline {
                offset += 1
                startLine(at: offset)
            } else if byte == ASCII.carriageReturn {
                offset += 1
                // `\r\n` is one break, counted at the `\n`.
                if offset < bytes.count, bytes[offset] == ASCII.newline { continue }
                startLine(at: offset)
            } else {
                return
            }
        }
    }

    private mutating func error(_ message: String, at errorOffset: Int) -> SyntaxError {
        SyntaxError(message, at: position(at: errorOffset))
    }

    private mutating func endOfInputError() -> SyntaxError {
        error("unexpected end of input (truncated file?)", at: bytes.count)
    }

    // MARK: Structure

    mutating func parseDocument() throws(SyntaxError) -> Node {
        skipWhitespace()
        if offset >= bytes.count {
            throw SyntaxError("empty file: expected a JSON value", at: .start)
        }
        var stack: [OpenContainer] = []

        expectingValue: while true {
            skipWhitespace()
            guard offset < bytes.count else { throw endOfInputError() }
            let valueOffset = offset
            let byte = bytes[valueOffset]
            var value: Node

            switch byte {
            case ASCII.openBrace, ASCII.openBracket:
                let containerPosition = position(at: valueOffset)
                guard stack.count < limits.maxDepth else {
                    throw SyntaxError("nesting deeper than \(limits.maxDepth) levels", at: containerPosition)
                }
                let isObject = byte == ASCII.openBrace
                offset += 1
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == (isObject ? ASCII.closeBrace : ASCII.closeBracket) {
                    offset += 1
                    value = Node(isObject ? .mapping([]) : .sequence([]), position: containerPosition)
                } else {
                    stack.append(OpenContainer(isObject: isObject, position: containerPosition))
                    if isObject { try readKeyAndColon(into: &stack[stack.count - 1]) }
                    continue expectingValue
                }
            case ASCII.quote:
                let stringPosition = position(at: valueOffset)
                value = Node(.scalar(try parseString(), .string), position: stringPosition)
            case ASCII.minus, ASCII.zero...ASCII.nine:
                let numberPosition = position(at: valueOffset)
                let (text, kind) = try parseNumber()
                value = Node(.scalar(text, kind), position: numberPosition)
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = Node(.scalar("true", .boolean), position: position(at: valueOffset))
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = Node(.scalar("false", .boolean), position: position(at: valueOffset))
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = Node(.scalar("null", .null), position: position(at: valueOffset))
            default:
                throw error("expected a value, found \(describeToken(at: valueOffset))", at: valueOffset)
            }

            // Hand the value to its container; closing brackets complete containers,
            // which are values of their own parents in turn.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if offset < bytes.count {
                        throw error("trailing characters after JSON value", at: offset)
                    }
                    return value
                }
                let top = stack.count - 1
                let isObject = stack[top].isObject
                if isObject {
                    let entry = MappingEntry(key: stack[top].pendingKey, keyPosition: stack[top].pendingKeyPosition, value: value)
                    if let first = stack[top].members.append(entry) {
                        warnings.append(DuplicateKeyWarning.make(key: entry.key, first: first, duplicate: entry.keyPosition))
                    }
                } else {
                    stack[top].elements.append(value)
                }

                skipWhitespace()
                guard offset < bytes.count else { throw endOfInputError() }
                let separator = bytes[offset]
                if separator == ASCII.comma {
                    offset += 1
                    if isObject { try readKeyAndColon(into: &stack[top]) }
                    continue expectingValue
                }
                guard separator == (isObject ? ASCII.closeBrace : ASCII.closeBracket) else {
                    throw error(
                        isObject ? "expected ',' or '}' after object member" : "expected ',' or ']' after array element",
                        at: offset
                    )
                }
                offset += 1
                var closed = stack.removeLast()
                value = Node(
                    closed.isObject ? .mapping(closed.members.takeEntries()) : .sequence(closed.elements),
                    position: closed.position
                )
            }
        }
    }

    private mutating func readKeyAndColon(into container: inout OpenContainer) throws(SyntaxError) {
        skipWhitespace()
        guard offset < bytes.count else { throw endOfInputError() }
        guard bytes[offset] == ASCII.quote else {
            throw error("expected a string key in object, found \(describeToken(at: offset))", at: offset)
        }
        container.pendingKeyPosition = position(at: offset)
        container.pendingKey = try parseString()
        skipWhitespace()
        guard offset < bytes.count else { throw endOfInputError() }
        guard bytes[offset] == ASCII.colon else {
            throw error("expected ':' after object key", at: offset)
        }
        offset += 1
    }

    // MARK: Scalars

    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for index in 0..<length {
            guard offset + index < bytes.count else { throw endOfInputError() }
            guard bytes[offset + index] == expected[index] else {
                throw error("expected a value, found \(describeToken(at: offset))", at: offset)
            }
        }
        offset += length
    }

    /// The word starting at `start` (so `True` reads as 'True', not 'T'), or the single
    /// character there.
    private func describeToken(at start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 24, isWordByte(bytes[end]) { end += 1 }
        if end == start { return TextEncoding.describeCharacter(at: start, in: bytes) }
        return "'\(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))'"
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             ASCII.zero...ASCII.nine, UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> (String, ScalarKind) {
        let start = offset
        var index = offset
        var kind = ScalarKind.integer

        if bytes[index] == ASCII.minus { index += 1 }
        guard index < bytes.count else { throw endOfInputError() }
        if bytes[index] == ASCII.zero {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("leading zeros are not allowed in numbers", at: start)
            }
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw error("invalid number: expected a digit after '-'", at: index)
        }

        if index < bytes.count, bytes[index] == ASCII.dot {
            kind = .float
            index += 1
            guard index < bytes.count else { throw endOfInputError() }
            guard isDigit(bytes[index]) else {
                throw error("invalid number: expected a digit after the decimal point", at: index)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }

        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            kind = .float
            index += 1
            if index < bytes.count, bytes[index] == ASCII.plus || bytes[index] == ASCII.minus { index += 1 }
            guard index < bytes.count else { throw endOfInputError() }
            guard isDigit(bytes[index]) else {
                throw error("invalid number: expected a digit in the exponent", at: index)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }

        offset = index
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self), kind)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- ASCII.zero < 10
    }

    /// Reads the string whose opening quote is at `offset`.
    private mutating func parseString() throws(SyntaxError) -> String {
        let quoteOffset = offset
        let contentStart = offset + 1
        var index = contentStart

        // Fast path: most strings have no escapes and are sliced straight from the input.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                offset = index + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]), as: UTF8.self)
            }
            if byte == ASCII.backslash { break }
            if byte < 0x20 { throw controlCharacterError(at: index, stringStart: quoteOffset) }
            if byte < 0x80 {
                index += 1
            } else {
                index = try endOfUTF8Sequence(startingAt: index)
            }
        }
        guard index < bytes.count else { throw error("unterminated string", at: quoteOffset) }

        unescaped.removeAll(keepingCapacity: true)
        unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                offset = index + 1
                return String(decoding: unescaped, as: UTF8.self)
            }
            if byte == ASCII.backslash {
                index = try appendEscape(at: index)
            } else if byte < 0x20 {
                throw controlCharacterError(at: index, stringStart: quoteOffset)
            } else if byte < 0x80 {
                unescaped.append(byte)
                index += 1
            } else {
                let end = try endOfUTF8Sequence(startingAt: index)
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
        throw error("unterminated string", at: quoteOffset)
    }

    private mutating func controlCharacterError(at index: Int, stringStart: Int) -> SyntaxError {
        let byte = bytes[index]
        if byte == ASCII.newline || byte == ASCII.carriageReturn {
            // A raw line break almost always means the closing quote is missing.
            return error("unterminated string (line break before the closing quote)", at: stringStart)
        }
        return error("control character 0x\(TextEncoding.hex(byte)) must be escaped in a string", at: index)
    }

    /// Decodes the escape at `index` (a backslash) into `unescaped`; returns the index after it.
    private mutating func appendEscape(at index: Int) throws(SyntaxError) -> Int {
        guard index + 1 < bytes.count else { throw endOfInputError() }
        let simple: UInt8
        switch bytes[index + 1] {
        case ASCII.quote: simple = ASCII.quote
        case ASCII.backslash: simple = ASCII.backslash
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = ASCII.newline
        case UInt8(ascii: "r"): simple = ASCII.carriageReturn
        case UInt8(ascii: "t"): simple = ASCII.tab
        case UInt8(ascii: "u"):
            return try appendUnicodeEscape(at: index)
        default:
            throw error("invalid escape '\\\(describeEscapedCharacter(at: index + 1))' in string", at: index)
        }
        unescaped.append(simple)
        return index + 2
    }

    private func describeEscapedCharacter(at index: Int) -> String {
        let byte = bytes[index]
        if byte >= 0x21, byte < 0x7F { return String(Character(Unicode.Scalar(byte))) }
        return "x\(TextEncoding.hex(byte))"
    }

    /// Decodes `\uXXXX` at `index`, pairing surrogates; an unpaired surrogate becomes U+FFFD
    /// rather than an error, as most JSON producers and consumers tolerate it.
    private mutating func appendUnicodeEscape(at index: Int) throws(SyntaxError) -> Int {
        let unit = try hexQuad(at: index + 2, escapeStart: index)
        var next = index + 6
        var scalarValue = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
            if next + 5 < bytes.count, bytes[next] == ASCII.backslash, bytes[next + 1] == UInt8(ascii: "u") {
                let low = try hexQuad(at: next + 2, escapeStart: next)
                if (0xDC00...0xDFFF).contains(low) {
                    scalarValue = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
                    next += 6
                } else {
                    scalarValue = 0xFFFD
                }
            } else {
                scalarValue = 0xFFFD
            }
        } else if (0xDC00...0xDFFF).contains(unit) {
            scalarValue = 0xFFFD
        }
        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
        unescaped.append(contentsOf: UTF8.encode(scalar)!)
        return next
    }

    private mutating func hexQuad(at start: Int, escapeStart: Int) throws(SyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for index in start..<start + 4 {
            guard index < bytes.count else { throw endOfInputError() }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Validates the multi-byte UTF-8 sequence at `start` and returns the index after it.
    private mutating func endOfUTF8Sequence(startingAt start: Int) throws(SyntaxError) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF  // no overlong forms
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F  // no UTF-16 surrogates
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F  // nothing above U+10FFFF
        default: throw error("invalid UTF-8 byte 0x\(TextEncoding.hex(lead))", at: start)
        }
        guard start + length <= bytes.count else { throw error("invalid UTF-8 byte 0x\(TextEncoding.hex(lead))", at: start) }
        guard secondRange.contains(bytes[start + 1]) else {
            throw error("invalid UTF-8 byte 0x\(TextEncoding.hex(lead))", at: start)
        }
        for index in start + 2..<start + length where !TextEncoding.isContinuationByte(bytes[index]) {
            throw error("invalid UTF-8 byte 0x\(TextEncoding.hex(lead))", at: start)
        }
        return start + length
    }
}
