import AuditCore

/// The machine report. Its shape is a documented contract (README, "JSON output"):
/// fields are only ever added within a `schemaVersion`; renaming, removing or changing
/// the meaning of a field bumps it.
public struct JSONReporter: Reporter {
    public static let identifier = "json"
    public static let summary = "one versioned JSON document (schemaVersion 1), for scripts"
    public static let schemaVersion = 1

    public init(options: ReportOptions = ReportOptions()) {}

    public func render(_ input: ReportInput) -> String {
        document(for: input).rendered()
    }

    public func document(for input: ReportInput) -> JSONValue {
        var summary: [(String, JSONValue)] = [
                ("files", .int(input.fileCount)),
                ("skipped", .int(input.skipped.count)),
                ("resources", .int(input.resourceCount)),
                ("findings", .int(input.findings.count)),
                ("unknown", .int(input.unknowns.count)),
                ("errors", .int(input.errors.count)),
                ("bySeverity", .object(input.findingsBySeverity.map { ($0.severity.rawValue, .int($0.count)) })),
                ("suppressed", .int(input.suppressed.count)),
                ("cost", input.costSummary?.jsonValue ?? .null),
        ]
        // Only when a finding asks for an alarm, so other reports keep their shape.
        if input.suggestedAlarmCount > 0 { summary.append(("suggestedAlarms", .int(input.suggestedAlarmCount))) }
        return .object([
            ("schemaVersion", .int(Self.schemaVersion)),
            ("tool", .object([("name", .string(input.toolName)), ("version", .string(input.toolVersion))])),
            ("summary", .object(summary)),
            ("findings", .array(input.findings.map(Self.finding))),
            ("unknowns", .array(input.unknowns.map(Self.unknown))),
            ("errors", .array(input.errors.map(Self.error))),
            ("suppressed", .array(input.suppressed.map(Self.suppressed))),
        ])
    }

    /// A suppressed finding: the finding's fields, and what accepted it.
    static func suppressed(_ entry: SuppressedFinding) -> JSONValue {
        guard case .object(var members) = finding(entry.finding) else { return .null }
        let suppression = entry.suppression
        members.append(("suppression", .object([
            ("reason", .string(suppression.reason)),
            ("expires", .optional(suppression.expires)),
            ("origin", .string(suppression.origin.rawValue)),
            ("writtenId", .string(suppression.writtenID)),
            ("file", .string(suppression.location.file)),
            ("line", .int(suppression.location.line)),
            ("column", .int(suppression.location.column)),
        ])))
        return .object(members)
    }

    static func finding(_ finding: Finding) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(finding.ruleID)),
            ("severity", .string(finding.severity.rawValue)),
            ("pack", .string(finding.pack.rawValue)),
            ("message", .string(finding.message)),
            ("file", .string(finding.location.file)),
            ("line", .int(finding.location.line)),
            ("column", .int(finding.location.column)),
            ("resource", .optional(finding.resource?.name)),
            ("resourceType", .optional(finding.resourceType)),
            ("fingerprint", .string(finding.fingerprint)),
            ("estimate", finding.estimate?.jsonValue ?? .null),
        ]
        if let alarm = finding.suggestedAlarm { members.append(("suggestedAlarm", suggestedAlarm(alarm, fix: finding.suggestedFix))) }
        return .object(members)
    }

    /// The alarm a missing-alarm finding asks for: its settings, and the snippet to paste.
    static func suggestedAlarm(_ alarm: SuggestedAlarm, fix: RenderedSnippet?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("namespace", .string(alarm.namespace)),
            ("metricName", .string(alarm.metricName)),
            ("dimensions", .object(alarm.dimensions.map { ($0.name, .string($0.value.genericText)) })),
            ("statistic", .string(alarm.statistic)),
            ("period", .int(alarm.period)),
            ("evaluationPeriods", .int(alarm.evaluationPeriods)),
            ("threshold", alarm.threshold == alarm.threshold.rounded() && abs(alarm.threshold) < 1e15 ? .int(Int(alarm.threshold)) : .string(alarm.threshold.compactText)),
            ("comparisonOperator", .string(alarm.comparisonOperator)),
            ("treatMissingData", .string(alarm.treatMissingData)),
            ("action", .string(alarm.action.genericText)),
            ("monthlyCostUSD", .string("0.10")),
        ]
        if let fix {
            members.append(("snippet", .object([
                ("language", .string(fix.language)), ("placement", .string(fix.placement)), ("text", .string(fix.text)),
            ])))
        }
        return .object(members)
    }

    static func unknown(_ unknown: UnknownResult) -> JSONValue {
        .object([
            ("ruleId", .string(unknown.ruleID)),
            ("file", .string(unknown.location.file)),
            ("line", .int(unknown.location.line)),
            ("column", .int(unknown.location.column)),
            ("resource", .optional(unknown.resource?.name)),
            ("expression", .string(unknown.expression)),
        ])
    }

    static func error(_ error: ReportError) -> JSONValue {
        .object([
            ("file", .string(error.file)),
            ("line", .int(error.line)),
            ("column", .int(error.column)),
            ("message", .string(error.message)),
        ])
    }
}
