import AuditModel
import Dispatch
import Synchronization

/// Which rules run: `--check` names rules to run (off-by-default ones included),
/// `--skip-check` removes rules; otherwise every rule enabled by default runs.
public struct RuleSelection: Sendable, Hashable {
    public var only: Set<String>
    public var skip: Set<String>

    public init(only: Set<String> = [], skip: Set<String> = []) {
        self.only = only
        self.skip = skip
    }

    public func includes(_ metadata: RuleMetadata) -> Bool {
        if skip.contains(metadata.id) { return false }
        if !only.isEmpty { return only.contains(metadata.id) }
        return metadata.enabledByDefault
    }

    /// Ids named in the selection that no rule has (a typo should not pass silently).
    public func unknownIDs(among rules: [any Rule]) -> [String] {
        let known = Set(rules.map { type(of: $0).metadata.id })
        return only.union(skip).subtracting(known).sorted()
    }
}

/// The outcome of running rules over a model.
public struct EngineResult: Sendable {
    public var findings: [Finding]
    public var unknowns: [UnknownResult]
    /// Subjects checked per rule id (passes + findings + unknowns), for reports that
    /// list what was evaluated.
    public var evaluations: [String: Int]
    public var rulesRun: [RuleMetadata]
    /// Each rule × subject with its verdict, only when `run` was asked to record them.
    public var evaluated: [Evaluation] = []

    public init(findings: [Finding], unknowns: [UnknownResult], evaluations: [String: Int], rulesRun: [RuleMetadata]) {
        self.findings = findings
        self.unknowns = unknowns
        self.evaluations = evaluations
        self.rulesRun = rulesRun
    }
}

/// Runs rules over the model: resource rules are indexed by kind so the model is walked
/// once; policy and model rules see every document / the whole model.
///
/// Rules are stateless and the model is immutable, so a large model is checked in chunks
/// on all cores. Chunks are contiguous runs of resources (or policies) and their results
/// are joined in chunk order, so findings come out exactly as one sequential walk gives them.
public struct Engine: Sendable {
    public let rules: [any Rule]

    public init(rules: [any Rule]) {
        self.rules = rules
    }

    /// A selected rule with its metadata read once (a static property behind an existential).
    private struct Selected: Sendable {
        var rule: any Rule
        var metadata: RuleMetadata
    }

    /// What one chunk of subjects produced.
    private struct Partial: Sendable {
        var findings: [Finding] = []
        var unknowns: [UnknownResult] = []
        /// Per selected rule: subjects checked, or `nil` when the rule saw none here.
        var evaluations: [Int?]
        var evaluated: [Evaluation] = []

        init(ruleCount: Int) {
            evaluations = Array(repeating: nil, count: ruleCount)
        }

        mutating func collect(_ report: RuleReport, rule: Int) {
            findings += report.findings
            unknowns += report.unknowns
            evaluations[rule] = (evaluations[rule] ?? 0) + report.passes + report.findings.count + report.unknowns.count
        }
    }

    private enum Job: Sendable {
        /// A run of the resources some rule inspects (positions in that list).
        case resources(Range<Int>)
        case policies(Range<Int>)
    }

    /// Subjects per job below which splitting costs more than it saves.
    private static let minimumChunk = 2_048

