import AuditCore
import AuditModel
import AuditRules
import AuditSyntax
import Foundation

/// `.auditstack.yml` (or `.auditstack.yaml`): a repository's standing choices, so every run
/// (a laptop, CI, the pre-commit hook) judges the same way. Command-line options win over it.
///
///     packs:                 { nat-cost: off }
///     rules:                 { AS-ENC-010: on, AS-COST-005: off }
///     severity:              { AS-COST-011: low }
///     fail-on: high          # critical | high | medium | low | none
///     environment: production
///     thresholds:            { min-backup-retention-days: 14 }
///     exclude:               [ "vendor/**", "*.generated.json" ]
///     require-reason: true
///     account-baseline: [trail]     # or `external`: budget, billing-alarm, trail live elsewhere
///     region: eu-west-1              # prices for cost findings where the files name no Region
///     assume-gb: { nat: 500, s3: 300, dynamodb: 50 }   # monthly traffic for cost estimates
///     iam-accepted-actions: [logs:CreateLogGroup, xray:PutTraceSegments]   # accepted on Resource "*"
///     public-website-buckets: [WebsiteBucket]   # AS-LAUNCH-013: meant to be public
///     public-routes: ["GET /jobs"]              # AS-LAUNCH-009: public, read-only routes
///     suppressions:
///       - id: AS-ENC-001
///         resource: LegacyDatabase      # glob on the logical id / Terraform address
///         path: legacy/**               # glob on the file, relative to this file's folder
///         reason: Restored from an encrypted snapshot by the migration job
///         expires: 2027-01-31
///
/// Every mistake is an error with its line and column (exit status 2), and an unknown key
/// names the closest known one: a typo must not silently switch a check off.
public struct ConfigFile: Sendable {
    public static let fileNames = [".auditstack.yml", ".auditstack.yaml"]

    /// The file as found or named.
    public var path: String
    /// Its folder, absolute: patterns and relative paths are anchored here.
    public var directory: String
    /// Packs switched on or off; a rule's own entry in `rules` wins.
    public var packs: [Pack: Bool] = [:]
    /// Rules switched on (off-by-default rules included) or off, by id.
    public var rules: [String: Bool] = [:]
    public var severityOverrides: [String: Severity] = [:]
    /// The least severe finding that fails the scan (`--fail-on` wins).
    public var failOn: FailThreshold?
    /// A scan that loads no file exits 2 (`--fail-on-empty`).
    public var failOnEmpty: Bool?
    public var environment: DeploymentEnvironment?
    /// Threshold keys as written (`min-backup-retention-days`) with their value.
    public var thresholds: [String: Int] = [:]
    public var excludes: [PathGlob] = []
    public var suppressions: [ConfigSuppression] = []
    /// `false` lets directives without a reason suppress (meant for a migration from a
    /// peer tool whose syntax has no reason, such as cfn-lint's `ignore_checks`).
    public var requireReason: Bool?
    /// Account-wide items that another stack or repository provides.
    public var externallyManaged: Set<AccountBaselineItem> = []
    /// The Region cost findings are priced in where the configuration names none (`--region` wins).
    public var region: String?
    /// Monthly GB by traffic key for cost estimates (`--assume-gb` wins key by key).
    public var traffic = TrafficAssumption()
    /// Actions the team accepts on `Resource: "*"`; `nil` keeps the default (the CloudWatch Logs trio).
    public var iamAcceptedActions: [String]?
    public var publicWebsiteBuckets: Set<String> = []
    public var publicRoutes: Set<String> = []

    public init(path: String, directory: String) {
        self.path = path
        self.directory = directory
    }

    public static let topLevelKeys = [
        "version", "packs", "rules", "severity", "fail-on", "fail-on-empty", "environment", "thresholds", "exclude",
        "require-reason", "suppressions", "account-baseline", "region", "assume-gb", "iam-accepted-actions",
        "public-website-buckets", "public-routes",
    ]
    public static let suppressionKeys = ["id", "resource", "path", "reason", "expires"]

