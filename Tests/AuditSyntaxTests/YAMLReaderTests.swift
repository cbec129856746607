import AuditSyntax
import Testing

@Suite("YAMLReader positions")
struct YAMLPositionTests {
    @Test func blockStylePositionsOfKeysAndValues() throws {
        let root = try YAMLReader.parse(fixture("cloudformation.yaml")).root
        #expect(root.position == at(1, 1))
        #expect(root.entries.map(\.key) == ["AWSTemplateFormatVersion", "Description", "Resources"])

        let version = try #require(root.entry("AWSTemplateFormatVersion"))
        #expect(version.keyPosition == at(1, 1))
        #expect(version.value.position == at(1, 27))
        #expect(ScalarValue(version.value) == ScalarValue("2010-09-09", .string))

        let description = try #require(root.entry("Description"))
        #expect(description.keyPosition == at(2, 1))
        #expect(description.value.position == at(2, 14))
        #expect(ScalarValue(description.value) == ScalarValue("Bucket with a policy", .string))

        let resources = try #require(root.entry("Resources"))
        #expect(resources.keyPosition == at(3, 1))
        #expect(resources.value.position == at(4, 3))

        let bucket = try #require(resources.value.entry("Bucket"))
        #expect(bucket.keyPosition == at(4, 3))
        #expect(bucket.value.position == at(5, 5))

        let type = try #require(bucket.value.entry("Type"))
        #expect(type.keyPosition == at(5, 5))
        #expect(type.value.position == at(5, 11))
        #expect(ScalarValue(type.value) == ScalarValue("AWS::S3::Bucket", .string))

        let properties = try #require(bucket.value.entry("Properties"))
        #expect(properties.keyPosition == at(6, 5))
        #expect(properties.value.position == at(7, 7))

        let bucketName = try #require(properties.value.entry("BucketName"))
        #expect(bucketName.keyPosition == at(7, 7))
        #expect(bucketName.value.position == at(7, 19))
        #expect(bucketName.value.tag == "!Sub")
        #expect(ScalarValue(bucketName.value) == ScalarValue("${AWS::StackName}-data", .string))

        let tags = try #require(properties.value.entry("Tags"))
        #expect(tags.keyPosition == at(8, 7))
        #expect(tags.value.position == at(9, 9))
        let firstTag = try #require(tags.value.elements.first)
        #expect(firstTag.position == at(9, 11))
        #expect(firstTag.entry("Key")?.keyPosition == at(9, 11))
        #expect(firstTag["Key"]?.position == at(9, 16))
        #expect(firstTag.entry("Value")?.keyPosition == at(10, 11))
        #expect(firstTag["Value"]?.position == at(10, 18))
        #expect(ScalarValue(firstTag["Value"]) == ScalarValue("data", .string))
    }

    @Test func flowMappingPositions() throws {
        let root = try yaml("{a: 1}").root
        #expect(root.position == at(1, 1))
        #expect(root.entry("a")?.keyPosition == at(1, 2))
        #expect(root["a"]?.position == at(1, 5))
        #expect(ScalarValue(root["a"]) == ScalarValue("1", .integer))
    }

    @Test func nestedFlowCollectionPositions() throws {
        let tags = try #require(try yaml(#"Tags: [{Key: Name, Value: "x"}]"#).root.entry("Tags"))
        #expect(tags.keyPosition == at(1, 1))
        #expect(tags.value.position == at(1, 7))
        let tag = try #require(tags.value.elements.first)
        #expect(tag.position == at(1, 8))
        #expect(tag.entry("Key")?.keyPosition == at(1, 9))
        #expect(tag["Key"]?.position == at(1, 14))
        #expect(tag.entry("Value")?.keyPosition == at(1, 20))
        #expect(tag["Value"]?.position == at(1, 27))
    }

    /// libyaml counts characters, not bytes: `é` (2 bytes) and `😀` (4 bytes) are one
    /// column each, as in an editor.
    @Test func columnsCountCharactersAfterNonASCIIText() throws {
        let meta = try #require(try yaml(#"Meta: {Description: "é😀", Next: 1}"#).root["Meta"])
        #expect(ScalarValue(meta["Description"]) == ScalarValue("é😀", .string))
        #expect(meta["Description"]?.position == at(1, 21))
        #expect(meta.entry("Next")?.keyPosition == at(1, 27))
        #expect(meta["Next"]?.position == at(1, 33))

        let unicodeKeys = try yaml("ünï: {ø: 1}").root
        #expect(unicodeKeys["ünï"]?.entry("ø")?.keyPosition == at(1, 7))
        #expect(unicodeKeys["ünï"]?["ø"]?.position == at(1, 10))
    }

