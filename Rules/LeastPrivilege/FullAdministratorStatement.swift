import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-001: one statement that allows every action on every resource.
struct FullAdministratorStatement: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-001",
        slug: "full-administrator-statement",
        title: "Full administrator statement (Action \"*\" on Resource \"*\")",
        severity: .critical,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege"],
        rationale: """
            One statement that allows `*` on `*` grants every API in the account: any \
            code-execution bug in a function holding it becomes an account takeover. The \
            finding is critical on policies that a role, user or group carries and high on a \
            managed policy that nothing in the scanned set attaches or on a standalone policy \
            file. Statements with a `Condition` are left to review (they may pin the caller), \
            and service control policies are skipped: `FullAWSAccess` is their normal default.
            """,
        remediation: """
            List the actions the workload calls (`dynamodb:GetItem`, `s3:PutObject`, …) and the \
            ARNs it calls them on; for a deploy role prefer a managed policy scoped to the \
            services it deploys.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_62", "checkov:CKV_AWS_1", "kics:2f37c4a3-58b9-4afe-8a87-d7f1d2286f84",
            "kics:b1ffa705-19a3-4b73-b9d0-0c97d0663842", "kics:953b3cdb-ce13-428a-aa12-318726506661",
        ]
    )

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        guard policy.grantsPermissions, !report.reportUnreadable(policy) else { return }
        var failed = false
        for statement in policy.statements {
            guard statement.isAllow, statement.conditions.isEmpty, let actions = statement.actions else { continue }
            let grantsEverything = actions.literalStrings.contains(where: IAMActionCatalog.isEveryAction)
            if let expression = actions.unresolvedExpression {
                report.unknown(expression, policy: policy, at: actions.location)
                continue
            }
            guard grantsEverything else { continue }
            let resources = statement.resources
            if let expression = resources?.unresolvedExpression {
                report.unknown(expression, policy: policy, at: resources?.location)
                continue
            }
            guard resources?.literalStrings.contains("*") == true else { continue }
            failed = true
            report.fail(
                "\(policy.name) allows every action on every resource",
                policy: policy, at: actions.location ?? statement.location,
                attribute: "\(policy.path(of: statement))", severity: severity(of: policy, in: model), rootCause: policy.rootCause(of: statement)
            )
        }
        if !failed { report.pass() }
    }

    /// Critical when a principal carries the document; high when nothing is known to.
    private func severity(of policy: PolicyDocument, in model: CloudModel) -> Severity {
        guard let owner = policy.owner.flatMap(model.resource) else { return .high }
        switch owner.kind {
        case .role, .user, .group, .inlinePolicy:
            return .critical
        case .managedPolicy:
            let attached = !owner[.roles].isAbsent || !owner[.users].isAbsent || !owner[.groups].isAbsent
                || model.referrers(of: owner.id).contains { [.role, .user, .group, .policyAttachment].contains($0.resource.kind) }
            return attached ? .critical : .high
        default:
            // A policy-document data source is judged where it is used.
            let usedByPrincipal = model.referrers(of: owner.id).contains {
                [.role, .user, .group, .inlinePolicy, .managedPolicy].contains($0.resource.kind)
            }
            return usedByPrincipal ? .critical : .high
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "admin-inline", """
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
                    - PolicyName: everything
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            ↓Action: "*"
                            Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "scoped", """
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
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
                    - PolicyName: table-access
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - dynamodb:GetItem
                              - dynamodb:PutItem
                            Resource: !GetAtt Table.Arn
            """),
        .bad(.samYAML, scenario: "admin-inline", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          ↓Action: "*"
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "admin-inline", """
            {
              "resource": {
                "aws_iam_role": {
                  "app": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                },
                "aws_iam_role_policy": {
                  "everything": {
                    "role": "${aws_iam_role.app.id}",
                    ↓"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"*\\",\\"Resource\\":\\"*\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "admin-inline", """
            resource "aws_iam_role" "app" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }

            resource "aws_iam_role_policy" "everything" {
              role = aws_iam_role.app.id
              ↓policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"*\\",\\"Resource\\":\\"*\\"}]}"
            }
            """),
        .bad(.terraformJSON, scenario: "admin-data-source", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "everything": {
                    "statement": [
                      {
                        ↓"actions": ["*"],
                        "resources": ["*"]
                      }
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {
                  "everything": {"policy": "${data.aws_iam_policy_document.everything.json}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "admin-data-source", """
            data "aws_iam_policy_document" "everything" {
              statement {
                ↓actions = ["*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "everything" {
              policy = data.aws_iam_policy_document.everything.json
            }
            """),
        .good(.terraformJSON, scenario: "scoped", """
            {
              "resource": {
                "aws_dynamodb_table": {"sales": {"name": "sales", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST"}},
                "aws_iam_role_policy": {
                  "table": {
                    "role": "app",
                    "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"dynamodb:GetItem\\"],\\"Resource\\":\\"arn:aws:dynamodb:us-east-1:123456789012:table/sales\\"}]}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "scoped", """
            resource "aws_dynamodb_table" "sales" {
              name = "sales"
              hash_key = "id"
              billing_mode = "PAY_PER_REQUEST"
            }

            resource "aws_iam_role_policy" "table" {
              role = "app"
              policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"dynamodb:GetItem\\"],\\"Resource\\":\\"arn:aws:dynamodb:us-east-1:123456789012:table/sales\\"}]}"
            }
            """),
        .bad(.iamJSON, scenario: "admin-inline", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  ↓"Action": "*",
                  "Resource": "*"
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "conditioned", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "*",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "scoped", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::assets/*"}
              ]
            }
            """),
    ]
}
