/// What a user may tune about the rules: the environment and the thresholds the catalog
/// calls configurable. Set from the command line (`auditstack scan --help` lists the
/// options) or a configuration file; the defaults are the catalog's.
public struct RuleSettings: Sendable, Hashable {
    /// The environment forced for every resource (`--environment`); `nil` infers it per
    /// resource, see `DeploymentEnvironment`.
    public var environment: DeploymentEnvironment?
    /// AS-BACKUP-002: RDS and Aurora retention below this many days is reported (AWS
    /// Config's `db-instance-backup-enabled` and `rds-cluster-backup-retention-check`
    /// use 7 too). RDS accepts 1–35.
    public var minimumBackupRetentionDays = 7
    /// AS-BACKUP-008: an AWS Backup rule that deletes recovery points sooner than this.
    public var minimumAWSBackupRetentionDays = 7
    /// AS-BACKUP-011: Kinesis stream retention below this many hours (the service default
    /// is 24, the maximum 8,760).
    public var minimumKinesisRetentionHours = 48
    /// Account-wide items managed outside the scanned set (`account-baseline` in the
    /// configuration file): their absence is not reported.
    public var externallyManaged: Set<AccountBaselineItem> = []
    /// True when the scan sees only part of the repository (the files of a commit): a
    /// verdict that depends on something being absent is then unknown, never a failure.
    public var scanIsPartial = false
    /// The AWS Region whose list prices cost findings use where the configuration names
    /// none (`--region`, `region:` in the configuration file). A Region the configuration
    /// itself gives (a Terraform provider's `region`) wins: it is where the stack deploys.
    public var region: String?
    /// Monthly traffic the user assumes for cost estimates (`--assume-gb`, `assume-gb:`).
    public var traffic = TrafficAssumption()
    /// Actions a team accepts on `Resource: "*"` (cloudsplaining's `exclude-actions`):
    /// AS-IAM-003, 010 and 011 do not report them. By default the CloudWatch Logs trio every
    /// Lambda execution role carries (AWS's own `AWSLambdaBasicExecutionRole` grants it on
    /// `*`); `iam-accepted-actions: []` in `.auditstack.yml` reports them too.
    public var iamActionsAcceptedOnAnyResource = RuleSettings.defaultIAMActionsAcceptedOnAnyResource

    public static let defaultIAMActionsAcceptedOnAnyResource = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    /// AS-LAUNCH-013: buckets meant to be public websites (`public-website-buckets` in the
    /// configuration file), by logical id, Terraform address or bucket name.
    public var publicWebsiteBuckets: Set<String> = []
    /// AS-LAUNCH-009: routes meant to be public and read-only (`public-routes`), written
    /// `GET /jobs` (method and path) or `/jobs` (any method); reported at medium, not high.
    public var publicRoutes: Set<String> = []

    public init() {}

    /// The catalog's values, for help texts and docs.
    public static let defaults = RuleSettings()

    /// Accepted ranges, checked where the values are read (CLI, configuration file).
    public static let backupRetentionDaysRange = 1...35
    public static let awsBackupRetentionDaysRange = 1...36_500
    public static let kinesisRetentionHoursRange = 24...8_760
}
