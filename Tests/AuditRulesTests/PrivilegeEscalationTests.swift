import AuditCore
import AuditIAM
import AuditKit
import Testing

/// AS-IAM-004 beyond its examples: how Deny, conditions, unresolved values and AWS managed
/// policies decide a verdict, and that the method table agrees with the action catalog.
@Suite struct PrivilegeEscalationTests {
    private func scan(_ text: String, path: String) async -> (findings: [Finding], unknowns: [UnknownResult]) {
        let result = await Scanner().scan(documents: [(path: path, text: text)], selection: RuleSelection(only: ["AS-IAM-004"]))
        #expect(result.errors.isEmpty)
        return (result.outcome.findings.filter { $0.ruleID == "AS-IAM-004" }, result.outcome.unknowns.filter { $0.ruleID == "AS-IAM-004" })
    }

    @Test func everyMethodActionIsInTheCatalogAndGlobMatchingAgreesWithExpansion() {
        for action in EscalationMethods.targetActions {
            #expect(IAMActionCatalog.shared.action(action) != nil, "\(action) is not in the IAM action catalog")
        }
        #expect(EscalationMethods.all.count == 59)
        #expect(Set(EscalationMethods.all.map(\.name)).count == 59)
        let targets = Set(EscalationMethods.targetActions.map { $0.lowercased() })
        for pattern in ["*", "iam:*", "iam:Pass*", "IAM:?assrole", "lambda:*Function*", "ec2:Run*", "ecs:*Task*", "s3:*", "sts:Assume*"] {
            var matcher = EscalationActionMatcher()
            let matched = matcher.targets(matching: pattern)
            let expanded = Set(IAMActionCatalog.shared.expand(pattern).map { $0.qualifiedName.lowercased() }).intersection(targets)
            let globbed = Set(EscalationMethods.targetActions.enumerated().filter { matched.contains($0.offset) }.map { $0.element.lowercased() })
            #expect(globbed == expanded, "\(pattern)")
        }
    }

