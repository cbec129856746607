/// What a policy document is for; rules read identity policies differently from trust
/// or resource-based ones.
public enum PolicyKind: String, Sendable, Hashable {
    /// Grants a principal permissions (role/user/group inline or managed policies, SAM templates).
    case identity
    /// A role's `AssumeRolePolicyDocument` / `assume_role_policy`.
    case trust
    /// Attached to a resource (bucket, queue, topic, key policy).
    case resourceBased
    /// An organizations service control policy.
    case serviceControl
    /// A standalone policy file whose attachment is unknown.
    case standalone
}

/// One value inside a policy element (`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, a reference).
public struct PolicyEntry: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation?

    public init(value: Value, location: SourceLocation?) {
        self.value = value
        self.location = location
    }
}

/// An element such as `Action` or `Resource`, normalized to a list (IAM allows a string
/// or a list); `location` is the element's key.
public struct PolicyElement: Sendable, Hashable {
    public var entries: [PolicyEntry]
    public var location: SourceLocation?
    /// Set when the whole element is an expression nobody can evaluate statically.
    public var unresolvedExpression: String?

    public init(entries: [PolicyEntry], location: SourceLocation?, unresolvedExpression: String? = nil) {
        self.entries = entries
        self.location = location
        self.unresolvedExpression = unresolvedExpression
    }

    /// The literal strings of the element (references and unresolved entries skipped).
    public var literalStrings: [String] {
        entries.compactMap(\.value.stringValue)
    }
}

/// A principal entry: `"*"` is `(type: "*", value: "*")`; `{"AWS": "arn…"}` is `(type: "AWS", …)`.
public struct PolicyPrincipal: Sendable, Hashable {
    public var type: String
    public var value: Value
    public var location: SourceLocation?

    public init(type: String, value: Value, location: SourceLocation?) {
        self.type = type
        self.value = value
        self.location = location
    }
}

/// One condition test: `StringEquals` / `aws:SourceArn` / values.
public struct PolicyCondition: Sendable, Hashable {
    public var conditionOperator: String
    public var key: String
    public var values: [Value]
    public var location: SourceLocation?

    public init(conditionOperator: String, key: String, values: [Value], location: SourceLocation?) {
        self.conditionOperator = conditionOperator
        self.key = key
        self.values = values
        self.location = location
    }
}

public struct PolicyStatement: Sendable, Hashable {
    public var sid: String?
    /// `Allow`/`Deny`; defaulted to Allow in Terraform's `aws_iam_policy_document`.
    public var effect: Attr
    public var actions: PolicyElement?
    public var notActions: PolicyElement?
    public var resources: PolicyElement?
    public var notResources: PolicyElement?
    public var principals: [PolicyPrincipal]
    public var notPrincipals: [PolicyPrincipal]
    public var conditions: [PolicyCondition]
    /// The statement itself (its `{` or list dash); findings about a statement land here.
    public var location: SourceLocation

    public init(
        sid: String? = nil, effect: Attr, actions: PolicyElement? = nil, notActions: PolicyElement? = nil,
        resources: PolicyElement? = nil, notResources: PolicyElement? = nil, principals: [PolicyPrincipal] = [],
        notPrincipals: [PolicyPrincipal] = [], conditions: [PolicyCondition] = [], location: SourceLocation
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.notActions = notActions
        self.resources = resources
        self.notResources = notResources
        self.principals = principals
        self.notPrincipals = notPrincipals
        self.conditions = conditions
        self.location = location
    }

    /// `Effect` resolved to Allow; unresolved effects are not Allow (rules stay silent).
    public var isAllow: Bool {
        if case .value(let text) = effect.string { return text == "Allow" }
        return false
    }
}

/// A policy document from any source: a standalone file, an inline or managed policy, a
/// trust policy, a resource policy, a SAM policy template, or a Terraform
/// `aws_iam_policy_document` data source.
public struct PolicyDocument: Sendable {
    public var id: ResourceID
    public var kind: PolicyKind
    /// The resource that carries the document (role, managed policy, bucket policy…);
    /// `nil` for a standalone file.
    public var owner: ResourceID?
    /// A human name: `ApiFunctionRole policy "Dynamo"`, `aws_iam_policy.deploy`, `policy.json`.
    public var name: String
    public var location: SourceLocation
    public var statements: [PolicyStatement]
    /// Set when the document is an expression that cannot be read statically
    /// (`jsonencode(...)` with variables, `Fn::ImportValue`).
    public var unresolvedExpression: String?
    /// Set when SAM expanded a policy template into this document.
    public var samPolicyTemplate: SAMPolicyTemplateUse?

    public init(
        id: ResourceID, kind: PolicyKind, owner: ResourceID?, name: String, location: SourceLocation,
        statements: [PolicyStatement], unresolvedExpression: String? = nil, samPolicyTemplate: SAMPolicyTemplateUse? = nil
    ) {
        self.id = id
        self.kind = kind
        self.owner = owner
        self.name = name
        self.location = location
        self.statements = statements
        self.unresolvedExpression = unresolvedExpression
        self.samPolicyTemplate = samPolicyTemplate
    }
}

/// A SAM policy template as used: its name and the resources the user's parameter values
/// made broader than the template intends (a `*` where a table or queue name belongs).
public struct SAMPolicyTemplateUse: Sendable, Hashable {
    public var name: String
    /// The template's name in the function's `Policies`.
    public var location: SourceLocation
    public var wildcardResources: [String]

    public init(name: String, location: SourceLocation, wildcardResources: [String]) {
        self.name = name
        self.location = location
        self.wildcardResources = wildcardResources
    }
}
