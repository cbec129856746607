import AuditSyntax
import Testing

@Suite("JSONReader values and positions")
struct JSONValueTests {
    @Test func positionsOfKeysAndValues() throws {
        let root = try JSONReader.parse(fixture("cloudformation-resources-only.json")).root
        #expect(root.position == at(1, 1))

        let resources = try #require(root.entry("Resources"))
        #expect(resources.keyPosition == at(2, 3))
        #expect(resources.value.position == at(2, 16))

        let queue = try #require(resources.value.entry("Queue"))
        #expect(queue.keyPosition == at(3, 5))
        #expect(queue.value.position == at(3, 14))

        let type = try #require(queue.value.entry("Type"))
        #expect(type.keyPosition == at(4, 7))
        #expect(type.value.position == at(4, 15))
        #expect(ScalarValue(type.value) == ScalarValue("AWS::SQS::Queue", .string))

        let properties = try #require(queue.value.entry("Properties"))
        #expect(properties.keyPosition == at(5, 7))
        #expect(properties.value.position == at(5, 21))
        let timeout = try #require(properties.value.entry("VisibilityTimeout"))
        #expect(timeout.keyPosition == at(5, 23))
        #expect(timeout.value.position == at(5, 44))
        #expect(ScalarValue(timeout.value) == ScalarValue("60", .integer))
    }

    /// `é` is two bytes and `😀` four, but one column each.
    @Test func columnsCountUnicodeScalars() throws {
        let root = try json(#"{"é😀": "x", "k": 1}"#).root
        #expect(root.entry("é😀")?.keyPosition == at(1, 2))
        #expect(root["é😀"]?.position == at(1, 8))
        #expect(root.entry("k")?.keyPosition == at(1, 13))
        #expect(root["k"]?.position == at(1, 18))
    }

    @Test func lineBreaksIncludingCRLFAndLoneCR() throws {
        let crlf = try json("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}").root
        #expect(crlf.entry("a")?.keyPosition == at(2, 3))
        #expect(crlf.entry("b")?.keyPosition == at(3, 3))
        #expect(crlf["b"]?.position == at(3, 8))

        let loneCR = try json("{\r\"a\": 1}").root
        #expect(loneCR.entry("a")?.keyPosition == at(2, 1))
    }

    @Test func scalarKindsAndText() throws {
        let root = try json(#"[1, -0, 2.5, 1e3, -1.5E+2, 0.0e-1, true, false, null, "s", [], {}]"#).root
        let scalars = root.elements.prefix(10).compactMap(ScalarValue.init)
        #expect(scalars == [
            ScalarValue("1", .integer), ScalarValue("-0", .integer), ScalarValue("2.5", .float),
            ScalarValue("1e3", .float), ScalarValue("-1.5E+2", .float), ScalarValue("0.0e-1", .float),
            ScalarValue("true", .boolean), ScalarValue("false", .boolean), ScalarValue("null", .null),
            ScalarValue("s", .string),
        ])
        #expect(root.elements[10].isSequence && root.elements[10].elements.isEmpty)
        #expect(root.elements[11].isMapping && root.elements[11].entries.isEmpty)
        #expect(root.elements[11].position == at(1, 64))
        #expect(root.elements.allSatisfy { $0.tag == nil })
    }

    @Test func topLevelScalar() throws {
        #expect(ScalarValue(try json(" 42 ").root) == ScalarValue("42", .integer))
        #expect(try json(" 42 ").root.position == at(1, 2))
    }

    @Test func escapesAndSurrogatePairs() throws {
        let text = #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "\ud800x", "\udc00", "\ud800\u0041", "é😀"]"#
        let strings = try json(text).root.elements.compactMap { ScalarValue($0)?.text }
        #expect(strings == [
            "a\"b\\c/d\u{8}\u{C}\n\r\t", "é€", "😀",
            // Unpaired surrogates become U+FFFD rather than failing the file.
            "\u{FFFD}x", "\u{FFFD}", "\u{FFFD}A",
            "é😀",
        ])
    }

    @Test func duplicateKeysKeepTheFirstAndWarn() throws {
        let document = try json("{\"a\": 1,\n \"a\": 2}")
        #expect(document.root.entries.map(\.key) == ["a"])
        #expect(ScalarValue(document.root["a"]) == ScalarValue("1", .integer))
        #expect(document.warnings == [SyntaxWarning("duplicate key 'a' (first at 1:2)", at: at(2, 2))])
    }

    @Test func duplicateKeysInALargeObject() throws {
        let members = (0..<20).map { "\"k\($0)\": \($0)" } + [#""k3": "again""#]
        let document = try json("{\n" + members.joined(separator: ",\n") + "\n}")
        #expect(document.warnings == [SyntaxWarning("duplicate key 'k3' (first at 5:1)", at: at(22, 1))])
        #expect(ScalarValue(document.root["k3"]) == ScalarValue("3", .integer))
    }
}