    /// `recordEvaluations` keeps every rule × subject verdict (for JUnit); off, the run
    /// only counts them.
    public func run(
        _ model: CloudModel, selection: RuleSelection = RuleSelection(), settings: RuleSettings = RuleSettings(),
        recordEvaluations: Bool = false
    ) -> EngineResult {
        let selected = rules.compactMap { rule -> Selected? in
            let metadata = type(of: rule).metadata
            return selection.includes(metadata) ? Selected(rule: rule, metadata: metadata) : nil
        }
        let context = RuleContext(settings: settings, model: model, selectedRuleIDs: Set(selected.map(\.metadata.id)))
        var rulesByKind: [ResourceKind: [(index: Int, rule: any ResourceRule)]] = [:]
        var policyRuleList: [(index: Int, rule: any PolicyRule)] = []
        var modelRules: [(index: Int, rule: any ModelRule)] = []
        for (index, entry) in selected.enumerated() {
            if let rule = entry.rule as? any ResourceRule {
                for kind in type(of: rule).subjects { rulesByKind[kind, default: []].append((index, rule)) }
            } else if let rule = entry.rule as? any PolicyRule {
                policyRuleList.append((index, rule))
            } else if let rule = entry.rule as? any ModelRule {
                modelRules.append((index, rule))
            }
        }
        let policyRules = policyRuleList
        // The resources some rule inspects, in model order, each with the rules of its kind:
        // taken from the model's kind index, so resources no rule looks at are not visited.
        let kindsWithRules = Array(rulesByKind)
        let ruleLists = kindsWithRules.map(\.value)
        var subjectList: [(resource: Int, rules: Int)] = []
        for (listIndex, entry) in kindsWithRules.enumerated() {
            subjectList += model.resourceIndices(of: entry.key).map { ($0, listIndex) }
        }
        subjectList.sort { $0.resource < $1.resource }
        let subjects = subjectList

        @Sendable func checkResources(_ range: Range<Int>) -> Partial {
            var partial = Partial(ruleCount: selected.count)
            // Read through a buffer so each resource is handed to the rules without a copy.
            model.resources.withUnsafeBufferPointer { resources in
                for (index, listIndex) in subjects[range] {
                    for (ruleIndex, rule) in ruleLists[listIndex] {
                        var report = RuleReport(metadata: selected[ruleIndex].metadata, context: context)
                        rule.check(resources[index], in: model, &report)
                        partial.collect(report, rule: ruleIndex)
                        if recordEvaluations, let evaluation = Evaluation.of(report, resource: resources[index]) {
                            partial.evaluated.append(evaluation)
                        }
                    }
                }
            }
            return partial
        }

        @Sendable func checkPolicies(_ range: Range<Int>) -> Partial {
            var partial = Partial(ruleCount: selected.count)
            model.policies.withUnsafeBufferPointer { policies in
                for index in range {
                    for (ruleIndex, rule) in policyRules {
                        var report = RuleReport(metadata: selected[ruleIndex].metadata, context: context)
                        rule.check(policies[index], in: model, &report)
                        partial.collect(report, rule: ruleIndex)
                        if recordEvaluations, let evaluation = Evaluation.of(report, policy: policies[index]) {
                            partial.evaluated.append(evaluation)
                        }
                    }
                }
            }
            return partial
        }

        let jobs: [Job] = Self.chunks(of: subjects.count).map(Job.resources)
            + (policyRules.isEmpty ? [] : Self.chunks(of: model.policies.count).map(Job.policies))
        let partials: [Partial]
        if jobs.count <= 1 {
            partials = jobs.map { job in
                switch job {
                case .resources(let range): checkResources(range)
                case .policies(let range): checkPolicies(range)
                }
            }
        } else {
            let results = Mutex<[Partial?]>(Array(repeating: nil, count: jobs.count))
            DispatchQueue.concurrentPerform(iterations: jobs.count) { jobIndex in
                let partial: Partial
                switch jobs[jobIndex] {
                case .resources(let range): partial = checkResources(range)
                case .policies(let range): partial = checkPolicies(range)
                }
                results.withLock { $0[jobIndex] = partial }
            }
            partials = results.withLock { $0.map { $0! } }
        }

        var modelPartial = Partial(ruleCount: selected.count)
        for (ruleIndex, rule) in modelRules {
            var report = RuleReport(metadata: selected[ruleIndex].metadata, context: context)
            rule.check(model, &report)
            modelPartial.collect(report, rule: ruleIndex)
            if recordEvaluations, let evaluation = Evaluation.of(modelReport: report) { modelPartial.evaluated.append(evaluation) }
        }

        var findings: [Finding] = []
        var unknowns: [UnknownResult] = []
        var evaluations: [String: Int] = [:]
        for partial in partials + [modelPartial] {
            findings += partial.findings
            unknowns += partial.unknowns
            for (ruleIndex, count) in partial.evaluations.enumerated() {
                guard let count else { continue }
                evaluations[selected[ruleIndex].metadata.id, default: 0] += count
            }
        }
        // Field by field rather than through tuples, which would copy three strings per comparison.
        findings.sort { first, second in
            if first.location != second.location { return first.location < second.location }
            if first.ruleID != second.ruleID { return first.ruleID < second.ruleID }
            return first.message < second.message
        }
        unknowns.sort { first, second in
            if first.location != second.location { return first.location < second.location }
            return first.ruleID < second.ruleID
        }
        var result = EngineResult(findings: findings, unknowns: unknowns, evaluations: evaluations, rulesRun: selected.map(\.metadata))
        if recordEvaluations { result.evaluated = (partials + [modelPartial]).flatMap(\.evaluated) }
        return result
    }

    /// Contiguous ranges covering `0..<count`: one when the work is small, otherwise up to
    /// eight, which Dispatch spreads over the cores there are.
    private static func chunks(of count: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let chunkCount = min(8, max(1, count / minimumChunk))
        let size = (count + chunkCount - 1) / chunkCount
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }
}
