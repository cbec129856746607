import AuditModel

/// One failed check.
public struct Finding: Sendable, Hashable {
    public var ruleID: String
    public var severity: Severity
    public var pack: Pack
    public var message: String
    public var location: SourceLocation
    /// The resource the finding is about (`nil` only for model-wide findings).
    public var resource: ResourceID?
    /// `AWS::RDS::DBInstance`, `aws_db_instance`, or `IAM policy` for standalone files.
    public var resourceType: String?
    /// The attribute (or policy path) the finding is about; with rule id and resource it
    /// makes a fingerprint that survives line moves.
    public var attributePath: String?
    /// The money the finding is about (cost rules only).
    public var estimate: CostEstimate?
    /// The configuration element that causes the finding (a policy statement, an
    /// attribute), when several rules can report the same one: findings sharing it are one
    /// problem, shown once with every rule it breaks. `nil`: the finding is its own cause.
    public var rootCause: String?
    /// The alarm a missing-alarm finding asks for (AS-ALARM-*), format-neutral.
    public var suggestedAlarm: SuggestedAlarm?
    /// `suggestedAlarm` written in the format the resource was found in, ready to paste;
    /// filled in by the pipeline, which knows the format (rules never do).
    public var suggestedFix: RenderedSnippet?

    public init(
        ruleID: String, severity: Severity, pack: Pack, message: String, location: SourceLocation,
        resource: ResourceID?, resourceType: String?, attributePath: String?,
        estimate: CostEstimate? = nil, rootCause: String? = nil, suggestedAlarm: SuggestedAlarm? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.pack = pack
        self.message = message
        self.location = location
        self.resource = resource
        self.resourceType = resourceType
        self.attributePath = attributePath
        self.estimate = estimate
        self.rootCause = rootCause
        self.suggestedAlarm = suggestedAlarm
    }

    /// The key findings are grouped by for "one problem, every rule it breaks".
    public var groupKey: String { rootCause ?? fingerprint }

    /// Stable across line moves: rule + resource identity + attribute path.
    public var fingerprint: String {
        [ruleID, resource?.scope ?? location.file, resource?.name ?? "", attributePath ?? ""].joined(separator: "|")
    }
}

/// A check that could not be decided statically: "cannot tell until deploy".
public struct UnknownResult: Sendable, Hashable {
    public var ruleID: String
    public var resource: ResourceID?
    public var location: SourceLocation
    /// What could not be resolved (`${var.retention}`, `Fn::ImportValue …`).
    public var expression: String

    public init(ruleID: String, resource: ResourceID?, location: SourceLocation, expression: String) {
        self.ruleID = ruleID
        self.resource = resource
        self.location = location
        self.expression = expression
    }
}

/// What a rule writes into while checking one subject. Value type, one per rule run, so
/// concurrent rules share nothing mutable.
public struct RuleReport: Sendable {
    public let metadata: RuleMetadata
    public private(set) var findings: [Finding] = []
    public private(set) var unknowns: [UnknownResult] = []
    public private(set) var passes = 0
    /// The user's settings and the resources' environments, shared by the whole run.
    public let context: RuleContext

    public init(metadata: RuleMetadata, context: RuleContext = .standard) {
        self.metadata = metadata
        self.context = context
    }

    public var settings: RuleSettings { context.settings }

    /// The environment `resource` is deployed to, with the reason (see `DeploymentEnvironment`).
    public func environment(of resource: Resource) -> EnvironmentVerdict {
        context.environment(of: resource)
    }

    /// Records a failure about `resource`, at `location` (an attribute key or the resource).
    public mutating func fail(
        _ message: String, resource: Resource, at location: SourceLocation? = nil,
        attribute: String? = nil, severity: Severity? = nil, estimate: CostEstimate? = nil, rootCause: String? = nil,
        suggestedAlarm: SuggestedAlarm? = nil
    ) {
        findings.append(Finding(
            ruleID: metadata.id, severity: severity ?? metadata.severity, pack: metadata.pack,
            message: message, location: location ?? resource.location, resource: resource.id,
            resourceType: resource.sourceType, attributePath: attribute, estimate: estimate, rootCause: rootCause,
            suggestedAlarm: suggestedAlarm
        ))
    }

    /// Records a failure about a policy document (or one of its statements).
    public mutating func fail(
        _ message: String, policy: PolicyDocument, at location: SourceLocation? = nil,
        attribute: String? = nil, severity: Severity? = nil, rootCause: String? = nil
    ) {
        findings.append(Finding(
            ruleID: metadata.id, severity: severity ?? metadata.severity, pack: metadata.pack,
            message: message, location: location ?? policy.location, resource: policy.owner ?? policy.id,
            resourceType: "IAM policy", attributePath: attribute, rootCause: rootCause
        ))
    }

    /// Records a model-wide failure that belongs to no single resource.
    public mutating func fail(
        _ message: String, at location: SourceLocation, attribute: String? = nil, severity: Severity? = nil,
        estimate: CostEstimate? = nil
    ) {
        findings.append(Finding(
            ruleID: metadata.id, severity: severity ?? metadata.severity, pack: metadata.pack,
            message: message, location: location, resource: nil, resourceType: nil, attributePath: attribute,
            estimate: estimate
        ))
    }

    /// Records that a subject was checked and is fine.
    public mutating func pass() {
        passes += 1
    }

    /// Records that the value needed to decide is not known before deploy.
    public mutating func unknown(_ expression: String, resource: Resource, at location: SourceLocation? = nil) {
        unknowns.append(UnknownResult(
            ruleID: metadata.id, resource: resource.id, location: location ?? resource.location, expression: expression
        ))
    }

    /// Records that a question about the scanned set as a whole cannot be answered.
    public mutating func unknown(_ expression: String, at location: SourceLocation) {
        unknowns.append(UnknownResult(ruleID: metadata.id, resource: nil, location: location, expression: expression))
    }

    public mutating func unknown(_ expression: String, policy: PolicyDocument, at location: SourceLocation? = nil) {
        unknowns.append(UnknownResult(
            ruleID: metadata.id, resource: policy.owner ?? policy.id, location: location ?? policy.location,
            expression: expression
        ))
    }
}
