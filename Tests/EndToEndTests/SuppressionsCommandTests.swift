import Foundation
import Testing

/// The policy features through the real binary: `auditstack suppressions`, the configuration
/// file, the baseline options, `--skip-unrecognized`, and the pre-commit hook under the real
/// pre-commit framework.
@Suite struct SuppressionsCommandTests {
    static let template = """
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Metadata:
              auditstack:
                skip:
                  - id: AS-ENC-001
                    reason: Restored from an encrypted snapshot
                    expires: 2099-12-31
                  - id: AS-LAUNCH-007
                    reason: Temporary
                    expires: 2020-01-01
                  - id: AS-NOPE-001
                    reason: Typo
              checkov:
                skip:
                  - id: CKV_AWS_18
                    comment: Access logs are not needed
            Properties:
              Engine: postgres
              StorageEncrypted: false
        """

    static let terraform = """
        {
          "resource": {
            "aws_db_instance": {
              "db": {
                "//": "checkov:skip=CKV_AWS_16:Encrypted by the storage layer",
                "engine": "postgres"
              }
            }
          }
        }
        """

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("suppressions lists each directive with its rule, resource, position, status, expiry and reason")
    func listsSuppressions() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write(Self.template, to: directory + "/stack.yaml")
        try Self.write(Self.terraform, to: directory + "/tf/main.tf.json")