    /// The thresholds the file may set: key, range, and where it goes in `RuleSettings`.
    static let thresholdSettings: [(key: String, range: ClosedRange<Int>, apply: @Sendable (inout RuleSettings, Int) -> Void)] = [
        ("min-backup-retention-days", RuleSettings.backupRetentionDaysRange, { $0.minimumBackupRetentionDays = $1 }),
        ("min-aws-backup-retention-days", RuleSettings.awsBackupRetentionDaysRange, { $0.minimumAWSBackupRetentionDays = $1 }),
        ("min-kinesis-retention-hours", RuleSettings.kinesisRetentionHoursRange, { $0.minimumKinesisRetentionHours = $1 }),
    ]

    /// The environment and thresholds the file sets, on top of `base`.
    public func settings(over base: RuleSettings = RuleSettings()) -> RuleSettings {
        var settings = base
        if let environment { settings.environment = environment }
        settings.externallyManaged.formUnion(externallyManaged)
        if let region { settings.region = region }
        settings.traffic.gigabytes.merge(traffic.gigabytes) { _, fromFile in fromFile }
        if let iamAcceptedActions { settings.iamActionsAcceptedOnAnyResource = iamAcceptedActions }
        settings.publicWebsiteBuckets.formUnion(publicWebsiteBuckets)
        settings.publicRoutes.formUnion(publicRoutes)
        for threshold in Self.thresholdSettings {
            if let value = thresholds[threshold.key] { threshold.apply(&settings, value) }
        }
        return settings
    }

    /// The rule selection the file asks for, unless the command line chose rules itself
    /// (`--check`): packs and rules switched off are skipped, rules switched on run even
    /// when they are off by default. `--skip-check` adds to what the file skips.
    public func selection(over commandLine: RuleSelection, catalog: [RuleMetadata]) -> RuleSelection {
        guard commandLine.only.isEmpty else { return commandLine }
        let on = Set(catalog.filter { rules[$0.id] ?? packs[$0.pack] ?? $0.enabledByDefault }.map(\.id))
        guard on != Set(catalog.filter(\.enabledByDefault).map(\.id)) else { return commandLine }
        var selection = commandLine
        if on.isEmpty {
            // Everything switched off: run nothing rather than the defaults.
            selection.skip.formUnion(catalog.map(\.id))
        } else {
            selection.only = on
        }
        return selection
    }

    // MARK: Discovery

    /// The configuration that applies to a scan of `paths`: the first `.auditstack.yml` or
    /// `.auditstack.yaml` found walking up from the folder the paths have in common, stopping
    /// after the repository root (a folder with `.git`) or the file-system root.
    public static func discover(for paths: [String], from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        let fileManager = FileManager.default
        var folders = paths.map { path -> [Substring] in
            let absolute = RelativePath.absolute(path, from: directory)
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: absolute, isDirectory: &isDirectory)
            let parts = absolute.split(separator: "/")
            return exists && isDirectory.boolValue ? parts : Array(parts.dropLast())
        }
        var common = folders.popLast() ?? RelativePath.absolute(directory).split(separator: "/")
        for other in folders {
            common = Array(zip(common, other).prefix { $0 == $1 }.map(\.0))
        }
        while true {
            let folder = "/" + common.joined(separator: "/")
            for name in fileNames {
                let candidate = folder == "/" ? "/" + name : folder + "/" + name
                if fileManager.fileExists(atPath: candidate) { return candidate }
            }
            if common.isEmpty || fileManager.fileExists(atPath: folder + "/.git") { return nil }
            common.removeLast()
        }
    }

    // MARK: Reading

    public static func load(path: String, catalog: [RuleMetadata] = AuditRules.catalog) throws(ConfigFileError) -> ConfigFile {
        let bytes: [UInt8]
        switch Scanner.contents(atPath: path, refusingAbove: 1 << 20) {
        case .read(let read): bytes = read
        case .tooLarge(let size):
            throw ConfigFileError(file: path, line: 1, column: 1, message: "configuration file is \(byteCount(size)), above 1 MB")
        case .failed: throw ConfigFileError(file: path, line: 0, column: 0, message: "cannot read the configuration file")
        }
        return try parse(bytes, path: path, catalog: catalog)
    }

    public static func parse(_ bytes: [UInt8], path: String, catalog: [RuleMetadata] = AuditRules.catalog) throws(ConfigFileError) -> ConfigFile {
        let document: ParsedDocument
        do {
            document = try YAMLReader.parse(bytes)
        } catch {
            throw ConfigFileError(file: path, position: error.position, message: error.message)
        }
        if let warning = document.warnings.first {
            throw ConfigFileError(file: path, position: warning.position, message: warning.message)
        }
        var reader = ConfigReader(path: path, catalog: catalog)
        return try reader.read(document.root)
    }
}

