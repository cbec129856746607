import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-010: actions whose response is a usable credential, allowed on every resource
/// with no condition.
struct CredentialsReturningActionsUnconstrained: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-010",
        slug: "credentials-returning-actions-unconstrained",
        title: "Credentials-returning actions granted without constraints",
        severity: .high,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege", "credentials"],
        rationale: """
            Some API calls answer with a credential: `iam:CreateAccessKey` and \
            `iam:CreateLoginProfile` mint keys and passwords for any user, `sts:AssumeRole` \
            returns session keys for any role that trusts the account, \
            `redshift:GetClusterCredentials` a database login. Granted on `*` without a condition, one compromised function \
            becomes many identities. The rule flags an `Allow` on `Resource: "*"` (or with \
            `NotResource`) without a `Condition` whose action entries (wildcards and \
            `NotAction` included) reach an action of cloudsplaining's credentials-exposure list \
            (kept as data in `SensitiveActionLists`), unless an outright `Deny` in the same \
            document removes it. The list is cloudsplaining's, with its two `gamelist:` entries \
            read as the GameLift actions they name. As in cloudsplaining (and checkov's \
            CKV_AWS_287/107 samples), actions AWS only accepts on `*` are not reported \
            (`ecr:GetAuthorizationToken`, `sts:GetSessionToken`, \
            `cognito-identity:GetCredentialsForIdentity`): `*` is the only way to grant them, \
            so the finding would have no fix short of removing the action.
            """,
        remediation: """
            Scope the call to the resources it needs (`Resource: arn:aws:iam::123456789012:role/deploy` \
            for `sts:AssumeRole`, the repository ARN for ECR), or add a condition that pins them.
            """,
        references: [
            "https://github.com/salesforce/cloudsplaining/blob/master/cloudsplaining/shared/constants.py (ACTIONS_THAT_RETURN_CREDENTIALS)",
            "https://gist.github.com/kmcquade/33860a617e651104d243c324ddf7992a",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        ],
        peerIDs: ["checkov:CKV_AWS_287", "checkov:CKV_AWS_107"]
    )

    /// The list, less the actions AWS only accepts on `*` (`ecr:GetAuthorizationToken`,
    /// `sts:GetSessionToken`): granting those on `*` is the only way to grant them.
    private static let credentialActions = IAMActionCatalog.shared.set(
        of: IAMActionCatalog.shared.actions(named: SensitiveActionLists.credentialsReturning)
            .filter(\.supportsResourceLevelPermissions)
    )

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        report.reportUnconstrainedGrants(
            in: policy, selecting: Self.credentialActions,
            message: { entries, granted in
                "\(policy.name) allows actions that return credentials on every resource\(throughClause(entries, granted)): "
                    + IAMActionCatalog.shared.describe(granted)
            }
        )
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "assume-any-role", """
            Resources:
              AppRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: app
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - ↓sts:AssumeRole
                            Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "named-role", """
            Resources:
              AppRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: app
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - sts:AssumeRole
                            Resource: arn:aws:iam::123456789012:role/deploy
            """),
        .bad(.samYAML, scenario: "access-keys-by-wildcard", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              App:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action:
                            - ↓iam:*AccessKey
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "assume-any-role", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "app": {
                    "statement": [{"actions": [↓"sts:AssumeRole"], "resources": ["*"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"app": {"policy": "${data.aws_iam_policy_document.app.json}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "assume-any-role", """
            data "aws_iam_policy_document" "app" {
              statement {
                actions = [↓"sts:AssumeRole"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "app" {
              policy = data.aws_iam_policy_document.app.json
            }
            """),
        .bad(.terraformJSON, scenario: "access-keys-for-everyone", """
            {
              "resource": {
                "aws_iam_user_policy": {
                  "ops": {
                    "user": "ops",
                    ↓"policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = [\\"iam:ListUsers\\", \\"iam:CreateAccessKey\\"], Resource = \\"*\\"}]})}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "access-keys-for-everyone", """
            resource "aws_iam_user_policy" "ops" {
              user = "ops"
              ↓policy = "${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["iam:ListUsers", "iam:CreateAccessKey"], Resource = "*"}]})}"
            }
            """),
        .good(.terraformJSON, scenario: "named-role", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "app": {
                    "statement": [{"actions": ["sts:AssumeRole"], "resources": ["arn:aws:iam::123456789012:role/deploy"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"app": {"policy": "${data.aws_iam_policy_document.app.json}"}}
              }
            }
            """),
        .good(.terraformHCL, scenario: "named-role", """
            data "aws_iam_policy_document" "app" {
              statement {
                actions = ["sts:AssumeRole"]
                resources = ["arn:aws:iam::123456789012:role/deploy"]
              }
            }

            resource "aws_iam_policy" "app" {
              policy = data.aws_iam_policy_document.app.json
            }
            """),
        .bad(.iamJSON, scenario: "access-keys-for-everyone", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["iam:ListUsers", ↓"iam:CreateAccessKey"], "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "own-keys-only", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "conditioned", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "sts:AssumeRole",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"aws:ResourceTag/team": "data"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "only-grantable-on-star", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "sts:GetSessionToken"], "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "read-only", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["iam:List*", "iam:Get*"], "Resource": "*"}
              ]
            }
            """),
    ]
}