    @Test func positionsAfterABlockScalar() throws {
        let root = try yaml("Script: |\n  echo \"héllo\"\nNext: x\n").root
        #expect(ScalarValue(root["Script"]) == ScalarValue("echo \"héllo\"\n", .string))
        #expect(root["Script"]?.position == at(1, 9))
        #expect(root.entry("Next")?.keyPosition == at(3, 1))
        #expect(root["Next"]?.position == at(3, 7))
    }

    @Test func complexKeysAreRenderedAsText() throws {
        let root = try yaml("? [a, b]\n: value\n").root
        let entry = try #require(root.entries.first)
        #expect(entry.key == "[complex key]")
        #expect(entry.keyPosition == at(1, 3))
        #expect(ScalarValue(entry.value) == ScalarValue("value", .string))
    }
}

@Suite("YAMLReader tags")
struct YAMLTagTests {
    static let cloudFormationTags = [
        "!Ref", "!GetAtt", "!Sub", "!If", "!Equals", "!Join", "!Select", "!Split", "!FindInMap",
        "!ImportValue", "!GetAZs", "!Base64", "!Cidr", "!Condition", "!And", "!Or", "!Not",
    ]

    @Test(arguments: cloudFormationTags)
    func shortFormTagOnAScalarIsKept(tag: String) throws {
        let value = try #require(try yaml("Value: \(tag) Argument\n").root["Value"])
        #expect(value.tag == tag)
        #expect(ScalarValue(value) == ScalarValue("Argument", .string))
        #expect(value.position == at(1, 8))
    }

    @Test(arguments: cloudFormationTags)
    func shortFormTagOnASequenceIsKept(tag: String) throws {
        let value = try #require(try yaml("Value: \(tag) [first, second]\n").root["Value"])
        #expect(value.tag == tag)
        #expect(value.elements.compactMap(ScalarValue.init) == [ScalarValue("first", .string), ScalarValue("second", .string)])
    }

    @Test func unknownTagsAreKeptAsWritten() throws {
        let root = try yaml("Embedded: !Rain::Embed file.txt\nCustom: !Custom {a: 1}\n").root
        #expect(root["Embedded"]?.tag == "!Rain::Embed")
        #expect(ScalarValue(root["Embedded"]) == ScalarValue("file.txt", .string))
        #expect(root["Custom"]?.tag == "!Custom")
        #expect(root["Custom"]?.isMapping == true)
    }

    @Test func nestedTagsInsideFunctions() throws {
        let text = """
            Subnet: !Select [0, !GetAZs ""]
            Name: !Join ["-", [!Ref AWS::StackName, !GetAtt Bucket.Arn]]
            """
        let root = try yaml(text).root
        let select = try #require(root["Subnet"])
        #expect(select.tag == "!Select")
        #expect(ScalarValue(select.elements[0]) == ScalarValue("0", .integer))
        #expect(select.elements[1].tag == "!GetAZs")
        #expect(ScalarValue(select.elements[1]) == ScalarValue("", .string))
        #expect(select.elements[1].position == at(1, 21))

        let joined = try #require(root["Name"]?.elements[1].elements)
        #expect(joined.map(\.tag) == ["!Ref", "!GetAtt"])
        #expect(joined.compactMap(ScalarValue.init) == [ScalarValue("AWS::StackName", .string), ScalarValue("Bucket.Arn", .string)])
    }

    @Test func standardTagsAreDroppedButForceTheKind() throws {
        let root = try yaml("""
            AsString: !!str 42
            AsInteger: !!int "42"
            AsBoolean: !!bool "true"
            AsFloat: !!float "1.5"
            AsNull: !!null ""
            Map: !!map {a: 1}
            NonSpecific: ! 12
            """).root
        #expect(ScalarValue(root["AsString"]) == ScalarValue("42", .string))
        #expect(ScalarValue(root["AsInteger"]) == ScalarValue("42", .integer))
        #expect(ScalarValue(root["AsBoolean"]) == ScalarValue("true", .boolean))
        #expect(ScalarValue(root["AsFloat"]) == ScalarValue("1.5", .float))
        #expect(ScalarValue(root["AsNull"]) == ScalarValue("", .null))
        #expect(ScalarValue(root["NonSpecific"]) == ScalarValue("12", .string))
        #expect(root.entries.allSatisfy { $0.value.tag == nil })
    }
}

