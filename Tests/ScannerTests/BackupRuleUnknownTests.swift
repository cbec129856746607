import AuditCore
import AuditKit
import AuditRules
import Testing

/// Unknown is not pass: the "unresolved" examples of the backup rules AS-BACKUP-001…006
/// (a parameter or variable without a default) must give an unknown with the expression,
/// never a finding and never a silent pass.
@Suite struct BackupRuleUnknownTests {
    static let ruleIDs: Set<String> = ["AS-BACKUP-001", "AS-BACKUP-002", "AS-BACKUP-003", "AS-BACKUP-004", "AS-BACKUP-005", "AS-BACKUP-006"]

    struct Case: Sendable, CustomTestStringConvertible {
        var ruleID: String
        var example: RuleExample
        var testDescription: String { "\(ruleID) \(example.format.rawValue)" }
    }

    static let cases: [Case] = AuditRules.all.flatMap { rule -> [Case] in
        let metadata = type(of: rule).metadata
        guard ruleIDs.contains(metadata.id) else { return [] }
        return type(of: rule).examples.filter { $0.scenario == "unresolved" }.map { Case(ruleID: metadata.id, example: $0) }
    }

    @Test func everyBackupRuleHasUnresolvedExamplesInBothFamilies() {
        for id in Self.ruleIDs {
            let families = Set(Self.cases.filter { $0.ruleID == id }.map(\.example.format.family))
            #expect(families == [.cloudFormation, .terraform], "\(id) unresolved examples: \(families)")
        }
    }

    @Test(arguments: cases)
    func unresolvedIsUnknown(_ testCase: Case) async {
        let result = await Scanner().scan(
            documents: [(path: testCase.example.format.fileName, text: testCase.example.unmarked.text)],
            selection: RuleSelection(only: [testCase.ruleID])
        )
        #expect(result.outcome.findings.isEmpty)
        let unknowns = result.outcome.unknowns.filter { $0.ruleID == testCase.ruleID }
        #expect(unknowns.count == 1, "\(result.outcome.unknowns)")
        #expect(unknowns.first.map { $0.expression.contains("Ref") || $0.expression.contains("var.") } == true,
                "expression: \(unknowns.first?.expression ?? "-")")
    }
}
