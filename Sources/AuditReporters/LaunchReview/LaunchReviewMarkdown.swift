import AuditCore

/// `auditstack report --format markdown`: the launch review's sections for a pull-request
/// comment or a wiki page, without HTML. Scanned text goes through the Markdown reporter's
/// escaping, so it cannot open links, tags or table rows.
public enum LaunchReviewMarkdown {
    public static func render(_ review: LaunchReview) -> String {
        let markdown = MarkdownReporter(options: ReportOptions(paths: review.options.paths))
        func cell(_ text: String) -> String { markdown.cell(text) }
        func code(_ text: String) -> String { markdown.code(text) }
        var lines: [String] = []

        lines += ["# Launch review: \(review.verdict.headline)", "", "**\(review.verdict.ready ? "READY" : "NOT READY")**: \(cell(review.verdict.summary))", ""]
        if !review.verdict.blockingGroups.isEmpty {
            lines += ["Fix first:", ""]
            for index in review.verdict.blockingGroups.prefix(10) {
                let group = review.groups[index]
                let first = group.findings[0]
                lines.append(
                    "1. **\(group.severity.rawValue)** \(group.ruleIDs.joined(separator: ", ")): \(first.resource.map { code($0.name) + " " } ?? "")"
                        + "at \(code(review.location(first.location))): \(cell(first.message))"
                )
            }
            if review.verdict.blockingGroups.count > 10 { lines += ["", "… and \(review.verdict.blockingGroups.count - 10) more below."] }
            lines.append("")
        }
        lines += ["| Severity | Findings |", "|---|---|"]
        lines += review.countsBySeverity.map { "| \($0.severity.rawValue) | \($0.count) |" }
        lines += ["| cannot tell before deploy | \(review.unknownCount) |", "| suppressed or baselined | \(review.suppressedCount) |", ""]
        lines += ["| Pack | Findings |", "|---|---|"]
        lines += review.countsByPack.map { "| \($0.pack.rawValue) | \($0.count) |" }
        lines += ["", "**Scanned:** " + scannedSentence(review, code: code), ""]
        for environment in review.scanned.environments {
            lines.append("- judged as **\(environment.environment)** (\(counted(environment.resourceCount, "resource"))): \(cell(environment.reason))")
        }
        if !review.scanned.environments.isEmpty { lines.append("") }

        lines += ["## Launch checklist", "", "| Item | Status | Rules | Detail |", "|---|---|---|---|"]
        for entry in review.checklist {
            let rules = entry.item.ruleIDs.isEmpty ? "—" : entry.item.ruleIDs.joined(separator: ", ")
            lines.append("| \(cell(entry.item.title)) | **\(entry.statusText)** | \(rules) | \(cell(entry.detail)) |")
        }

        lines += ["", "## Data stores: which claims hold", ""]
        if review.claims.isEmpty {
            lines.append("No databases, tables, buckets, queues, caches or streams in the scanned files.")
        } else {
            lines.append("| Resource | " + ResourceClaim.allCases.map(\.title).joined(separator: " | ") + " |")
            lines.append("|---|" + String(repeating: "---|", count: ResourceClaim.allCases.count))
            for row in review.claims {
                let cells = row.cells.map { cell in
                    cell.mark.symbol + (cell.group.map { " (\(LaunchReviewJSON.groupID($0)))" } ?? "")
                }
                lines.append("| \(code(row.resource.id.name)) \(row.resource.category) | " + cells.joined(separator: " | ") + " |")
            }
            lines += ["", "✓ holds · ✗ does not hold (the finding group in brackets) · ? cannot tell before deploy · n/a no rule judges it"]
        }

        lines += ["", "## Money", ""]
        lines += moneyLines(review, cell: cell, code: code)

        lines += ["", "## Findings by root cause", ""]
        if review.groups.isEmpty { lines.append("No findings.") }
        var firstOfRules: [[String]: Int] = [:]
        for (index, group) in review.groups.enumerated() {
            let titles = group.ruleIDs.map { id in review.rules[id].map { "\(id) \($0.title)" } ?? id }
            lines += ["### \(LaunchReviewJSON.groupID(index)): \(group.severity.rawValue)\(group.blocking ? " (blocks launch)" : ""): \(cell(titles.joined(separator: "; ")))", ""]
            for finding in group.findings {
                lines.append("- \(finding.ruleID) at \(code(review.location(finding.location)))\(finding.resource.map { " on " + code($0.name) } ?? ""): \(cell(finding.message))")
            }
            if let first = firstOfRules[group.ruleIDs] {
                lines += ["", "Why it matters and the fix: as for \(LaunchReviewJSON.groupID(first))."]
            } else if let rule = review.rules[group.ruleIDs[0]] {
                firstOfRules[group.ruleIDs] = index
                lines += ["", "**Why it matters:** \(cell(rule.rationale))", "", "**Fix:** \(cell(rule.remediation))"]
            }
            for snippet in LaunchReview.snippets(of: group) {
                // A fence longer than any backtick run inside, so the text cannot close it.
                let fence = String(repeating: "`", count: max(3, snippet.text.longestBacktickRun + 1))
                lines += ["", "Ready to paste, \(cell(snippet.placement)):", "", fence + snippet.language, snippet.text, fence]
            }
            lines.append("")
        }

        lines += ["## Suppressed and baselined", ""]
        if review.suppressed.isEmpty {
            lines.append("None.")
        } else {
            lines += ["| Rule | Location | Resource | Origin | Reason | Expires |", "|---|---|---|---|---|---|"]
            for entry in review.suppressed {
                lines.append(
                    "| \(entry.finding.ruleID) | \(code(review.location(entry.finding.location))) | \(entry.finding.resource.map { code($0.name) } ?? "") | "
                        + "\(entry.suppression.origin.rawValue) | \(cell(entry.suppression.reason)) | \(entry.suppression.expires ?? "never") |"
                )
            }
        }

        lines += ["", "## Cannot tell before deploy", ""]
        if review.unknowns.isEmpty {
            lines.append("Every check was decided from the configuration.")
        } else {
            lines += ["| Rule | Location | Resource | Depends on |", "|---|---|---|---|"]
            for unknown in review.unknowns {
                lines.append("| \(unknown.ruleID) | \(code(review.location(unknown.location))) | \(unknown.resource.map { code($0.name) } ?? "") | \(code(unknown.expression)) |")
            }
        }
        if !review.errors.isEmpty {
            lines += ["", "## Inputs that could not be read", "", "| Location | Problem |", "|---|---|"]
            for error in review.errors {
                lines.append("| \(code(error.line > 0 ? "\(review.options.paths.display(error.file)):\(error.line)" : review.options.paths.display(error.file))) | \(cell(error.message)) |")
            }
        }
        lines += ["", "_auditstack \(cell(review.scanned.toolVersion)) launch review_"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func scannedSentence(_ review: LaunchReview, code: (String) -> String) -> String {
        let formats = review.scanned.formats.map { "\($0.count) \($0.format)" }.joined(separator: ", ")
        var text = "\(counted(review.scanned.files.count, "file"))" + (formats.isEmpty ? "" : " (\(formats))")
            + ", \(counted(review.scanned.resources, "resource")), \(counted(review.scanned.policies, "policy", "policies")); "
            + "\(counted(review.scanned.rulesRun, "rule")) ran"
        if review.scanned.skipped > 0 { text += "; \(counted(review.scanned.skipped, "file")) skipped" }
        return text + "."
    }

    static func moneyLines(_ review: LaunchReview, cell: (String) -> String, code: (String) -> String) -> [String] {
        let money = review.money
        var lines: [String] = []
        if let natSpend = money.natSpend { lines += ["NAT gateways: " + cell(natSpend) + ".", ""] }
        guard !money.rows.isEmpty else { return lines + ["No finding puts a price on anything."] }
        let priced = money.rows.filter { $0.estimate != nil }
        if !priced.isEmpty {
            lines.append("About **\(LaunchReview.dollars(money.monthlyTotal))/month** in the findings below; fixing them saves about **\(LaunchReview.dollars(money.monthlyAvoidable))/month** (\(cell(money.labels.joined(separator: "; ")))).")
            lines.append("")
        }
        lines += ["| Rule | Resource | Monthly | Fixing saves | Finding |", "|---|---|---|---|---|"]
        for row in money.rows {
            lines.append(
                "| \(row.ruleID) | \(row.resource.map(code) ?? "") | \(row.estimate.map { LaunchReview.dollars($0.monthlyTotal) } ?? "in the message") | "
                    + "\(row.estimate?.monthlyAvoidable.map(LaunchReview.dollars) ?? "—") | \(cell(row.message)) |"
            )
        }
        if !money.assumptions.isEmpty { lines += ["", "Assumptions: " + cell(money.assumptions.joined(separator: "; ")) + "."] }
        return lines
    }
}
