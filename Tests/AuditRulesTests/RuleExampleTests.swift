import AuditCore
import Testing

/// Every example of every rule, through the real loaders: bad examples must produce
/// findings exactly at their `↓` markers, good examples none.
@Suite struct RuleExampleTests {
    @Test(arguments: ExampleCase.all)
    func example(_ testCase: ExampleCase) async {
        let example = testCase.example
        let source = SourceLocation(
            fileID: example.fileID, filePath: example.filePath, line: example.line, column: example.column
        )
        let (result, expected, found) = await testCase.run()

        #expect(result.errors.isEmpty, "input errors: \(result.errors)", sourceLocation: source)
        #expect(result.files.map(\.format) == [example.format.expectedDocumentFormat],
                "recognised as \(result.files.map(\.format))", sourceLocation: source)
        let places = found.map { ExampleCase.Place(line: $0.location.line, column: $0.location.column) }.sorted()
        switch example.verdict {
        case .bad:
            #expect(!expected.isEmpty, "a bad example needs at least one ↓ marker", sourceLocation: source)
            #expect(places == expected, "findings: \(found.map { "\($0.location.line):\($0.location.column) \($0.message)" })",
                    sourceLocation: source)
        case .good:
            #expect(expected.isEmpty, "a good example carries no marker", sourceLocation: source)
            #expect(found.isEmpty, "unexpected findings: \(found.map { "\($0.location.line):\($0.location.column) \($0.message)" })",
                    sourceLocation: source)
        }
    }
}
