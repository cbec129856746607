import ArgumentParser
import AuditCore

extension DeploymentEnvironment: ExpressibleByArgument {}

/// The scan options that tune rules: the environment and the catalog's configurable
/// thresholds. Every value is optional so that "not given" stays distinguishable from the
/// default (values from a configuration file fill only what the command line left out).
struct RuleSettingsOptions: ParsableArguments {
    @Option(name: .customLong("environment"), help: ArgumentHelp(
        "Judge every resource as deployed to this environment: production, staging or development "
            + "(default: inferred from Environment/Env/Stage tags, parameters, variables and stage names; otherwise production).",
        valueName: "environment"
    ))
    var environment: DeploymentEnvironment?

    @Option(name: .customLong("min-backup-retention-days"), help: ArgumentHelp(
        "AS-BACKUP-002: RDS/Aurora backup retention below this many days is reported "
            + "(default: \(RuleSettings.defaults.minimumBackupRetentionDays)).",
        valueName: "days"
    ))
    var minimumBackupRetentionDays: Int?

    @Option(name: .customLong("min-aws-backup-retention-days"), help: ArgumentHelp(
        "AS-BACKUP-008: AWS Backup rules that keep recovery points fewer days are reported "
            + "(default: \(RuleSettings.defaults.minimumAWSBackupRetentionDays)).",
        valueName: "days"
    ))
    var minimumAWSBackupRetentionDays: Int?

    @Option(name: .customLong("min-kinesis-retention-hours"), help: ArgumentHelp(
        "AS-BACKUP-011: Kinesis streams that keep records fewer hours are reported "
            + "(default: \(RuleSettings.defaults.minimumKinesisRetentionHours)).",
        valueName: "hours"
    ))
    var minimumKinesisRetentionHours: Int?

    mutating func validate() throws {
        try Self.check(minimumBackupRetentionDays, "--min-backup-retention-days", in: RuleSettings.backupRetentionDaysRange)
        try Self.check(minimumAWSBackupRetentionDays, "--min-aws-backup-retention-days", in: RuleSettings.awsBackupRetentionDaysRange)
        try Self.check(minimumKinesisRetentionHours, "--min-kinesis-retention-hours", in: RuleSettings.kinesisRetentionHoursRange)
    }

    private static func check(_ value: Int?, _ option: String, in range: ClosedRange<Int>) throws {
        guard let value, !range.contains(value) else { return }
        throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
    }

    /// The settings these options give, on top of `base` (the catalog's defaults, or values
    /// read from a configuration file): an option given on the command line wins.
    func settings(over base: RuleSettings = RuleSettings()) -> RuleSettings {
        var settings = base
        if let environment { settings.environment = environment }
        if let minimumBackupRetentionDays { settings.minimumBackupRetentionDays = minimumBackupRetentionDays }
        if let minimumAWSBackupRetentionDays { settings.minimumAWSBackupRetentionDays = minimumAWSBackupRetentionDays }
        if let minimumKinesisRetentionHours { settings.minimumKinesisRetentionHours = minimumKinesisRetentionHours }
        return settings
    }
}

/// `--check` and `--skip-check` for `report` (the same names and meaning as `scan`'s).
struct RuleSelectionOptions: ParsableArguments {
    @Option(name: .customLong("check"), help: ArgumentHelp(
        "Run only these rules, comma-separated or repeated: ids or slugs (off-by-default rules included), peer ids (CKV_AWS_16), a severity (high: high and critical) or a wildcard (AS-IAM-*).",
        valueName: "id"
    ))
    var checks: [String] = []

    @Option(name: .customLong("skip-check"), help: ArgumentHelp(
        "Do not run these rules, comma-separated or repeated: ids, slugs, peer ids, a severity (medium: medium and low) or a wildcard.", valueName: "id"
    ))
    var skippedChecks: [String] = []

    func validate() throws {
        do {
            _ = try selection()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func selection() throws(UnknownRuleNames) -> RuleSelection {
        RuleSelection(
            only: try RuleCatalog.ids(from: checks, option: "--check", use: .select),
            skip: try RuleCatalog.ids(from: skippedChecks, option: "--skip-check", use: .skip)
        )
    }
}