    @Test func aConditionalDenyLeavesTheMethodUnknown() async {
        let (findings, unknowns) = await scan("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"},
              {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
            ]}
            """, path: "mfa.json")
        #expect(findings.isEmpty)
        #expect(unknowns.map(\.expression) == ["a Deny with a Condition in mfa.json"])
        #expect(unknowns.map { "\($0.location.line):\($0.location.column)" } == ["3:3"])
    }

    @Test func aDenyOnSomeResourcesRemovesNothing() async {
        let (findings, _) = await scan("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"},
              {"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::123456789012:policy/protected"}
            ]}
            """, path: "scoped-deny.json")
        #expect(findings.map(\.message) == [
            "scoped-deny.json can escalate its privileges with CreateNewPolicyVersion (iam:CreatePolicyVersion, pathfinding.cloud iam-001)",
        ])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["2:33"])
    }

    @Test func notResourceGrantsEveryResourceButThoseItListsAndNothingWhenItListsTheWildcard() async {
        let (findings, unknowns) = await scan("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "sagemaker:CreatePresignedNotebookInstanceUrl", "NotResource": "arn:aws:sagemaker:*:*:domain/*"},
              {"Effect": "Allow", "Action": "iam:CreateAccessKey", "NotResource": "*"}
            ]}
            """, path: "not-resource.json")
        #expect(unknowns.isEmpty)
        #expect(findings.map(\.message) == [
            "not-resource.json can escalate its privileges with CreatePresignedSageMakerNotebookUrl (sagemaker:CreatePresignedNotebookInstanceUrl, pathfinding.cloud sagemaker-004)",
        ])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["2:33"])
    }

    @Test func aDenyWhoseNotResourceNamesResourcesRemovesWhatItMatches() async {
        let (findings, unknowns) = await scan("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:PutUserPolicy"], "Resource": "*"},
              {"Effect": "Deny", "Action": "iam:CreateAccessKey", "NotResource": "arn:aws:iam::123456789012:user/${aws:username}"},
              {"Effect": "Deny", "Action": "iam:PutUserPolicy", "NotResource": "*"}
            ]}
            """, path: "deny-not-resource.json")
        #expect(unknowns.isEmpty)
        // CreateAccessKey stays allowed only on the caller's own user; a Deny on "everything
        // but *" denies nothing, so PutUserPolicy is still granted on every user.
        #expect(findings.map(\.message) == [
            "deny-not-resource.json can escalate its privileges with PutUserPolicy (iam:PutUserPolicy, pathfinding.cloud iam-007)",
        ])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["2:57"])
    }

    @Test func anUnresolvedResourceIsUnknownUnlessItSpellsOutAnARN() async {
        let (findings, unknowns) = await scan("""
            {
              "variable": {"role_arn": {}},
              "resource": {
                "aws_iam_policy": {
                  "open": {"policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"iam:PassRole\\",\\"ec2:RunInstances\\"],\\"Resource\\":\\"${var.role_arn}\\"}]}"},
                  "scoped": {"policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"iam:PassRole\\",\\"ec2:RunInstances\\"],\\"Resource\\":\\"arn:aws:iam::123456789012:role/${var.role_arn}\\"}]}"}
                }
              }
            }
            """, path: "main.tf.json")
        #expect(findings.isEmpty)
        #expect(unknowns.map(\.expression) == ["${var.role_arn}"])
        #expect(unknowns.map { $0.resource?.name } == ["aws_iam_policy.open"])
    }

    @Test func aRoleGathersInlineAttachedAndAWSManagedPolicies() async {
        let (findings, unknowns) = await scan("""
            {
              "resource": {
                "aws_iam_role": {
                  "ci": {
                    "assume_role_policy": "{}",
                    "managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"],
                    "inline_policy": [{"name": "connect", "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"ec2-instance-connect:SendSSHPublicKey\\",\\"Resource\\":\\"*\\"}]}"}]
                  }
                },
                "aws_iam_policy": {
                  "ssm": {"policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"ssm:*\\",\\"Resource\\":\\"*\\"}]}"}
                },
                "aws_iam_role_policy_attachment": {
                  "ssm": {"role": "${aws_iam_role.ci.name}", "policy_arn": "${aws_iam_policy.ssm.arn}"}
                }
              }
            }
            """, path: "main.tf.json")
        #expect(unknowns.isEmpty)
        #expect(findings.map(\.message) == [
            "aws_iam_role.ci can escalate its privileges with EC2InstanceConnectSendSSHPublicKey (ec2-instance-connect:SendSSHPublicKey + ec2:DescribeInstances, pathfinding.cloud ec2instanceconnect-003), granted by aws_iam_role.ci inline policy \"connect\"",
        ])
        #expect(findings.map { $0.resource?.name } == ["aws_iam_role.ci"])
        #expect(findings.map(\.severity) == [.critical])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["7:47"])
    }

    @Test func anAWSManagedPolicyAWSHadNotPublishedIsUnknown() async {
        let (findings, unknowns) = await scan("""
            Resources:
              Runner:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {Service: codebuild.amazonaws.com}
                        Action: sts:AssumeRole
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/AmazonExampleServiceFullAccess
                  Policies:
                    - PolicyName: pass
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: iam:PassRole
                            Resource: "*"
            """, path: "template.yaml")
        #expect(findings.isEmpty)
        #expect(unknowns.map(\.expression) == ["AWS managed policy AmazonExampleServiceFullAccess (document not known to auditstack)"])
        #expect(unknowns.map { "\($0.location.line):\($0.location.column)" } == ["10:7"])
    }

    @Test func everyPublishedAWSManagedPolicyIsJudgedFromItsDigest() async {
        // AmazonSSMFullAccess passes roles only to SSM (a condition) and grants no other
        // escalation action on every resource; AmazonSageMakerFullAccess allows `sagemaker:*`
        // on everything but Studio resources (NotResource), notebook instances included.
        let (findings, unknowns) = await scan("""
            Resources:
              Notebooks:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {Service: sagemaker.amazonaws.com}
                        Action: sts:AssumeRole
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/AmazonSSMFullAccess
                    - arn:aws:iam::aws:policy/AmazonSageMakerFullAccess
            """, path: "template.yaml")
        #expect(unknowns.isEmpty)
        #expect(findings.map(\.message) == [
            "Notebooks can escalate its privileges with CreatePresignedSageMakerNotebookUrl (sagemaker:CreatePresignedNotebookInstanceUrl, "
                + "pathfinding.cloud sagemaker-004), granted by AWS managed policy AmazonSageMakerFullAccess; "
                + "this grant also completes UpdateSageMakerNotebookLifecycleConfig",
        ])
        #expect(findings.map(\.severity) == [.critical])
        // On `ManagedPolicyArns`, where the attachment is written.
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["10:7"])
    }

    @Test func theDigestCoversEveryEscalationAction() {
        #expect(Set(AWSManagedPolicies.digestTargets.map { $0.lowercased() }) == Set(EscalationMethods.targetActions.map { $0.lowercased() }))
        #expect(AWSManagedPolicies.escalationDigest(named: "arn:aws:iam::aws:policy/job-function/SystemAdministrator")?.path == "job-function/")
        #expect(AWSManagedPolicies.escalationDigest(named: "AmazonExampleServiceFullAccess") == nil)
    }

    @Test func aUserHoldsThePoliciesOfItsGroups() async {
        let (findings, _) = await scan("""
            {
              "resource": {
                "aws_iam_group": {"ops": {"name": "ops"}},
                "aws_iam_group_policy": {
                  "ops": {"group": "${aws_iam_group.ops.name}", "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:AttachUserPolicy\\",\\"Resource\\":\\"*\\"}]}"}
                },
                "aws_iam_user": {"alice": {"name": "alice"}},
                "aws_iam_user_group_membership": {
                  "alice": {"user": "${aws_iam_user.alice.name}", "groups": ["${aws_iam_group.ops.name}"]}
                }
              }
            }
            """, path: "main.tf.json")
        #expect(findings.map { $0.resource?.name } == ["aws_iam_group.ops", "aws_iam_user.alice"])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["5:53", "5:53"])
        #expect(findings.allSatisfy { $0.message.contains("AttachUserPolicy (iam:AttachUserPolicy, pathfinding.cloud iam-008)") })
    }

    @Test func aPlanAttachmentWhoseARNIsKnownAfterApplyFollowsItsConfigurationReference() async {
        let (findings, unknowns) = await scan("""
            {"format_version": "1.2", "terraform_version": "1.6.0",
             "planned_values": {"root_module": {"resources": [
               {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "values": {"name": "ci", "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"codebuild.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"}},
               {"address": "aws_iam_policy.deploy", "mode": "managed", "type": "aws_iam_policy", "name": "deploy", "values": {"name": "deploy", "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"iam:PassRole\\",\\"cloudformation:CreateStack\\"],\\"Resource\\":\\"*\\"}]}"}},
               {"address": "aws_iam_role_policy_attachment.deploy", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "deploy", "values": {"role": "ci"}}
             ]}},
             "resource_changes": [
               {"address": "aws_iam_role_policy_attachment.deploy", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "deploy", "change": {"actions": ["create"], "before": null, "after": {"role": "ci"}, "after_unknown": {"policy_arn": true}}}
             ],
             "configuration": {"root_module": {"resources": [
               {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "expressions": {"name": {"constant_value": "ci"}}},
               {"address": "aws_iam_policy.deploy", "mode": "managed", "type": "aws_iam_policy", "name": "deploy", "expressions": {"name": {"constant_value": "deploy"}}},
               {"address": "aws_iam_role_policy_attachment.deploy", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "deploy", "expressions": {"role": {"references": ["aws_iam_role.ci.name", "aws_iam_role.ci"]}, "policy_arn": {"references": ["aws_iam_policy.deploy.arn", "aws_iam_policy.deploy"]}}}
             ]}}
            }
            """, path: "plan.json")
        #expect(unknowns.isEmpty)
        #expect(findings.map { $0.resource?.name } == ["aws_iam_role.ci"])
        #expect(findings.map(\.severity) == [.critical])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["4:133"])
    }

    @Test func aPlanManagedPolicyListKnownAfterApplyFollowsItsConfigurationReferences() async {
        let (findings, unknowns) = await scan("""
            {"format_version": "1.2", "terraform_version": "1.6.0",
             "planned_values": {"root_module": {"resources": [
               {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "values": {"name": "ci"}},
               {"address": "aws_iam_policy.deploy", "mode": "managed", "type": "aws_iam_policy", "name": "deploy", "values": {"name": "deploy", "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:CreatePolicyVersion\\",\\"Resource\\":\\"*\\"}]}"}}
             ]}},
             "resource_changes": [
               {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "change": {"actions": ["create"], "before": null, "after": {"name": "ci"}, "after_unknown": {"managed_policy_arns": true}}}
             ],
             "configuration": {"root_module": {"resources": [
               {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "expressions": {"name": {"constant_value": "ci"}, "managed_policy_arns": {"references": ["aws_iam_policy.deploy.arn", "aws_iam_policy.deploy"]}}},
               {"address": "aws_iam_policy.deploy", "mode": "managed", "type": "aws_iam_policy", "name": "deploy", "expressions": {"name": {"constant_value": "deploy"}}}
             ]}}
            }
            """, path: "plan.json")
        #expect(unknowns.isEmpty)
        #expect(findings.map { $0.resource?.name } == ["aws_iam_role.ci"])
        #expect(findings.map { "\($0.location.line):\($0.location.column)" } == ["4:133"])
    }
}