@Suite("YAMLReader scalar kinds")
struct YAMLScalarKindTests {
    static let plainScalars: [(String, ScalarKind)] = [
        ("null", .null), ("Null", .null), ("NULL", .null), ("~", .null),
        ("true", .boolean), ("True", .boolean), ("TRUE", .boolean),
        ("false", .boolean), ("False", .boolean), ("FALSE", .boolean),
        ("0", .integer), ("42", .integer), ("-7", .integer), ("+3", .integer), ("007", .integer),
        ("0o17", .integer), ("0x1F", .integer), ("0xff", .integer),
        ("1.5", .float), ("-0.5", .float), (".5", .float), ("5.", .float), ("1e3", .float),
        ("1.5E-3", .float), ("+2.5e+10", .float), (".inf", .float), ("-.Inf", .float), ("+.INF", .float),
        (".nan", .float), (".NaN", .float), (".NAN", .float),
        ("yes", .string), ("no", .string), ("on", .string), ("off", .string), ("y", .string),
        ("nulls", .string), ("True1", .string), ("TrUe", .string), ("0x", .string), ("0o8", .string),
        ("0xG1", .string), ("1.2.3", .string), ("+.nan", .string), ("0b101", .string), ("1_000", .string),
        (".", .string), ("--", .string), ("1e", .string), ("e3", .string), ("2024-01-01", .string),
        ("10.0.0.0/16", .string), ("python3.12", .string), ("AWS::S3::Bucket", .string),
    ]

    @Test(arguments: plainScalars)
    func plainScalarKind(text: String, kind: ScalarKind) throws {
        let value = try yaml("Value: \(text)\n").root["Value"]
        #expect(ScalarValue(value) == ScalarValue(text, kind))
    }

    @Test(arguments: [#""42""#, "'true'", #""null""#, "'1.5'", #""""#])
    func quotedScalarsAreStrings(text: String) throws {
        let value = try #require(try yaml("Value: \(text)\n").root["Value"])
        guard case .scalar(_, let kind) = value.content else {
            Issue.record("not a scalar")
            return
        }
        #expect(kind == .string)
    }

    @Test func blockScalarsAreStrings() throws {
        let root = try yaml("Literal: |\n  42\nFolded: >\n  true\n").root
        #expect(ScalarValue(root["Literal"]) == ScalarValue("42\n", .string))
        #expect(ScalarValue(root["Folded"]) == ScalarValue("true\n", .string))
    }

    @Test func emptyValueIsNull() throws {
        let root = try yaml("Empty:\nNext: 1\n").root
        #expect(ScalarValue(root["Empty"]) == ScalarValue("", .null))
        #expect(root["Empty"]?.isNull == true)
    }
}

@Suite("YAMLReader anchors, aliases and merge keys")
struct YAMLAliasTests {
    @Test func aliasesCopyTheAnchoredNode() throws {
        let root = try yaml("a: &x hello\nb: *x\nlist: &l [1, 2]\ncopy: *l\n").root
        #expect(ScalarValue(root["b"]) == ScalarValue("hello", .string))
        // A copy keeps the anchored text's position: that is where a fix would go.
        #expect(root["b"]?.position == at(1, 4))
        #expect(root["copy"]?.elements.compactMap(ScalarValue.init) == [ScalarValue("1", .integer), ScalarValue("2", .integer)])
    }

    @Test func mergeKeysMergeWithExplicitKeysWinning() throws {
        let document = try YAMLReader.parse(fixture("anchors.yaml"))
        let root = document.root

        let function = try #require(root["Function"])
        #expect(function.entries.map(\.key) == ["Runtime", "Timeout", "Handler"])
        #expect(function.entry("Runtime")?.keyPosition == at(2, 3))
        #expect(ScalarValue(function["Runtime"]) == ScalarValue("python3.12", .string))
        #expect(function.entry("Timeout")?.keyPosition == at(8, 3))
        #expect(ScalarValue(function["Timeout"]) == ScalarValue("60", .integer))

        // Earlier sources in a merge list win over later ones.
        let layered = try #require(root["Layered"])
        #expect(layered.entries.map(\.key) == ["A", "B", "C", "D"])
        #expect(layered.entries.compactMap { ScalarValue($0.value)?.text } == ["1", "1", "2", "4"])

        // Merged entries go where the `<<` key stood.
        let trailing = try #require(root["Trailing"])
        #expect(trailing.entries.map(\.key) == ["X", "Runtime", "Timeout"])
        #expect(ScalarValue(trailing["Timeout"]) == ScalarValue("30", .integer))

        let copy = try #require(root["Copy"])
        #expect(copy.entries.map(\.key) == ["Runtime", "Timeout"])
        #expect(copy.position == at(1, 11))
        #expect(document.warnings.isEmpty)
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let root = try yaml(#"a: {"<<": 1}"#).root
        #expect(root["a"]?.entries.map(\.key) == ["<<"])
    }

    @Test func mergeOfAScalarIsAnError() {
        #expect(syntaxError { try yaml("a: {<<: 1}") } == SyntaxError("merge key '<<' needs a mapping or a list of mappings", at: at(1, 9)))
    }

    @Test func undefinedAliasIsAnError() {
        #expect(syntaxError { try yaml("a: 1\nb: *nope\n") } == SyntaxError("undefined alias '*nope'", at: at(2, 4)))
    }

    @Test func recursiveAliasIsAnError() {
        #expect(
            syntaxError { try yaml("a: &a [1, *a]\n") }
                == SyntaxError("recursive alias '*a' refers to a node that contains it", at: at(1, 11))
        )
    }

    /// The classic "billion laughs": nine levels of nine aliases each. Counting per anchor
    /// stops it at the first alias that crosses one million nodes, on the `g` line.
    @Test func billionLaughsIsRefused() {
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        let bomb = lines.joined(separator: "\n")
        #expect(
            syntaxError { try yaml(bomb) }
                == SyntaxError("YAML alias expansion exceeds 1000000 nodes (possible alias bomb)", at: at(7, 8))
        )
    }

    @Test func aliasBudgetCountsEveryExpandedNode() throws {
        let limits = ReaderLimits(maxAliasExpansionNodes: 5)
        // Each alias adds the sequence plus its three elements: 4, then 8 > 5.
        let text = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"
        #expect(
            syntaxError { try yaml(text, limits: limits) }
                == SyntaxError("YAML alias expansion exceeds 5 nodes (possible alias bomb)", at: at(3, 4))
        )
        #expect(try yaml("a: &a [1, 2, 3]\nb: *a\n", limits: limits).root["b"]?.elements.count == 3)
    }
}

