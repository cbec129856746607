import AuditCore

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per
/// finding and per unreadable input, which GitHub shows as annotations on the files.
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
        for finding in input.findingsMostSevereFirst {
            let rule = rules[finding.ruleID]
            var message = finding.message
            if let label = finding.resourceLabel { message += "\nResource: " + label }
            if let rule { message += "\nFix: " + rule.remediation }
            message += "\nDetails: " + RuleDocs.url(for: finding.ruleID)
            lines.append(command(
                Self.level(for: finding.severity), file: finding.location.file, line: finding.location.line,
                column: finding.location.column,
                title: "\(finding.ruleID) (\(finding.severity.rawValue)): \(rule?.title ?? finding.ruleID)", message: message
            ))
        }
        lines.append(summary(input))
        return lines.joined(separator: "\n") + "\n"
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
        let errors = input.errors.count + input.findings.count { Self.level(for: $0.severity) == "error" }
        let warnings = input.findings.count { Self.level(for: $0.severity) == "warning" }
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