/// One `suppressions` entry of the configuration file.
public struct ConfigSuppression: Sendable, Hashable {
    /// As written: an auditstack id or slug, or a peer id with its tool (`checkov:CKV_AWS_16`).
    public var ruleID: String
    /// Matches the logical id or Terraform address; any resource when absent.
    public var resource: PathGlob?
    /// Matches the file, relative to the configuration file's folder; any file when absent.
    public var path: PathGlob?
    public var reason: String?
    public var expires: String?
    /// The entry's `id`.
    public var location: SourceLocation

    public init(ruleID: String, resource: PathGlob?, path: PathGlob?, reason: String?, expires: String?, location: SourceLocation) {
        self.ruleID = ruleID
        self.resource = resource
        self.path = path
        self.reason = reason
        self.expires = expires
        self.location = location
    }
}

/// A mistake in the configuration file (or a baseline file), at its position.
public struct ConfigFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: InputProblem

    public init(file: String, line: Int, column: Int, message: String) {
        problem = InputProblem(file: file, line: line, column: column, message: message)
    }

    init(file: String, position: SourcePosition, message: String) {
        self.init(file: file, line: position.line, column: position.column, message: message)
    }

    public var description: String {
        problem.line > 0 ? "\(problem.file):\(problem.line):\(problem.column): \(problem.message)" : "\(problem.file): \(problem.message)"
    }
}

/// Walks the YAML tree of a configuration file, throwing at the first mistake.
private struct ConfigReader {
    let path: String
    let catalog: [RuleMetadata]

    func fail(_ message: String, at position: SourcePosition) -> ConfigFileError {
        ConfigFileError(file: path, position: position, message: message)
    }

