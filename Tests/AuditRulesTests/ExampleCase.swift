import Testing
import AuditCore
import AuditKit
import AuditRules
import AuditSyntax

/// One example of one rule, as a test argument.
struct ExampleCase: Sendable, CustomTestStringConvertible {
    let rule: any Rule
    let example: RuleExample

    var metadata: RuleMetadata { type(of: rule).metadata }

    var testDescription: String {
        "\(metadata.id) \(example.verdict.rawValue)[\(example.scenario)] \(example.format.rawValue)"
    }

    static let all: [ExampleCase] = AuditRules.all.flatMap { rule in
        type(of: rule).examples.map { ExampleCase(rule: rule, example: $0) }
    }

    /// Where a finding landed, comparable with a marker.
    struct Place: Hashable, Comparable, CustomStringConvertible {
        var line: Int
        var column: Int
        static func < (lhs: Place, rhs: Place) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
        var description: String { "\(line):\(column)" }
    }

    /// Runs the example through the real readers, loaders and engine, with only its rule selected.
    func run() async -> (result: ScanResult, expected: [Place], found: [Finding]) {
        let (text, markers) = example.unmarked
        let result = await Scanner().scan(
            documents: [(path: example.format.fileName, text: text)],
            selection: RuleSelection(only: [metadata.id])
        )
        let found = result.outcome.findings.filter { $0.ruleID == metadata.id }
        return (result, markers.map { Place(line: $0.line, column: $0.column) }.sorted(), found)
    }
}

extension ExampleFormat {
    /// The document format the sniffer must recognise for this example format.
    var expectedDocumentFormat: DocumentFormat {
        switch self {
        case .cloudFormationYAML, .cloudFormationJSON: .cloudFormation
        case .samYAML: .sam
        case .terraformJSON, .terraformHCL: .terraformConfig
        case .terraformPlan: .terraformPlan
        case .iamJSON: .iamPolicy
        }
    }
}

