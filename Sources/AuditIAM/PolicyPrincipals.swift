import AuditModel

/// Reading the `Principal`, `Action` and `Condition` of statements the way the trust and
/// resource-policy rules need it.
public enum PolicyPrincipals {
    /// Whether a principal entry is everyone: `"*"` or `{"AWS": "*"}`; nil when unresolved.
    public static func isEveryone(_ principal: PolicyPrincipal) -> Bool? {
        switch principal.value {
        case .string(let text): return text == "*" && (principal.type == "*" || principal.type == "AWS")
        case .unresolved: return principal.type == "*" || principal.type == "AWS" ? nil : false
        default: return false
        }
    }

    /// Whether some literal `Action` entry of the statement matches one of `actions`
    /// (case-insensitive glob); `NotAction` matches what it does not exclude.
    public static func matchesAny(_ statement: PolicyStatement, _ actions: [String]) -> Bool {
        let targets = actions.map { Array($0.lowercased().utf8) }
        func matches(_ pattern: String) -> Bool {
            let bytes = Array(pattern.lowercased().utf8)
            return targets.contains { IAMActionCatalog.glob(bytes, $0) }
        }
        if let element = statement.actions { return element.literalStrings.contains(where: matches) }
        if let element = statement.notActions {
            return actions.contains { action in
                !element.literalStrings.contains { IAMActionCatalog.glob(Array($0.lowercased().utf8), Array(action.lowercased().utf8)) }
            }
        }
        return false
    }

    /// The `sts:AssumeRole*` actions a trust policy grants.
    public static let assumeRoleActions = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"]

    /// Condition keys that pin who may act: the caller's account or organization, an
    /// external id, or the resource on whose behalf a service acts.
    public static let restrictingConditionKeys: Set<String> = [
        "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths", "aws:principalarn", "aws:sourcearn",
        "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourcevpce", "aws:sourcevpc",
        "sts:externalid", "aws:userid", "kms:calleraccount",
    ]

    /// Whether some condition of the statement pins the caller (see `restrictingConditionKeys`).
    public static func hasRestrictingCondition(_ statement: PolicyStatement) -> Bool {
        statement.conditions.contains { restrictingConditionKeys.contains($0.key.lowercased()) }
    }

    /// The trust policy documents of a role: its own, or the policy-document data source
    /// it points at.
    public static func trustDocuments(of role: Resource, in model: CloudModel) -> [PolicyDocument] {
        var documents = model.policies(ownedBy: role.id).filter { $0.kind == .trust }
        for link in role.links where link.path == "assume_role_policy" || link.path == "AssumeRolePolicyDocument" {
            documents += model.policies(ownedBy: link.target).filter { $0.kind == .trust }
        }
        return documents
    }

    /// Who may assume a role, as far as its trust policy says.
    public enum Assumer: Sendable, Hashable {
        /// A service principal such as `lambda.amazonaws.com`.
        case service(String)
        /// A federated identity provider (an OIDC provider for CI, SAML).
        case federated(String)
        /// An account, user or role.
        case aws(String)
        case everyone
        case unknown(String)
    }

    public static func assumers(of role: Resource, in model: CloudModel) -> [Assumer] {
        var assumers: [Assumer] = []
        for document in trustDocuments(of: role, in: model) {
            if let expression = document.unresolvedExpression { assumers.append(.unknown(expression)) }
            for statement in document.statements where statement.isAllow {
                for principal in statement.principals {
                    switch principal.value {
                    case .string(let text):
                        switch principal.type {
                        case "Service": assumers.append(.service(text))
                        case "Federated": assumers.append(.federated(text))
                        default: assumers.append(text == "*" ? .everyone : .aws(text))
                        }
                    case .reference(let reference):
                        assumers.append(principal.type == "Federated" ? .federated(reference.description) : .aws(reference.description))
                    case .unresolved(let expression):
                        assumers.append(.unknown(expression))
                    default:
                        break
                    }
                }
            }
        }
        return assumers
    }
}