@Suite("YAMLReader limits and errors")
struct YAMLLimitTests {
    @Test func hundredThousandOpenBracketsFailAtTheDepthLimit() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(syntaxError { try yaml(deep) } == SyntaxError("nesting deeper than 512 levels", at: at(1, 513)))
    }

    @Test func deepFlowMappingsFailAtTheDepthLimit() {
        let deep = String(repeating: "{a: ", count: 100_000)
        #expect(syntaxError { try yaml(deep) } == SyntaxError("nesting deeper than 512 levels", at: at(1, 2049)))
    }

    @Test func deepBlockSequencesFailAtTheDepthLimit() {
        let deep = String(repeating: "- ", count: 100_000)
        #expect(syntaxError { try yaml(deep) } == SyntaxError("nesting deeper than 512 levels", at: at(1, 1025)))
    }

    @Test func deepIndentationFailsAtTheDepthLimit() {
        let lines = (0..<1000).map { String(repeating: " ", count: $0) + "k:" }
        let deep = lines.joined(separator: "\n") + " v\n"
        #expect(syntaxError { try yaml(deep) } == SyntaxError("nesting deeper than 512 levels", at: at(513, 513)))
    }

    @Test func customDepthLimit() throws {
        let limits = ReaderLimits(maxDepth: 2)
        #expect(syntaxError { try yaml("a: {b: {c: 1}}", limits: limits) } == SyntaxError("nesting deeper than 2 levels", at: at(1, 8)))
        #expect(try yaml("a: {b: 1}", limits: limits).root["a"]?["b"] != nil)
    }

    @Test func badIndentationReportsLibyamlProblemAndContext() throws {
        let template = try fixture("bad-indentation.yaml")
        let error = syntaxError { try YAMLReader.parse(template) }
        #expect(error == SyntaxError("YAML: did not find expected key (while parsing a block mapping at 2:3)", at: at(4, 4)))
    }

    @Test(arguments: [
        ("a: b: c\n", "YAML: mapping values are not allowed in this context", 1, 5),
        ("Resources:\n\tBucket: x\n", "YAML: found character that cannot start any token (while scanning for the next token)", 2, 1),
        ("key: 'abc\n", "YAML: found unexpected end of stream (while scanning a quoted scalar at 1:6)", 2, 1),
        ("a: [1, 2\nb: 3\n", "YAML: did not find expected ',' or ']' (while parsing a flow sequence at 1:4)", 2, 2),
        ("x: 1\n- y\n", "YAML: did not find expected key (while parsing a block mapping at 1:1)", 2, 1),
    ])
    func libyamlErrorsCarryMessageAndPosition(text: String, message: String, line: Int, column: Int) {
        #expect(syntaxError { try yaml(text) } == SyntaxError(message, at: at(line, column)))
    }

    @Test func invalidUTF8IsAReaderErrorAtTheBadByte() {
        let bytes: [UInt8] = Array("a: 1\nb: ".utf8) + [0xC3, 0x28, 0x0A]
        #expect(
            syntaxError { try YAMLReader.parse(bytes) }
                == SyntaxError("YAML: invalid trailing UTF-8 octet (0x28)", at: at(2, 5))
        )
    }

    @Test func controlCharacterIsAReaderError() {
        let bytes: [UInt8] = Array("a: ".utf8) + [0x01, 0x0A]
        #expect(
            syntaxError { try YAMLReader.parse(bytes) }
                == SyntaxError("YAML: control characters are not allowed (0x01)", at: at(1, 4))
        )
    }
}

