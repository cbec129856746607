import Foundation
import Testing

/// The habits users bring from checkov and trivy: peer ids, severities and wildcards as
/// rule names, `--output` into a folder, and a mistyped subcommand told as such.
@Suite("auditstack scan: habits from other tools")
struct GateHabitsTests {
    static let admin = ScanCommandTests.admin
    static let demo = "testdata/demo"

    static func ruleIDs(_ arguments: [String]) throws -> [String] {
        let outcome = try CLIRunner.run(arguments + ["--format", "json"])
        return try JSONReport(outcome.standardOutput).findings.map(\.ruleID)
    }

    @Test("--check and --skip-check take peer ids, severities and wildcards")
    func peerIDsSeveritiesAndWildcards() throws {
        #expect(try Self.ruleIDs(["scan", Self.demo, "--check", "CKV_AWS_16"]) == ["AS-ENC-001"])
        let highAndUp = try Self.ruleIDs(["scan", Self.admin, "--check", "high"])
        #expect(highAndUp == ["AS-IAM-001", "AS-IAM-003", "AS-IAM-004", "AS-IAM-005", "AS-IAM-010"])
        #expect(try Self.ruleIDs(["scan", Self.admin, "--skip-check", "medium"]) == highAndUp)
        #expect(try Self.ruleIDs(["scan", Self.admin, "--skip-check", "AS-IAM-*"]).isEmpty)
        #expect(try Self.ruleIDs(["scan", Self.admin, "--check", "AS-IAM-00?"]) == ["AS-IAM-001", "AS-IAM-003", "AS-IAM-004", "AS-IAM-005"])
    }

    @Test("explain takes a peer id")
    func explainByPeerID() throws {
        let outcome = try CLIRunner.run(["explain", "CKV_AWS_16", "--no-color"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("AS-ENC-001  RDS DB instance storage not encrypted\n"))
    }

    @Test("a word that is neither a subcommand nor a path says so")
    func mistypedSubcommand() throws {
        let outcome = try CLIRunner.run(["reprot"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("'reprot' is not a subcommand or a path; subcommands: scan, report, rules, explain"))
        #expect(!outcome.standardError.contains("no such file"))
    }

    @Test("--output into a folder, missing parents created, and no Foundation error text")
    func outputFolders() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = try CLIRunner.run(["scan", Self.admin, "--format", "sarif,junit", "--output", folder.path, "--output", folder.path + "/"])
        #expect(existing.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["auditstack.sarif", "auditstack.xml"])

        let nested = folder.appendingPathComponent("reports/ci/auditstack.md").path
        let created = try CLIRunner.run(["scan", Self.admin, "--format", "markdown", "--output", nested])
        #expect(created.status == 1)
        #expect(FileManager.default.fileExists(atPath: nested))

        let blocked = folder.appendingPathComponent("auditstack.sarif/inside.txt").path
        let failed = try CLIRunner.run(["scan", Self.admin, "--output", blocked])
        #expect(failed.status == 2)
        #expect(failed.standardError.contains("cannot write the text report to \(blocked): "))
        #expect(!failed.standardError.contains("NSCocoaErrorDomain") && !failed.standardError.contains("couldn’t be"))
    }

    @Test("a .json name without --format json is refused")
    func jsonNameNeedsTheJSONFormat() throws {
        let outcome = try CLIRunner.run(["scan", Self.admin, "--output", "report.json"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("--output report.json is paired with --format text, but its name says json"))
        #expect(!FileManager.default.fileExists(atPath: "report.json"))
    }
}

/// `--context`: the pre-commit hook names the staged files, and the rest of the repository
/// is read so that rules about something absent see it.
@Suite("auditstack scan --context")
struct ScanContextTests {
    static let root = "testdata/e2e/context"
    static let staged = ["testdata/e2e/context/infra/database.yaml", "testdata/e2e/context/net/main.tf.json"]
    static let rules = ["--check", "AS-BACKUP-009,AS-COST-007", "--format", "json"]

    @Test("staged files alone miss the backup selection and the route that live elsewhere")
    func withoutContextTheAbsenceRulesFire() throws {
        let outcome = try CLIRunner.run(["scan"] + Self.staged + Self.rules)
        #expect(outcome.status == 1)
        let findings = try JSONReport(outcome.standardOutput).findings
        #expect(findings.map { "\($0.ruleID) \($0.file):\($0.line)" } == [
            "AS-BACKUP-009 testdata/e2e/context/infra/database.yaml:3",
            "AS-COST-007 testdata/e2e/context/net/main.tf.json:1",
        ])
    }