@Suite("JSONReader errors")
struct JSONErrorTests {
    @Test(arguments: [
        (#"{"a" 1}"#, "expected ':' after object key", 1, 6),
        (#"{"a": 1 "b": 2}"#, "expected ',' or '}' after object member", 1, 9),
        ("[1 2]", "expected ',' or ']' after array element", 1, 4),
        (#"{"a": [1, 2}"#, "expected ',' or ']' after array element", 1, 12),
        (#"{"a": "abc"#, "unterminated string", 1, 7),
        ("{\"a\":\n \"b\n\"}", "unterminated string (line break before the closing quote)", 2, 2),
        (#"{"a": tru"#, "unexpected end of input (truncated file?)", 1, 10),
        ("{\"a\": [1,\n", "unexpected end of input (truncated file?)", 2, 1),
        (#"{"a": x}"#, "expected a value, found 'x'", 1, 7),
        (#"{"a": True}"#, "expected a value, found 'True'", 1, 7),
        ("{\"a\": 1,\n  \"b\": @}", "expected a value, found '@'", 2, 8),
        ("[1,]", "expected a value, found ']'", 1, 4),
        (#"{"a":1,}"#, "expected a string key in object, found '}'", 1, 8),
        ("{a: 1}", "expected a string key in object, found 'a'", 1, 2),
        ("{} x", "trailing characters after JSON value", 1, 4),
        ("{}\n{}", "trailing characters after JSON value", 2, 1),
        ("[01]", "leading zeros are not allowed in numbers", 1, 2),
        ("[-]", "invalid number: expected a digit after '-'", 1, 3),
        ("[1.]", "invalid number: expected a digit after the decimal point", 1, 4),
        ("[1e]", "invalid number: expected a digit in the exponent", 1, 4),
        ("[.5]", "expected a value, found '.'", 1, 2),
        ("[\"a\tb\"]", "control character 0x09 must be escaped in a string", 1, 4),
        (#"["\q"]"#, #"invalid escape '\q' in string"#, 1, 3),
        (#"["\u12"]"#, #"invalid \u escape: expected four hex digits"#, 1, 3),
        ("", "empty file: expected a JSON value", 1, 1),
        (" \n ", "empty file: expected a JSON value", 1, 1),
        ("[1,\u{0}]", "expected a value, found byte 0x00", 1, 4),
    ])
    func errorMessageAndPosition(text: String, message: String, line: Int, column: Int) {
        #expect(syntaxError { try json(text) } == SyntaxError(message, at: at(line, column)))
    }

    @Test func invalidUTF8IsReportedAtTheBadByte() {
        let latin1: [UInt8] = Array(#"["caf"#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8)
        #expect(syntaxError { try JSONReader.parse(latin1) } == SyntaxError("invalid UTF-8 byte 0xC3", at: at(1, 6)))

        let afterMultibyte: [UInt8] = Array(#"{"é": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(syntaxError { try JSONReader.parse(afterMultibyte) } == SyntaxError("invalid UTF-8 byte 0xFF", at: at(1, 8)))

        let encodedSurrogate: [UInt8] = Array(#"[""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""]"#.utf8)
        #expect(syntaxError { try JSONReader.parse(encodedSurrogate) } == SyntaxError("invalid UTF-8 byte 0xED", at: at(1, 3)))

        let truncatedSequence: [UInt8] = Array(#"[""#.utf8) + [0xE2, 0x82]
        #expect(syntaxError { try JSONReader.parse(truncatedSequence) } == SyntaxError("invalid UTF-8 byte 0xE2", at: at(1, 3)))
    }

    @Test func rawControlCharacterInAString() {
        let bytes: [UInt8] = Array(#"{"a": "x"#.utf8) + [0x01] + Array(#""}"#.utf8)
        #expect(syntaxError { try JSONReader.parse(bytes) } == SyntaxError("control character 0x01 must be escaped in a string", at: at(1, 9)))
    }

    @Test func hundredThousandOpenBracketsFailAtTheDepthLimit() {
        #expect(
            syntaxError { try json(String(repeating: "[", count: 100_000)) }
                == SyntaxError("nesting deeper than 512 levels", at: at(1, 513))
        )
        #expect(
            syntaxError { try json(String(repeating: #"{"a":"#, count: 100_000)) }
                == SyntaxError("nesting deeper than 512 levels", at: at(1, 2561))
        )
        #expect(
            syntaxError { try json(String(repeating: "[\n", count: 100_000)) }
                == SyntaxError("nesting deeper than 512 levels", at: at(513, 1))
        )
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let limits = ReaderLimits(maxDepth: 3)
        #expect(try json("[[[1]]]", limits: limits).root.elements[0].elements[0].elements.count == 1)
        #expect(syntaxError { try json("[[[[1]]]]", limits: limits) } == SyntaxError("nesting deeper than 3 levels", at: at(1, 4)))
    }

    /// Every strict prefix of a real file fails cleanly: at the end of the input, or at the
    /// opening quote of the string that was cut.
    @Test func everyTruncationOfAPlanFails() throws {
        let plan = try fixture("terraform-plan.json")
        #expect(!plan.contains(UInt8(ascii: "\\")), "the expectation below assumes no escapes")
        let completeLength = try #require(plan.lastIndex(of: UInt8(ascii: "}"))) + 1
        for length in 0..<completeLength {
            let prefix = Array(plan[..<length])
            let error = syntaxError { try JSONReader.parse(prefix) }
            let expected: SyntaxError
            if length == 0 {
                expected = SyntaxError("empty file: expected a JSON value", at: at(1, 1))
            } else if let openQuote = unclosedQuote(in: prefix) {
                expected = SyntaxError("unterminated string", at: position(of: openQuote, in: prefix))
            } else {
                expected = SyntaxError("unexpected end of input (truncated file?)", at: position(of: length, in: prefix))
            }
            #expect(error == expected, "prefix of \(length) bytes")
        }
    }

    @Test func truncatedEscapeIsTheEndOfInput() {
        #expect(syntaxError { try json(#"["ab\"#) } == SyntaxError("unexpected end of input (truncated file?)", at: at(1, 6)))
        #expect(syntaxError { try json(#"["\u00"#) } == SyntaxError("unexpected end of input (truncated file?)", at: at(1, 7)))
    }

    private func unclosedQuote(in bytes: [UInt8]) -> Int? {
        var openQuote: Int?
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") {
            openQuote = openQuote == nil ? offset : nil
        }
        return openQuote
    }

    /// Position of an offset in ASCII text, counted independently of the reader.
    private func position(of offset: Int, in bytes: [UInt8]) -> SourcePosition {
        let before = bytes[..<offset]
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return at(line, offset - lineStart + 1)
    }
}

@Suite("JSONReader encodings")
struct JSONEncodingTests {
    @Test func utf8ByteOrderMarkIsSkippedAndNotCounted() throws {
        let root = try JSONReader.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)).root
        #expect(root.position == at(1, 1))
        #expect(root.entry("a")?.keyPosition == at(1, 2))
        #expect(root["a"]?.position == at(1, 7))
    }

    @Test(arguments: [true, false])
    func utf16WithByteOrderMark(littleEndian: Bool) throws {
        let text = "{\n  \"é\": \"😀\",\n  \"k\": [1]\n}"
        let root = try JSONReader.parse(utf16Bytes(text, littleEndian: littleEndian)).root
        #expect(root.entries.map(\.key) == ["é", "k"])
        #expect(ScalarValue(root["é"]) == ScalarValue("😀", .string))
        #expect(root["é"]?.position == at(2, 8))
        #expect(root.entry("k")?.keyPosition == at(3, 3))
    }

    @Test func utf16WithAnOddByteIsTruncated() {
        let bytes = utf16Bytes("{}", littleEndian: true) + [0x20]
        #expect(syntaxError { try JSONReader.parse(bytes) } == SyntaxError("truncated UTF-16 text (odd number of bytes)", at: at(1, 3)))
    }

    @Test func utf16WithoutByteOrderMarkIsRefused() {
        let expected = SyntaxError("text looks like UTF-16 or UTF-32 without a byte order mark; save it as UTF-8", at: at(1, 1))
        #expect(syntaxError { try JSONReader.parse([0x7B, 0x00, 0x7D, 0x00]) } == expected)
        #expect(syntaxError { try JSONReader.parse([0x00, 0x7B, 0x00, 0x7D]) } == expected)
    }
}
