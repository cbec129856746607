import AuditCore

/// The human report: entries grouped by file, one aligned line each, then one summary line.
///
///     main.tf.json — 1 finding
///     main.tf.json:4:7  high      AS-ENC-001  DB instance storage is not encrypted …  (aws_db_instance.main)
///
///     Scanned 1 file, 3 resources, 0 policies in 0.01 s — 1 finding: 1 high
public struct TextReporter: Reporter {
    public static let identifier = "text"
    public static let summary = "grouped by file, for people (colour when the output is a terminal)"

    public let options: ReportOptions
    static let maxAlignedLocationWidth = 72

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    /// One printed line before alignment.
    private struct Entry {
        enum Kind: Int {
            case error, finding, unknown, warning
        }

        var kind: Kind
        var file: String
        var line: Int
        var column: Int
        var label: String
        var tone: TextStyle.Tone?
        var ruleID: String?
        var text: String

        var location: String { locationText(file: file, line: line, column: column).terminalSafe }
    }

    public func render(_ input: ReportInput) -> String {
        let style = TextStyle(enabled: options.color)
        let entries = collectEntries(input)
        let skippedLines = options.verbose ? input.skipped : []

        // One very long path should not push every other line far to the right.
        let locationWidth = min(Self.maxAlignedLocationWidth, max(
            entries.map(\.location.count).max() ?? 0,
            skippedLines.map { $0.path.terminalSafe.count }.max() ?? 0
        ))
        let labelWidth = Severity.allCases.map(\.rawValue.count).max() ?? 8
        let ruleWidth = entries.compactMap { $0.ruleID?.count }.max() ?? 0

        var lines: [String] = []
        var index = 0
        while index < entries.count {
            let file = entries[index].file
            var end = index
            while end < entries.count, entries[end].file == file { end += 1 }
            let group = entries[index..<end]
            if !options.compact {
                if !lines.isEmpty { lines.append("") }
                lines.append(style.apply(.bold, to: file.terminalSafe) + " — " + groupCounts(group))
            }
            for entry in group {
                var line = entry.location.padded(to: locationWidth) + "  "
                line += style.apply(entry.tone, to: entry.label) + String(repeating: " ", count: max(0, labelWidth - entry.label.count)) + "  "
                if let ruleID = entry.ruleID { line += ruleID.padded(to: ruleWidth) + "  " }
                line += entry.text
                lines.append(trailingSpacesRemoved(line))
            }
            index = end
        }

        if !skippedLines.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines.append(style.apply(.bold, to: "Skipped") + " — " + counted(skippedLines.count, "file"))
            for skipped in skippedLines {
                let label = "skipped"
                lines.append(
                    skipped.path.terminalSafe.padded(to: locationWidth) + "  " + style.apply(.dim, to: label)
                        + String(repeating: " ", count: max(0, labelWidth - label.count)) + "  " + skipped.reason.terminalSafe
                )
            }
        }

