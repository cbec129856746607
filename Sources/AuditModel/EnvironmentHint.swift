import AuditSyntax

/// A value in a scope that names the environment the scope deploys to: the default of a
/// CloudFormation parameter `Environment`, `Stage` or `Env`, or of a Terraform variable
/// `environment`, `env` or `stage`, the value a plan was made with, or such a tag among
/// the AWS provider's `default_tags`. Loaders record the
/// raw text; `AuditCore` decides what it means (see `DeploymentEnvironment`).
public struct EnvironmentHint: Sendable, Hashable {
    /// How the value was found, for messages: `parameter Environment default`.
    public var origin: String
    public var value: String
    public var location: SourceLocation?

    public init(origin: String, value: String, location: SourceLocation?) {
        self.origin = origin
        self.value = value
        self.location = location
    }

    /// Parameter names (CloudFormation) that conventionally carry the environment.
    public static let parameterNames: Set<String> = ["environment", "stage", "env"]

    /// Whether a parameter or variable of this name carries the environment (case-insensitive).
    public static func isEnvironmentName(_ name: String) -> Bool {
        parameterNames.contains(name.lowercased())
    }

    /// Literal `Environment`, `Env` or `Stage` values among the `default_tags` of the AWS
    /// provider blocks of one Terraform JSON file (every resource of the module gets them).
    public static func terraformDefaultTags(in root: Node, file: String) -> [EnvironmentHint] {
        guard let providers = root["provider"] else { return [] }
        // Each level may be an object or an array of objects (JSON configuration syntax).
        func objects(_ node: Node?) -> [Node] {
            guard let node else { return [] }
            return node.isSequence ? node.elements.filter(\.isMapping) : (node.isMapping ? [node] : [])
        }
        var hints: [EnvironmentHint] = []
        for group in objects(providers) {
            for aws in objects(group["aws"]) {
                for defaults in objects(aws["default_tags"]) {
                    for tags in objects(defaults["tags"]) {
                        for tag in tags.entries where isEnvironmentName(tag.key) {
                            guard let text = tag.value.scalarText, !text.isEmpty, !text.contains("${") else { continue }
                            hints.append(EnvironmentHint(origin: "provider default tag \(tag.key)", value: text,
                                                         location: SourceLocation(file: file, position: tag.keyPosition)))
                        }
                    }
                }
            }
        }
        return hints
    }

    /// The hint a scalar default gives, when `name` is one of the conventional names.
    public static func fromDefault(named name: String, kind: String, value: Node?, file: String, keyPosition: SourcePosition?) -> EnvironmentHint? {
        guard isEnvironmentName(name), let text = value?.scalarText, !text.isEmpty else { return nil }
        return EnvironmentHint(
            origin: "\(kind) \(name) default", value: text,
            location: keyPosition.map { SourceLocation(file: file, position: $0) }
        )
    }
}
