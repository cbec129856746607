import Foundation
import Testing

/// `--environment` and the rule thresholds, as a user passes them to `auditstack scan`.
@Suite("auditstack scan rule settings")
struct RuleSettingsCommandTests {
    /// A template whose database has no backups and keeps none for long, tagged as staging.
    static let template = """
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            DeletionPolicy: Snapshot
            UpdateReplacePolicy: Snapshot
            Properties:
              Engine: postgres
              BackupRetentionPeriod: 0
              DeleteAutomatedBackups: false
              Tags:
                - Key: Environment
                  Value: staging
          Cluster:
            Type: AWS::RDS::DBCluster
            DeletionPolicy: Snapshot
            UpdateReplacePolicy: Snapshot
            Properties:
              Engine: aurora-postgresql
              BackupRetentionPeriod: 5
        """

    /// Writes the template to a fresh directory and scans it with `arguments` added.
    func scan(_ arguments: [String]) throws -> (outcome: CLIRunner.Outcome, file: String) {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("database.yaml").path
        try Self.template.write(toFile: file, atomically: true, encoding: .utf8)
        let backupRules = "AS-BACKUP-001,AS-BACKUP-002,AS-BACKUP-003,AS-BACKUP-004"
        return (try CLIRunner.run(["scan", file, "--format", "json", "--check", backupRules] + arguments), file)
    }

    /// rule id, severity and line of each finding, in report order.
    func summary(_ json: String) throws -> [String] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = root["findings"] as? [[String: Any]] ?? []
        return findings.map { "\($0["ruleId"] as? String ?? "") \($0["severity"] as? String ?? "") \($0["line"] as? Int ?? -1)" }
    }

    @Test("the environment is inferred from tags, and the defaults apply")
    func inferredEnvironment() throws {
        let (outcome, _) = try scan([])
        #expect(outcome.status == 1)
        #expect(try summary(outcome.standardOutput) == ["AS-BACKUP-001 high 8", "AS-BACKUP-002 medium 19"])
    }

    @Test("--environment production overrides the tag")
    func forcedProduction() throws {
        let (outcome, _) = try scan(["--environment", "production"])
        #expect(outcome.status == 1)
        #expect(try summary(outcome.standardOutput) == ["AS-BACKUP-001 critical 8", "AS-BACKUP-002 medium 19"])
    }

    @Test("--min-backup-retention-days lowers the floor")
    func retentionThreshold() throws {
        let (outcome, _) = try scan(["--min-backup-retention-days", "5"])
        #expect(outcome.status == 1)
        #expect(try summary(outcome.standardOutput) == ["AS-BACKUP-001 high 8"])
    }

    @Test("an unknown environment is a usage error")
    func unknownEnvironment() throws {
        let (outcome, _) = try scan(["--environment", "prd"])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.contains("--environment"))
    }

    @Test("a threshold out of range is a usage error")
    func thresholdOutOfRange() throws {
        let (outcome, _) = try scan(["--min-backup-retention-days", "0"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("--min-backup-retention-days must be between 1 and 35, not 0"))
        let (kinesis, _) = try scan(["--min-kinesis-retention-hours", "12"])
        #expect(kinesis.status == 2)
        #expect(kinesis.standardError.contains("--min-kinesis-retention-hours must be between 24 and 8760, not 12"))
    }

    @Test("help lists the options with the catalog's defaults")
    func help() throws {
        let outcome = try CLIRunner.run(["scan", "--help"])
        #expect(outcome.status == 0)
        let help = outcome.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--environment <environment>"))
        #expect(help.contains("below this many days is reported (default: 7)"))
        #expect(help.contains("points fewer days are reported (default: 7)"))
        #expect(help.contains("fewer hours are reported (default: 48)"))
    }
}
