import AuditModel

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

    public init(findings: [Finding], unknowns: [UnknownResult], evaluations: [String: Int], rulesRun: [RuleMetadata]) {
        self.findings = findings
        self.unknowns = unknowns
        self.evaluations = evaluations
        self.rulesRun = rulesRun
    }
}

/// Runs rules over the model: resource rules are indexed by kind so the model is walked
/// once; policy and model rules see every document / the whole model.
public struct Engine: Sendable {
    public let rules: [any Rule]

    public init(rules: [any Rule]) {
        self.rules = rules
    }

    public func run(_ model: CloudModel, selection: RuleSelection = RuleSelection()) -> EngineResult {
        let selected = rules.filter { selection.includes(type(of: $0).metadata) }
        var resourceRulesByKind: [ResourceKind: [any ResourceRule]] = [:]
        var policyRules: [any PolicyRule] = []
        var modelRules: [any ModelRule] = []
        for rule in selected {
            if let rule = rule as? any ResourceRule {
                for kind in type(of: rule).subjects { resourceRulesByKind[kind, default: []].append(rule) }
            } else if let rule = rule as? any PolicyRule {
                policyRules.append(rule)
            } else if let rule = rule as? any ModelRule {
                modelRules.append(rule)
            }
        }

        var findings: [Finding] = []
        var unknowns: [UnknownResult] = []
        var evaluations: [String: Int] = [:]
        func collect(_ report: RuleReport) {
            findings += report.findings
            unknowns += report.unknowns
            evaluations[report.metadata.id, default: 0] += report.passes + report.findings.count + report.unknowns.count
        }

        for resource in model.resources {
            guard let rules = resourceRulesByKind[resource.kind] else { continue }
            for rule in rules {
                var report = RuleReport(metadata: type(of: rule).metadata)
                rule.check(resource, in: model, &report)
                collect(report)
            }
        }
        for policy in model.policies {
            for rule in policyRules {
                var report = RuleReport(metadata: type(of: rule).metadata)
                rule.check(policy, in: model, &report)
                collect(report)
            }
        }
        for rule in modelRules {
            var report = RuleReport(metadata: type(of: rule).metadata)
            rule.check(model, &report)
            collect(report)
        }

        findings.sort { ($0.location, $0.ruleID, $0.message) < ($1.location, $1.ruleID, $1.message) }
        unknowns.sort { ($0.location, $0.ruleID) < ($1.location, $1.ruleID) }
        return EngineResult(
            findings: findings, unknowns: unknowns, evaluations: evaluations,
            rulesRun: selected.map { type(of: $0).metadata }
        )
    }
}
