import AuditCore

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per
/// problem (findings sharing a root cause are one annotation naming every rule they break)
/// and per unreadable input, which GitHub shows as annotations on the files.
///
///     ::error file=infra/db.yaml,line=4,col=7,title=AS-ENC-001 (high)%3A RDS DB instance storage not encrypted::DB instance …
///
/// GitHub shows at most 10 error and 10 warning annotations per step, so unreadable
/// inputs come first, then findings from the most severe down. Values are escaped as the
/// Actions toolkit does: `%`, CR and LF everywhere, and `:` and `,` in properties.
public struct GitHubReporter: Reporter {
    public static let identifier = "github"
    public static let summary = "GitHub Actions annotations (::error file=…,line=…::), most severe first"
    /// Per step and per level, GitHub displays this many annotations.
    public static let displayedPerLevel = 10

    public let options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ input: ReportInput) -> String {
        let rules = input.rulesByID
        var lines: [String] = []
        for error in input.errors {
            lines.append(command(
                "error", file: error.file, line: error.line, column: error.column,
                title: "auditstack: input could not be read", message: error.message
            ))
        }
        // One annotation per root cause: an `Action: "*"` statement breaks six rules, and six
        // annotations would take most of the ten GitHub shows for the step.
        for group in Self.rootCauseGroups(input.findingsMostSevereFirst) {
            let first = group[0]
            let rule = rules[first.ruleID]
            var message = group.count == 1
                ? first.message
                : group.map { "\($0.ruleID) (\($0.severity.rawValue)): \($0.message)" }.joined(separator: "\n")
            if let label = first.resourceLabel { message += "\nResource: " + label }
            if let rule { message += "\nFix: " + rule.remediation }
            message += "\nDetails: " + group.map { RuleDocs.url(for: $0.ruleID) }.joined(separator: " ")
            let place = group.map(\.location).min() ?? first.location
            let ids = group.map(\.ruleID).joined(separator: ", ")
            lines.append(command(
                Self.level(for: first.severity), file: place.file, line: place.line, column: place.column,
                title: "\(ids) (\(first.severity.rawValue)): \(rule?.title ?? first.ruleID)", message: message
            ))
        }
        lines.append(summary(input))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Findings grouped by `Finding.rootCause` (a finding without one is its own group),
    /// each group in the given order (most severe first), groups in the order of their
    /// first finding.
    static func rootCauseGroups(_ findings: [Finding]) -> [[Finding]] {
        var groups: [[Finding]] = []
        var position: [String: Int] = [:]
        for finding in findings {
            if let cause = finding.rootCause, let index = position[cause] {
                groups[index].append(finding)
            } else {
                if let cause = finding.rootCause { position[cause] = groups.count }
                groups.append([finding])
            }
        }
        return groups
    }

    /// Critical and high fail a review (`error`), medium is a `warning`, low a `notice`.
    public static func level(for severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "notice"
        }
    }

    func command(_ level: String, file: String, line: Int, column: Int, title: String, message: String) -> String {
        var properties = ["file=" + Self.escapedProperty(options.paths.display(file))]
        if line >= 1 {
            properties.append("line=\(line)")
            if column >= 1 { properties.append("col=\(column)") }
        }
        properties.append("title=" + Self.escapedProperty(title))
        return "::\(level) " + properties.joined(separator: ",") + "::" + Self.escapedData(message)
    }

    /// A plain log line (not an annotation) closing the output, with the counts.
    func summary(_ input: ReportInput) -> String {
        var parts = [input.findingsTally]
        if !input.suppressed.isEmpty { parts.append("\(input.suppressed.count) suppressed") }
        if !input.errors.isEmpty { parts.append(counted(input.errors.count, "unreadable input")) }
        var line = "auditstack: " + parts.joined(separator: ", ")
        let annotated = Self.rootCauseGroups(input.findingsMostSevereFirst).map { $0[0] }
        let errors = input.errors.count + annotated.count { Self.level(for: $0.severity) == "error" }
        let warnings = annotated.count { Self.level(for: $0.severity) == "warning" }
        if errors > Self.displayedPerLevel || warnings > Self.displayedPerLevel {
            line += "; GitHub shows the first \(Self.displayedPerLevel) annotations of each level, the full list is in the SARIF or text report"
        }
        return line
    }

    /// Message data: `%`, CR and LF percent-encoded.
    public static func escapedData(_ text: String) -> String {
        var output = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// Property values: as data, plus `:` and `,`, which delimit properties.
    public static func escapedProperty(_ text: String) -> String {
        var output = ""
        for character in escapedData(text).unicodeScalars {
            switch character {
            case ":": output += "%3A"
            case ",": output += "%2C"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
