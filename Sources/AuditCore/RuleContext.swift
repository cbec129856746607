import AuditModel

/// What every rule may read besides the subject and the model: the user's settings and
/// each resource's environment. Built once per engine run and shared by all reports.
public final class RuleContext: Sendable {
    public let settings: RuleSettings
    /// The ids of the rules this run selected; `nil` when not known (every rule enabled by
    /// default is then assumed to run). Lets a rule stay quiet when another reports the same
    /// problem (AS-COST-011 is AS-LAUNCH-005's cost view).
    public let selectedRuleIDs: Set<String>?
    /// Per scope name: the environment its parameters, variables or stage names give.
    private let scopeEnvironments: [String: EnvironmentVerdict]

    /// A context without a model: only `--environment` and resource tags can name an environment.
    public static let standard = RuleContext(settings: RuleSettings())

    public init(settings: RuleSettings, model: CloudModel? = nil, selectedRuleIDs: Set<String>? = nil) {
        self.settings = settings
        self.selectedRuleIDs = selectedRuleIDs
        guard settings.environment == nil, let model else {
            scopeEnvironments = [:]
            return
        }
        var hinted: [String: EnvironmentVerdict] = [:]
        for scope in model.scopes {
            let named = scope.environmentHints.compactMap { hint in
                DeploymentEnvironment(naming: hint.value).map { (environment: $0, hint: hint) }
            }
            guard let strictest = DeploymentEnvironment.strictest(named.map(\.environment)),
                  let chosen = named.first(where: { $0.environment == strictest }) else { continue }
            let candidate = EnvironmentVerdict(environment: strictest, reason: "\(chosen.hint.origin) = \(chosen.hint.value)")
            // A scope name two loaded parts share keeps the stricter verdict.
            if let existing = hinted[scope.name],
               DeploymentEnvironment.strictest([existing.environment, strictest]) == existing.environment { continue }
            hinted[scope.name] = candidate
        }
        // Stage names speak for the scopes no parameter or variable named.
        var staged: [String: [(environment: DeploymentEnvironment, name: String)]] = [:]
        for kind in [ResourceKind.restApiStage, .httpApiStage] {
            for index in model.resourceIndices(of: kind) {
                let stage = model.resources[index]
                // A name a tool chose (SAM's `Prod` for the implicit API) says nothing about intent.
                guard hinted[stage.id.scope] == nil, !stage[.stageName].isDefaulted, case .value(let name) = stage[.stageName].string,
                      let environment = DeploymentEnvironment(naming: name) else { continue }
                staged[stage.id.scope, default: []].append((environment, name))
            }
        }
        for (scope, stages) in staged {
            guard let strictest = DeploymentEnvironment.strictest(stages.map(\.environment)),
                  let chosen = stages.first(where: { $0.environment == strictest }) else { continue }
            hinted[scope] = EnvironmentVerdict(environment: strictest, reason: "API stage name \(chosen.name)")
        }
        scopeEnvironments = hinted
    }

    /// Whether the rule with this id runs in this scan (see `selectedRuleIDs`).
    public func runs(_ ruleID: String) -> Bool {
        selectedRuleIDs?.contains(ruleID) ?? true
    }

    /// The environment `resource` is deployed to, with the reason (see `DeploymentEnvironment`
    /// for the order of the sources).
    public func environment(of resource: Resource) -> EnvironmentVerdict {
        if let forced = settings.environment {
            return EnvironmentVerdict(environment: forced, reason: "set for the whole scan by --environment or the configuration file")
        }
        let tagged = resource.tags.compactMap { key, value -> (environment: DeploymentEnvironment, key: String, value: String)? in
            guard DeploymentEnvironment.tagKeys.contains(key.lowercased()),
                  let environment = DeploymentEnvironment(naming: value) else { return nil }
            return (environment, key, value)
        }
        if let strictest = DeploymentEnvironment.strictest(tagged.map(\.environment)),
           let chosen = tagged.filter({ $0.environment == strictest }).min(by: { $0.key < $1.key }) {
            return EnvironmentVerdict(environment: strictest, reason: "tag \(chosen.key) = \(chosen.value)")
        }
        return scopeEnvironments[resource.id.scope] ?? .assumedProduction
    }
}
