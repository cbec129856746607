import AuditCore
import AuditKit
import AuditModel
import Foundation
import Testing

/// The baseline: recorded findings are accepted by fingerprint (surviving line moves and
/// however the paths are spelt), new findings are not, and the file is readable and stable.
@Suite struct BaselineTests {
    static let twoDatabases = """
        Resources:
          Orders:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DeletionProtection: true
          Billing:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DeletionProtection: true
              StorageEncrypted: false
        """

    static func scan(_ text: String, path: String, baseline: Baseline? = nil) async -> ScanResult {
        await Scanner().scan(documents: [(path, text)], selection: RuleSelection(only: ["AS-ENC-001"]),
                             policy: ScanPolicy(baseline: baseline))
    }

    @Test func recordsFindingsInAStableReadableFile() async throws {
        let scratch = try ScannerTests.Scratch()
        let template = scratch.path + "/infra/app.yaml"
        let result = await Self.scan(Self.twoDatabases, path: template)
        let text = Baseline.render(result.outcome.findings, path: scratch.path + "/auditstack-baseline.json")
        #expect(text == """
            {
              "schemaVersion": 2,
              "tool": { "name": "auditstack", "version": "\(ToolInfo.version)" },
              "findings": [
                { "fingerprint": "AS-ENC-001|infra/app.yaml|Billing|StorageEncrypted", "rule": "AS-ENC-001", "resource": "Billing", "file": "infra/app.yaml" },
                { "fingerprint": "AS-ENC-001|infra/app.yaml|Orders|StorageEncrypted", "rule": "AS-ENC-001", "resource": "Orders", "file": "infra/app.yaml" }
              ]
            }

            """)
        // The same findings, in another order, give the same file.
        #expect(Baseline.render(result.outcome.findings.reversed(), path: scratch.path + "/auditstack-baseline.json") == text)
        #expect(Baseline.render([], path: "b.json").hasSuffix("\"findings\": []\n}\n"))
    }

    @Test func acceptsRecordedFindingsAfterLineMovesButNotNewOnes() async throws {
        let scratch = try ScannerTests.Scratch()
        let template = scratch.path + "/infra/app.yaml"
        let baselinePath = scratch.path + "/auditstack-baseline.json"
        let first = await Self.scan(Self.twoDatabases, path: template)
        let baseline = try Baseline.parse(Array(Baseline.render(first.outcome.findings, path: baselinePath).utf8), path: baselinePath)

        // Lines move (a parameter block above), and a third database appears.
        let edited = "Parameters:\n  Stage:\n    Type: String\n" + Self.twoDatabases + """

              Reports:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
            """
        let second = await Self.scan(edited, path: template, baseline: baseline)
        #expect(second.suppressed.map { "\($0.finding.resource?.name ?? "") line \($0.finding.location.line) by \($0.suppression.origin.rawValue) at \($0.suppression.location)" } == [
            "Orders line 5 by baseline at \(baselinePath):6:5",
            "Billing line 15 by baseline at \(baselinePath):5:5",
        ])
        #expect(second.suppressed.allSatisfy { $0.suppression.reason == "accepted in the baseline \(baselinePath)" })
        #expect(second.outcome.findings.map { "\($0.resource?.name ?? "") at \($0.location.line)" } == ["Reports at 16"])
    }

    @Test func fingerprintsDoNotDependOnHowPathsAreSpelt() async throws {
        let scratch = try ScannerTests.Scratch()
        let spellings = [scratch.path + "/infra/app.yaml", scratch.path + "/./infra/../infra/app.yaml"]
        var fingerprints: [[String]] = []
        for path in spellings {
            let result = await Self.scan(Self.twoDatabases, path: path)
            fingerprints.append(result.outcome.findings.map { Baseline.fingerprint(of: $0, relativeTo: scratch.path) })
        }
        #expect(fingerprints[0] == ["AS-ENC-001|infra/app.yaml|Orders|StorageEncrypted", "AS-ENC-001|infra/app.yaml|Billing|StorageEncrypted"])
        #expect(fingerprints[1] == fingerprints[0])
        // Relative to another folder, the path says so.
        let outside = await Self.scan(Self.twoDatabases, path: spellings[0])
        #expect(Baseline.fingerprint(of: outside.outcome.findings[0], relativeTo: scratch.path + "/infra")
            == "AS-ENC-001|app.yaml|Orders|StorageEncrypted")
    }

    @Test func unreadableBaselinesAreErrorsWithPositions() {
        func error(_ text: String) -> String? {
            do {
                _ = try Baseline.parse(Array(text.utf8), path: "b.json")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error("{\"schemaVersion\": 3, \"findings\": []}")
            == "b.json:1:19: baseline schemaVersion 3 is not supported (expected 2); regenerate it with `auditstack scan --create-baseline b.json`")
        #expect(error("{\"findings\": []}") == "b.json:1:1: this is not an auditstack baseline (no schemaVersion)")
        #expect(error("{\"schemaVersion\": 1,\n \"findings\": [{\"rule\": \"AS-ENC-001\"}]}") == "b.json:2:15: each baseline finding needs a fingerprint")
        #expect(error("[]") == "b.json:1:1: a baseline is a JSON object with schemaVersion and findings")
        #expect(error("{\"schemaVersion\": 1, \"findings\": [}")?.hasPrefix("b.json:1:") == true)
    }

    /// A version 1 baseline still accepts what it recorded for resources; its entries for
    /// policy statements (named by position then) no longer match, and the user is told.
    @Test func versionOneBaselinesKeepResourceEntriesAndFlagStatementEntries() async throws {
        let text = """
            {"schemaVersion": 1, "findings": [
              {"fingerprint": "AS-ENC-001|app.yaml|Orders|StorageEncrypted", "rule": "AS-ENC-001"},
              {"fingerprint": "AS-IAM-002|app.yaml|Worker|Statement[0].Action[0]", "rule": "AS-IAM-002"}
            ]}
            """
        let baseline = try Baseline.parse(Array(text.utf8), path: "b.json")
        #expect(baseline.staleEntries == 1)
        #expect(baseline.staleWarning?.hasPrefix("1 entry of the baseline b.json name IAM policy statements by position") == true)
        #expect(baseline.staleWarning?.contains("auditstack scan --create-baseline b.json") == true)
        let result = await Self.scan(Self.twoDatabases, path: "app.yaml", baseline: baseline)
        #expect(result.suppressed.map(\.finding.resource?.name) == ["Orders"])
        #expect(result.outcome.findings.map(\.resource?.name) == ["Billing"])
        let current = try Baseline.parse(Array("{\"schemaVersion\": 2, \"findings\": []}".utf8), path: "b.json")
        #expect(current.staleWarning == nil)
    }
}
