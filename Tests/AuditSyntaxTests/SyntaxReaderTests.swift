import AuditSyntax
import Testing

@Suite("SyntaxReader")
struct SyntaxReaderTests {
    private func read(_ bytes: [UInt8], _ fileName: String, limits: ReaderLimits = .standard) throws(SyntaxError) -> (document: ParsedDocument, syntax: SyntaxKind) {
        try SyntaxReader.read(bytes, fileName: fileName, limits: limits)
    }

    private func readError(_ bytes: [UInt8], _ fileName: String, limits: ReaderLimits = .standard) -> SyntaxError? {
        syntaxError { try read(bytes, fileName, limits: limits).document }
    }

    @Test func filesAboveTheSizeLimitAreRefusedBeforeParsing() {
        // Eighty megabytes of NUL bytes: were it parsed or probed, the error would differ.
        let huge = [UInt8](repeating: 0, count: 80 << 20)
        #expect(readError(huge, "plan.json") == SyntaxError("file is 80.0 MB, above the 64 MB limit", at: at(1, 1)))
    }

    @Test func sizeLimitMessagesForOtherUnits() throws {
        let megabyteLimit = ReaderLimits(maxFileBytes: 1 << 20)
        let oneAndAHalfMegabytes = [UInt8](repeating: UInt8(ascii: " "), count: 3 << 19)
        #expect(readError(oneAndAHalfMegabytes, "a.yaml", limits: megabyteLimit) == SyntaxError("file is 1.5 MB, above the 1 MB limit", at: at(1, 1)))

        let byteLimit = ReaderLimits(maxFileBytes: 1000)
        let text = Array(("a: 1" + String(repeating: " ", count: 1532)).utf8)
        #expect(readError(text, "a.yaml", limits: byteLimit) == SyntaxError("file is 1.5 KB, above the 1000 bytes limit", at: at(1, 1)))

        let exactlyAtLimit = Array(("a: 1" + String(repeating: " ", count: 996)).utf8)
        #expect(try read(exactlyAtLimit, "a.yaml", limits: byteLimit).document.root["a"] != nil)
    }

    @Test(arguments: [
        ("main.tf.json", #"{"resource": {}}"#, SyntaxKind.json),
        ("plan.tfplan.json", #"{"format_version": "1.2"}"#, .json),
        ("POLICY.JSON", #"{"Statement": []}"#, .json),
        ("template.yaml", #"{"Resources": {}}"#, .yaml),
        ("template.YML", "Resources: {}", .yaml),
        ("stack.template", "\n  {\"Resources\": {}}", .json),
        ("stack.template", "[1, 2]", .json),
        ("stack.template", "AWSTemplateFormatVersion: '2010-09-09'", .yaml),
        ("policy", "# comment\n{a: 1}", .yaml),
        ("noextension", "", .yaml),
    ])
    func syntaxIsChosenByExtensionThenContent(fileName: String, text: String, syntax: SyntaxKind) throws {
        #expect(try read(Array(text.utf8), fileName).syntax == syntax)
    }

    @Test func byteOrderMarksAreLookedPastWhenSniffing() throws {
        let utf8 = try read([0xEF, 0xBB, 0xBF] + Array(" \n{\"a\": 1}".utf8), "stack.template")
        #expect(utf8.syntax == .json)
        #expect(utf8.document.root.entry("a")?.keyPosition == at(2, 2))

        let littleEndian = try read(utf16Bytes("  [1]", littleEndian: true), "stack.template")
        #expect(littleEndian.syntax == .json)
        #expect(ScalarValue(littleEndian.document.root.elements.first) == ScalarValue("1", .integer))

        let bigEndian = try read(utf16Bytes("a: 1", littleEndian: false), "stack.template")
        #expect(bigEndian.syntax == .yaml)
        #expect(ScalarValue(bigEndian.document.root["a"]) == ScalarValue("1", .integer))
    }

    @Test func theExtensionWinsOverContent() {
        #expect(readError(Array("a: 1".utf8), "x.json") == SyntaxError("expected a value, found 'a'", at: at(1, 1)))
    }

    @Test func binaryFilesAreRejectedByTheirNULByte() {
        #expect(readError([0x7B, 0x00, 0x7D], "x.json") == SyntaxError("binary file (NUL byte at offset 1)", at: at(1, 2)))
        #expect(readError(Array("a: 1\nb".utf8) + [0x00], "x.yaml") == SyntaxError("binary file (NUL byte at offset 6)", at: at(2, 2)))
        // PNG signature: NUL follows a line break and bytes that are not UTF-8.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        #expect(readError(png, "image.template")?.message == "binary file (NUL byte at offset 8)")
    }

    @Test func nulBeyondTheProbeIsLeftToTheParser() {
        let bytes = Array(("[" + String(repeating: " ", count: 9000)).utf8) + [0x00, UInt8(ascii: "]")]
        #expect(readError(bytes, "x.json") == SyntaxError("expected a value, found byte 0x00", at: at(1, 9002)))
    }

    /// Random bytes and mutated real files never crash the readers; failures always carry
    /// a usable position.
    @Test func randomAndMutatedInputNeverCrashes() throws {
        var generator = SeededGenerator(seed: 0x5EED_2024)
        let alphabet = Array("{}[]:,\"'\\-#&*!|>?%@`~ \n\t\r01eE.abcxyzé<".utf8) + [0x00, 0xC3, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF]
        let seeds = try [
            "cloudformation.yaml", "anchors.yaml", "terraform-plan.json", "terraform.tfstate", "sam.yaml",
        ].map { try fixture($0) }

        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                let length = Int.random(in: 0...300, using: &generator)
                bytes = (0..<length).map { _ in
                    Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                }
            } else {
                bytes = seeds[round % seeds.count]
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[index] = alphabet.randomElement(using: &generator)!
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            }
            for fileName in ["random.json", "random.yaml", "random.template"] {
                do {
                    let result = try SyntaxReader.read(bytes, fileName: fileName)
                    #expect(result.document.root.position.line >= 1)
                } catch {
                    #expect(error.position.line >= 1 && error.position.column >= 1, "\(error)")
                }
            }
        }
    }
}

@Suite("SyntaxReader: flow-style YAML that starts like JSON")
struct FlowStyleYAMLTests {
    @Test func aDocumentThatIsNotJSONIsReadAgainAsYAML() throws {
        let text = "{Resources: {Queue: {Type: 'AWS::SQS::Queue'}}}\n"
        let (document, syntax) = try SyntaxReader.read(Array(text.utf8), fileName: "installer.template")
        #expect(syntax == .yaml)
        #expect(document.root["Resources"]?["Queue"]?["Type"]?.scalarText == "AWS::SQS::Queue")
    }

    @Test func theJSONErrorStandsWhenYAMLCannotReadItEither() {
        let text = "{\"Resources\": {\"Queue\": \n"
        #expect(syntaxError { try SyntaxReader.read(Array(text.utf8), fileName: "broken.json").document }?.message
            == "unexpected end of input (truncated file?)")
    }

    @Test func terraformJSONIsNeverReadAsYAML() {
        let text = "{resource: {aws_sqs_queue: {q: {}}}}\n"
        #expect(syntaxError { try SyntaxReader.read(Array(text.utf8), fileName: "main.tf.json").document } != nil)
    }
}
