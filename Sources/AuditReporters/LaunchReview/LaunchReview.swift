import AuditCore
import AuditModel

/// Choices for the launch review (`auditstack report`).
public struct LaunchReviewOptions: Sendable {
    /// The least severe finding that blocks the launch (`--blocking`, default high: critical
    /// and high findings block).
    public var blockingSeverity: Severity
    /// Every rule the tool ships, run or not, so the checklist can tell a rule that was
    /// skipped from one this build does not have yet.
    public var knownRules: [RuleMetadata]
    public var paths: SourcePaths
    public var gate: GatePolicy

    public init(
        blockingSeverity: Severity = .high, knownRules: [RuleMetadata] = [], paths: SourcePaths = SourcePaths(),
        gate: GatePolicy = GatePolicy()
    ) {
        self.blockingSeverity = blockingSeverity
        self.knownRules = knownRules
        self.paths = paths
        self.gate = gate
    }
}

/// The launch review: what the HTML page, the Markdown page and the JSON document are all
/// drawn from. Built from the same `ReportInput` as every other report.
public struct LaunchReview: Sendable {
    public struct Verdict: Sendable {
        public var ready: Bool
        /// `Not ready for launch` / `Ready for launch`.
        public var headline: String
        /// Why, in one sentence.
        public var summary: String
        /// The severities that block, most severe first (`critical`, `high`).
        public var blockingSeverities: [Severity]
        /// Active findings at a blocking severity.
        public var blockingFindings: Int
        /// The groups to fix first: those with a blocking finding, most severe first.
        public var blockingGroups: [Int]
        public var unreadableInputs: Int
    }

    public struct Scanned: Sendable {
        public var files: [ReportFile]
        /// `2 Terraform JSON`, `1 SAM`, most files first.
        public var formats: [(format: String, count: Int)]
        public var resources: Int
        public var policies: Int
        public var skipped: Int
        public var rulesRun: Int
        public var environments: [ReportEnvironment]
        public var toolVersion: String
    }

    public enum ItemStatus: String, Sendable, CaseIterable {
        case passes
        /// Nothing passed: every failure was accepted by a suppression or the baseline.
        case accepted
        case fails
        case cannotTell = "cannot-tell"
        case notApplicable = "not-applicable"
        case notRun = "not-run"
        case notCheckable = "not-checkable"
    }

    public struct RuleState: Sendable {
        public var id: String
        public var title: String?
        /// `ran`, `skipped` (off by default or deselected), `not-in-this-build`.
        public var state: String
        public var findings: Int
        public var unknowns: Int
        public var checked: Int
    }

    public struct ChecklistEntry: Sendable {
        public var item: LaunchChecklistItem
        public var status: ItemStatus
        /// The status in plain words: `fails (3 resources)`, `cannot tell before deploy`.
        public var statusText: String
        public var detail: String
        public var failingResources: Int
        public var findings: Int
        public var unknowns: Int
        public var suppressed: Int
        public var rules: [RuleState]
        /// Indexes into `groups` of the finding groups this item's rules report.
        public var groups: [Int]
    }

    public enum Mark: String, Sendable {
        case yes, no, unknown, notApplicable = "n/a"
        /// None of the claim's rules ran (not in this build yet, or deselected).
        case notChecked = "not-checked"

        public var symbol: String {
            switch self {
            case .yes: "✓"
            case .no: "✗"
            case .unknown: "?"
            case .notApplicable: "n/a"
            case .notChecked: "–"
            }
        }
    }

    public struct ClaimCell: Sendable {
        public var claim: ResourceClaim
        public var mark: Mark
        /// Why: the rules that decided it, or the AWS default.
        public var note: String
        /// The group of the finding behind a ✗.
        public var group: Int?
    }

    public struct ClaimRow: Sendable {
        public var resource: ReportResource
        public var cells: [ClaimCell]
    }

    public struct CostRow: Sendable {
        public var ruleID: String
        public var resource: String?
        public var location: String
        public var message: String
        public var estimate: CostEstimate?
        public var group: Int?
    }

    public struct Money: Sendable {
        public var rows: [CostRow]
        /// Sum of the priced findings' monthly totals, and of what fixing them saves.
        public var monthlyTotal: Double
        public var monthlyAvoidable: Double
        /// `estimate, us-east-1 list price` for each Region used.
        public var labels: [String]
        public var assumptions: [String]
        /// What the scanned NAT gateways cost whatever the findings say (from the scan's
        /// cost summary): `2 NAT gateways ≈ $73.00/month fixed + $4.50 per 100 GB (…)`.
        public var natSpend: String?
        public var natGateways: Int
        public var natMonthly: Double
    }

