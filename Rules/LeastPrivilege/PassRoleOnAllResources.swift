import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-005: `iam:PassRole` on every role, with nothing limiting where it can be passed.
struct PassRoleOnAllResources: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-005",
        slug: "pass-role-on-all-resources",
        title: "iam:PassRole on Resource \"*\"",
        severity: .high,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege", "privilege-escalation"],
        rationale: """
            `iam:PassRole` on `*` lets the holder hand any role in the account, administrator \
            roles included, to a service it can start (a Lambda function, an EC2 instance, a \
            CloudFormation stack); it is the building block of most privilege-escalation paths \
            (AS-IAM-004 reports the complete combinations). The rule flags an `Allow` that \
            grants `iam:PassRole` through any entry that matches it (`iam:PassRole`, \
            `iam:Pass*`, `iam:*`, `*`, or a `NotAction` that leaves it out) on `Resource: "*"` \
            (or with `NotResource`). A condition on `iam:PassedToService`, \
            `iam:AssociatedResourceArn` or `aws:ResourceTag/…` narrows which roles go where and \
            passes; other conditions (region, MFA) do not limit the roles and still fail. An \
            outright `Deny` of `iam:PassRole` on `*` in the same document passes. Peers have no \
            single-purpose check: checkov and cloudsplaining count PassRole among permissions \
            management actions (CKV_AWS_289/109).
            """,
        remediation: """
            List the role ARNs the workload passes (`Resource: !GetAtt TaskRole.Arn`) and add \
            `"Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}`.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService",
            "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
        ],
        peerIDs: ["checkov:CKV_AWS_289", "checkov:CKV_AWS_109", "checkov:CKV_AWS_286", "checkov:CKV_AWS_110",
                  "cfn_nag:F38", "cfn_nag:F39", "cfn_nag:F40"]
    )

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        report.reportUnconstrainedGrants(
            in: policy,
            selecting: Self.passRole,
            narrowedBy: { statement in statement.conditions.contains { Self.limitsPassedRoles($0.key) } },
            message: { entries, granted in
                "\(policy.name) allows iam:PassRole on every role\(throughClause(entries, granted)) without an "
                    + "iam:PassedToService condition"
            }
        )
    }

    private static let passRole = IAMActionCatalog.shared.actionSet("iam:PassRole")

    /// Condition keys that limit which roles can be passed, or to which service.
    private static func limitsPassedRoles(_ key: String) -> Bool {
        let key = key.lowercased()
        return key == "iam:passedtoservice" || key == "iam:associatedresourcearn" || key.hasPrefix("aws:resourcetag/")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "pass-any-role", """
            Resources:
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: codebuild.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: deploy
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - ecs:RegisterTaskDefinition
                              - ↓iam:PassRole
                            Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "named-role", """
            Resources:
              TaskRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: ecs-tasks.amazonaws.com
                        Action: sts:AssumeRole
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: codebuild.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: deploy
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: iam:PassRole
                            Resource: !GetAtt TaskRole.Arn
            """),
        .bad(.samYAML, scenario: "pass-by-wildcard", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Launcher:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: ↓iam:Pass*
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "pass-by-wildcard", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "launcher": {
                    "statement": [{"actions": [↓"iam:Pass*"], "resources": ["*"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"launcher": {"policy": "${data.aws_iam_policy_document.launcher.json}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "pass-by-wildcard", """
            data "aws_iam_policy_document" "launcher" {
              statement {
                actions = [↓"iam:Pass*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "launcher" {
              policy = data.aws_iam_policy_document.launcher.json
            }
            """),
        .bad(.terraformJSON, scenario: "pass-any-role", """
            {
              "resource": {
                "aws_iam_role_policy": {
                  "deploy": {
                    "role": "deploy",
                    ↓"policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = [\\"ecs:RegisterTaskDefinition\\", \\"iam:PassRole\\"], Resource = \\"*\\"}]})}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "pass-any-role", """
            resource "aws_iam_role_policy" "deploy" {
              role = "deploy"
              ↓policy = "${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["ecs:RegisterTaskDefinition", "iam:PassRole"], Resource = "*"}]})}"
            }
            """),
        .good(.terraformJSON, scenario: "passed-to-service", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "deploy": {
                    "statement": [{
                      "actions": ["iam:PassRole"],
                      "resources": ["*"],
                      "condition": [{"test": "StringEquals", "variable": "iam:PassedToService", "values": ["ecs-tasks.amazonaws.com"]}]
                    }]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"deploy": {"policy": "${data.aws_iam_policy_document.deploy.json}"}}
              }
            }
            """),
        .good(.terraformHCL, scenario: "passed-to-service", """
            data "aws_iam_policy_document" "deploy" {
              statement {
                actions = ["iam:PassRole"]
                resources = ["*"]
                condition {
                  test = "StringEquals"
                  variable = "iam:PassedToService"
                  values = ["ecs-tasks.amazonaws.com"]
                }
              }
            }

            resource "aws_iam_policy" "deploy" {
              policy = data.aws_iam_policy_document.deploy.json
            }
            """),
        .bad(.iamJSON, scenario: "pass-any-role", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["ecs:RegisterTaskDefinition", ↓"iam:PassRole"], "Resource": "*"}
              ]
            }
            """),
        .bad(.iamJSON, scenario: "region-condition-is-not-enough", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ↓"iam:PassRole",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "passed-to-service", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "iam:PassRole",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "named-role", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-task"}
              ]
            }
            """),
    ]
}
