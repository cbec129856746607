import AuditCore
import AuditKit
import AuditRules
import Testing

/// Every suggested alarm must load and silence its finding: each bad example of the
/// missing-alarms pack is scanned, the snippet its finding carries is put next to the
/// subject (under `Resources:` of the template; a new `.tf.json` file in the module), and
/// the scan runs again through the real loaders.
@Suite struct SuggestedAlarmSnippetTests {
    static let cases = ExampleCase.all.filter {
        $0.metadata.pack == .missingAlarms && !["AS-ALARM-014", "AS-ALARM-015"].contains($0.metadata.id) && $0.example.verdict == .bad && $0.example.format != .terraformPlan
    }

    @Test(arguments: cases)
    func snippetLoadsAndSilencesTheFinding(_ testCase: ExampleCase) async throws {
        let example = testCase.example
        let (_, _, found) = await testCase.run()
        let (text, _) = example.unmarked
        for finding in found {
            guard let fix = finding.suggestedFix else { continue }
            #expect(finding.suggestedAlarm != nil)
            var documents: [(path: String, text: String)]
            switch example.format.family {
            case .cloudFormation:
                #expect(fix.language == "yaml")
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let resources = try #require(lines.firstIndex(of: "Resources:"), "the example has a Resources: line")
                lines.insert(contentsOf: fix.text.split(separator: "\n").map(String.init), at: resources + 1)
                documents = [(example.format.fileName, lines.joined(separator: "\n"))]
            case .terraform:
                #expect(fix.language == "json")
                documents = [(example.format.fileName, text), ("alarms.tf.json", fix.text)]
            case .iam:
                continue
            }
            let result = await Scanner().scan(documents: documents, selection: RuleSelection(only: [testCase.metadata.id]))
            #expect(result.errors.isEmpty, "the snippet does not load: \(result.errors)\n\(fix.text)")
            let remaining = result.outcome.findings.filter { $0.fingerprint == finding.fingerprint }
            #expect(remaining.isEmpty, "still reported after adding the snippet: \(remaining.map(\.message))\n\(fix.text)")
        }
    }

    /// The suite above checks something: most bad examples carry a snippet.
    @Test func badExamplesCarrySnippets() async {
        var withSnippet = 0
        for testCase in Self.cases {
            let (_, _, found) = await testCase.run()
            if found.contains(where: { $0.suggestedFix != nil }) { withSnippet += 1 }
        }
        #expect(withSnippet >= Self.cases.count / 2, "\(withSnippet) of \(Self.cases.count) bad examples carry a snippet")
    }
}
