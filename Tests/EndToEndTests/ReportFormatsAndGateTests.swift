import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// CI use of the CLI: several reports in one run, the gate (`--fail-on`, `--soft-fail`)
/// and its exit codes, and what the SARIF, JUnit and annotation outputs hold.
@Suite("auditstack scan: reports and gate")
struct ReportFormatsAndGateTests {
    static let admin = "testdata/e2e/iam/admin/admin-policy.json"
    static let clean = "testdata/e2e/iam/clean"
    static let broken = "testdata/e2e/iam/broken/broken-policy.json"
    /// The rule set is pinned so rules added later do not change these outputs.
    static let onlyAdmin = ["--check", "AS-IAM-001"]
    static let adminLine = "\(admin):13:7  high      AS-IAM-001  admin-policy.json allows every action on every resource  (admin-policy.json)\n"

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The vendored SARIF 2.1.0 schema (`JSONSchemaValidator.swift` is shared with the
    /// reporter tests through a symbolic link).
    static let sarifSchema = JSONSchemaValidator.sarif(packageRoot: CLIRunner.packageRoot)

    /// Reads a SARIF file the CLI wrote and checks it against the schema.
    static func validSARIF(_ url: URL) throws -> [String: Any] {
        try validSARIF(text: String(contentsOf: url, encoding: .utf8))
    }

    static func validSARIF(text: String) throws -> [String: Any] {
        let violations = sarifSchema.violations(of: try JSON.parse(text))
        #expect(sarifSchema.root["id"] != nil, "the SARIF schema fixture is missing")
        #expect(violations.isEmpty, "SARIF schema violations:\n\(violations.joined(separator: "\n"))")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("--format sarif --output FILE --format text: SARIF to the file, text to the terminal")
    func sarifFileAndText() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("auditstack.sarif")
        let outcome = try CLIRunner.run(["scan", Self.admin] + Self.onlyAdmin + ["--format", "sarif", "--output", sarif.path, "--format", "text"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains(Self.adminLine))
        #expect(outcome.standardError.isEmpty)
        let document = try Self.validSARIF(sarif)
        #expect(document["version"] as? String == "2.1.0")
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results[0]["ruleId"] as? String == "AS-IAM-001")
        let physical = try #require(((results[0]["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        // The package root holds .git (or is the working directory): paths are relative to it.
        #expect(physical["artifactLocation"] as? [String: String] == ["uri": Self.admin, "uriBaseId": "%SRCROOT%"])
        #expect(physical["region"] as? [String: Int] == ["startLine": 13, "startColumn": 7])
        let rules = try #require(((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["AS-IAM-001"])
    }

    @Test("three reports at once, formats as a comma list; '-' puts one on standard output")
    func threeReports() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("auditstack.xml")
        let json = folder.appendingPathComponent("report.json")
        let outcome = try CLIRunner.run(
            ["scan", Self.admin, Self.clean] + Self.onlyAdmin
                + ["--format", "junit,github", "--format", "json", "--output", junit.path, "--output", "-", "--output", json.path]
        )
        #expect(outcome.status == 1)
        let annotations = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(annotations.count == 2)
        #expect(annotations.first?.hasPrefix(
            "::error file=\(Self.admin),line=13,col=7,title=AS-IAM-001 (high)%3A Full administrator statement (Action \"*\" on Resource \"*\")::"
                + "admin-policy.json allows every action on every resource%0AResource: IAM policy admin-policy.json%0AFix: "
        ) == true)
        #expect(annotations.first?.hasSuffix("%0ADetails: https://github.com/auditstack/auditstack/blob/main/docs/rules/AS-IAM-001.md") == true)
        #expect(annotations.last == "auditstack: 1 finding (1 high)")
        #expect((try Self.json(json)["findings"] as? [[String: Any]])?.count == 1)

        let document = try XMLDocument(contentsOf: junit, options: [])
        let cases = try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        // One case per rule × policy judged: the admin policy fails, the clean one passes.
        #expect(cases.map { $0.attribute(forName: "classname")?.stringValue } == [
            "\(Self.admin).admin-policy.json", "testdata/e2e/iam/clean/reports-read-policy.json.reports-read-policy.json",
        ])
        #expect(cases.map { $0.children?.compactMap(\.name) ?? [] } == [["failure"], []])
        #expect(document.rootElement()?.attribute(forName: "tests")?.stringValue == "2")
    }

    @Test("pairing mistakes are usage errors (exit 2) that explain the rule")
    func pairingMistakes() throws {
        let twoOnStandardOutput = try CLIRunner.run(["scan", Self.admin, "--format", "text", "--format", "sarif"])
        #expect(twoOnStandardOutput.status == 2)
        #expect(twoOnStandardOutput.standardError.contains(
            "text and sarif would both write to standard output; give all but one an --output file"
        ))
        let misnamed = try CLIRunner.run(["scan", Self.admin, "--format", "text", "--format", "sarif", "--output", "/tmp/x.sarif"])
        #expect(misnamed.status == 2)
        #expect(misnamed.standardError.contains(
            "--output /tmp/x.sarif is paired with --format text, but its name says sarif; the n-th --output goes with the n-th --format"
        ))
        let tooMany = try CLIRunner.run(["scan", Self.admin, "--format", "json", "--output", "/tmp/a.json", "--output", "/tmp/b.json"])
        #expect(tooMany.status == 2)
        #expect(tooMany.standardError.contains("2 --output but 1 --format"))
        let checkovHabit = try CLIRunner.run(["scan", Self.admin, "-o", "sarif"])
        #expect(checkovHabit.status == 2)
        #expect(checkovHabit.standardError.contains("--output sarif names a file; for the sarif format use --format sarif (-f, not -o)"))
        let unknown = try CLIRunner.run(["scan", Self.admin, "--format", "sarif,html"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("unknown format 'html'; choose one of: text, json, sarif, junit, github, markdown"))
        let badThreshold = try CLIRunner.run(["scan", Self.admin, "--fail-on", "severe"])
        #expect(badThreshold.status == 2)
        #expect(badThreshold.standardError.contains("--fail-on must be one of: critical, high, medium, low, none"))
    }

    @Test("--fail-on: a high finding fails at high and low, not at critical or none", arguments: [
        ("critical", Int32(0)), ("high", 1), ("medium", 1), ("low", 1), ("none", 0), ("HIGH", 1),
    ])
    func failOn(threshold: String, status: Int32) throws {
        let outcome = try CLIRunner.run(["scan", Self.admin] + Self.onlyAdmin + ["--fail-on", threshold])
        #expect(outcome.status == status)
        #expect(outcome.standardOutput.contains(Self.adminLine))
        if status == 0 {
            #expect(outcome.standardOutput.hasSuffix("1 finding: 1 high · none at or above --fail-on \(threshold.lowercased())\n"))
        }
    }

    @Test("fail-on in .auditstack.yml sets the threshold; --fail-on on the command line wins")
    func configuredThreshold() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: CLIRunner.packageRoot.appendingPathComponent(Self.admin).path,
                                         toPath: folder.appendingPathComponent("admin-policy.json").path)
        try "version: 1\nfail-on: critical\n".write(to: folder.appendingPathComponent(".auditstack.yml"), atomically: true, encoding: .utf8)
        let configured = try CLIRunner.run(["scan", folder.path] + Self.onlyAdmin)
        #expect(configured.status == 0)
        #expect(configured.standardOutput.hasSuffix("1 finding: 1 high · none at or above --fail-on critical\n"))
        let overridden = try CLIRunner.run(["scan", folder.path, "--fail-on", "high"] + Self.onlyAdmin)
        #expect(overridden.status == 1)
    }

    @Test("--soft-fail exits 0 on findings but 2 on unreadable input; so does --fail-on none")
    func softFail() throws {
        let findings = try CLIRunner.run(["scan", Self.admin, "--soft-fail"] + Self.onlyAdmin)
        #expect(findings.status == 0)
        #expect(findings.standardOutput.hasSuffix("1 finding: 1 high · not failing (--soft-fail)\n"))
        let brokenSoft = try CLIRunner.run(["scan", Self.admin, Self.broken, "--soft-fail"] + Self.onlyAdmin)
        #expect(brokenSoft.status == 2)
        let brokenNone = try CLIRunner.run(["scan", Self.admin, Self.broken, "--fail-on", "none", "--format", "sarif"] + Self.onlyAdmin)
        #expect(brokenNone.status == 2)
        let run = try #require((try Self.validSARIF(text: brokenNone.standardOutput)["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        #expect((invocation["toolExecutionNotifications"] as? [[String: Any]])?.count == 1)
        #expect(brokenNone.standardError.contains("\(Self.broken):7:7: expected ',' or '}' after object member"))
        let clean = try CLIRunner.run(["scan", Self.clean, "--fail-on", "low"])
        #expect(clean.status == 0)
    }

    @Test("a suppressed finding: exit 0, counted in text, skipped in JUnit, in SARIF only when asked, with its justification")
    func suppressedFinding() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("db.yaml")
        try """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Metadata:
                  auditstack:
                    skip:
                      - id: AS-ENC-001
                        reason: Restored from an encrypted snapshot
                Properties:
                  Engine: postgres
            """.write(to: template, atomically: true, encoding: .utf8)
        let sarif = folder.appendingPathComponent("all.sarif")
        let plainSARIF = folder.appendingPathComponent("plain.sarif")
        let junit = folder.appendingPathComponent("report.xml")
        let outcome = try CLIRunner.run([
            "scan", template.path, "--check", "AS-ENC-001", "--format", "text,sarif,junit", "--output", "-", "--output", sarif.path,
            "--output", junit.path, "--sarif-include-suppressed",
        ])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasSuffix("— no findings · 1 suppressed\n"))
        let results = try #require((try Self.validSARIF(sarif)["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let suppression = try #require((results.first?["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["kind"] as? String == "inSource")
        #expect(suppression["justification"] as? String == "Restored from an encrypted snapshot")

        _ = try CLIRunner.run(["scan", template.path, "--check", "AS-ENC-001", "--format", "sarif", "--output", plainSARIF.path])
        let plainRun = try #require((try Self.validSARIF(plainSARIF)["runs"] as? [[String: Any]])?.first)
        #expect((plainRun["results"] as? [Any])?.isEmpty == true)

        let document = try XMLDocument(contentsOf: junit, options: [])
        let skipped = try document.nodes(forXPath: "//testcase/skipped").compactMap { $0 as? XMLElement }
        #expect(skipped.map { $0.attribute(forName: "message")?.stringValue } == ["suppressed: Restored from an encrypted snapshot"])
        #expect(document.rootElement()?.attribute(forName: "failures")?.stringValue == "0")
    }

    @Test("a report that cannot be written exits 2; the other reports are still written")
    func unwritableOutput() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let markdown = folder.appendingPathComponent("summary.md")
        let outcome = try CLIRunner.run(
            ["scan", Self.clean, "--format", "sarif,markdown", "--output", "/proc/auditstack-unwritable/a.sarif", "--output", markdown.path]
        )
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("auditstack: cannot write the sarif report to /proc/auditstack-unwritable/a.sarif"))
        let summary = try String(contentsOf: markdown, encoding: .utf8)
        #expect(summary.hasPrefix("## auditstack: no findings\n"))
        // No report on standard output: the closing summary goes to standard error.
        #expect(outcome.standardError.contains("Scanned 1 file (1 skipped), 0 resources, 1 policy in "))
    }
}
