import AuditCore
import AuditKit
import AuditModel
import AuditRules
import Foundation
import Testing

/// `.auditstack.yml`: what each key does, that every mistake is an error at its position,
/// and where the file is found.
@Suite struct ConfigFileTests {
    static func parse(_ text: String) throws(ConfigFileError) -> ConfigFile {
        try ConfigFile.parse(Array(text.utf8), path: "repo/.auditstack.yml")
    }

    /// The error a configuration gives, as the user sees it.
    static func error(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsEveryKey() throws {
        let config = try Self.parse("""
            version: 1
            packs:
              nat-cost: off
            rules:
              AS-ENC-010: on
              rds-storage-not-encrypted: off
            severity:
              AS-BACKUP-004: low
            fail-on: high
            environment: staging
            thresholds:
              min-backup-retention-days: 14
              min-kinesis-retention-hours: 72
            exclude:
              - vendor/**
              - "*.generated.json"
            require-reason: true
            suppressions:
              - id: AS-IAM-001
                resource: Admin*
                path: legacy/*.yaml
                reason: Break-glass roles
                expires: 2027-01-31
            """)
        #expect(config.packs == [.natCost: false])
        #expect(config.rules == ["AS-ENC-010": true, "AS-ENC-001": false])
        #expect(config.severityOverrides == ["AS-BACKUP-004": .low])
        #expect(config.failOn == .high)
        #expect(config.environment == .staging)
        #expect(config.thresholds == ["min-backup-retention-days": 14, "min-kinesis-retention-hours": 72])
        #expect(config.excludes.map(\.pattern) == ["vendor/**", "*.generated.json"])
        #expect(config.requireReason == true)
        #expect(config.suppressions == [ConfigSuppression(
            ruleID: "AS-IAM-001", resource: PathGlob("Admin*", segmented: false), path: PathGlob("legacy/*.yaml"),
            reason: "Break-glass roles", expires: "2027-01-31", location: SourceLocation(file: "repo/.auditstack.yml", line: 19, column: 9)
        )])
        #expect(config.directory == FileManager.default.currentDirectoryPath + "/repo")

        let settings = config.settings()
        #expect(settings.environment == .staging)
        #expect(settings.minimumBackupRetentionDays == 14 && settings.minimumKinesisRetentionHours == 72)
        #expect(settings.minimumAWSBackupRetentionDays == RuleSettings.defaults.minimumAWSBackupRetentionDays)
    }

    @Test func emptyFileIsAValidConfiguration() throws {
        let config = try Self.parse("# nothing yet\n")
        #expect(config.rules.isEmpty && config.suppressions.isEmpty && config.failOn == nil)
    }

    @Test func everyMistakeIsAnErrorAtItsPosition() {
        let cases: [(String, String)] = [
            ("packs: {}\nfail_on: high\n", "repo/.auditstack.yml:2:1: unknown setting 'fail_on'; did you mean 'fail-on'?"),
            ("suppresions: []\n", "repo/.auditstack.yml:1:1: unknown setting 'suppresions'; did you mean 'suppressions'?"),
            ("colour: red\n", "repo/.auditstack.yml:1:1: unknown setting 'colour'"),
            ("rules:\n  AS-ENC-01: off\n", "repo/.auditstack.yml:2:3: unknown rule 'AS-ENC-01'; did you mean 'AS-ENC-001'?"),
            ("rules:\n  AS-ENC-001: maybe\n", "repo/.auditstack.yml:2:15: AS-ENC-001 must be on or off"),
            ("packs:\n  nat_cost: off\n", "repo/.auditstack.yml:2:3: unknown pack 'nat_cost'; did you mean 'nat-cost'?"),
            ("severity:\n  AS-ENC-001: severe\n", "repo/.auditstack.yml:2:15: severity of AS-ENC-001 must be one of: critical, high, medium, low"),
            ("fail-on: hihg\n", "repo/.auditstack.yml:1:10: fail-on must be one of: critical, high, medium, low, none"),
            ("environment: moon\n", "repo/.auditstack.yml:1:14: environment must be one of: production, staging, development"),
            ("thresholds:\n  min-backup-retention-days: 90\n",
             "repo/.auditstack.yml:2:30: min-backup-retention-days must be a whole number from 1 to 35"),
            ("thresholds:\n  min-backup-retention-day: 9\n",
             "repo/.auditstack.yml:2:3: unknown threshold 'min-backup-retention-day'; did you mean 'min-backup-retention-days'?"),
            ("suppressions:\n  - id: AS-ENC-001\n    reasn: x\n",
             "repo/.auditstack.yml:3:5: unknown suppression key 'reasn'; did you mean 'reason'?"),
            ("suppressions:\n  - reason: x\n", "repo/.auditstack.yml:2:5: this suppression has no id"),
            ("exclude: vendor\n", "repo/.auditstack.yml:1:10: exclude must be a list"),
            ("version: 2\n", "repo/.auditstack.yml:1:10: version must be 1"),
            ("- packs\n", "repo/.auditstack.yml:1:1: the configuration must be a mapping of settings"),
            ("fail-on: high\nfail-on: low\n", "repo/.auditstack.yml:2:1: duplicate key 'fail-on' (first at 1:1)"),
        ]
        for (text, expected) in cases {
            #expect(Self.error(text) == expected, "\(text)")
        }
        // A YAML syntax error keeps the reader's position.
        #expect(Self.error("packs: [nat-cost\n")?.hasPrefix("repo/.auditstack.yml:2:1: ") == true)
    }

    // MARK: Rule selection

    @Test func packsAndRulesSwitchRulesOnAndOff() throws {
        let catalog = AuditRules.catalog
        let defaults = Set(catalog.filter(\.enabledByDefault).map(\.id))
        let offByDefault = try #require(catalog.first { !$0.enabledByDefault }?.id)
        let config = try Self.parse("packs:\n  backup-retention: off\nrules:\n  \(offByDefault): on\n  AS-BACKUP-001: on\n  AS-ENC-001: off\n")
        let selection = config.selection(over: RuleSelection(), catalog: catalog)
        let backups = Set(catalog.filter { $0.pack == .backupRetention }.map(\.id))
        #expect(selection.only == defaults.subtracting(backups).subtracting(["AS-ENC-001"]).union([offByDefault, "AS-BACKUP-001"]))
        #expect(selection.skip.isEmpty)

        // --check on the command line decides alone; --skip-check adds to the file's skips.
        let explicit = config.selection(over: RuleSelection(only: ["AS-ENC-001"]), catalog: catalog)
        #expect(explicit == RuleSelection(only: ["AS-ENC-001"]))
        let skipping = try Self.parse("rules:\n  AS-ENC-001: off\n").selection(over: RuleSelection(skip: ["AS-IAM-001"]), catalog: catalog)
        #expect(skipping == RuleSelection(only: defaults.subtracting(["AS-ENC-001"]), skip: ["AS-IAM-001"]))
        // Everything off runs nothing.
        let nothing = try Self.parse("packs:\n" + Pack.allCases.map { "  \($0.rawValue): off\n" }.joined())
            .selection(over: RuleSelection(), catalog: catalog)
        #expect(catalog.allSatisfy { !nothing.includes($0) })
        // A file that changes nothing leaves the defaults alone.
        #expect(try Self.parse("rules:\n  AS-ENC-001: on\n").selection(over: RuleSelection(), catalog: catalog) == RuleSelection())
    }

    // MARK: Discovery

    @Test func discoveryWalksUpToTheRepositoryRoot() throws {
        let scratch = try ScannerTests.Scratch()
        let root = scratch.path
        try scratch.write("repo/.git/HEAD", "ref: refs/heads/main\n")
        try scratch.write("repo/infra/stacks/app.yaml", "Resources: {}\n")
        try scratch.write("repo/infra/other/db.yaml", "Resources: {}\n")
        // Outside the repository: never reached from inside it.
        try scratch.write(".auditstack.yml", "fail-on: none\n")
        #expect(ConfigFile.discover(for: [root + "/repo/infra/stacks/app.yaml"]) == nil)

        try scratch.write("repo/.auditstack.yaml", "fail-on: high\n")
        #expect(ConfigFile.discover(for: [root + "/repo/infra/stacks/app.yaml"]) == root + "/repo/.auditstack.yaml")
        try scratch.write("repo/.auditstack.yml", "fail-on: high\n")
        #expect(ConfigFile.discover(for: [root + "/repo/infra/stacks"]) == root + "/repo/.auditstack.yml")

        // The nearest file wins; several paths start from the folder they share.
        try scratch.write("repo/infra/stacks/.auditstack.yml", "fail-on: low\n")
        #expect(ConfigFile.discover(for: [root + "/repo/infra/stacks/app.yaml"]) == root + "/repo/infra/stacks/.auditstack.yml")
        #expect(ConfigFile.discover(for: [root + "/repo/infra/stacks/app.yaml", root + "/repo/infra/other/db.yaml"])
            == root + "/repo/.auditstack.yml")
        // Relative paths start from the given folder.
        #expect(ConfigFile.discover(for: ["infra/other"], from: root + "/repo") == root + "/repo/.auditstack.yml")

        // Without a repository the walk goes up to the file-system root.
        #expect(ConfigFile.discover(for: [root + "/elsewhere.yaml"]) == root + "/.auditstack.yml")
    }

    // MARK: Applied in a scan

    static let database = """
        Resources:
          LegacyDatabase:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DeletionProtection: true
              BackupRetentionPeriod: 7
          NewDatabase:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DeletionProtection: true
              BackupRetentionPeriod: 7
        """

    @Test func configSuppressionsMatchRuleResourceAndPath() async throws {
        let scratch = try ScannerTests.Scratch()
        try scratch.write("legacy/app.yaml", Self.database)
        try scratch.write("current/app.yaml", Self.database)
        let configPath = try scratch.write(".auditstack.yml", """
            suppressions:
              - id: AS-ENC-001
                resource: Legacy*
                path: legacy/**
                reason: Migrated in Q3
              - id: checkov:CKV_AWS_16
                resource: NewDatabase
                path: current/app.yaml
                reason: Encrypted by the storage layer
                expires: 2026-01-01
              - id: AS-BACKUP-004
                reason: Snapshots are copied by the platform
            """)
        var options = ScanOptions(paths: [scratch.path])
        options.policy = ScanPolicy(config: try ConfigFile.load(path: configPath), today: "2026-06-01")
        let result = await Scanner().scan(options)
        let encryption = result.suppressed.filter { $0.finding.ruleID == "AS-ENC-001" }
        #expect(encryption.map { "\($0.finding.location.file.dropFirst(scratch.path.count)) \($0.finding.resource?.name ?? "") line \($0.suppression.location.line)" }
            == ["/legacy/app.yaml LegacyDatabase line 2"])
        #expect(encryption.first?.suppression.origin == .configFile)
        // The expired entry no longer applies.
        #expect(result.outcome.findings.filter { $0.ruleID == "AS-ENC-001" }.map { "\($0.location.file.dropFirst(scratch.path.count)) \($0.resource?.name ?? "")" }
            == ["/current/app.yaml LegacyDatabase", "/current/app.yaml NewDatabase", "/legacy/app.yaml NewDatabase"])
        #expect(result.warnings.map { "\($0.location.line): \($0.message)" } == [
            "6: suppression of checkov:CKV_AWS_16 on resource NewDatabase, path current/app.yaml expired on 2026-01-01; its findings are reported again",
        ])
        // Without resource or path, an entry accepts the rule everywhere.
        #expect(result.suppressed.filter { $0.finding.ruleID == "AS-BACKUP-004" }.count == 4)
        #expect(result.outcome.findings.filter { $0.ruleID == "AS-BACKUP-004" }.isEmpty)
        #expect(result.suppressionRecords.map { "\($0.writtenID) \($0.target) \($0.status.rawValue) \($0.suppressedCount)" } == [
            "AS-ENC-001 resource Legacy*, path legacy/** active 1",
            "checkov:CKV_AWS_16 resource NewDatabase, path current/app.yaml expired 0",
            "AS-BACKUP-004 everywhere active 4",
        ])
    }

    @Test func excludesLeaveFilesOutEvenWhenNamed() async throws {
        let scratch = try ScannerTests.Scratch()
        try scratch.write("app.yaml", Self.database)
        try scratch.write("vendor/lib/app.yaml", Self.database)
        try scratch.write("build.generated.json", "{\"Resources\": {}}")
        let configPath = try scratch.write(".auditstack.yml", "exclude:\n  - vendor\n  - \"*.generated.json\"\n")
        var options = ScanOptions(paths: [scratch.path + "/vendor/lib/app.yaml", scratch.path])
        options.policy = ScanPolicy(config: try ConfigFile.load(path: configPath))
        let result = await Scanner().scan(options)
        #expect(result.files.map { String($0.path.dropFirst(scratch.path.count)) } == ["/app.yaml"])
        #expect(result.skipped.map { "\($0.path.dropFirst(scratch.path.count)): \($0.reason)" } == [
            "/.auditstack.yml: not a CloudFormation, SAM, Terraform or IAM document",
            "/build.generated.json: excluded by \(configPath) (*.generated.json)",
            "/vendor/lib/app.yaml: excluded by \(configPath) (vendor)",
        ])
    }

    @Test func severityOverridesChangeFindingsAndRuleMetadata() async throws {
        let config = try Self.parse("severity:\n  AS-ENC-001: low\n")
        let result = await Scanner().scan(
            documents: [("stack.yaml", Self.database)], policy: ScanPolicy(config: config)
        )
        #expect(result.outcome.findings.filter { $0.ruleID == "AS-ENC-001" }.map(\.severity) == [.low, .low])
        #expect(result.outcome.rulesRun.first { $0.id == "AS-ENC-001" }?.severity == .low)
        #expect(result.outcome.findings.first { $0.ruleID == "AS-BACKUP-004" }?.severity == .medium)
    }

    @Test func globsFollowGitignoreHabits() {
        #expect(PathGlob("*.json").matches("a/b/c.json"))
        #expect(!PathGlob("*.json").matches("a/b/c.yaml"))
        #expect(PathGlob("legacy").matches("legacy/x/y.yaml"))
        #expect(PathGlob("legacy/").matches("legacy/y.yaml"))
        #expect(!PathGlob("legacy/*.yaml").matches("legacy/x/y.yaml"))
        #expect(PathGlob("legacy/**/*.yaml").matches("legacy/x/y.yaml"))
        #expect(PathGlob("legacy/**/*.yaml").matches("legacy/y.yaml"))
        #expect(!PathGlob("legacy/*.yaml").matches("other/legacy/y.yaml"))
        #expect(PathGlob("./infra/app.[yj]*").matches("infra/app.json"))
        #expect(PathGlob("module.vpc.*", segmented: false).matches("module.vpc.aws_nat_gateway.main"))
        #expect(!PathGlob("Legacy?", segmented: false).matches("LegacyDB"))
    }
}
