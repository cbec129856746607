import AuditCore
import Foundation
import Testing

/// The CLI as users and CI meet it: exit codes, streams, `--output`, JSON contents.
@Suite("auditstack scan")
struct ScanCommandTests {
    static let clean = "testdata/e2e/iam/clean"
    static let admin = "testdata/e2e/iam/admin/admin-policy.json"
    static let broken = "testdata/e2e/iam/broken/broken-policy.json"
    /// A full administrator statement is also each narrower IAM problem: write access,
    /// escalation, PassRole, credentials and exfiltration reads on every resource.
    static let adminRuleIDs = ["AS-IAM-001", "AS-IAM-003", "AS-IAM-004", "AS-IAM-005", "AS-IAM-010", "AS-IAM-011"]

    @Test("a clean policy exits 0 and says so")
    func cleanExitsZero() throws {
        let outcome = try CLIRunner.run(["scan", Self.clean])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasSuffix("— no findings\n"))
        #expect(outcome.standardOutput.contains("Scanned 1 file (1 skipped), 0 resources, 1 policy in "))
        #expect(outcome.standardError.isEmpty)
    }

    @Test("a finding exits 1 and prints path:line:col, severity, rule, message, resource")
    func findingExitsOne() throws {
        let outcome = try CLIRunner.run(["scan", Self.admin])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains(
            "\(Self.admin):13:7   high      AS-IAM-001  admin-policy.json allows every action on every resource  (admin-policy.json)\n"
        ))
        #expect(outcome.standardError.isEmpty)
    }

    @Test("`auditstack PATH` runs scan by default")
    func scanIsTheDefaultCommand() throws {
        let outcome = try CLIRunner.run([Self.admin])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("AS-IAM-001"))
    }

    @Test("broken JSON exits 2 with file:line:col and the reason")
    func brokenFileExitsTwo() throws {
        let outcome = try CLIRunner.run(["scan", Self.broken])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.contains("\(Self.broken):7:7  error     expected ',' or '}' after object member\n"))
        #expect(outcome.standardOutput.contains("· 1 error"))
    }

    @Test("errors win over findings: exit 2, and both are reported")
    func errorsAndFindingsExitTwo() throws {
        let outcome = try CLIRunner.run(["scan", Self.admin, Self.broken, "--format", "json"])
        #expect(outcome.status == 2)
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.findings.map(\.ruleID) == Self.adminRuleIDs)
        #expect(report.errors.count == 1)
        #expect(report.errors.first?["file"] as? String == Self.broken)
        #expect(report.errors.first?["line"] as? Int == 7)
        #expect(report.errors.first?["column"] as? Int == 7)
        // With a machine format on stdout, a person still sees the error on stderr.
        #expect(outcome.standardError.contains("\(Self.broken):7:7: expected ',' or '}' after object member"))
    }

    @Test("a missing path exits 2; the other paths are still scanned")
    func missingPathExitsTwo() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/e2e/does-not-exist", Self.admin])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.contains("testdata/e2e/does-not-exist"))
        #expect(outcome.standardOutput.contains("no such file or directory"))
        #expect(outcome.standardOutput.contains("AS-IAM-001"))
    }

    @Test("an empty folder exits 0")
    func emptyFolderExitsZero() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CLIRunner.run(["scan", folder.path])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("No CloudFormation, SAM, Terraform JSON or IAM policy files found."))
        #expect(outcome.standardOutput.contains("Scanned 0 files, 0 resources, 0 policies in "))
    }

    @Test("--format json has the exact findings")
    func jsonFindings() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/e2e/iam", "--format", "json"])
        #expect(outcome.status == 2, "the broken file makes the run exit 2")
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.root["schemaVersion"] as? Int == 1)
        #expect(report.findings == Self.adminRuleIDs.map {
            ReportedFinding(ruleID: $0, file: Self.admin, line: 13, column: $0 == "AS-IAM-001" ? 7 : 17, resource: "admin-policy.json")
        })
        #expect(report.summary["files"] as? Int == 2)
        #expect(report.summary["skipped"] as? Int == 1)
        #expect(report.summary["findings"] as? Int == 6)
        #expect(report.summary["errors"] as? Int == 1)
        #expect((report.summary["bySeverity"] as? [String: Int]) == ["critical": 0, "high": 5, "medium": 1, "low": 0])
        #expect(outcome.standardOutput.hasSuffix("}\n"))
    }

    @Test("--output writes the report there and nowhere else")
    func outputGoesOnlyToTheFile() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = CLIRunner.snapshot(of: "testdata/e2e")
        let reportFile = folder.appendingPathComponent("report.json")
        let outcome = try CLIRunner.run(["scan", Self.admin, "--format", "json", "--output", reportFile.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        let written = try String(contentsOf: reportFile, encoding: .utf8)
        #expect(try JSONReport(written).findings.map(\.ruleID) == Self.adminRuleIDs)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
        #expect(CLIRunner.snapshot(of: "testdata/e2e") == before)
        // The summary goes to stderr so a CI log still shows how the scan went.
        #expect(outcome.standardError.contains("6 findings: 5 high, 1 medium"))
    }

    @Test("an unwritable --output exits 2")
    func unwritableOutputExitsTwo() throws {
        let outcome = try CLIRunner.run(["scan", Self.clean, "--output", "/proc/auditstack-unwritable/report.txt"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("cannot write the text report to /proc/auditstack-unwritable/report.txt"))
    }

    @Test("--check with an unknown id is a usage error listing the valid ids")
    func unknownCheckExitsTwo() throws {
        let outcome = try CLIRunner.run(["scan", Self.clean, "--check", "AS-IAM-001,AS-ENC-0001"])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("unknown rule id 'AS-ENC-0001' in --check (did you mean AS-ENC-001"))
        #expect(outcome.standardError.contains("valid names: rule ids (AS-IAM-001, "))
    }

    @Test("--skip-check with an unknown id is a usage error too")
    func unknownSkipCheckExitsTwo() throws {
        let outcome = try CLIRunner.run(["scan", Self.clean, "--skip-check", "nope"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("unknown rule id 'nope' in --skip-check"))
    }

    @Test("--skip-check and --check select rules, by id or slug")
    func ruleSelection() throws {
        let skipped = try CLIRunner.run(["scan", Self.admin, "--skip-check", Self.adminRuleIDs.joined(separator: ",")])
        #expect(skipped.status == 0)
        let onlyOther = try CLIRunner.run(["scan", Self.admin, "--check", "AS-ENC-001"])
        #expect(onlyOther.status == 0)
        let bySlug = try CLIRunner.run(["scan", Self.admin, "--check", "full-administrator-statement", "--check", "as-enc-001"])
        #expect(bySlug.status == 1)
    }

    @Test("an unknown option or format is a usage error (2, not argument-parser's 64)")
    func usageErrorsExitTwo() throws {
        let option = try CLIRunner.run(["scan", "--bogus"])
        #expect(option.status == 2)
        #expect(option.standardError.contains("Unknown option '--bogus'"))
        let format = try CLIRunner.run(["scan", "--format", "xml", Self.clean])
        #expect(format.status == 2)
        #expect(format.standardError.contains("unknown format 'xml'; choose one of: text, json"))
    }

    @Test("colour only on request of the terminal: never in a pipe, never with NO_COLOR")
    func noColourInPipes() throws {
        let outcome = try CLIRunner.run(["scan", Self.admin], environment: ["TERM": "xterm-256color"])
        #expect(!outcome.standardOutput.contains("\u{1B}["))
    }

    @Test("--verbose lists skipped files with the reason")
    func verboseListsSkippedFiles() throws {
        let outcome = try CLIRunner.run(["scan", Self.clean, "--verbose"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains(
            "testdata/e2e/iam/clean/notes.yaml  skipped   not a CloudFormation, SAM, Terraform or IAM document"
        ))
    }
}

@Suite("auditstack rules, explain, version")
struct CatalogCommandTests {
    @Test("--version and version print the version")
    func version() throws {
        for arguments in [["--version"], ["version"]] {
            let outcome = try CLIRunner.run(arguments)
            #expect(outcome.status == 0)
            #expect(outcome.standardOutput == ToolInfo.version + "\n")
        }
    }

    @Test("--help goes to standard output with exit 0")
    func help() throws {
        let outcome = try CLIRunner.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("USAGE: auditstack <subcommand>"))
        #expect(outcome.standardOutput.contains("scan (default)"))
        #expect(outcome.standardError.isEmpty)
    }

    @Test("rules lists every rule as a table")
    func rulesTable() throws {
        let outcome = try CLIRunner.run(["rules"])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID ") == true)
        for id in ["AS-IAM-001", "AS-ENC-001", "AS-COST-007", "AS-ALARM-014", "AS-BACKUP-001", "AS-LAUNCH-007"] {
            #expect(lines.contains { $0.hasPrefix(id + " ") }, "\(id) missing")
        }
    }

    @Test("rules --format json")
    func rulesJSON() throws {
        let outcome = try CLIRunner.run(["rules", "--format", "json"])
        #expect(outcome.status == 0)
        let report = try JSONReport(outcome.standardOutput)
        let rules = report.root["rules"] as? [[String: Any]] ?? []
        #expect(rules.count >= 6)
        let encryption = rules.first { $0["id"] as? String == "AS-ENC-001" }
        #expect(encryption?["slug"] as? String == "rds-storage-not-encrypted")
        #expect(encryption?["severity"] as? String == "high")
        #expect(encryption?["pack"] as? String == "encryption")
        #expect(encryption?["enabledByDefault"] as? Bool == true)
    }

    @Test("explain shows metadata and examples with their markers")
    func explain() throws {
        let outcome = try CLIRunner.run(["explain", "as-enc-001"])
        #expect(outcome.status == 0)
        let text = outcome.standardOutput
        #expect(text.hasPrefix("AS-ENC-001  RDS DB instance storage not encrypted\n"))
        for expected in ["slug:", "rds-storage-not-encrypted", "severity:", "pack:", "enabled by default:  yes",
                         "Why it matters", "How to fix", "References", "checkov:CKV_AWS_16",
                         "CloudFormation YAML", "Terraform JSON", "bad — flagged (scenario: absent)", "↓StorageEncrypted: false"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test("explain with an unknown id exits 2 with suggestions")
    func explainUnknown() throws {
        let outcome = try CLIRunner.run(["explain", "AS-ENC-0001"])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("no rule named 'AS-ENC-0001' (did you mean AS-ENC-001"))
    }
}