    @Test("with the repository as context the same commit passes, as a full scan does")
    func withContextTheCommitIsJudgedLikeTheRepository() throws {
        let full = try CLIRunner.run(["scan", Self.root] + Self.rules)
        #expect(full.status == 0)
        let outcome = try CLIRunner.run(["scan", "--context", Self.root] + Self.staged + Self.rules)
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.findings.isEmpty)
        #expect(report.summary["files"] as? Int == 2)
    }

    @Test("only findings in the named files are reported")
    func contextFilesAreNotReported() throws {
        let outcome = try CLIRunner.run(["scan", "--context", Self.root, "testdata/e2e/context/infra/backup.yaml", "--format", "json"])
        let findings = try JSONReport(outcome.standardOutput).findings
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.file == "testdata/e2e/context/infra/backup.yaml" }, "\(findings)")
    }

    @Test("a broken context file is a warning, a missing context path an error")
    func contextProblems() throws {
        let broken = try CLIRunner.run(["scan", "--context", "testdata/e2e/context-broken", "testdata/e2e/context-broken/database.yaml",
                                        "--check", "AS-ENC-001", "--verbose"])
        #expect(broken.status == 0, "\(broken.standardOutput)")
        #expect(broken.standardOutput.contains("context file not read"))
        let missing = try CLIRunner.run(["scan", "--context", "testdata/e2e/no-such-folder", Self.staged[0]])
        #expect(missing.status == 2)
        #expect(missing.standardOutput.contains("testdata/e2e/no-such-folder"))
    }
}

@Suite("auditstack scan --skip-path, --color")
struct SkipPathAndColorTests {
    @Test("--skip-path leaves matching files out, with the reason under --verbose")
    func skipPath() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/demo", "--skip-path", "testdata/demo/iam", "--skip-path", "sam",
                                         "--verbose", "--no-color"])
        #expect(outcome.standardOutput.contains("testdata/demo/sam/template.yaml           skipped   excluded by --skip-path sam"))
        #expect(outcome.standardOutput.contains("excluded by --skip-path testdata/demo/iam"))
        #expect(!outcome.standardOutput.contains("deploy-policy.json:"))
        #expect(outcome.standardOutput.contains("Scanned 1 file (3 skipped)"))
    }

    @Test("--color always colours a pipe, never and --no-color do not, and a wrong value is a usage error")
    func colorChoice() throws {
        let always = try CLIRunner.run(["scan", "testdata/demo/iam", "--color", "always"])
        #expect(always.standardOutput.contains("\u{1B}["))
        let never = try CLIRunner.run(["scan", "testdata/demo/iam", "--color", "never"], environment: ["TERM": "xterm"])
        #expect(!never.standardOutput.contains("\u{1B}["))
        let wrong = try CLIRunner.run(["scan", "testdata/demo/iam", "--color", "sometimes"])
        #expect(wrong.status == 2)
        #expect(wrong.standardError.contains("Please provide one of 'auto', 'always' or 'never'"))
    }
}

@Suite("auditstack scan --quiet, --compact")
struct QuietAndCompactTests {
    static let admin = ScanCommandTests.admin

    @Test("--quiet prints the findings alone, and nothing for a clean scan")
    func quiet() throws {
        let findings = try CLIRunner.run(["scan", Self.admin, "--quiet"])
        #expect(findings.status == 1)
        let lines = findings.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 7, "\(lines)")
        #expect(lines[0] == "\(Self.admin) — 6 findings")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(Self.admin + ":") })
        let clean = try CLIRunner.run(["scan", ScanCommandTests.clean, "-q"])
        #expect(clean.status == 0)
        #expect(clean.standardOutput.isEmpty && clean.standardError.isEmpty)
    }

    @Test("--compact drops the per-file headings, one line per finding")
    func compact() throws {
        let outcome = try CLIRunner.run(["scan", Self.admin, "--compact", "--quiet"])
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0.hasPrefix(Self.admin + ":") })
        #expect(lines[0].contains("AS-IAM-001"))
    }
}

@Suite("auditstack scan - (standard input)")
struct StandardInputTests {
    static let queue = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n"

    @Test("- reads one template, named by --stdin-filename; the account-wide checks are unknown, not failures")
    func readsOneTemplate() throws {
        let outcome = try CLIRunner.run(["scan", "-", "--stdin-filename", "queue.yaml", "--format", "json"], standardInput: Self.queue)
        #expect(outcome.status == 1)
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.findings == [ReportedFinding(ruleID: "AS-ENC-004", file: "queue.yaml", line: 5, column: 7, resource: "Q")])
        #expect((report.summary["unknown"] as? Int ?? 0) >= 3)
    }

    @Test("a broken document on standard input is an error with its position; - with other paths is a usage error")
    func brokenInputAndMixedPaths() throws {
        let broken = try CLIRunner.run(["scan", "-"], standardInput: "{bad")
        #expect(broken.status == 2)
        #expect(broken.standardOutput.contains("stdin:1:2  error"))
        let mixed = try CLIRunner.run(["scan", "-", ScanCommandTests.admin])
        #expect(mixed.status == 2)
        #expect(mixed.standardError.contains("- (standard input) cannot be combined with other paths"))
    }
}
