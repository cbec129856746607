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

    /// Parameter, variable and tag names that conventionally carry the environment, lowercased.
    private static let environmentNames: Set<String> = ["environment", "stage", "env"]

    /// Whether a parameter or variable of this name carries the environment (case-insensitive).
    public static func isEnvironmentName(_ name: String) -> Bool {
        environmentNames.contains(name.lowercased())
    }

    /// The hint a scalar default gives, when `name` is one of the conventional names.
    public static func fromDefault(named name: String, kind: String, value: Node?, file: String, keyPosition: SourcePosition?) -> EnvironmentHint? {
        named(name, origin: "\(kind) \(name) default", value: value,
              location: keyPosition.map { SourceLocation(file: file, position: $0) })
    }

    /// The hint a non-empty scalar gives, when `name` is one of the conventional names.
    public static func named(_ name: String, origin: String, value: Node?, location: SourceLocation?) -> EnvironmentHint? {
        guard isEnvironmentName(name), let text = value?.scalarText, !text.isEmpty else { return nil }
        return EnvironmentHint(origin: origin, value: text, location: location)
    }
}
