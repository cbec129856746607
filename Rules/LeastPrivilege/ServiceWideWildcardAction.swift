import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-002: an action entry that grants a whole service (`s3:*`), or a wildcard that
/// reaches that service's write or permissions-management actions (`dynamodb:Delete*`).
struct ServiceWideWildcardAction: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-002",
        slug: "service-wide-wildcard-action",
        title: "Service-wide wildcard action (s3:*, dynamodb:*, iam:*, …)",
        severity: .medium,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege"],
        rationale: """
            A function that reads one table rarely needs to delete tables or change their \
            policies, yet `dynamodb:*` grants both, and so does every action AWS adds to the \
            service later. The rule flags an allowed action entry that is a whole service \
            (`s3:*`) or a wildcard whose expansion in the IAM action catalog reaches a Write or \
            Permissions management action (`dynamodb:Delete*`, `s3:*Object`); read-only \
            wildcards such as `s3:Get*` or `ec2:Describe*` pass, and so does a wildcard that \
            matches a single action today (`sqs:SendMessage*`, as AWS's own SAM policy template \
            writes it). Severity is high for `iam`, \
            `sts`, `kms` and `lambda` and medium for other services, one step higher when the \
            statement's resource is `*`. A bare `"*"` on specific resources is reported too \
            (high); on `Resource: "*"` it is AS-IAM-001's. Statements with a `Condition` are \
            left to review. Compared with checkov's CKV_AWS_63/CKV_AWS_49, which flag only the \
            bare `"*"` action, this rule also reports service wildcards; entries whose service \
            prefix is unknown grant nothing and are reported as a scan warning instead.
            """,
        remediation: """
            Replace the wildcard with the actions the workload calls (`dynamodb:GetItem`, \
            `dynamodb:Query`), or use a read-only wildcard (`dynamodb:Get*`) where the whole \
            family is needed.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
            "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://github.com/salesforce/cloudsplaining (ServiceWildcard finding)",
        ],
        peerIDs: ["checkov:CKV_AWS_63", "checkov:CKV_AWS_49", "kics:575a2155-6af1-4026-b1af-d5bc8fe2a904"]
    )

    /// Services whose wildcard hands out identity, credentials, keys or code execution.
    static let sensitiveServices: Set<String> = ["iam", "sts", "kms", "lambda"]

    private static let writeOrPermissions = IAMActionCatalog.shared.set {
        $0.accessLevel == .write || $0.accessLevel == .permissionsManagement
    }

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        guard policy.grantsPermissions, !report.reportUnreadable(policy) else { return }
        var failed = false
        var decided = true
        for statement in StatementActions.of(policy) {
            guard statement.statement.isAllow, statement.statement.conditions.isEmpty, statement.statement.actions != nil
            else { continue }
            if let unresolved = statement.unresolved {
                report.unknown(unresolved.expression, policy: policy, at: unresolved.location)
                decided = false
            }
            let onEverything = statement.resourceScope == .everything
            // One finding per statement, at its first wildcard entry, naming each of them.
            let judged = statement.grants.compactMap { grant in judge(grant, onEverything: onEverything).map { (grant, $0.0, $0.1) } }
            if let first = judged.first {
                failed = true
                report.fail(
                    "\(policy.name) " + judged.map(\.1).joined(separator: "; "), policy: policy, at: first.0.location,
                    attribute: "\(statement.path).Action", severity: judged.map(\.2).max(), rootCause: statement.rootCause
                )
            }
        }
        if !failed && decided { report.pass() }
    }

    private func judge(_ grant: ActionGrant, onEverything: Bool) -> (String, Severity)? {
        let pattern = grant.pattern
        guard IAMActionCatalog.hasWildcard(pattern) else { return nil }
        if IAMActionCatalog.isEveryAction(pattern) {
            // On every resource this is a full administrator statement (AS-IAM-001).
            return onEverything ? nil : ("allows every action of every service (\"\(pattern)\")", .high)
        }
        guard !grant.actionSet.isEmpty, let colon = pattern.firstIndex(of: ":") else { return nil }
        let prefix = pattern[..<colon].lowercased()
        let services = IAMActionCatalog.hasWildcard(prefix) ? Set(grant.actions.map(\.service)) : [prefix]
        var severity: Severity = services.isDisjoint(with: Self.sensitiveServices) ? .medium : .high
        if onEverything { severity = severity.raised }
        let scope = onEverything ? " on every resource" : ""
        if pattern[pattern.index(after: colon)...] == "*" {
            return ("allows every \(pattern[..<colon]) action (\"\(pattern)\", \(grant.actionSet.count) actions)\(scope)", severity)
        }
        // A wildcard that stands for exactly one action (`sqs:SendMessage*`, as AWS's own SAM
        // policy template writes it) grants nothing beyond writing that action out.
        guard grant.actionSet.count > 1, grant.actionSet.intersects(Self.writeOrPermissions) else { return nil }
        let changing = grant.actionSet.intersection(Self.writeOrPermissions)
        return (
            "allows \"\(pattern)\"\(scope), which matches \(changing.count) write or permissions-management "
                + "actions (\(IAMActionCatalog.shared.describe(changing)))",
            severity
        )
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "service-wildcard", """
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
                    - PolicyName: table
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - ↓dynamodb:*
                              - dynamodb:Delete*
                            Resource: !GetAtt Table.Arn
            """),
        .good(.cloudFormationYAML, scenario: "read-only-wildcard", """
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
                    - PolicyName: table
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action:
                              - dynamodb:Get*
                              - dynamodb:Query
                            Resource: !GetAtt Table.Arn
            """),
        .bad(.samYAML, scenario: "sensitive-service-on-everything", """
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
                          Action:
                            - ↓iam:*
                          Resource: "*"
            """),
        .bad(.terraformJSON, scenario: "service-wildcard", """
            {
              "resource": {
                "aws_dynamodb_table": {"sales": {"name": "sales", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST"}},
                "aws_iam_policy": {
                  "table": {
                    ↓"policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = [\\"dynamodb:*\\", \\"dynamodb:Delete*\\"], Resource = aws_dynamodb_table.sales.arn}]})}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "service-wildcard", """
            resource "aws_dynamodb_table" "sales" {
              name = "sales"
              hash_key = "id"
              billing_mode = "PAY_PER_REQUEST"
            }

            resource "aws_iam_policy" "table" {
              ↓policy = "${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["dynamodb:*", "dynamodb:Delete*"], Resource = aws_dynamodb_table.sales.arn}]})}"
            }
            """),
        .bad(.terraformJSON, scenario: "sensitive-service-on-everything", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "admin": {
                    "statement": [{"actions": [↓"iam:*"], "resources": ["*"]}]
                  }
                }
              },
              "resource": {
                "aws_iam_policy": {"admin": {"policy": "${data.aws_iam_policy_document.admin.json}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "sensitive-service-on-everything", """
            data "aws_iam_policy_document" "admin" {
              statement {
                actions = [↓"iam:*"]
                resources = ["*"]
              }
            }

            resource "aws_iam_policy" "admin" {
              policy = data.aws_iam_policy_document.admin.json
            }
            """),
        .good(.terraformJSON, scenario: "read-only-wildcard", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "read": {
                    "statement": [{"actions": ["dynamodb:Get*", "dynamodb:Query"], "resources": ["${aws_dynamodb_table.sales.arn}"]}]
                  }
                }
              },
              "resource": {
                "aws_dynamodb_table": {"sales": {"name": "sales", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST"}},
                "aws_iam_policy": {"read": {"policy": "${data.aws_iam_policy_document.read.json}"}}
              }
            }
            """),
        .good(.terraformHCL, scenario: "read-only-wildcard", """
            data "aws_iam_policy_document" "read" {
              statement {
                actions = ["dynamodb:Get*", "dynamodb:Query"]
                resources = [aws_dynamodb_table.sales.arn]
              }
            }

            resource "aws_dynamodb_table" "sales" {
              name = "sales"
              hash_key = "id"
              billing_mode = "PAY_PER_REQUEST"
            }

            resource "aws_iam_policy" "read" {
              policy = data.aws_iam_policy_document.read.json
            }
            """),
        .good(.terraformJSON, scenario: "conditioned", """
            {
              "resource": {
                "aws_iam_policy": {
                  "tags": {
                    "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"ec2:*\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"StringEquals\\":{\\"aws:ResourceTag/team\\":\\"data\\"}}}]}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "conditioned", """
            resource "aws_iam_policy" "tags" {
              policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"ec2:*\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"StringEquals\\":{\\"aws:ResourceTag/team\\":\\"data\\"}}}]}"
            }
            """),
        .bad(.iamJSON, scenario: "service-wildcard", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": [↓"dynamodb:*", "dynamodb:Delete*"],
                  "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/sales"
                }
              ]
            }
            """),
        .bad(.iamJSON, scenario: "star-on-one-bucket", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ↓"*", "Resource": ["arn:aws:s3:::assets", "arn:aws:s3:::assets/*"]}
              ]
            }
            """),
        .good(.iamJSON, scenario: "read-only-wildcard", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ["dynamodb:Get*", "dynamodb:Query"],
                  "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/sales"
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "wildcard-of-one-action", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "sqs:SendMessage*",
                  "Resource": "arn:aws:sqs:eu-west-1:123456789012:jobs"
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
                  "Action": "ec2:*",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"aws:ResourceTag/team": "data"}}
                }
              ]
            }
            """),
        .good(.iamJSON, scenario: "deny-guard-rail", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::assets/*"}
              ]
            }
            """),
    ]
}
