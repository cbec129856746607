import AuditCore
import Mustache

/// `auditstack report` (HTML): one self-contained page — inline CSS, no network requests,
/// readable without JavaScript, light and dark, print-friendly.
///
/// The markup lives in one Mustache template (`LaunchReviewTemplate.page`); this type only
/// builds the values it shows. Every value goes through `{{…}}`, which HTML-escapes `<`, `>`,
/// `&`, `"` and `'`, so text from a scanned file (a resource named `<script>`) always shows
/// as text. The template never uses the unescaped forms (`{{{…}}}`, `{{&…}}`); a test checks.
public enum LaunchReviewHTML {
    public static func render(_ review: LaunchReview) -> String {
        page.render(viewModel(review))
    }

    /// Parsed once; a template that does not parse is a programming error caught by every test.
    static let page: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: LaunchReviewTemplate.page)
        } catch {
            fatalError("the launch review template does not parse: \(error)")
        }
    }()

    static let statusIcons: [LaunchReview.ItemStatus: String] = [
        .passes: "✓", .accepted: "≈", .fails: "✗", .cannotTell: "?", .notApplicable: "–", .notRun: "○", .notCheckable: "!",
    ]

    static func viewModel(_ review: LaunchReview) -> [String: Any] {
        let groupIDs = review.groups.indices.map(LaunchReviewJSON.groupID)
        var model: [String: Any] = [:]
        model["ready"] = review.verdict.ready
        model["verdictState"] = review.verdict.ready ? "ready" : "not-ready"
        model["verdictWord"] = review.verdict.ready ? "READY" : "NOT READY"
        model["headline"] = review.verdict.headline
        model["summary"] = review.verdict.summary
        model["blockingSeverities"] = review.verdict.blockingSeverities.map(\.rawValue).joined(separator: " and ")
        model["toolVersion"] = review.scanned.toolVersion

        let fixFirst = review.verdict.blockingGroups.prefix(8).map { index -> [String: Any] in
            let group = review.groups[index]
            let first = group.findings[0]
            return [
                "id": groupIDs[index], "severity": group.severity.rawValue, "title": groupTitle(group, review),
                "resource": first.resource?.name ?? "the scanned set", "location": review.location(first.location),
            ]
        }
        model["fixFirst"] = fixFirst
        model["hasFixFirst"] = !fixFirst.isEmpty
        let moreBlocking = review.verdict.blockingGroups.count - fixFirst.count
        model["moreBlocking"] = moreBlocking > 0 ? ["text": counted(moreBlocking, "more blocking problem")] as [String: Any] : false

        let totalFindings = review.countsBySeverity.reduce(0) { $0 + $1.count }
        model["totalFindings"] = totalFindings
        model["groupCount"] = review.groups.count
        model["severityCounts"] = review.countsBySeverity.map { entry -> [String: Any] in
            ["severity": entry.severity.rawValue, "count": entry.count,
             "blocking": review.verdict.blockingSeverities.contains(entry.severity)]
        }
        model["packCounts"] = review.countsByPack.map { ["pack": $0.pack.rawValue, "count": $0.count] as [String: Any] }
        model["unknownCount"] = review.unknownCount
        model["suppressedCount"] = review.suppressedCount

        // What was scanned.
        model["fileCount"] = review.scanned.files.count
        model["formats"] = review.scanned.formats.map { ["format": $0.format, "count": $0.count] as [String: Any] }
        model["files"] = review.scanned.files.map { ["path": review.options.paths.display($0.path), "format": $0.format] as [String: Any] }
        model["resourceCount"] = review.scanned.resources
        model["policyCount"] = review.scanned.policies
        model["rulesRun"] = review.scanned.rulesRun
        model["skippedFiles"] = review.scanned.skipped
        model["environments"] = review.scanned.environments.map {
            ["environment": $0.environment, "reason": $0.reason, "resources": $0.resourceCount] as [String: Any]
        }
        model["hasEnvironments"] = !review.scanned.environments.isEmpty

        model["checklist"] = review.checklist.map { entry -> [String: Any] in
            [
                "key": entry.item.key, "title": entry.item.title, "question": segments(entry.item.question),
                "status": entry.status.rawValue, "statusText": entry.statusText, "icon": statusIcons[entry.status] ?? "",
                "detail": entry.detail,
                "groups": entry.groups.map { ["id": groupIDs[$0], "number": $0 + 1] as [String: Any] },
                "rules": entry.rules.map { rule -> [String: Any] in
                    ["id": rule.id, "title": rule.title ?? "not in this build yet", "state": rule.state]
                },
                "hasRules": !entry.rules.isEmpty,
            ]
        }
        model["checklistCounts"] = LaunchReview.ItemStatus.allCases.compactMap { status -> [String: Any]? in
            let count = review.checklist.count { $0.status == status }
            guard count > 0 else { return nil }
            let words: [LaunchReview.ItemStatus: String] = [
                .passes: "pass", .accepted: "accepted", .fails: "fail", .cannotTell: "cannot tell before deploy",
                .notApplicable: "nothing to check", .notRun: "not checked", .notCheckable: "not checkable from configuration",
            ]
            let word = words[status] ?? status.rawValue
            return ["status": status.rawValue, "count": count, "text": word, "icon": statusIcons[status] ?? ""]
        }

        model["claimTitles"] = ResourceClaim.allCases.map { ["title": $0.title] }
        model["claims"] = review.claims.map { row -> [String: Any] in
            [
                "resource": row.resource.id.name, "type": row.resource.type, "category": row.resource.category,
                "location": review.location(row.resource.location),
                "cells": row.cells.map { cell -> [String: Any] in
                    var values: [String: Any] = [
                        "mark": cell.mark.rawValue, "symbol": cell.mark.symbol, "note": cell.note, "claim": cell.claim.title,
                        "words": markWords(cell.mark),
                    ]
                    if let group = cell.group { values["link"] = groupIDs[group] }
                    return values
                },
            ]
        }
        model["hasClaims"] = !review.claims.isEmpty

        model.merge(moneyModel(review, groupIDs: groupIDs)) { _, new in new }

        // Why and how to fix are the rule's: written out for the first problem of a rule
        // set, referred to afterwards (a stack with 40 unencrypted queues reads it once).
        var firstOfRules: [[String]: Int] = [:]
        model["groups"] = review.groups.enumerated().map { index, group -> [String: Any] in
            let rule = review.rules[group.ruleIDs[0]]
            let first = firstOfRules[group.ruleIDs] ?? index
            if firstOfRules[group.ruleIDs] == nil { firstOfRules[group.ruleIDs] = index }
            var resources: [String] = []
            for finding in group.findings {
                let name = finding.resource?.name ?? "the scanned set"
                if !resources.contains(name) { resources.append(name) }
            }
            return [
                "id": groupIDs[index], "number": index + 1, "severity": group.severity.rawValue, "blocking": group.blocking,
                "title": groupTitle(group, review), "resources": resources.joined(separator: ", "),
                "location": review.location(group.findings[0].location),
                "rules": group.ruleIDs.map { id -> [String: Any] in ["id": id, "title": review.rules[id]?.title ?? ""] },
                "findings": group.findings.map { finding -> [String: Any] in
                    var values: [String: Any] = ["ruleId": finding.ruleID, "severity": finding.severity.rawValue, "message": finding.message]
                    // The group's header names its first finding's place; others say theirs.
                    if finding.location.line != group.findings[0].location.line || finding.location.file != group.findings[0].location.file {
                        values["findingLocation"] = review.location(finding.location)
                    }
                    if finding.resource != group.findings[0].resource { values["findingResource"] = finding.resource?.name ?? "the scanned set" }
                    return values
                },
                "findingCount": group.findings.count,
                "snippets": LaunchReview.snippets(of: group).map { snippet -> [String: Any] in
                    ["placement": snippet.placement, "language": snippet.language, "text": snippet.text]
                },
                "why": first == index ? segments(rule?.rationale ?? "") : [],
                "fix": first == index ? segments(rule?.remediation ?? "") : [],
                "explained": first == index,
                "explainedIn": ["id": groupIDs[first], "number": first + 1] as [String: Any],
            ]
        }
        model["hasGroups"] = !review.groups.isEmpty

        model["suppressed"] = review.suppressed.map { entry -> [String: Any] in
            [
                "ruleId": entry.finding.ruleID, "location": review.location(entry.finding.location),
                "resource": entry.finding.resource?.name ?? "", "message": entry.finding.message,
                "origin": entry.suppression.origin.rawValue, "reason": entry.suppression.reason,
                "expires": entry.suppression.expires ?? "never",
            ]
        }
        model["hasSuppressed"] = !review.suppressed.isEmpty
        model["unknowns"] = review.unknowns.map { unknown -> [String: Any] in
            [
                "ruleId": unknown.ruleID, "location": review.location(unknown.location),
                "resource": unknown.resource?.name ?? "the scanned set", "expression": unknown.expression,
            ]
        }
        model["hasUnknowns"] = !review.unknowns.isEmpty
        model["errors"] = review.errors.map { error -> [String: Any] in
            ["location": error.line > 0 ? "\(review.options.paths.display(error.file)):\(error.line)" : review.options.paths.display(error.file),
             "message": error.message]
        }
        model["hasErrors"] = !review.errors.isEmpty
        return model
    }

    /// The rules a group breaks, by title: `AS-IAM-001 Full administrator statement + 5 more rules`.
    static func groupTitle(_ group: LaunchReview.FindingGroup, _ review: LaunchReview) -> String {
        let first = group.ruleIDs[0]
        let title = review.rules[first]?.title ?? first
        return group.ruleIDs.count == 1 ? title : "\(title) (and \(counted(group.ruleIDs.count - 1, "more rule")))"
    }

    /// Rule texts mark code with backticks (`` `BackupRetentionPeriod: 7` ``): split into
    /// plain and code pieces, each still escaped by the template.
    static func segments(_ text: String) -> [[String: Any]] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { index, piece in
            piece.isEmpty ? nil : ["text": String(piece), "code": index % 2 == 1]
        }
    }

    static func markWords(_ mark: LaunchReview.Mark) -> String {
        switch mark {
        case .yes: "holds"
        case .no: "does not hold"
        case .unknown: "cannot tell before deploy"
        case .notApplicable: "not applicable"
        case .notChecked: "not checked"
        }
    }

    /// The money section and its bar chart: one bar per priced finding (its monthly cost),
    /// with what fixing it saves drawn over it. Sizes are computed here; the template only
    /// places them.
    static func moneyModel(_ review: LaunchReview, groupIDs: [String]) -> [String: Any] {
        let money = review.money
        var model: [String: Any] = [:]
        model["hasMoney"] = !money.rows.isEmpty || money.natSpend != nil
        if let natSpend = money.natSpend { model["natSpend"] = natSpend }
        model["moneyTotal"] = LaunchReview.dollars(money.monthlyTotal)
        model["moneyAvoidable"] = LaunchReview.dollars(money.monthlyAvoidable)
        model["moneyLabel"] = money.labels.isEmpty ? "estimate, list price" : money.labels.joined(separator: "; ")
        model["assumptions"] = money.assumptions.map { ["text": $0] }
        model["hasAssumptions"] = !money.assumptions.isEmpty
        model["moneyRows"] = money.rows.map { row -> [String: Any] in
            var values: [String: Any] = [
                "ruleId": row.ruleID, "resource": row.resource ?? "the scanned set", "location": row.location, "message": row.message,
                "monthly": row.estimate.map { LaunchReview.dollars($0.monthlyTotal) } ?? "in the finding's message",
                "avoidable": row.estimate?.monthlyAvoidable.map(LaunchReview.dollars) ?? "—",
            ]
            if let group = row.group { values["link"] = groupIDs[group] }
            return values
        }
        // Bars: every NAT gateway together first (what they cost whatever the findings say),
        // then each priced finding with what fixing it saves.
        var bars: [(label: String, full: String, total: Double, saved: Double)] = []
        if money.natGateways > 0 {
            bars.append(("all \(counted(money.natGateways, "NAT gateway"))", "every NAT gateway in the scanned files", money.natMonthly, 0))
        }
        for row in money.rows {
            guard let estimate = row.estimate else { continue }
            bars.append((row.resource ?? row.ruleID, "\(row.ruleID) \(row.resource ?? "")", estimate.monthlyTotal, estimate.monthlyAvoidable ?? 0))
        }
        model["hasChart"] = !bars.isEmpty
        let largest = bars.map(\.total).max() ?? 0
        let labelWidth = 190.0, barSpace = 330.0, rowHeight = 30.0
        model["chartHeight"] = Int(rowHeight * Double(bars.count) + 10)
        model["chartBars"] = bars.enumerated().map { index, bar -> [String: Any] in
            let scale = largest > 0 ? barSpace / largest : 0
            let width = max(1, bar.total * scale)
            let saved = min(width, bar.saved * scale)
            let y = Double(index) * rowHeight + 5
            var value = LaunchReview.dollars(bar.total) + "/mo"
            if bar.saved > 0 { value += ", fix saves " + LaunchReview.dollars(bar.saved) }
            return [
                "label": truncated(bar.label, to: 28), "fullLabel": bar.full,
                "y": Int(y), "textY": Int(y + 15), "barX": Int(labelWidth), "width": Int(width.rounded()),
                "savedWidth": Int(saved.rounded()), "valueX": Int(labelWidth + width + 6), "value": value,
            ]
        }
        return model
    }

    static func truncated(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
