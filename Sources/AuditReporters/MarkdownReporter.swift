import AuditCore

/// A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: counts, a
/// table of findings (most severe first, each rule linked to its page), then inputs that
/// could not be read, and suppressed findings and unknowns folded away.
public struct MarkdownReporter: Reporter {
    public static let identifier = "markdown"
    public static let summary = "a summary with a findings table, for pull-request comments"
    /// Rows per table: GitHub refuses comments above 65,536 characters.
    public static let maxRows = 200

    public let options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ input: ReportInput) -> String {
        var lines: [String] = []
        lines.append("## " + headline(input))
        lines.append("")
        lines.append(scannedLine(input))

        if !input.errors.isEmpty {
            lines += ["", "### Inputs that could not be read", ""]
            lines += ["| Location | Problem |", "|---|---|"]
            for error in input.errors.prefix(Self.maxRows) {
                lines.append("| \(code(location(error.file, error.line, error.column))) | \(cell(error.message)) |")
            }
            lines += overflow(input.errors.count)
        }

        if !input.findings.isEmpty {
            let ordered = input.findingsMostSevereFirst
            lines += ["", "### Findings", ""]
            lines += ["| Severity | Rule | Location | Resource | Finding |", "|---|---|---|---|---|"]
            for finding in ordered.prefix(Self.maxRows) {
                lines.append(
                    "| \(finding.severity.rawValue) | [\(finding.ruleID)](\(RuleDocs.url(for: finding.ruleID))) | "
                        + "\(code(location(finding.location.file, finding.location.line, finding.location.column))) | "
                        + "\(finding.resource.map { code($0.name) } ?? "") | \(cell(finding.message + (finding.estimate.map { " — " + $0.figuresText } ?? ""))) |"
                )
            }
            lines += overflow(input.findings.count)
            let fixes = ordered.prefix(Self.maxRows).filter { $0.suggestedFix != nil }
            if !fixes.isEmpty {
                lines += ["", "<details><summary>\(counted(fixes.count, "suggested alarm"))"
                    + (input.suggestedAlarmsCostNote.map { " — " + $0 } ?? "") + "</summary>", ""]
                for finding in fixes {
                    guard let fix = finding.suggestedFix else { continue }
                    lines.append("\(finding.ruleID) at \(code(location(finding.location.file, finding.location.line, finding.location.column))), "
                        + "paste \(fix.placement):")
                    lines += ["", "```\(fix.language)"] + fix.text.split(separator: "\n").map(String.init) + ["```", ""]
                }
                lines.append("</details>")
            }
        }
        if let cost = input.costSummary {
            lines += ["", "**Cost:** " + cell(cost.text)]
        }

        if !input.suppressed.isEmpty {
            lines += ["", "<details><summary>\(counted(input.suppressed.count, "suppressed finding"))</summary>", ""]
            lines += ["| Rule | Location | Resource | Reason | Expires |", "|---|---|---|---|---|"]
            for entry in input.suppressed.prefix(Self.maxRows) {
                let finding = entry.finding
                lines.append(
                    "| \(finding.ruleID) | \(code(location(finding.location.file, finding.location.line, finding.location.column))) | "
                        + "\(finding.resource.map { code($0.name) } ?? "") | \(cell(entry.suppression.reason)) | "
                        + "\(entry.suppression.expires ?? "never") |"
                )
            }
            lines += overflow(input.suppressed.count)
            lines += ["", "</details>"]
        }

        if !input.unknowns.isEmpty {
            lines += [
                "", "<details><summary>\(counted(input.unknowns.count, "check")) undecided until deploy</summary>", "",
                "| Rule | Location | Resource | Depends on |", "|---|---|---|---|",
            ]
            for unknown in input.unknowns.prefix(Self.maxRows) {
                lines.append(
                    "| \(unknown.ruleID) | \(code(location(unknown.location.file, unknown.location.line, unknown.location.column))) | "
                        + "\(unknown.resource.map { code($0.name) } ?? "") | \(code(unknown.expression)) |"
                )
            }
            lines += overflow(input.unknowns.count)
            lines += ["", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func headline(_ input: ReportInput) -> String {
        var text = "auditstack: " + input.findingsTally
        if !input.errors.isEmpty { text += ", " + counted(input.errors.count, "unreadable input") }
        return text
    }

    func scannedLine(_ input: ReportInput) -> String {
        var text = "Scanned \(counted(input.fileCount, "file")), \(counted(input.resourceCount, "resource")), "
            + "\(counted(input.policyCount, "policy", "policies")) with \(input.toolName) \(input.toolVersion)"
        if !input.suppressed.isEmpty { text += " · \(input.suppressed.count) suppressed" }
        if !input.unknowns.isEmpty { text += " · \(input.unknowns.count) undecided until deploy" }
        let gate = options.gate
        if gate.softFail {
            text += " · findings do not fail the build (`--soft-fail`)"
        } else if gate.threshold != .standard {
            text += " · fails on \(gate.threshold == .none ? "no finding" : "\(gate.threshold.rawValue) and above") (`--fail-on \(gate.threshold.rawValue)`)"
        }
        return text + "."
    }

    func location(_ file: String, _ line: Int, _ column: Int) -> String {
        let path = options.paths.display(file)
        return line >= 1 ? "\(path):\(line)" : path
    }

    func overflow(_ count: Int) -> [String] {
        count > Self.maxRows ? ["", "… and \(count - Self.maxRows) more: the text, JSON or SARIF report lists them all."] : []
    }

    /// Inline code that stays inside its table cell whatever the text holds.
    func code(_ text: String) -> String {
        let flat = text.replacingAll("\n", with: " ").replacingAll("|", with: "\\|")
        let fence = String(repeating: "`", count: flat.longestBacktickRun + 1)
        let padding = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + padding + flat + padding + fence
    }

    /// Prose from scanned files, escaped so it cannot open links, HTML or new rows.
    func cell(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\n", "\r": output += " "
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            // `$` too: GitHub renders text between two dollar signs as math.
            case "|", "\\", "`", "*", "_", "[", "]", "#", "~", "$": output += "\\" + String(character)
            default: output.append(character)
            }
        }
        return output
    }
}
