import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-008: a role GitHub Actions can assume through OIDC without pinning the repository.
struct GitHubOIDCRoleWithoutSubCondition: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-008",
        slug: "github-oidc-role-without-sub-condition",
        title: "GitHub Actions OIDC role without a sub condition",
        severity: .critical,
        pack: .leastPrivilege,
        tags: ["security", "iam", "trust-policy", "ci"],
        rationale: """
            GitHub's OIDC provider (`token.actions.githubusercontent.com`) issues tokens to \
            every workflow of every repository on GitHub. A trust policy that checks only the \
            audience (`aud`) lets any of them assume the role; only the `sub` claim \
            (`repo:owner/name:ref:refs/heads/main`, `repo:owner/name:environment:prod`) names \
            your repository. The rule fails when a statement trusting the GitHub provider has \
            no `StringEquals`/`StringLike` test on `token.actions.githubusercontent.com:sub`, \
            or when the pattern leaves the owner open (`*`, `repo:*`). The provider is \
            recognised by its ARN, by a reference to an OIDC provider resource whose URL is \
            GitHub's, or by the `token.actions.githubusercontent.com:` claims the statement \
            tests.
            """,
        remediation: """
            Add `"StringEquals": {"token.actions.githubusercontent.com:sub": \
            "repo:<owner>/<repo>:ref:refs/heads/main"}` (or `StringLike` with a pattern that \
            keeps the owner and repository fixed) next to the `aud` check.
            """,
        references: [
            "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub",
        ],
        peerIDs: ["checkov:CKV_AWS_393", "checkov:CKV_AWS_358"]
    )

    private static let provider = "token.actions.githubusercontent.com"
    private static let subKey = "token.actions.githubusercontent.com:sub"

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        guard policy.kind == .trust || policy.kind == .standalone else { return }
        for statement in policy.statements where statement.isAllow {
            // The provider is GitHub's by its ARN or URL, or, when the principal is a variable,
            // by the GitHub claims the statement tests.
            let testsGitHubClaims = statement.conditions.contains { $0.key.lowercased().hasPrefix(Self.provider + ":") }
            guard let principal = statement.principals.first(where: {
                $0.type == "Federated" && (isGitHub($0.value, in: model) || testsGitHubClaims)
            }) else { continue }
            let attribute = "\(policy.path(of: statement)).Condition"
            let subTests = statement.conditions.filter { $0.key.lowercased() == Self.subKey && Self.isStringTest($0.conditionOperator) }
            if subTests.isEmpty {
                report.fail("\(policy.name) trusts GitHub Actions without a condition on \(Self.subKey): any repository can assume the role",
                            policy: policy, at: principal.location ?? statement.location, attribute: attribute, rootCause: policy.rootCause(of: statement))
                continue
            }
            if let open = subTests.first(where: { $0.values.contains(where: Self.leavesOwnerOpen) }) {
                report.fail("\(policy.name) accepts any GitHub repository in \(Self.subKey) (\(open.values.map(\.displayText).joined(separator: ", ")))",
                            policy: policy, at: open.location ?? statement.location, attribute: attribute, rootCause: policy.rootCause(of: statement))
                continue
            }
            if let unresolved = subTests.lazy.flatMap(\.values).first(where: { if case .unresolved = $0 { true } else { false } }) {
                report.unknown(unresolved.displayText, policy: policy, at: subTests[0].location)
                continue
            }
            report.pass()
        }
    }

    private func isGitHub(_ value: Value, in model: CloudModel) -> Bool {
        switch value {
        case .string(let text):
            return text.contains(Self.provider)
        case .reference(let reference):
            guard let provider = model.resolve(reference), provider.kind == .oidcProvider,
                  case .value(let url) = provider[.oidcURL].string else { return false }
            return url.contains(Self.provider)
        default:
            return false
        }
    }

    private static func isStringTest(_ conditionOperator: String) -> Bool {
        let base = conditionOperator.split(separator: ":").last.map(String.init) ?? conditionOperator
        return base.hasPrefix("StringEquals") || base.hasPrefix("StringLike")
    }

    /// `*`, `repo:*`, `repo:*/…`: any owner.
    private static func leavesOwnerOpen(_ value: Value) -> Bool {
        guard case .string(let text) = value else { return false }
        return text == "*" || text.hasPrefix("repo:*") || text.hasPrefix("*")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "audience-only", """
            Resources:
              GitHubProvider:
                Type: AWS::IAM::OIDCProvider
                Properties:
                  Url: https://token.actions.githubusercontent.com
                  ClientIdList:
                    - sts.amazonaws.com
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Federated: ↓!Ref GitHubProvider
                        Action: sts:AssumeRoleWithWebIdentity
                        Condition:
                          StringEquals:
                            token.actions.githubusercontent.com:aud: sts.amazonaws.com
            """),
        .good(.cloudFormationYAML, scenario: "repository-pinned", """
            Resources:
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Federated: !Sub arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
                        Action: sts:AssumeRoleWithWebIdentity
                        Condition:
                          StringEquals:
                            token.actions.githubusercontent.com:aud: sts.amazonaws.com
                            token.actions.githubusercontent.com:sub: repo:acme/shop:ref:refs/heads/main
            """),
        .bad(.terraformJSON, scenario: "any-repository", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "github": {
                    "statement": [
                      {
                        "actions": ["sts:AssumeRoleWithWebIdentity"],
                        "principals": [{"type": "Federated", "identifiers": ["${aws_iam_openid_connect_provider.github.arn}"]}],
                        "condition": [
                          {"test": "StringEquals", "variable": "token.actions.githubusercontent.com:aud", "values": ["sts.amazonaws.com"]},
                          ↓{"test": "StringLike", "variable": "token.actions.githubusercontent.com:sub", "values": ["repo:*"]}
                        ]
                      }
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_openid_connect_provider": {
                  "github": {"url": "https://token.actions.githubusercontent.com", "client_id_list": ["sts.amazonaws.com"]}
                },
                "aws_iam_role": {
                  "deploy": {"assume_role_policy": "${data.aws_iam_policy_document.github.json}"}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "audience-only", """
            {
              "resource": {
                "aws_iam_role": {
                  "deploy": {
                    ↓"assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Federated\\":\\"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\\"},\\"Action\\":\\"sts:AssumeRoleWithWebIdentity\\",\\"Condition\\":{\\"StringEquals\\":{\\"token.actions.githubusercontent.com:aud\\":\\"sts.amazonaws.com\\"}}}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "audience-only", """
            resource "aws_iam_role" "deploy" {
              ↓assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Federated\\":\\"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\\"},\\"Action\\":\\"sts:AssumeRoleWithWebIdentity\\",\\"Condition\\":{\\"StringEquals\\":{\\"token.actions.githubusercontent.com:aud\\":\\"sts.amazonaws.com\\"}}}]}"
            }
            """),
        .bad(.terraformJSON, scenario: "provider-from-variable", """
            {
              "variable": {"github_provider_arn": {}},
              "resource": {
                "aws_iam_role": {
                  "deploy": {
                    ↓"assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Federated\\":\\"${var.github_provider_arn}\\"},\\"Action\\":\\"sts:AssumeRoleWithWebIdentity\\",\\"Condition\\":{\\"StringEquals\\":{\\"token.actions.githubusercontent.com:aud\\":\\"sts.amazonaws.com\\"}}}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "provider-from-variable", """
            variable "github_provider_arn" {
            }

            resource "aws_iam_role" "deploy" {
              ↓assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Federated\\":\\"${var.github_provider_arn}\\"},\\"Action\\":\\"sts:AssumeRoleWithWebIdentity\\",\\"Condition\\":{\\"StringEquals\\":{\\"token.actions.githubusercontent.com:aud\\":\\"sts.amazonaws.com\\"}}}]}"
            }
            """),
        .good(.terraformJSON, scenario: "repository-pinned", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "github": {
                    "statement": [
                      {
                        "actions": ["sts:AssumeRoleWithWebIdentity"],
                        "principals": [{"type": "Federated", "identifiers": ["${aws_iam_openid_connect_provider.github.arn}"]}],
                        "condition": [
                          {"test": "StringEquals", "variable": "token.actions.githubusercontent.com:aud", "values": ["sts.amazonaws.com"]},
                          {"test": "StringLike", "variable": "token.actions.githubusercontent.com:sub", "values": ["repo:acme/shop:environment:prod"]}
                        ]
                      }
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_openid_connect_provider": {
                  "github": {"url": "https://token.actions.githubusercontent.com", "client_id_list": ["sts.amazonaws.com"]}
                },
                "aws_iam_role": {
                  "deploy": {"assume_role_policy": "${data.aws_iam_policy_document.github.json}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "repository-pinned", """
            data "aws_iam_policy_document" "github" {
              statement {
                actions = ["sts:AssumeRoleWithWebIdentity"]
                principals {
                  type = "Federated"
                  identifiers = [aws_iam_openid_connect_provider.github.arn]
                }
                condition {
                  test = "StringEquals"
                  variable = "token.actions.githubusercontent.com:aud"
                  values = ["sts.amazonaws.com"]
                }
                condition {
                  test = "StringLike"
                  variable = "token.actions.githubusercontent.com:sub"
                  values = ["repo:acme/shop:environment:prod"]
                }
              }
            }

            resource "aws_iam_openid_connect_provider" "github" {
              url = "https://token.actions.githubusercontent.com"
              client_id_list = ["sts.amazonaws.com"]
            }

            resource "aws_iam_role" "deploy" {
              assume_role_policy = data.aws_iam_policy_document.github.json
            }
            """),
        .bad(.iamJSON, scenario: "audience-only", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {"Federated": ↓"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
                  "Action": "sts:AssumeRoleWithWebIdentity",
                  "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "repository-pinned", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
                  "Action": "sts:AssumeRoleWithWebIdentity",
                  "Condition": {
                    "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                    "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/shop:*"}
                  }
                }
              ]
            }
            """),
    ]
}
