import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-014: one execution role serving several functions or state machines.
struct SharedExecutionRole: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-014",
        slug: "shared-execution-role",
        title: "One execution role shared by several Lambda functions / state machines",
        severity: .low,
        pack: .leastPrivilege,
        tags: ["iam", "least-privilege", "serverless"],
        rationale: """
            A role shared by several functions holds the union of what each needs, so every \
            function can do what any of them does. The rule groups Lambda functions and Step \
            Functions state machines by the role they reference (or the literal role ARN) and \
            fails on a role used by two or more of them that carries more than the basic \
            execution policies (`AWSLambdaBasicExecutionRole`, \
            `AWSLambdaVPCAccessExecutionRole`, the X-Ray write policies). A shared role named \
            by ARN but not in the scanned files is unknown. SAM functions without `Role` get \
            a role each and pass.
            """,
        remediation: """
            Give each function its own role with the permissions it uses (SAM does this when \
            `Role` is left out and `Policies` lists what the function needs).
            """,
        references: [
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
            "https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/identity-and-access-management.html",
        ],
        peerIDs: ["kics:ae03f542-1423-402f-9cef-c834e7ee9583"]
    )

    private static let basicPolicies: Set<String> = [
        "AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSXRayDaemonWriteAccess", "AWSXrayWriteOnlyAccess",
    ]

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        var users: [String: (role: ResourceID?, literal: String?, first: Resource, location: SourceLocation, names: [String])] = [:]
        var order: [String] = []
        for kind in [ResourceKind.function, .stateMachine] {
            for resource in model.resources(of: kind) {
                let attribute = resource[.role]
                let key: String
                var roleID: ResourceID?
                var literal: String?
                switch attribute.value {
                case .reference(let reference)?:
                    key = "\(reference.target.scope)|\(reference.target.name)"
                    roleID = reference.target
                case .string(let arn)?:
                    key = arn
                    literal = arn
                default:
                    continue
                }
                if users[key] == nil {
                    order.append(key)
                    users[key] = (roleID, literal, resource, attribute.location ?? resource.location, [])
                }
                users[key]?.names.append(resource.id.name)
            }
        }
        let shared = order.compactMap { users[$0] }.filter { $0.names.count >= 2 }
        guard !shared.isEmpty else { return }
        // Only the shared roles' policies are gathered, not every principal of the model.
        let roles = shared.compactMap { $0.role.flatMap(model.resource) }.filter { [.role, .user, .group].contains($0.kind) }
        var principals: [ResourceID: IAMPrincipal] = [:]
        for (role, principal) in zip(roles, PrincipalPolicies.principals(of: roles, in: model)) { principals[role.id] = principal }
        for group in shared {
            let users = group.names.joined(separator: ", ")
            guard let roleID = group.role, let role = model.resource(roleID) else {
                report.unknown("role \(group.literal ?? group.role?.name ?? "?") shared by \(users) is not in the scanned files",
                               resource: group.first, at: group.location)
                continue
            }
            guard let principal = principals[role.id] else { continue }
            let extra = principal.sources.filter { source in
                guard let name = source.awsManagedName else { return true }
                return !Self.basicPolicies.contains(name)
            }
            if extra.isEmpty {
                if let unknown = principal.unknowns.first {
                    report.unknown(unknown.expression, resource: role, at: unknown.location)
                } else {
                    report.pass()
                }
                continue
            }
            report.fail("\(role.id.name) is the execution role of \(users); each gets the permissions of all (\(extra.map(\.document.name).prefix(3).joined(separator: ", ")))",
                        resource: role)
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "shared", """
            Resources:
              ↓AppRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: data
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: dynamodb:*
                            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders
              Reader:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: reader.handler
                  Role: !GetAtt AppRole.Arn
                  Code:
                    ZipFile: print(1)
              Writer:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: writer.handler
                  Role: !GetAtt AppRole.Arn
                  Code:
                    ZipFile: print(1)
            """),
        .good(.cloudFormationYAML, scenario: "basic-only", """
            Resources:
              AppRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
              Reader:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: reader.handler
                  Role: !GetAtt AppRole.Arn
                  Code:
                    ZipFile: print(1)
              Writer:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: writer.handler
                  Role: !GetAtt AppRole.Arn
                  Code:
                    ZipFile: print(1)
            """),
        .good(.samYAML, scenario: "own-roles", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Reader:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: reader.handler
                  CodeUri: src/
                  Policies:
                    - AmazonDynamoDBReadOnlyAccess
              Writer:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: writer.handler
                  CodeUri: src/
                  Policies:
                    - AmazonDynamoDBReadOnlyAccess
            """),
        .bad(.terraformJSON, scenario: "shared", """
            {
              "resource": {
                "aws_iam_role": {
                  ↓"app": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                  }
                },
                "aws_iam_role_policy_attachment": {
                  "app": {"role": "${aws_iam_role.app.name}", "policy_arn": "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"}
                },
                "aws_lambda_function": {
                  "reader": {"function_name": "reader", "runtime": "python3.12", "handler": "r.h", "filename": "r.zip", "role": "${aws_iam_role.app.arn}"},
                  "writer": {"function_name": "writer", "runtime": "python3.12", "handler": "w.h", "filename": "w.zip", "role": "${aws_iam_role.app.arn}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "shared", """
            ↓resource "aws_iam_role" "app" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
            }

            resource "aws_iam_role_policy_attachment" "app" {
              role = aws_iam_role.app.name
              policy_arn = "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
            }

            resource "aws_lambda_function" "reader" {
              function_name = "reader"
              runtime = "python3.12"
              handler = "r.h"
              filename = "r.zip"
              role = aws_iam_role.app.arn
            }

            resource "aws_lambda_function" "writer" {
              function_name = "writer"
              runtime = "python3.12"
              handler = "w.h"
              filename = "w.zip"
              role = aws_iam_role.app.arn
            }
            """),
        .good(.terraformJSON, scenario: "basic-only", """
            {
              "resource": {
                "aws_iam_role": {
                  "app": {
                    "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}",
                    "managed_policy_arns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
                  }
                },
                "aws_lambda_function": {
                  "reader": {"function_name": "reader", "runtime": "python3.12", "handler": "r.h", "filename": "r.zip", "role": "${aws_iam_role.app.arn}"},
                  "writer": {"function_name": "writer", "runtime": "python3.12", "handler": "w.h", "filename": "w.zip", "role": "${aws_iam_role.app.arn}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "basic-only", """
            resource "aws_iam_role" "app" {
              assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"lambda.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
              managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
            }

            resource "aws_lambda_function" "reader" {
              function_name = "reader"
              runtime = "python3.12"
              handler = "r.h"
              filename = "r.zip"
              role = aws_iam_role.app.arn
            }

            resource "aws_lambda_function" "writer" {
              function_name = "writer"
              runtime = "python3.12"
              handler = "w.h"
              filename = "w.zip"
              role = aws_iam_role.app.arn
            }
            """),
    ]

    static let waivers: [FormatFamily: String] = [
        .iam: "a policy file names no function or role",
    ]
}
