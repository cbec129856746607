import AuditCore
import AuditModel

/// An input that could not be read or loaded (see `InputProblem`).
public typealias ReportError = InputProblem

/// A loader remark that did not stop the file from being checked (shown with `--verbose`).
public typealias ReportWarning = InputProblem

/// A file that was looked at and left alone, with the reason.
public struct ReportSkippedFile: Sendable, Hashable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// A file loaded into the model, with the format it was read as (`SAM`, `Terraform JSON`).
public struct ReportFile: Sendable, Hashable {
    public var path: String
    public var format: String

    public init(path: String, format: String) {
        self.path = path
        self.format = format
    }
}

/// A resource that holds data (database, table, bucket, queue, cache, stream): the rows of
/// the launch review's claims table.
public struct ReportResource: Sendable, Hashable {
    public var id: ResourceID
    /// `AWS::RDS::DBInstance`, `aws_dynamodb_table`.
    public var type: String
    /// What a reader calls it: `database`, `table`, `bucket`, `queue`, `cache`, `stream`.
    public var category: String
    public var location: SourceLocation

    public init(id: ResourceID, type: String, category: String, location: SourceLocation) {
        self.id = id
        self.type = type
        self.category = category
        self.location = location
    }
}

/// The environment resources are judged as, and why (`tag Environment = prod`, `no
/// environment named; production assumed`), with how many resources it covers.
public struct ReportEnvironment: Sendable, Hashable {
    public var environment: String
    public var reason: String
    public var resourceCount: Int

    public init(environment: String, reason: String, resourceCount: Int) {
        self.environment = environment
        self.reason = reason
        self.resourceCount = resourceCount
    }
}

/// Everything a reporter renders. Built from a scan by the CLI, or by hand in tests;
/// it holds plain values so that reporters need nothing from the pipeline.
public struct ReportInput: Sendable {
    public var toolName: String
    public var toolVersion: String
    /// Sorted by location by the engine; reporters keep that order.
    public var findings: [Finding]
    /// Findings a suppression or the baseline accepted: shown as suppressed, never
    /// counted as findings (SARIF only lists them when asked to).
    public var suppressed: [SuppressedFinding]
    /// Every rule × subject judged, when the scan recorded them (JUnit needs them).
    public var evaluations: [Evaluation]
    public var unknowns: [UnknownResult]
    public var rulesRun: [RuleMetadata]
    /// Files loaded into the model.
    public var fileCount: Int
    public var skipped: [ReportSkippedFile]
    public var resourceCount: Int
    public var policyCount: Int
    public var errors: [ReportError]
    public var warnings: [ReportWarning]
    public var seconds: Double
    /// The files loaded, with their formats (what the launch review says was scanned).
    public var files: [ReportFile]
    /// Resources holding data, in location order (the launch review's claims table).
    public var statefulResources: [ReportResource]
    /// The environments resources were judged as, most resources first.
    public var environments: [ReportEnvironment]
    /// NAT spend and savings for the summary (set after `init`; `nil` without NAT or cost findings).
    public var costSummary: CostSummary?

    public init(
        toolName: String = ToolInfo.name, toolVersion: String = ToolInfo.version,
        findings: [Finding] = [], suppressed: [SuppressedFinding] = [], evaluations: [Evaluation] = [],
        unknowns: [UnknownResult] = [], rulesRun: [RuleMetadata] = [],
        fileCount: Int = 0, skipped: [ReportSkippedFile] = [], resourceCount: Int = 0, policyCount: Int = 0,
        errors: [ReportError] = [], warnings: [ReportWarning] = [], seconds: Double = 0,
        files: [ReportFile] = [], statefulResources: [ReportResource] = [], environments: [ReportEnvironment] = []
    ) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.findings = findings
        self.suppressed = suppressed
        self.evaluations = evaluations
        self.unknowns = unknowns
        self.rulesRun = rulesRun
        self.fileCount = fileCount
        self.skipped = skipped
        self.resourceCount = resourceCount
        self.policyCount = policyCount
        self.errors = errors
        self.warnings = warnings
        self.seconds = seconds
        self.files = files
        self.statefulResources = statefulResources
        self.environments = environments
    }

    /// The findings from the most severe down, in location order within a severity (the
    /// order CI annotations and summaries want: the first ones are the ones shown).
    public var findingsMostSevereFirst: [Finding] {
        findings.enumerated().sorted {
            $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
        }.map(\.element)
    }

    /// The rules that ran, by id (the first when an id repeats).
    public var rulesByID: [String: RuleMetadata] {
        Dictionary(rulesRun.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `3 findings (1 high, 2 medium)`, or `no findings`: what the CI summaries lead with.
    var findingsTally: String {
        guard !findings.isEmpty else { return "no findings" }
        let counts = findingsBySeverity.filter { $0.count > 0 }.map { "\($0.count) \($0.severity.rawValue)" }
        return counted(findings.count, "finding") + " (" + counts.joined(separator: ", ") + ")"
    }

    /// The alarms the missing-alarm findings ask for, one per resource and metric.
    public var suggestedAlarmCount: Int {
        Set(findings.compactMap { $0.suggestedAlarm.map { "\($0.subject)|\($0.namespace)|\($0.metricName)" } }).count
    }

    /// What those alarms add to the CloudWatch bill, in words; `nil` when none is asked for.
    public var suggestedAlarmsCostNote: String? {
        let count = suggestedAlarmCount
        guard count > 0 else { return nil }
        let dollars = Double(count) * SuggestedAlarm.monthlyPrice
        let cents = Int((dollars * 100).rounded())
        return "The findings ask for \(counted(count, "alarm")): about $\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)/month "
            + "at $0.10 per standard alarm-month (CloudWatch's first \(SuggestedAlarm.freeAlarms) alarms are free)."
    }

    /// Findings per severity, most severe first, every severity present (zero included).
    public var findingsBySeverity: [(severity: Severity, count: Int)] {
        var counts: [Severity: Int] = [:]
        for finding in findings { counts[finding.severity, default: 0] += 1 }
        return Severity.allCases.reversed().map { ($0, counts[$0] ?? 0) }
    }
}