        let outcome = try CLIRunner.run(["suppressions", directory + "/stack.yaml", directory + "/tf"])
        #expect(outcome.status == 0)
        // Columns are aligned: every row's resource starts at the same place.
        let rows = outcome.standardOutput.split(separator: "\n").dropLast()
        #expect(Set(rows.map { $0.distance(from: $0.startIndex, to: $0.range(of: "  on ")!.lowerBound) }).count == 1)
        let collapsed = outcome.standardOutput.replacing(#/ {2,}/#, with: "  ")
        #expect(collapsed == """
            \(directory)/stack.yaml:7:17  AS-ENC-001  on Database  active (1 finding)  expires 2099-12-31  reason: "Restored from an encrypted snapshot"
            \(directory)/stack.yaml:10:17  AS-LAUNCH-007  on Database  expired  expires 2020-01-01  reason: "Temporary"
            \(directory)/stack.yaml:13:17  AS-NOPE-001  on Database  unknown-rule  expires never  reason: "Typo"
            \(directory)/stack.yaml:17:17  CKV_AWS_18  on Database  no-equivalent  expires never  reason: "Access logs are not needed"
            \(directory)/tf/main.tf.json:5:15  CKV_AWS_16 → AS-ENC-001  on aws_db_instance.db  active (1 finding)  expires never  reason: "Encrypted by the storage layer"
            5 suppressions: 2 active, 1 expired, 1 unknown-rule, 1 no-equivalent

            """)

        let json = try CLIRunner.run(["suppressions", "--format", "json", directory + "/tf"])
        #expect(json.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(root["suppressions"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["rule"] as? String == "CKV_AWS_16")
        #expect(entries.first?["rules"] as? [String] == ["AS-ENC-001"])
        #expect(entries.first?["peerId"] as? String == "checkov:CKV_AWS_16")
        #expect(entries.first?["origin"] as? String == "terraform-comment")
        #expect(entries.first?["line"] as? Int == 5 && entries.first?["column"] as? Int == 15)
        #expect(entries.first?["status"] as? String == "active" && entries.first?["suppressedFindings"] as? Int == 1)
        #expect(entries.first?["problem"] is NSNull)
        let expired = try CLIRunner.run(["suppressions", "--format", "json", directory + "/stack.yaml"])
        let expiredRoot = try #require(try JSONSerialization.jsonObject(with: Data(expired.standardOutput.utf8)) as? [String: Any])
        let problems = (expiredRoot["suppressions"] as? [[String: Any]] ?? []).compactMap { $0["problem"] as? String }
        #expect(problems == [
            "suppression of AS-LAUNCH-007 on Database expired on 2020-01-01; its findings are reported again",
            "suppression names AS-NOPE-001, which is no auditstack rule; it suppresses nothing (did you mean AS-COST-001?)",
        ])
    }

    @Test("scan warns at expired and unknown suppressions and reports the expired one's finding")
    func scanWarnsAboutDirectives() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write(Self.template, to: directory + "/stack.yaml")
        let outcome = try CLIRunner.run(["scan", "--check", "AS-ENC-001,AS-LAUNCH-007", directory + "/stack.yaml"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("stack.yaml:2:3  high      AS-LAUNCH-007"))
        #expect(!outcome.standardOutput.contains("AS-ENC-001"))
        // Told on standard error without --verbose, in the text report with it.
        #expect(outcome.standardError == """
            auditstack: \(directory)/stack.yaml:10:17: suppression of AS-LAUNCH-007 on Database expired on 2020-01-01; its findings are reported again
            auditstack: \(directory)/stack.yaml:13:17: suppression names AS-NOPE-001, which is no auditstack rule; it suppresses nothing (did you mean AS-COST-001?)

            """)
        let verbose = try CLIRunner.run(["scan", "--verbose", "--check", "AS-ENC-001,AS-LAUNCH-007", directory + "/stack.yaml"])
        #expect(verbose.standardError.isEmpty)
        #expect(verbose.standardOutput.contains("stack.yaml:10:17  warning   suppression of AS-LAUNCH-007 on Database expired on 2020-01-01"))
    }

    @Test("a configuration mistake exits 2 with its line, column and the closest key")
    func configurationErrors() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/.git", withIntermediateDirectories: true)
        try Self.write("rules:\n  AS-ENC-001: off\nfail_on: high\n", to: directory + "/.auditstack.yml")
        try Self.write(#"{"resource": {"aws_db_instance": {"db": {"engine": "postgres"}}}}"#, to: directory + "/infra/main.tf.json")
        let outcome = try CLIRunner.run(["scan", directory + "/infra"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == "auditstack: \(directory)/.auditstack.yml:3:1: unknown setting 'fail_on'; did you mean 'fail-on'?\n")
        #expect(outcome.standardOutput.isEmpty)

        // Fixed, the file found by walking up applies; --no-config ignores it.
        try Self.write("rules:\n  AS-ENC-001: off\n", to: directory + "/.auditstack.yml")
        let configured = try CLIRunner.run(["scan", "--format", "json", directory + "/infra"])
        #expect(configured.status <= 1)
        #expect(try JSONReport(configured.standardOutput).findings.allSatisfy { $0.ruleID != "AS-ENC-001" })
        let unconfigured = try CLIRunner.run(["scan", "--no-config", "--check", "AS-ENC-001", "--format", "json", directory + "/infra"])
        #expect(try JSONReport(unconfigured.standardOutput).findings.map(\.description)
            == ["AS-ENC-001 \(directory)/infra/main.tf.json:1:35 (aws_db_instance.db)"])
        // --config names the file; a missing one is an error.
        let missing = try CLIRunner.run(["scan", "--config", directory + "/nope.yml", directory + "/infra"])
        #expect(missing.status == 2)
        #expect(missing.standardError == "auditstack: \(directory)/nope.yml: cannot read the configuration file\n")
    }

    @Test("--create-baseline records today's findings; --baseline then fails only on new ones")
    func baselineAdoption() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = """
            Resources:
              Orders:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres

            """
        try Self.write(database, to: directory + "/app.yaml")
        let baseline = directory + "/auditstack-baseline.json"
        let created = try CLIRunner.run(["scan", "--no-config", "--check", "AS-ENC-001", "--create-baseline", baseline, directory])
        #expect(created.status == 0)
        #expect(created.standardError.contains("auditstack: recorded 1 finding in \(baseline)\n"))
        let file = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(file.contains(#"{ "fingerprint": "AS-ENC-001|app.yaml|Orders|StorageEncrypted", "rule": "AS-ENC-001", "resource": "Orders", "file": "app.yaml" }"#))

        let accepted = try CLIRunner.run(["scan", "--no-config", "--check", "AS-ENC-001", "--baseline", baseline, directory])
        #expect(accepted.status == 0)

        try Self.write(database + "  Reports:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n", to: directory + "/app.yaml")
        let grown = try CLIRunner.run(["scan", "--no-config", "--check", "AS-ENC-001", "--baseline", baseline, "--format", "json", directory])
        #expect(grown.status == 1)
        #expect(try JSONReport(grown.standardOutput).findings.map(\.description) == ["AS-ENC-001 \(directory)/app.yaml:6:3 (Reports)"])

        let broken = try CLIRunner.run(["scan", "--baseline", directory + "/app.yaml", directory])
        #expect(broken.status == 2)
        #expect(broken.standardError.hasPrefix("auditstack: \(directory)/app.yaml:1:1: "))
    }

    @Test("--skip-unrecognized skips named files that are not cloud configuration")
    func skipUnrecognized() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.write("{\n  // options\n  \"strict\": true,\n}\n", to: directory + "/tsconfig.json")
        try Self.write("{\"resource\": {\"aws_db_instance\": {\"db\": {\"engine\": \"postgres\",}}}}\n", to: directory + "/main.tf.json")
        let strict = try CLIRunner.run(["scan", directory + "/tsconfig.json"])
        #expect(strict.status == 2)
        let lenient = try CLIRunner.run(["scan", "--skip-unrecognized", directory + "/tsconfig.json"])
        #expect(lenient.status == 0)
        // A broken file that claims to be cloud configuration is still an error.
        let claimed = try CLIRunner.run(["scan", "--skip-unrecognized", directory + "/tsconfig.json", directory + "/main.tf.json"])
        #expect(claimed.status == 2)
        #expect(claimed.standardOutput.contains("\(directory)/main.tf.json:1:"))
    }

    /// pre-commit on PATH (`make test-pre-commit` installs it from PyPI into .build).
    static let preCommit: String? = {
        let candidates = [CLIRunner.packageRoot.path + "/.build/pre-commit-venv/bin/pre-commit"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/pre-commit" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test("the pre-commit hook blocks a bad template, passes the fixed one, and reads the repository for context (auditstack-system, this build)",
          .enabled(if: preCommit != nil, "pre-commit is not installed: run `make test-pre-commit`, which installs it from PyPI"))
    func preCommitHook() throws {
        let preCommit = try #require(Self.preCommit)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLIRunner.packageRoot.path + "/scripts/test-pre-commit.sh", "auditstack-system"]
        var environment = ProcessInfo.processInfo.environment
        environment["AUDITSTACK_BINARY"] = CLIRunner.binary.path
        environment["PATH"] = (preCommit as NSString).deletingLastPathComponent + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("test-pre-commit: 5 passed, 0 failed"), "\(text)")
    }
}
