import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-013: permissions given straight to IAM users, and long-lived access keys.
struct PoliciesAttachedToIAMUser: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-013",
        slug: "policies-attached-to-iam-user",
        title: "Policies attached directly to IAM users / long-lived access keys",
        severity: .medium,
        pack: .leastPrivilege,
        tags: ["security", "iam", "credentials"],
        rationale: """
            Human and CI users with their own policies and access keys are the most common \
            source of leaked credentials; roles assumed through SSO or OIDC give short-lived \
            ones instead. The rule reports each IAM user that carries policies (inline \
            `Policies`, `ManagedPolicyArns`, or a policy or attachment resource naming it), at \
            medium, and each access key resource, at high. A user policy whose user is not \
            in the scanned files is reported on the policy.
            """,
        remediation: """
            Grant permissions to a role and let people assume it through IAM Identity Center, \
            and let CI assume a role through OIDC; where a user must stay, put it in a group \
            and attach the policies to the group.
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
        ],
        peerIDs: [
            "checkov:CKV_AWS_40", "checkov:CKV_AWS_273", "kics:b4378389-a9aa-44ee-91e7-ef183f11079e",
            "kics:e4239438-e639-44aa-adb8-866e400e3ade", "kics:edc95c10-7366-4f30-9b4b-f995c84eceb5",
        ]
    )

    static let subjects: Set<ResourceKind> = [.user, .accessKey, .inlinePolicy, .managedPolicy, .policyAttachment]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        switch resource.kind {
        case .accessKey:
            report.fail("\(resource.id.name) creates a long-lived access key\(userName(of: resource, in: model).map { " for \($0)" } ?? "")",
                        resource: resource, severity: .high)
        case .user:
            let carried = policies(of: resource, in: model)
            if carried.isEmpty { return report.pass() }
            report.fail("IAM user \(resource.id.name) has policies of its own (\(carried.joined(separator: ", ")))", resource: resource)
        default:
            // A policy naming a user that is not in the scanned files: the user side cannot report it.
            let linksUserInModel = resource.links.contains { model.resource($0.target)?.kind == .user }
            let names = literalUsers(of: resource)
            guard !linksUserInModel, !names.isEmpty || namesUsersOutsideTheFiles(resource) else { return }
            let who = names.isEmpty ? "an IAM user" : "IAM user \(names.joined(separator: ", "))"
            report.fail("\(resource.id.name) attaches permissions directly to \(who)", resource: resource,
                        at: resource[.users].location ?? resource.location)
        }
    }

    private func policies(of user: Resource, in model: CloudModel) -> [String] {
        var carried: [String] = []
        if model.policies(ownedBy: user.id).contains(where: { $0.kind == .identity }) { carried.append("inline policies") }
        if case .list(let items)? = user[.managedPolicyARNs].value, !items.isEmpty { carried.append("managed policies") }
        for (referrer, _) in model.referrers(of: user.id) where [.inlinePolicy, .managedPolicy, .policyAttachment].contains(referrer.kind) {
            carried.append(referrer.id.name)
        }
        return carried
    }

    /// A user given by a reference or an expression (a user of another stack or module, a
    /// parameter): the policy attaches to a user all the same.
    private func namesUsersOutsideTheFiles(_ resource: Resource) -> Bool {
        switch resource[.users].value {
        case .reference?, .unresolved?: return true
        case .list(let items)?: return items.contains { if case .reference = $0 { true } else { $0.containsUnresolved } }
        default: return false
        }
    }

    private func literalUsers(of resource: Resource) -> [String] {
        switch resource[.users].value {
        case .list(let items)?: return items.compactMap(\.stringValue)
        case .string(let name)?: return [name]
        default: return []
        }
    }

    private func userName(of key: Resource, in model: CloudModel) -> String? {
        key.links.first { model.resource($0.target)?.kind == .user }?.target.name
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "user-with-policy-and-key", """
            Resources:
              ↓Deployer:
                Type: AWS::IAM::User
                Properties:
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/AmazonS3FullAccess
              ↓DeployerKey:
                Type: AWS::IAM::AccessKey
                Properties:
                  UserName: !Ref Deployer
            """),
        .bad(.cloudFormationYAML, scenario: "user-outside", """
            Resources:
              DeployPolicy:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: deploy
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: s3:PutObject
                        Resource: arn:aws:s3:::site/*
                  ↓Users:
                    - deployer
            """),
        .bad(.cloudFormationYAML, scenario: "user-from-elsewhere", """
            Resources:
              DeployPolicy:
                Type: AWS::IAM::UserPolicy
                Properties:
                  ↓UserName: !ImportValue shared-deploy-user
                  PolicyName: deploy
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: s3:PutObject
                        Resource: arn:aws:s3:::site/*
            """),
        .good(.cloudFormationYAML, scenario: "user-in-group", """
            Resources:
              Deployers:
                Type: AWS::IAM::Group
                Properties:
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
              Deployer:
                Type: AWS::IAM::User
                Properties:
                  Groups:
                    - !Ref Deployers
            """),
        .bad(.terraformJSON, scenario: "user-with-policy-and-key", """
            {
              "resource": {
                "aws_iam_user": {↓"deployer": {"name": "deployer"}},
                "aws_iam_user_policy_attachment": {
                  "deployer": {"user": "${aws_iam_user.deployer.name}", "policy_arn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"}
                },
                "aws_iam_access_key": {↓"deployer": {"user": "${aws_iam_user.deployer.name}"}}
              }
            }
            """),
        .bad(.terraformHCL, scenario: "user-with-policy-and-key", """
            ↓resource "aws_iam_user" "deployer" {
              name = "deployer"
            }

            resource "aws_iam_user_policy_attachment" "deployer" {
              user = aws_iam_user.deployer.name
              policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
            }

            ↓resource "aws_iam_access_key" "deployer" {
              user = aws_iam_user.deployer.name
            }
            """),
        .bad(.terraformJSON, scenario: "user-outside", """
            {
              "resource": {
                "aws_iam_user_policy": {
                  "deploy": {↓"user": "deployer", "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:PutObject\\",\\"Resource\\":\\"arn:aws:s3:::site/*\\"}]}"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "user-outside", """
            resource "aws_iam_user_policy" "deploy" {
              ↓user = "deployer"
              policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:PutObject\\",\\"Resource\\":\\"arn:aws:s3:::site/*\\"}]}"
            }
            """),
        .bad(.terraformJSON, scenario: "user-from-elsewhere", """
            {
              "variable": {"deploy_user": {"type": "string"}},
              "resource": {
                "aws_iam_user_policy_attachment": {
                  "deploy": {↓"user": "${var.deploy_user}", "policy_arn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "user-from-elsewhere", """
            variable "deploy_user" {
              type = "string"
            }

            resource "aws_iam_user_policy_attachment" "deploy" {
              ↓user = var.deploy_user
              policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
            }
            """),
        .good(.terraformJSON, scenario: "user-in-group", """
            {
              "resource": {
                "aws_iam_group": {"deployers": {"name": "deployers"}},
                "aws_iam_group_policy_attachment": {
                  "deployers": {"group": "${aws_iam_group.deployers.name}", "policy_arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}
                },
                "aws_iam_user": {"deployer": {"name": "deployer"}},
                "aws_iam_user_group_membership": {
                  "deployer": {"user": "${aws_iam_user.deployer.name}", "groups": ["${aws_iam_group.deployers.name}"]}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "user-in-group", """
            resource "aws_iam_group" "deployers" {
              name = "deployers"
            }

            resource "aws_iam_group_policy_attachment" "deployers" {
              group = aws_iam_group.deployers.name
              policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
            }

            resource "aws_iam_user" "deployer" {
              name = "deployer"
            }

            resource "aws_iam_user_group_membership" "deployer" {
              user = aws_iam_user.deployer.name
              groups = [aws_iam_group.deployers.name]
            }
            """),
    ]

    static let waivers: [FormatFamily: String] = [
        .iam: "a policy file does not say which user or role carries it",
    ]
}
