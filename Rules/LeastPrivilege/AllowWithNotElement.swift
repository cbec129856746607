import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-006: an `Allow` written as "everything except" (`NotAction`, `NotResource`,
/// `NotPrincipal`).
struct AllowWithNotElement: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-006",
        slug: "allow-with-not-element",
        title: "Allow with NotAction, NotResource or NotPrincipal",
        severity: .medium,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege"],
        rationale: """
            An `Allow` with `NotAction` grants every action except the listed ones, including \
            every action and service AWS adds later; `NotResource` grants every resource but a \
            few; `NotPrincipal` in an `Allow` grants everyone else, anonymous callers included. \
            Reviewers routinely read them backwards. The rule flags each `Not*` element of an \
            `Allow` statement in identity, trust, resource-based and standalone policies; it \
            is high for `NotAction` on `Resource: "*"`, for `NotResource` with `Action: "*"` \
            and for `NotPrincipal`, medium otherwise. `Deny` with `NotAction` (the usual \
            guard-rail, "deny everything outside these services") passes, and service control \
            policies are skipped: their `Allow` statements set a ceiling rather than grant. \
            Terraform's `aws_iam_policy_document` counts an omitted `effect` as `Allow`.
            """,
        remediation: """
            List the actions, resources or principals that are allowed. To fence a broad grant, \
            keep the `Allow` positive and add a `Deny` with `NotAction` or `NotResource`.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
        ],
        peerIDs: [
            "kics:4fbfee74-8186-40d5-a24e-4baa76a855de", "kics:4a8fc9a2-2b2f-4b3f-aa8d-401425872034",
            "kics:818f38ed-8446-4132-9c03-474d49e10195", "kics:5ea624e4-c8b1-4bb3-87a4-4235a776adcc",
            "cfn_nag:W14", "cfn_nag:W15", "cfn_nag:W16", "cfn_nag:W17", "cfn_nag:W18", "cfn_nag:W19", "cfn_nag:W20",
            "cfn_nag:W21", "cfn_nag:W22", "cfn_nag:W23", "cfn_nag:F6", "cfn_nag:F7", "cfn_nag:F8", "cfn_nag:F9",
        ]
    )

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        guard policy.kind != .serviceControl, !report.reportUnreadable(policy) else { return }
        var failed = false
        for statement in policy.statements {
            // An unresolved effect is not Allow: the rule stays silent on it.
            guard statement.isAllow else { continue }
            let path = "\(policy.path(of: statement))"
            if let notActions = statement.notActions {
                let onEverything = statement.resources?.literalStrings.contains("*") == true
                let listed = notActions.literalStrings.map { "\"\($0)\"" }.joined(separator: ", ")
                report.fail(
                    "\(policy.name) allows every action except \(listed.isEmpty ? "the listed ones" : listed)"
                        + (onEverything ? " on every resource" : ""),
                    policy: policy, at: notActions.location ?? statement.location, attribute: "\(path).NotAction",
                    severity: onEverything ? .high : .medium, rootCause: policy.rootCause(of: statement)
                )
                failed = true
            }
            if let notResources = statement.notResources {
                let allActions = statement.actions?.literalStrings.contains(where: IAMActionCatalog.isEveryAction) == true
                report.fail(
                    "\(policy.name) allows its actions on every resource except the ones NotResource lists",
                    policy: policy, at: notResources.location ?? statement.location, attribute: "\(path).NotResource",
                    severity: allActions ? .high : .medium, rootCause: policy.rootCause(of: statement)
                )
                failed = true
            }
            if !statement.notPrincipals.isEmpty {
                report.fail(
                    "\(policy.name) allows every principal except the ones NotPrincipal lists, anonymous callers included",
                    policy: policy, at: statement.location, attribute: "\(path).NotPrincipal", severity: .high, rootCause: policy.rootCause(of: statement)
                )
                failed = true
            }
        }
        if !failed { report.pass() }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "not-action", """
            Resources:
              OpsRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: ec2.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: all-but-iam
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            ↓NotAction: iam:*
                            Resource: "*"
            """),
        .bad(.cloudFormationYAML, scenario: "queue-not-principal", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
              JobsPolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues:
                    - !Ref Jobs
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - ↓Effect: Allow
                        NotPrincipal:
                          AWS: arn:aws:iam::123456789012:root
                        Action: sqs:SendMessage
                        Resource: !GetAtt Jobs.Arn
            """),
        .good(.cloudFormationYAML, scenario: "deny-not-action", """
            Resources:
              OpsRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: ec2.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: fenced
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - s3:GetObject
                            Resource: arn:aws:s3:::reports/*
                          - Effect: Deny
                            NotAction:
                              - s3:*
                            Resource: "*"
            """),
        .bad(.samYAML, scenario: "not-action", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Ops:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          ↓NotAction: iam:*
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "not-action", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "all_but_iam": {
                    "statement": [{↓"not_actions": ["iam:*"], "resources": ["*"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"all_but_iam": {"policy": "${data.aws_iam_policy_document.all_but_iam.json}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "not-action", """
            data "aws_iam_policy_document" "all_but_iam" {
              statement {
                ↓not_actions = ["iam:*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "all_but_iam" {
              policy = data.aws_iam_policy_document.all_but_iam.json
            }
            """),
        .bad(.terraformJSON, scenario: "not-resource", """
            {
              "resource": {
                "aws_iam_policy": {
                  "buckets": {
                    ↓"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:DeleteObject\\",\\"NotResource\\":\\"arn:aws:s3:::audit/*\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "not-resource", """
            resource "aws_iam_policy" "buckets" {
              ↓policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:DeleteObject\\",\\"NotResource\\":\\"arn:aws:s3:::audit/*\\"}]}"
            }
            """),
        .good(.terraformJSON, scenario: "deny-not-action", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "fenced": {
                    "statement": [
                      {"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::reports/*"]},
                      {"effect": "Deny", "not_actions": ["s3:*"], "resources": ["*"]}
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"fenced": {"policy": "${data.aws_iam_policy_document.fenced.json}"}}
              }
            }
            """),
        .good(.terraformHCL, scenario: "deny-not-action", """
            data "aws_iam_policy_document" "fenced" {
              statement {
                actions = ["s3:GetObject"]
                resources = ["arn:aws:s3:::reports/*"]
              }
              statement {
                effect = "Deny"
                not_actions = ["s3:*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "fenced" {
              policy = data.aws_iam_policy_document.fenced.json
            }
            """),
        .bad(.iamJSON, scenario: "not-action", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", ↓"NotAction": "iam:*", "Resource": "*"}
              ]
            }
            """),
        .bad(.iamJSON, scenario: "not-resource", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "s3:DeleteObject", ↓"NotResource": "arn:aws:s3:::audit/*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "deny-not-action", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
                {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}
              ]
            }
            """),
    ]
}