    mutating func read(_ root: Node) throws(ConfigFileError) -> ConfigFile {
        var config = ConfigFile(path: path, directory: RelativePath.folder(of: path))
        if root.isNull { return config }
        guard root.isMapping else { throw fail("the configuration must be a mapping of settings", at: root.position) }
        for entry in root.entries {
            switch entry.key {
            case "version":
                guard entry.value.scalarText == "1" else { throw fail("version must be 1", at: entry.value.position) }
            case "packs":
                for pack in try mapping(entry) {
                    guard let known = Pack(rawValue: pack.key) else {
                        throw unknown("pack", pack.key, at: pack.keyPosition, among: Pack.allCases.map(\.rawValue))
                    }
                    config.packs[known] = try onOff(pack)
                }
            case "rules":
                for rule in try mapping(entry) {
                    config.rules[try ruleID(rule.key, at: rule.keyPosition)] = try onOff(rule)
                }
            case "severity":
                for rule in try mapping(entry) {
                    let id = try ruleID(rule.key, at: rule.keyPosition)
                    guard let text = rule.value.scalarText, let severity = Severity(rawValue: text.lowercased()) else {
                        throw fail("severity of \(rule.key) must be one of: critical, high, medium, low", at: rule.value.position)
                    }
                    config.severityOverrides[id] = severity
                }
            case "fail-on":
                guard let threshold = FailThreshold(rawValue: try scalar(entry).lowercased()) else {
                    throw fail("fail-on must be one of: \(FailThreshold.names.joined(separator: ", "))", at: entry.value.position)
                }
                config.failOn = threshold
            case "environment":
                let value = try scalar(entry)
                guard let environment = DeploymentEnvironment(naming: value) else {
                    throw fail("environment must be one of: production, staging, development", at: entry.value.position)
                }
                config.environment = environment
            case "thresholds":
                for threshold in try mapping(entry) {
                    guard let setting = ConfigFile.thresholdSettings.first(where: { $0.key == threshold.key }) else {
                        throw unknown("threshold", threshold.key, at: threshold.keyPosition, among: ConfigFile.thresholdSettings.map(\.key))
                    }
                    guard threshold.value.tag == nil, let text = threshold.value.scalarText, let value = Int(text),
                          setting.range.contains(value) else {
                        throw fail("\(threshold.key) must be a whole number from \(setting.range.lowerBound) to \(setting.range.upperBound)",
                                   at: threshold.value.position)
                    }
                    config.thresholds[threshold.key] = value
                }
            case "exclude":
                for item in try sequence(entry) {
                    guard let text = item.scalarText, !text.isEmpty else { throw fail("exclude entries must be glob patterns", at: item.position) }
                    config.excludes.append(PathGlob(text))
                }
            case "require-reason":
                config.requireReason = try boolean(entry)
            case "fail-on-empty":
                config.failOnEmpty = try boolean(entry)
            case "account-baseline":
                config.externallyManaged = try accountBaseline(entry)
            case "region":
                let value = try scalar(entry)
                guard RegionName.isPlausible(value) else {
                    throw fail("region must be an AWS Region name such as us-east-1", at: entry.value.position)
                }
                config.region = value
            case "assume-gb":
                for item in try mapping(entry) {
                    guard item.value.tag == nil, let text = item.value.scalarText, let value = Double(text), value >= 0, value.isFinite else {
                        throw fail("assume-gb.\(item.key) must be a number of GB per month", at: item.value.position)
                    }
                    config.traffic.gigabytes[item.key.lowercased()] = value
                }
            case "iam-accepted-actions":
                config.iamAcceptedActions = try sequence(entry).map { item throws(ConfigFileError) -> String in
                    guard let text = item.scalarText, text.contains(":") || text == "*" else {
                        throw fail("iam-accepted-actions entries are IAM actions such as logs:PutLogEvents (wildcards allowed)", at: item.position)
                    }
                    return text
                }
            case "public-website-buckets":
                config.publicWebsiteBuckets = try names(entry, of: "bucket")
            case "public-routes":
                config.publicRoutes = try names(entry, of: "route")
            case "suppressions":
                for item in try sequence(entry) {
                    config.suppressions.append(try suppression(item))
                }
            default:
                throw unknown("setting", entry.key, at: entry.keyPosition, among: ConfigFile.topLevelKeys)
            }
        }
        return config
    }

    /// A list of non-empty names (buckets, routes).
    private func names(_ entry: MappingEntry, of what: String) throws(ConfigFileError) -> Set<String> {
        guard entry.value.isSequence else { throw fail("\(entry.key) must be a list of \(what) names", at: entry.value.position) }
        var names: Set<String> = []
        for item in entry.value.elements {
            guard item.tag == nil, let text = item.scalarText, !text.isEmpty else {
                throw fail("each entry of \(entry.key) is a \(what) name", at: item.position)
            }
            names.insert(text)
        }
        return names
    }