        let suppressedLines = options.verbose ? input.suppressed : []
        if !suppressedLines.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines.append(style.apply(.bold, to: "Suppressed") + " — " + counted(suppressedLines.count, "finding"))
            for entry in suppressedLines {
                let finding = entry.finding
                var text = "\(finding.ruleID)  \(finding.message.terminalSafe)"
                if let resource = finding.resource { text += "  (\(resource.name.terminalSafe))" }
                text += " — \(entry.suppression.reason.terminalSafe)"
                if let expires = entry.suppression.expires { text += " (until \(expires.terminalSafe))" }
                let location = locationText(file: finding.location.file, line: finding.location.line, column: finding.location.column)
                lines.append(location.terminalSafe.padded(to: locationWidth) + "  " + style.apply(.dim, to: "suppressed") + "  " + text)
            }
        }

        if options.verbose {
            let fixes = input.findings.filter { $0.suggestedFix != nil }
            if !fixes.isEmpty {
                if !lines.isEmpty { lines.append("") }
                lines.append(style.apply(.bold, to: "Suggested alarms") + " — " + counted(fixes.count, "snippet"))
                for finding in fixes {
                    guard let fix = finding.suggestedFix else { continue }
                    let location = locationText(file: finding.location.file, line: finding.location.line, column: finding.location.column)
                    lines.append("")
                    lines.append("\(location.terminalSafe)  \(finding.ruleID)  paste \(fix.placement.terminalSafe):")
                    lines += fix.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "    " + String($0).terminalSafe }
                }
            }
        }

        // --quiet: what is wrong, nothing about it (a clean scan prints nothing).
        if options.quiet { return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

        var notes: [String] = []
        if let costNote = input.suggestedAlarmsCostNote {
            notes.append(costNote + (options.verbose ? "" : " --verbose shows each alarm ready to paste."))
        }
        if !input.unknowns.isEmpty && !options.verbose {
            notes.append(
                "\(counted(input.unknowns.count, "check")) could not be decided because a value is only known at deploy time; --verbose lists them."
            )
        }
        let unreadTerraform = input.skipped.count { Self.isTerraformNativeSyntax($0.path) }
        if unreadTerraform > 0 {
            notes.append("\(counted(unreadTerraform, "Terraform file")) in native syntax (.tf, .tofu) not read: nothing in them was checked.")
        }
        if input.fileCount == 0 && input.errors.isEmpty {
            notes.append("No CloudFormation, SAM, Terraform JSON or IAM policy files found.")
        }
        if let cost = input.costSummary {
            notes.append("Cost: " + cost.text.terminalSafe)
        }
        if !notes.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines += notes
        }
        if !lines.isEmpty { lines.append("") }
        lines.append(summaryLine(input, style: style))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `.tf` and `.tofu`: Terraform configuration in native syntax.
    private static func isTerraformNativeSyntax(_ path: String) -> Bool {
        let lowercased = path.lowercased()
        return [".tf", ".tofu"].contains { lowercased.hasSuffix($0) }
    }

    /// The closing line, also printed on its own by the CLI when the report goes to a file.
    public func summaryLine(_ input: ReportInput) -> String {
        summaryLine(input, style: TextStyle(enabled: options.color))
    }

    private func summaryLine(_ input: ReportInput, style: TextStyle) -> String {
        var scanned = "Scanned \(counted(input.fileCount, "file"))"
        let unreadTerraform = input.skipped.count { Self.isTerraformNativeSyntax($0.path) }
        if unreadTerraform > 0 {
            scanned += " (\(input.skipped.count) skipped, \(unreadTerraform) of them Terraform HCL not read)"
        } else if !input.skipped.isEmpty {
            scanned += " (\(input.skipped.count) skipped)"
        }
        scanned += ", \(counted(input.resourceCount, "resource")), \(counted(input.policyCount, "policy", "policies"))"
        scanned += " in \(formattedSeconds(input.seconds))"

        var parts: [String] = []
        if input.findings.isEmpty {
            parts.append("no findings")
        } else {
            let bySeverity = input.findingsBySeverity.filter { $0.count > 0 }
                .map { style.apply(TextStyle.tone(for: $0.severity), to: "\($0.count) \($0.severity.rawValue)") }
            parts.append(counted(input.findings.count, "finding") + ": " + bySeverity.joined(separator: ", "))
        }
        if !input.unknowns.isEmpty {
            parts.append("\(input.unknowns.count) unknown (cannot tell before deploy)")
        }
        if !input.suppressed.isEmpty {
            parts.append("\(input.suppressed.count) suppressed")
        }
        let gate = options.gate
        if !input.findings.isEmpty && gate.failingCount(input.findings) == 0 {
            parts.append(gate.softFail ? "not failing (--soft-fail)" : "none at or above --fail-on \(gate.threshold.rawValue)")
        }
        if !input.errors.isEmpty {
            parts.append(style.apply(.boldRed, to: counted(input.errors.count, "error")))
        }
        return scanned + " — " + parts.joined(separator: " · ")
    }

    private func collectEntries(_ input: ReportInput) -> [Entry] {
        var entries: [Entry] = []
        for error in input.errors {
            entries.append(Entry(
                kind: .error, file: error.file, line: error.line, column: error.column,
                label: "error", tone: .boldRed, ruleID: nil, text: error.message.terminalSafe
            ))
        }
        for finding in input.findings {
            var text = finding.message.terminalSafe
            if let resource = finding.resource { text += "  (\(resource.name.terminalSafe))" }
            if let estimate = finding.estimate { text += "  [\(estimate.figuresText.terminalSafe)]" }
            entries.append(Entry(
                kind: .finding, file: finding.location.file, line: finding.location.line, column: finding.location.column,
                label: finding.severity.rawValue, tone: TextStyle.tone(for: finding.severity), ruleID: finding.ruleID, text: text
            ))
        }
        if options.verbose {
            for unknown in input.unknowns {
                var text = unknown.expression.terminalSafe
                if let resource = unknown.resource { text += "  (\(resource.name.terminalSafe))" }
                entries.append(Entry(
                    kind: .unknown, file: unknown.location.file, line: unknown.location.line, column: unknown.location.column,
                    label: "unknown", tone: .magenta, ruleID: unknown.ruleID, text: text
                ))
            }
            for warning in input.warnings {
                entries.append(Entry(
                    kind: .warning, file: warning.file, line: warning.line, column: warning.column,
                    label: "warning", tone: .yellow, ruleID: nil, text: warning.message.terminalSafe
                ))
            }
        }
        // Stable order: by file, position, then errors before findings before the rest.
        return entries.enumerated().sorted { left, right in
            let l = left.element
            let r = right.element
            return (l.file, l.line, l.column, l.kind.rawValue, left.offset) < (r.file, r.line, r.column, r.kind.rawValue, right.offset)
        }.map(\.element)
    }

    private func groupCounts(_ group: ArraySlice<Entry>) -> String {
        var counts: [Entry.Kind: Int] = [:]
        for entry in group { counts[entry.kind, default: 0] += 1 }
        var parts: [String] = []
        if let findings = counts[.finding] { parts.append(counted(findings, "finding")) }
        if let unknowns = counts[.unknown] { parts.append("\(unknowns) unknown") }
        if let errors = counts[.error] { parts.append(counted(errors, "error")) }
        if let warnings = counts[.warning] { parts.append(counted(warnings, "warning")) }
        return parts.joined(separator: ", ")
    }

    private func trailingSpacesRemoved(_ line: String) -> String {
        var copy = line
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