@Suite("YAMLReader documents and encodings")
struct YAMLDocumentTests {
    @Test func duplicateKeysKeepTheFirstAndWarn() throws {
        let document = try yaml("""
            Resources:
              Bucket:
                Type: A
              Bucket:
                Type: B
            """)
        let resources = try #require(document.root["Resources"])
        #expect(resources.entries.map(\.key) == ["Bucket"])
        #expect(ScalarValue(resources["Bucket"]?["Type"]) == ScalarValue("A", .string))
        #expect(document.warnings == [SyntaxWarning("duplicate key 'Bucket' (first at 2:3)", at: at(4, 3))])
    }

    @Test func duplicateKeysInALargeMapping() throws {
        let lines = (0..<20).map { "k\($0): \($0)" } + ["k3: again"]
        let document = try yaml(lines.joined(separator: "\n"))
        #expect(document.warnings == [SyntaxWarning("duplicate key 'k3' (first at 4:1)", at: at(21, 1))])
        #expect(ScalarValue(document.root["k3"]) == ScalarValue("3", .integer))
        #expect(document.root.entries.map(\.key) == (0..<20).map { "k\($0)" })
    }

    @Test func onlyTheFirstDocumentIsRead() throws {
        let document = try yaml("a: 1\n---\nb: 2\n")
        #expect(document.root.entries.map(\.key) == ["a"])
        #expect(document.warnings == [SyntaxWarning("only the first YAML document is read", at: at(2, 1))])
    }

    @Test(arguments: ["", "# only a comment\n", "---\n", "--- # comment\n...\n", "\n\n"])
    func emptyDocumentIsANullRoot(text: String) throws {
        let document = try yaml(text)
        #expect(ScalarValue(document.root) == ScalarValue("", .null))
        #expect(document.root.position == at(1, 1))
        #expect(document.warnings.isEmpty)
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\nb: é\n".utf8)
        let root = try YAMLReader.parse(bytes).root
        #expect(root.entry("a")?.keyPosition == at(1, 1))
        #expect(root.entry("b")?.keyPosition == at(2, 1))
        #expect(ScalarValue(root["b"]) == ScalarValue("é", .string))
        #expect(root["b"]?.position == at(2, 4))
    }

    @Test(arguments: [true, false])
    func utf16WithByteOrderMark(littleEndian: Bool) throws {
        let root = try YAMLReader.parse(utf16Bytes("a: é\nb: 😀 x\nc: 3\n", littleEndian: littleEndian)).root
        #expect(ScalarValue(root["a"]) == ScalarValue("é", .string))
        #expect(ScalarValue(root["b"]) == ScalarValue("😀 x", .string))
        #expect(root["b"]?.position == at(2, 4))
        #expect(root.entry("c")?.keyPosition == at(3, 1))
        #expect(ScalarValue(root["c"]) == ScalarValue("3", .integer))
    }
}
