import AuditModel

/// Where a scanned configuration is deployed. Some rules judge production more strictly
/// (no backups on a production database is critical, elsewhere high).
///
/// A resource's environment is decided in this order (`RuleContext.environment(of:)`):
/// 1. `--environment` (or the configuration file) forces one environment for the whole scan.
/// 2. The resource's own `Environment`, `Env` or `Stage` tag (tag keys case-insensitive).
/// 3. Its scope (template, Terraform module, plan): the default of a CloudFormation
///    parameter `Environment`, `Stage` or `Env`; the default of a Terraform variable
///    `environment`, `env` or `stage`; the value a plan was made with for such a variable;
///    such a tag among the AWS provider's `default_tags` in Terraform JSON.
/// 4. The stage names of the scope's API Gateway stages (REST and HTTP, SAM's included, but
///    not a name a tool chose, such as SAM's `Prod` for the implicit API).
/// 5. Otherwise production: a missed problem in production costs more than a strict
///    verdict elsewhere.
///
/// Values are read case-insensitively: `prod`, `production`, `prd`, `live` are
/// production; `staging`, `stage`, `stg`, `uat`, `preprod`, `qa` are staging; `dev`,
/// `development`, `test`, `testing`, `sandbox`, `local` are development. Any other value
/// says nothing and the next step is tried. When one step gives several environments
/// (two stages, `dev` and `prod`), the strictest one wins.
public enum DeploymentEnvironment: String, Sendable, CaseIterable, Codable {
    case production, staging, development

    /// The environment a tag, parameter or stage value names, or `nil` when it names none.
    public init?(naming text: String) {
        let value = text.trimmingCharacters(in: " \t").lowercased()
        switch value {
        case "prod", "production", "prd", "live": self = .production
        case "staging", "stage", "stg", "uat", "preprod", "pre-prod", "qa": self = .staging
        case "dev", "development", "test", "testing", "sandbox", "local": self = .development
        default: return nil
        }
    }

    /// Production first: the order in which conflicting hints are settled.
    fileprivate var strictness: Int {
        switch self {
        case .production: 2
        case .staging: 1
        case .development: 0
        }
    }

    /// The stricter of several environments (production over staging over development).
    public static func strictest(_ environments: some Sequence<DeploymentEnvironment>) -> DeploymentEnvironment? {
        environments.max { $0.strictness < $1.strictness }
    }

    /// Tag keys that name the environment (compared case-insensitively).
    public static let tagKeys: Set<String> = ["environment", "env", "stage"]
}

/// A resource's environment and how it was decided, so a finding can say why it is
/// judged as production.
public struct EnvironmentVerdict: Sendable, Hashable {
    public var environment: DeploymentEnvironment
    /// `set for the whole scan by --environment …`, `tag Environment = prod`, `parameter Stage default = dev`,
    /// `no environment named; production assumed`.
    public var reason: String

    public init(environment: DeploymentEnvironment, reason: String) {
        self.environment = environment
        self.reason = reason
    }

    public var isProduction: Bool { environment == .production }

    static let assumedProduction = EnvironmentVerdict(environment: .production, reason: "no environment named; production assumed")
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
