import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-004: what one principal ends up with lets it give itself more power.
struct PrivilegeEscalationCombination: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-004",
        slug: "privilege-escalation-combination",
        title: "Privilege-escalation action combination",
        severity: .critical,
        pack: .leastPrivilege,
        tags: ["security", "iam", "least-privilege", "privilege-escalation"],
        rationale: """
            Some sets of actions let a principal grant itself more power: write a new \
            version of a policy it carries, attach an administrator policy to itself, or \
            pass a powerful role to new compute it controls. auditstack gathers everything a \
            role, user or group ends up with (inline policies, attached customer managed \
            policies, AWS managed policies (every one AWS had published by September 2026, \
            judged from a digest of its escalation grants; a newer name is unknown), SAM \
            policy templates, Terraform \
            policy-document data sources, and for a user its groups' policies) and tests the 59 methods cloudsplaining lists (the \
            Rhino Security Labs set and the pathfinding.cloud paths); each finding names the \
            method, the actions that complete it and its pathfinding.cloud id, and lands on \
            the grant of the method's first action. A standalone policy file, or a policy \
            nothing in the scanned files attaches, is judged on its own (high instead of \
            critical). \
            A grant counts when it is an `Allow` on `Resource: "*"` without a `Condition`, \
            with `Action` or `NotAction` expanded case-insensitively with wildcards, and a \
            `Deny` on `"*"` without condition removes what it matches, as in cloudsplaining \
            0.9.1. A condition of any kind keeps a grant from counting, `iam:PassedToService` \
            included: a role passed only to Lambda still lets its holder run code as any role \
            Lambda may assume, so read such grants with AS-IAM-005 in mind. Deliberate \
            differences from cloudsplaining, each following how IAM evaluates the policy: \
            (1) an `Allow` with `NotResource` grants every resource but those it lists, so it \
            counts like `"*"` (and grants nothing when it lists `"*"`), where cloudsplaining \
            skips such statements; AWS managed policies that allow `sagemaker:*` this way \
            (AmazonSageMakerFullAccess, DataScientist) complete the pathfinding.cloud \
            SageMaker notebook methods here only. (2) A `Deny` with `NotAction` removes \
            everything outside its list, where cloudsplaining ignores it. (3) A `Deny` with a \
            condition leaves the methods it touches unknown instead of removing them. (4) A \
            `Deny` scoped to some ARNs removes nothing, since the actions stay allowed on the \
            other resources; one whose `NotResource` names resources removes what it matches, \
            since the actions then stay allowed only there. (5) An action AWS only accepts \
            on `Resource: "*"` (`ecs:RegisterTaskDefinition`, `ec2:DescribeInstances`) \
            counts only from a statement on `"*"`, since a statement naming ARNs does not \
            match it, where cloudsplaining counts it from any statement. (6) `?` in an \
            action and wildcards in the service prefix (`*:*`, `*:Create*`) match as IAM \
            matches them, where cloudsplaining's expansion matches nothing. (7) A file \
            holding a `GetPolicyVersion` response (`{"PolicyVersion": {"Document": …}}`, \
            as AWS managed policy collections store them) is judged on its document, where \
            `cloudsplaining scan-policy-file` finds no statement in it. Values that \
            cannot be read before deploy give an unknown, never a pass.
            """,
        remediation: """
            Scope `iam:PassRole` to the role ARNs the workload passes (and add \
            `iam:PassedToService`), scope IAM write actions to the users, roles and policies \
            the principal manages, and split deploy permissions from run-time permissions.
            """,
        references: [
            "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
            "https://pathfinding.cloud/",
            "https://github.com/salesforce/cloudsplaining/blob/master/cloudsplaining/shared/constants.py (PRIVILEGE_ESCALATION_METHODS)",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_286", "checkov:CKV_AWS_110", "kics:ee49557d-750c-4cc1-aa95-94ab36cbefde",
            "kics:f465fff1-0a0f-457d-aa4d-1bddb6f204ff", "kics:fa62ac4f-f5b9-45b9-97c1-625c8b6253ca",
            "kics:c583f0f9-7dfd-476b-a056-f47c62b47b46",
        ]
    )

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        var analysis = EscalationAnalysis()
        for principal in PrincipalPolicies.principals(in: model) {
            let verdict = analysis.verdict(for: principal)
            if verdict.paths.isEmpty {
                if let undecided = verdict.undecided.first {
                    switch principal.subject {
                    case .resource(let resource): report.unknown(undecided.expression, resource: resource, at: undecided.location)
                    case .document(let document): report.unknown(undecided.expression, policy: document, at: undecided.location)
                    }
                } else {
                    report.pass()
                }
                continue
            }
            // One finding per decisive grant, naming every method it opens.
            var groups: [(location: SourceLocation, paths: [EscalationPath])] = []
            for path in verdict.paths {
                if let index = groups.firstIndex(where: { $0.location == path.location }) {
                    groups[index].paths.append(path)
                } else {
                    groups.append((path.location, [path]))
                }
            }
            let severity: Severity = principal.isPrincipal ? .critical : .high
            for group in groups {
                let first = group.paths[0]
                let message = Self.message(principal: principal, paths: group.paths)
                let statement = first.source.document.statements[first.statementIndex]
                let attribute = first.source.document.path(of: statement)
                let rootCause = first.source.document.rootCause(of: statement)
                switch principal.subject {
                case .resource(let resource):
                    report.fail(message, resource: resource, at: group.location, attribute: attribute, severity: severity, rootCause: rootCause)
                case .document(let document):
                    report.fail(message, policy: document, at: group.location, attribute: attribute, severity: severity, rootCause: rootCause)
                }
            }
        }
    }

    static func message(principal: IAMPrincipal, paths: [EscalationPath]) -> String {
        let first = paths[0]
        var text = "\(principal.name) can escalate its privileges with \(describe(first.method))"
        if first.source.awsManagedName != nil || first.source.document.owner != nil {
            text += ", granted by \(first.source.document.name)"
        }
        if paths.count > 1 {
            let others = paths.dropFirst().map(\.method.name)
            let shown = others.prefix(4).joined(separator: ", ")
            text += "; this grant also completes \(shown)\(others.count > 4 ? " and \(others.count - 4) more" : "")"
        }
        return text
    }

    private static func describe(_ method: EscalationMethod) -> String {
        let path = method.pathfindingID.map { ", pathfinding.cloud \($0)" } ?? ""
        return "\(method.name) (\(method.actionSummary)\(path))"
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "pass-role-to-new-lambda", """
            Resources:
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: codebuild.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: pass
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action:
                              - ↓iam:PassRole
                            Resource: "*"
              LambdaAdmin:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  Roles:
                    - !Ref DeployRole
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action:
                          - lambda:CreateFunction
                          - lambda:InvokeFunction
                        Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "pass-role-to-new-lambda", """
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
              DeployRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: codebuild.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: deploy
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: iam:PassRole
                            Resource: !GetAtt FunctionRole.Arn
                          - Effect: Allow
                            Action:
                              - lambda:CreateFunction
                              - lambda:InvokeFunction
                            Resource: "*"
            """),
        .good(.cloudFormationYAML, scenario: "denied", """
            Resources:
              AuditRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: audit
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: iam:*
                            Resource: "*"
                          - Effect: Deny
                            NotAction:
                              - iam:Get*
                              - iam:List*
                            Resource: "*"
            """),
        .bad(.samYAML, scenario: "managed-iam-full-access", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              UserSync:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  ↓Policies:
                    - IAMFullAccess
            """),
        .good(.samYAML, scenario: "scoped-templates", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders:
                Type: AWS::Serverless::SimpleTable
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - DynamoDBCrudPolicy:
                        TableName: !Ref Orders
            """),
        .bad(.terraformJSON, scenario: "pass-role-to-new-lambda", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "deploy": {
                    "statement": [
                      {"actions": [↓"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "resources": ["*"]}
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_role": {
                  "deploy": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"codebuild.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                },
                "aws_iam_policy": {
                  "deploy": {"policy": "${data.aws_iam_policy_document.deploy.json}"}
                },
                "aws_iam_role_policy_attachment": {
                  "deploy": {"role": "${aws_iam_role.deploy.name}", "policy_arn": "${aws_iam_policy.deploy.arn}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "pass-role-to-new-lambda", """
            data "aws_iam_policy_document" "deploy" {
              statement {
                actions = [↓"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]
                resources = ["*"]
              }
            }

            resource "aws_iam_role" "deploy" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"codebuild.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }

            resource "aws_iam_policy" "deploy" {
              policy = data.aws_iam_policy_document.deploy.json
            }

            resource "aws_iam_role_policy_attachment" "deploy" {
              role = aws_iam_role.deploy.name
              policy_arn = aws_iam_policy.deploy.arn
            }
            """),
        .bad(.terraformJSON, scenario: "managed-iam-full-access", """
            {
              "resource": {
                "aws_iam_role": {
                  "sync": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                },
                "aws_iam_role_policy_attachment": {
                  "sync": {"role": "${aws_iam_role.sync.name}", ↓"policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "managed-iam-full-access", """
            resource "aws_iam_role" "sync" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }

            resource "aws_iam_role_policy_attachment" "sync" {
              role = aws_iam_role.sync.name
              ↓policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
            }
            """),
        .good(.terraformJSON, scenario: "pass-role-to-new-lambda", """
            {
              "data": {
                "aws_iam_policy_document": {
                  "deploy": {
                    "statement": [
                      {"actions": ["iam:PassRole"], "resources": ["${aws_iam_role.function.arn}"]},
                      {"actions": ["lambda:CreateFunction", "lambda:InvokeFunction"], "resources": ["*"]}
                    ]
                  }
                }
              },
              "resource": {
                "aws_iam_role": {
                  "function": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                },
                "aws_iam_policy": {
                  "deploy": {"policy": "${data.aws_iam_policy_document.deploy.json}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "pass-role-to-new-lambda", """
            data "aws_iam_policy_document" "deploy" {
              statement {
                actions = ["iam:PassRole"]
                resources = [aws_iam_role.function.arn]
              }
              statement {
                actions = ["lambda:CreateFunction", "lambda:InvokeFunction"]
                resources = ["*"]
              }
            }

            resource "aws_iam_role" "function" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }

            resource "aws_iam_policy" "deploy" {
              policy = data.aws_iam_policy_document.deploy.json
            }
            """),
        .bad(.iamJSON, scenario: "pass-role-to-new-lambda", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": [↓"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
              ]
            }
            """),
        .bad(.iamJSON, scenario: "not-action", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", ↓"NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "pass-role-to-new-lambda", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/orders-function"},
                {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "pass-role-to-another-service", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "iam:PassRole",
                  "Resource": "*",
                  "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
                },
                {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
              ]
            }
            """),
    ]
}
