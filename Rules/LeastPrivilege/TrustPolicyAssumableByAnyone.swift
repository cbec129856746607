import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-007: a role trust policy that lets any AWS principal assume the role.
struct TrustPolicyAssumableByAnyone: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-007",
        slug: "trust-policy-assumable-by-anyone",
        title: "Trust policy assumable by anyone",
        severity: .critical,
        pack: .leastPrivilege,
        tags: ["security", "iam", "trust-policy"],
        rationale: """
            `Principal: "*"` or `{"AWS": "*"}` in a role's trust policy lets every AWS \
            account, not only yours, call `sts:AssumeRole` on the role. Without a condition \
            that pins the caller (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, \
            `aws:PrincipalArn`, `sts:ExternalId`, `aws:SourceArn`, `aws:SourceAccount`) the \
            finding is critical; with other conditions only, it is medium, to review. \
            Standalone policy files are checked when they are trust policies (an \
            `sts:AssumeRole*` action with a `Principal`).
            """,
        remediation: """
            Name the accounts, roles or services that may assume the role in `Principal`, or \
            pin the caller with `aws:PrincipalOrgID` / `sts:ExternalId` for third parties.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_60", "checkov:CKV_AWS_61", "kics:12b7e704-37f0-4d1e-911a-44bf60c48c21",
            "kics:bcdcbdc6-a350-4855-ae7c-d1e6436f7c97", "kics:f80e3aa7-7b34-4185-954e-440a6894dde6",
        ]
    )

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        guard policy.kind == .trust || policy.kind == .standalone else { return }
        if let expression = policy.unresolvedExpression, policy.statements.isEmpty {
            if policy.kind == .trust { report.unknown(expression, policy: policy) }
            return
        }
        var judged = false
        for statement in policy.statements where statement.isAllow {
            guard PolicyPrincipals.matchesAny(statement, PolicyPrincipals.assumeRoleActions) else { continue }
            judged = true
            for principal in statement.principals {
                switch PolicyPrincipals.isEveryone(principal) {
                case nil:
                    if case .unresolved(let expression) = principal.value { report.unknown(expression, policy: policy, at: principal.location) }
                case false?:
                    continue
                case true?:
                    if PolicyPrincipals.hasRestrictingCondition(statement) { continue }
                    let conditioned = !statement.conditions.isEmpty
                    report.fail(
                        conditioned
                            ? "\(policy.name) lets any AWS principal assume the role, limited only by conditions that do not pin the caller"
                            : "\(policy.name) lets any AWS principal assume the role",
                        policy: policy, at: principal.location ?? statement.location,
                        attribute: "\(policy.path(of: statement)).Principal", severity: conditioned ? .medium : .critical, rootCause: policy.rootCause(of: statement)
                    )
                }
            }
        }
        if judged { report.pass() }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "everyone", """
            Resources:
              SharedRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: ↓"*"
                        Action: sts:AssumeRole
            """),
        .good(.cloudFormationYAML, scenario: "organization", """
            Resources:
              SharedRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: "*"
                        Action: sts:AssumeRole
                        Condition:
                          StringEquals:
                            aws:PrincipalOrgID: o-a1b2c3d4e5
            """),
        .good(.cloudFormationYAML, scenario: "service", """
            Resources:
              FunctionRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
            """),
        .bad(.terraformJSON, scenario: "everyone", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "trust": {
                    "statement": [
                      {"actions": ["sts:AssumeRole"], "principals": [{"type": "AWS", "identifiers": [↓"*"]}]}
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_role": {
                  "shared": {"assume_role_policy": "${data.aws_iam_policy_document.trust.json}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "everyone", """
            data "aws_iam_policy_document" "trust" {
              statement {
                actions = ["sts:AssumeRole"]
                principals {
                  type = "AWS"
                  identifiers = [↓"*"]
                }
              }
            }

            resource "aws_iam_role" "shared" {
              assume_role_policy = data.aws_iam_policy_document.trust.json
            }
            """),
        .bad(.terraformJSON, scenario: "everyone-json-string", """
            {
              "resource": {
                "aws_iam_role": {
                  "shared": {
                    ↓"assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "everyone-json-string", """
            resource "aws_iam_role" "shared" {
              ↓assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }
            """),
        .good(.terraformJSON, scenario: "organization", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "trust": {
                    "statement": [
                      {
                        "actions": ["sts:AssumeRole"],
                        "principals": [{"type": "AWS", "identifiers": ["*"]}],
                        "condition": [{"test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": ["o-a1b2c3d4e5"]}]
                      }
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_role": {
                  "shared": {"assume_role_policy": "${data.aws_iam_policy_document.trust.json}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "organization", """
            data "aws_iam_policy_document" "trust" {
              statement {
                actions = ["sts:AssumeRole"]
                principals {
                  type = "AWS"
                  identifiers = ["*"]
                }
                condition {
                  test = "StringEquals"
                  variable = "aws:PrincipalOrgID"
                  values = ["o-a1b2c3d4e5"]
                }
              }
            }

            resource "aws_iam_role" "shared" {
              assume_role_policy = data.aws_iam_policy_document.trust.json
            }
            """),
        .bad(.iamJSON, scenario: "everyone", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", ↓"Principal": "*", "Action": "sts:AssumeRole"}
              ]
            }
            """),
        .bad(.iamJSON, scenario: "unpinned-condition", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {"AWS": ↓"*"},
                  "Action": "sts:AssumeRole",
                  "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "organization", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {"AWS": "*"},
                  "Action": "sts:AssumeRole",
                  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
                }
              ]
            }
            """),
    ]
}