    /// `external` (everything account-wide lives elsewhere) or a list of items.
    private func accountBaseline(_ entry: MappingEntry) throws(ConfigFileError) -> Set<AccountBaselineItem> {
        let names = AccountBaselineItem.allCases.map(\.rawValue)
        if entry.value.scalarText?.lowercased() == "external" { return Set(AccountBaselineItem.allCases) }
        guard entry.value.isSequence else {
            throw fail("account-baseline must be `external` or a list of: \(names.joined(separator: ", "))", at: entry.value.position)
        }
        var items: Set<AccountBaselineItem> = []
        for item in entry.value.elements {
            guard let text = item.scalarText, let known = AccountBaselineItem(rawValue: text.lowercased()) else {
                throw unknown("account-baseline item", item.scalarText ?? "", at: item.position, among: names)
            }
            items.insert(known)
        }
        return items
    }

    private func suppression(_ item: Node) throws(ConfigFileError) -> ConfigSuppression {
        guard item.isMapping else {
            throw fail("each suppression is a mapping with id, reason and optionally resource, path, expires", at: item.position)
        }
        for entry in item.entries where !ConfigFile.suppressionKeys.contains(entry.key) {
            throw unknown("suppression key", entry.key, at: entry.keyPosition, among: ConfigFile.suppressionKeys)
        }
        guard let id = item.entry("id") else { throw fail("this suppression has no id", at: item.position) }
        func text(_ key: String) throws(ConfigFileError) -> String? {
            guard let entry = item.entry(key) else { return nil }
            return try scalar(entry)
        }
        return ConfigSuppression(
            ruleID: try scalar(id), resource: try text("resource").map { PathGlob($0, segmented: false) },
            path: try text("path").map { PathGlob($0) }, reason: try text("reason"), expires: try text("expires"),
            location: SourceLocation(file: path, position: id.value.position)
        )
    }

    private func mapping(_ entry: MappingEntry) throws(ConfigFileError) -> [MappingEntry] {
        if entry.value.isNull { return [] }
        guard entry.value.isMapping else { throw fail("\(entry.key) must be a mapping", at: entry.value.position) }
        return entry.value.entries
    }

    private func sequence(_ entry: MappingEntry) throws(ConfigFileError) -> [Node] {
        if entry.value.isNull { return [] }
        guard entry.value.isSequence else { throw fail("\(entry.key) must be a list", at: entry.value.position) }
        return entry.value.elements
    }

    private func scalar(_ entry: MappingEntry) throws(ConfigFileError) -> String {
        guard entry.value.tag == nil, let text = entry.value.scalarText else {
            throw fail("\(entry.key) must be a single value", at: entry.value.position)
        }
        return text
    }

    private func onOff(_ entry: MappingEntry) throws(ConfigFileError) -> Bool {
        switch entry.value.scalarText?.lowercased() {
        case "on", "true": return true
        case "off", "false": return false
        default: throw fail("\(entry.key) must be on or off", at: entry.value.position)
        }
    }

    private func boolean(_ entry: MappingEntry) throws(ConfigFileError) -> Bool {
        switch entry.value.scalarText?.lowercased() {
        case "true": return true
        case "false": return false
        default: throw fail("\(entry.key) must be true or false", at: entry.value.position)
        }
    }

    private func ruleID(_ name: String, at position: SourcePosition) throws(ConfigFileError) -> String {
        if let rule = catalog.first(where: { $0.isNamed(name) }) {
            return rule.id
        }
        throw unknown("rule", name, at: position, among: catalog.map(\.id) + catalog.map(\.slug))
    }

    private func unknown(_ what: String, _ name: String, at position: SourcePosition, among known: [String]) -> ConfigFileError {
        var message = "unknown \(what) '\(name)'"
        if let closest = ClosestName.find(name, among: known) { message += "; did you mean '\(closest)'?" }
        return fail(message, at: position)
    }
}

/// "Did you mean": the known name nearest to a misspelt one, when it is near enough.
enum ClosestName {
    static func find(_ name: String, among known: [String]) -> String? {
        let lowered = Array(name.lowercased())
        let scored = known.map { ($0, distance(lowered, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, lowered.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
