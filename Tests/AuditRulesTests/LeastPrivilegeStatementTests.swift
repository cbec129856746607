import AuditCore
import AuditKit
import Testing

/// Behaviour of the statement-level least-privilege rules that examples cannot show:
/// unknown results, document kinds they leave alone, and the exact findings of a mixed
/// policy.
@Suite struct LeastPrivilegeStatementTests {
    static func scan(_ text: String, path: String, rules: Set<String>) async -> ScanResult {
        await Scanner().scan(documents: [(path, text)], selection: RuleSelection(only: rules))
    }

    static func lines(_ result: ScanResult) -> [String] {
        result.outcome.findings.map { "\($0.ruleID) \($0.location.line):\($0.location.column) \($0.attributePath ?? "")" }
    }

    @Test func unresolvedResourceIsUnknownNotAPass() async {
        let result = await Self.scan("""
            {
              "variable": {"target": {"type": "string"}},
              "data": {
                "aws_iam_policy_document": {
                  "deploy": {"statement": [{"actions": ["iam:PassRole", "sqs:SendMessage"], "resources": ["${var.target}"]}]}
                }
              }
            }
            """, path: "main.tf.json", rules: ["AS-IAM-003", "AS-IAM-005"])
        #expect(result.outcome.findings.isEmpty)
        #expect(Set(result.outcome.unknowns.map(\.ruleID)) == ["AS-IAM-003", "AS-IAM-005"])
        #expect(result.outcome.unknowns.allSatisfy { $0.expression.contains("var.target") })
    }

    @Test func mixedPolicyFindingsLandOnTheirEntries() async {
        let result = await Self.scan("""
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "ssm:GetParameter"], "Resource": "*"},
                {"Sid": "Write", "Effect": "Allow", "Action": ["sqs:*", "iam:PassRole"], "Resource": "*"},
                {"Sid": "Fence", "Effect": "Deny", "Action": ["sqs:DeleteQueue", "iam:PassRole"], "Resource": "*"}
              ]
            }
            """, path: "policy.json", rules: ["AS-IAM-002", "AS-IAM-003", "AS-IAM-005", "AS-IAM-010", "AS-IAM-011"])
        #expect(Self.lines(result) == [
            "AS-IAM-011 4:51 Statement[Read].Action[0]",
            "AS-IAM-011 4:62 Statement[Read].Action[1]",
            "AS-IAM-002 5:52 Statement[Write].Action[0]",
            "AS-IAM-003 5:52 Statement[Write].Action[0]",
        ])
        let write = result.outcome.findings.first { $0.ruleID == "AS-IAM-003" }
        // The denied sqs:DeleteQueue is not counted; PassRole is denied, so AS-IAM-005 passes.
        #expect(write?.message.contains("sqs:DeleteQueue") == false)
        #expect(result.outcome.findings.first { $0.ruleID == "AS-IAM-002" }?.severity == .high)
    }

    @Test func trustPoliciesAreLeftAlone() async {
        let trust = await Self.scan("""
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: arn:aws:iam::123456789012:root
                        Action: sts:AssumeRole
            """, path: "template.yaml", rules: ["AS-IAM-003", "AS-IAM-010"])
        #expect(trust.outcome.findings.isEmpty)
    }

    @Test func getPolicyVersionResponseIsReadLikeThePolicy() async {
        let result = await Self.scan("""
            {"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"}
            ]}, "VersionId": "v2", "IsDefaultVersion": true}}
            """, path: "policy.json", rules: ["AS-IAM-005"])
        #expect(Self.lines(result) == ["AS-IAM-005 2:33 Statement[0].Action[0]"])
    }
}