    /// Findings that share a root cause: one problem, with every rule it breaks.
    public struct FindingGroup: Sendable {
        public var key: String
        public var severity: Severity
        public var findings: [Finding]
        public var ruleIDs: [String]
        public var blocking: Bool
    }

    public var verdict: Verdict
    public var countsBySeverity: [(severity: Severity, count: Int)]
    public var countsByPack: [(pack: Pack, count: Int)]
    public var unknownCount: Int
    public var suppressedCount: Int
    public var scanned: Scanned
    public var checklist: [ChecklistEntry]
    public var claims: [ClaimRow]
    public var money: Money
    public var groups: [FindingGroup]
    public var suppressed: [SuppressedFinding]
    public var unknowns: [UnknownResult]
    public var errors: [ReportError]
    public var rules: [String: RuleMetadata]
    public var options: LaunchReviewOptions

    public init(_ input: ReportInput, options: LaunchReviewOptions = LaunchReviewOptions()) {
        self.options = options
        let rules = input.rulesByID
        var known = Dictionary(options.knownRules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        known.merge(rules) { _, ran in ran }
        self.rules = known

        let groups = Self.groups(of: input.findings, blocking: options.blockingSeverity)
        self.groups = groups
        var groupOfFingerprint: [String: Int] = [:]
        for (index, group) in groups.enumerated() {
            for finding in group.findings { groupOfFingerprint[finding.fingerprint] = groupOfFingerprint[finding.fingerprint] ?? index }
        }

        countsBySeverity = input.findingsBySeverity
        countsByPack = Pack.allCases.map { pack in (pack, input.findings.count { $0.pack == pack }) }
        unknownCount = input.unknowns.count
        suppressedCount = input.suppressed.count
        suppressed = input.suppressed
        unknowns = input.unknowns
        errors = input.errors

        let blockingSeverities = Severity.allCases.reversed().filter { $0 >= options.blockingSeverity }
        let blockingFindings = input.findings.count { $0.severity >= options.blockingSeverity }
        verdict = Self.verdict(
            input: input, blockingSeverities: blockingSeverities, blockingFindings: blockingFindings,
            blockingGroups: groups.indices.filter { groups[$0].blocking }
        )

        var formatCounts: [String: Int] = [:]
        for file in input.files { formatCounts[file.format, default: 0] += 1 }
        scanned = Scanned(
            files: input.files,
            formats: formatCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) },
            resources: input.resourceCount, policies: input.policyCount, skipped: input.skipped.count,
            rulesRun: input.rulesRun.count, environments: input.environments, toolVersion: input.toolVersion
        )

        checklist = Self.checklist(input, known: known, groupOf: groupOfFingerprint)
        claims = Self.claims(input, groupOf: groupOfFingerprint)
        money = Self.money(input, paths: options.paths, groupOf: groupOfFingerprint)
    }

    /// The ready-to-paste fixes a group's findings carry (the alarm to add), once each.
    public static func snippets(of group: FindingGroup) -> [RenderedSnippet] {
        var snippets: [RenderedSnippet] = []
        for case let snippet? in group.findings.map(\.suggestedFix) where !snippets.contains(snippet) { snippets.append(snippet) }
        return snippets
    }

    public func group(of finding: Finding) -> Int? {
        groups.firstIndex { $0.findings.contains(finding) }
    }

    // MARK: - Verdict

    static func verdict(input: ReportInput, blockingSeverities: [Severity], blockingFindings: Int, blockingGroups: [Int]) -> Verdict {
        let severities = blockingSeverities.map(\.rawValue).joined(separator: " or ")
        var summary: String
        let ready = blockingFindings == 0 && input.errors.isEmpty
        if blockingFindings > 0 {
            let counts = input.findingsBySeverity.filter { blockingSeverities.contains($0.severity) && $0.count > 0 }
                .map { "\($0.count) \($0.severity.rawValue)" }.joined(separator: ", ")
            summary = "\(counted(blockingFindings, "\(severities) finding")) (\(counts)) "
                + "in \(counted(blockingGroups.count, "problem")) must be fixed or accepted first."
        } else {
            summary = "No \(severities) findings."
        }
        if !input.errors.isEmpty {
            summary += " \(counted(input.errors.count, "input")) could not be read, so the review is incomplete."
        }
        let others = input.findings.count - blockingFindings
        if others > 0 { summary += " \(counted(others, "less severe finding")) to plan." }
        if !input.unknowns.isEmpty {
            summary += " \(counted(input.unknowns.count, "check")) cannot be decided before deploy."
        }
        if !input.suppressed.isEmpty {
            summary += " \(counted(input.suppressed.count, "finding")) accepted by suppressions or the baseline (listed with their reasons)."
        }
        return Verdict(
            ready: ready, headline: ready ? "Ready for launch" : "Not ready for launch", summary: summary,
            blockingSeverities: blockingSeverities, blockingFindings: blockingFindings, blockingGroups: blockingGroups,
            unreadableInputs: input.errors.count
        )
    }

    // MARK: - Grouping

    /// Findings sharing `Finding.groupKey` become one group, placed where its first finding
    /// is; groups are ordered most severe first, then by position.
    static func groups(of findings: [Finding], blocking: Severity) -> [FindingGroup] {
        var order: [String] = []
        var members: [String: [Finding]] = [:]
        for finding in findings {
            let key = finding.groupKey
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(finding)
        }
        let groups = order.map { key -> FindingGroup in
            let findings = members[key] ?? []
            var ruleIDs: [String] = []
            for finding in findings where !ruleIDs.contains(finding.ruleID) { ruleIDs.append(finding.ruleID) }
            let severity = findings.map(\.severity).max() ?? .low
            return FindingGroup(key: key, severity: severity, findings: findings, ruleIDs: ruleIDs, blocking: severity >= blocking)
        }
        return groups.enumerated().sorted {
            $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
        }.map(\.element)
    }

    // MARK: - Checklist

    static func checklist(_ input: ReportInput, known: [String: RuleMetadata], groupOf: [String: Int]) -> [ChecklistEntry] {
        let ran = Set(input.rulesRun.map(\.id))
        var findingsByRule: [String: [Finding]] = [:]
        for finding in input.findings { findingsByRule[finding.ruleID, default: []].append(finding) }
        var unknownsByRule: [String: Int] = [:]
        for unknown in input.unknowns { unknownsByRule[unknown.ruleID, default: 0] += 1 }
        var checkedByRule: [String: Int] = [:]
        var passedByRule: [String: Int] = [:]
        for evaluation in input.evaluations {
            checkedByRule[evaluation.ruleID, default: 0] += 1
            if evaluation.verdict == .pass { passedByRule[evaluation.ruleID, default: 0] += 1 }
        }
        var suppressedByRule: [String: Int] = [:]
        for entry in input.suppressed { suppressedByRule[entry.finding.ruleID, default: 0] += 1 }

        return LaunchChecklist.items.map { item in
            let rules = item.ruleIDs.map { id in
                RuleState(
                    id: id, title: known[id]?.title,
                    state: ran.contains(id) ? "ran" : (known[id] == nil ? "not-in-this-build" : "skipped"),
                    findings: findingsByRule[id]?.count ?? 0, unknowns: unknownsByRule[id] ?? 0,
                    checked: max(checkedByRule[id] ?? 0, (findingsByRule[id]?.count ?? 0) + (unknownsByRule[id] ?? 0))
                )
            }
            let findings = item.ruleIDs.flatMap { findingsByRule[$0] ?? [] }
            let failingResources = Set(findings.map { $0.resource.map { "\($0.scope)|\($0.name)" } ?? "scanned set|\($0.location.file)" }).count
            let unknowns = rules.reduce(0) { $0 + $1.unknowns }
            let suppressed = item.ruleIDs.reduce(0) { $0 + (suppressedByRule[$1] ?? 0) }
            let checked = rules.reduce(0) { $0 + $1.checked }
            let notRun = rules.filter { $0.state != "ran" }
            var groups: [Int] = []
            for finding in findings {
                if let group = groupOf[finding.fingerprint], !groups.contains(group) { groups.append(group) }
            }
            groups.sort()

            let status: ItemStatus
            let statusText: String
            var detail: String
            if let notCheckable = item.notCheckable {
                status = .notCheckable
                statusText = "not checkable from configuration"
                detail = notCheckable
            } else if !findings.isEmpty {
                status = .fails
                // Findings about the scanned set as a whole say something is missing from it.
                statusText = findings.allSatisfy({ $0.resource == nil })
                    ? "fails (missing from the scanned files)" : "fails (\(counted(failingResources, "resource")))"
                detail = "\(counted(findings.count, "finding")) from " + Self.ruleList(findings.map(\.ruleID)) + "."
            } else if unknowns > 0 {
                status = .cannotTell
                statusText = "cannot tell before deploy"
                detail = "\(counted(unknowns, "check")) depend on values known only at deploy time; nothing failed."
            } else if checked > 0, suppressed > 0, item.ruleIDs.reduce(0, { $0 + (passedByRule[$1] ?? 0) }) == 0 {
                status = .accepted
                statusText = "accepted (\(counted(suppressed, "finding")))"
                detail = "Every finding was accepted by a suppression or the baseline; nothing passed."
            } else if checked > 0 {
                status = .passes
                statusText = suppressed > 0 ? "passes (\(counted(suppressed, "finding")) accepted)" : "passes"
                let passed = item.ruleIDs.reduce(0) { $0 + (passedByRule[$1] ?? 0) }
                detail = "\(counted(passed, "check")) passed."
            } else if notRun.isEmpty {
                status = .notApplicable
                statusText = "nothing to check"
                detail = "None of its rules found a resource to judge in the scanned files."
            } else {
                // A rule that did not run may be the one that would have failed (no trail at all).
                status = .notRun
                statusText = "not checked"
                detail = notRun.count == rules.count ? "None of its rules ran." : "Its rules that ran found nothing to judge."
            }
            if status == .notRun, notRun.count == rules.count, notRun.allSatisfy({ $0.state == "not-in-this-build" }) {
                detail = "Its \(rules.count == 1 ? "rule is" : "rules are") not in this build yet: \(notRun.map(\.id).joined(separator: ", "))."
            } else if item.notCheckable == nil, !notRun.isEmpty {
                let missing = notRun.filter { $0.state == "not-in-this-build" }
                let skipped = notRun.filter { $0.state == "skipped" }
                var parts: [String] = []
                if !skipped.isEmpty {
                    parts.append("not run (off by default or deselected): " + skipped.map(\.id).joined(separator: ", "))
                }
                if !missing.isEmpty {
                    parts.append(missing.count == 1 ? "\(missing[0].id) is not in this build yet"
                        : "\(missing.count) of its \(rules.count) rules are not in this build yet")
                }
                detail += " " + parts.joined(separator: "; ") + "."
            }
            if suppressed > 0, status != .accepted { detail += " \(counted(suppressed, "finding")) accepted (see Suppressed and baselined)." }
            return ChecklistEntry(
                item: item, status: status, statusText: statusText, detail: detail, failingResources: findings.isEmpty ? 0 : failingResources,
                findings: findings.count, unknowns: unknowns, suppressed: suppressed, rules: rules, groups: groups
            )
        }
    }

    static func ruleList(_ ids: [String]) -> String {
        var unique: [String] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        return unique.joined(separator: ", ")
    }

    // MARK: - Claims

    static func claims(_ input: ReportInput, groupOf: [String: Int]) -> [ClaimRow] {
        struct Verdicts {
            var failed: [Finding] = []
            var unknown: [String] = []
            var passed: [String] = []
        }
        let wanted = Set(input.statefulResources.map(\.id))
        var byResource: [ResourceID: [String: Verdicts]] = [:]
        for finding in input.findings {
            guard let id = finding.resource, wanted.contains(id) else { continue }
            byResource[id, default: [:]][finding.ruleID, default: Verdicts()].failed.append(finding)
        }
        for unknown in input.unknowns {
            guard let id = unknown.resource, wanted.contains(id) else { continue }
            byResource[id, default: [:]][unknown.ruleID, default: Verdicts()].unknown.append(unknown.expression)
        }
        for evaluation in input.evaluations where evaluation.verdict == .pass {
            guard let id = evaluation.subject, wanted.contains(id) else { continue }
            byResource[id, default: [:]][evaluation.ruleID, default: Verdicts()].passed.append(evaluation.ruleID)
        }
        // A suppressed finding is accepted, not passed: its cell says so.
        var accepted: [ResourceID: [String: SuppressedFinding]] = [:]
        for entry in input.suppressed {
            guard let id = entry.finding.resource, wanted.contains(id) else { continue }
            accepted[id, default: [:]][entry.finding.ruleID] = entry
        }

        let ran = Set(input.rulesRun.map(\.id))
        return input.statefulResources.map { resource in
            let verdicts = byResource[resource.id] ?? [:]
            let cells = ResourceClaim.allCases.map { claim -> ClaimCell in
                let relevant = verdicts.filter { claim.ruleIDs.contains($0.key) }.sorted { $0.key < $1.key }
                let failed = relevant.flatMap(\.value.failed)
                if let first = failed.first {
                    return ClaimCell(claim: claim, mark: .no, note: ruleList(failed.map(\.ruleID)) + ": " + first.message,
                                     group: groupOf[first.fingerprint])
                }
                let unknown = relevant.filter { !$0.value.unknown.isEmpty }
                if let first = unknown.first {
                    return ClaimCell(claim: claim, mark: .unknown,
                                     note: "\(first.key) cannot tell before deploy: depends on \(first.value.unknown[0])", group: nil)
                }
                if let acceptedEntry = (accepted[resource.id] ?? [:]).filter({ claim.ruleIDs.contains($0.key) }).sorted(by: { $0.key < $1.key }).first {
                    return ClaimCell(claim: claim, mark: .no,
                                     note: "\(acceptedEntry.key) accepted: \(acceptedEntry.value.suppression.reason)", group: nil)
                }
                let passed = relevant.filter { !$0.value.passed.isEmpty }.map(\.key)
                if !passed.isEmpty {
                    return ClaimCell(claim: claim, mark: .yes, note: "checked by " + passed.joined(separator: ", "), group: nil)
                }
                if claim == .encrypted, let reason = ResourceClaim.encryptedByAWSDefault[resource.category] {
                    return ClaimCell(claim: claim, mark: .yes, note: reason + " (AWS default)", group: nil)
                }
                let applicable = claim.rules(for: resource.category)
                if applicable.isEmpty {
                    return ClaimCell(claim: claim, mark: .notApplicable, note: "no rule judges this for a \(resource.category)", group: nil)
                }
                let notRun = applicable.subtracting(ran).sorted()
                if !notRun.isEmpty {
                    return ClaimCell(claim: claim, mark: .notChecked,
                                     note: "\(notRun.joined(separator: ", ")) did not run (not in this build yet, or deselected)", group: nil)
                }
                return ClaimCell(claim: claim, mark: .notApplicable, note: "the rules that judge this found nothing to check", group: nil)
            }
            return ClaimRow(resource: resource, cells: cells)
        }
    }

    // MARK: - Money

    static func money(_ input: ReportInput, paths: SourcePaths, groupOf: [String: Int]) -> Money {
        let priced = input.findings.filter { $0.estimate != nil || $0.pack == .natCost }
        let rows = priced.map { finding in
            CostRow(
                ruleID: finding.ruleID, resource: finding.resource?.name,
                location: displayLocation(finding.location, paths: paths), message: finding.message, estimate: finding.estimate,
                group: groupOf[finding.fingerprint]
            )
        }
        let estimates = rows.compactMap(\.estimate)
        var labels: [String] = []
        var assumptions: [String] = []
        for estimate in estimates {
            if !labels.contains(estimate.label) { labels.append(estimate.label) }
            for phrase in estimate.basis where !assumptions.contains(phrase) { assumptions.append(phrase) }
        }
        let summary = input.costSummary
        if let summary, labels.isEmpty { labels.append(summary.label) }
        return Money(
            rows: rows,
            monthlyTotal: estimates.reduce(0) { $0 + $1.monthlyTotal },
            // The scan's summary counts each root cause once; the plain sum is the fallback.
            monthlyAvoidable: summary?.monthlyAvoidable ?? estimates.reduce(0) { $0 + ($1.monthlyAvoidable ?? 0) },
            labels: labels, assumptions: assumptions,
            natSpend: summary.flatMap { $0.natGateways > 0 ? $0.text : nil },
            natGateways: summary?.natGateways ?? 0,
            natMonthly: summary.map { $0.monthlyNATFixed + ($0.monthlyNATTraffic ?? 0) } ?? 0
        )
    }

    static func displayLocation(_ location: SourceLocation, paths: SourcePaths) -> String {
        let path = paths.display(location.file)
        return location.line >= 1 ? "\(path):\(location.line)" : path
    }

    public func location(_ location: SourceLocation) -> String {
        Self.displayLocation(location, paths: options.paths)
    }

    /// `$36.50`, two decimals, as every report writes dollars.
    public static func dollars(_ value: Double) -> String {
        CostEstimate.dollars(value)
    }
}
