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
        // One finding per rule and statement, at its first offending entry, naming them all.
        #expect(Self.lines(result) == [
            "AS-IAM-011 4:51 policy.json Statement[Read].Action",
            "AS-IAM-002 5:52 policy.json Statement[Write].Action",
            "AS-IAM-003 5:52 policy.json Statement[Write].Action",
        ])
        #expect(result.outcome.findings[0].message.contains("through \"s3:Get*\", \"ssm:GetParameter\""))
        #expect(Set(result.outcome.findings.dropFirst().map(\.rootCause)).count == 1)
        #expect(result.outcome.findings[0].rootCause != result.outcome.findings[1].rootCause)
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
        // No Sid: the statement is named by a digest of what it says, not by its index.
        #expect(Self.lines(result) == ["AS-IAM-005 2:33 policy.json Statement[#be395f528d05].Action"])
    }

    // MARK: Identities that survive edits (baselines, SARIF alerts)

    static let roleTemplate = """
        Resources:
          Worker:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
              Policies:
        %@
        """

    static func fingerprints(policies: String) async -> [String: [String]] {
        let text = roleTemplate.replacingOccurrences(of: "%@", with: policies)
        let result = await Self.scan(text, path: "stack.yaml", rules: ["AS-IAM-002", "AS-IAM-003"])
        return Dictionary(grouping: result.outcome.findings, by: \.ruleID).mapValues { $0.map(\.fingerprint).sorted() }
    }

    static let queues = """
                - PolicyName: Queues
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: "sqs:*", Resource: "*"}
        """
    static let admin = """
                - PolicyName: Identity
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: "iam:*", Resource: "*"}
        """

    /// A role with an accepted `sqs:*` policy that gains an `iam:*` policy: the new grant
    /// must get a fingerprint of its own, wherever it is inserted.
    @Test func aNewPolicyOnTheSameRoleGetsItsOwnFingerprints() async {
        let before = await Self.fingerprints(policies: Self.queues)
        let after = await Self.fingerprints(policies: Self.admin + "\n" + Self.queues)
        for rule in ["AS-IAM-002", "AS-IAM-003"] {
            #expect(before[rule]?.count == 1)
            #expect(Set(after[rule] ?? []).count == 2, "\(rule): two policies, two fingerprints")
            #expect(Set(before[rule] ?? []).isSubset(of: Set(after[rule] ?? [])), "\(rule): the accepted finding keeps its fingerprint")
        }
    }

    @Test func statementDigestsFollowContentNotPosition() async {
        let one = """
                    - PolicyName: Mixed
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Action: "sqs:*", Resource: "*"}
            """
        let inserted = """
                    - PolicyName: Mixed
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Action: "s3:ListAllMyBuckets", Resource: "*"}
                          - {Effect: Allow, Action: "sqs:*", Resource: "*"}
            """
        let changed = """
                    - PolicyName: Mixed
                      PolicyDocument:
                        Statement:
                          - {Effect: Allow, Action: "sns:*", Resource: "*"}
            """
        let first = await Self.fingerprints(policies: one)["AS-IAM-002"]
        #expect(first?.count == 1)
        #expect(first == (await Self.fingerprints(policies: inserted))["AS-IAM-002"])
        #expect(first != (await Self.fingerprints(policies: changed))["AS-IAM-002"])
    }

    /// SAM numbers the policies it generates (`FnRolePolicy0`): an inserted template must not
    /// rename the ones after it.
    @Test func samPolicyTemplatesAreNamedByTemplateNotPosition() async {
        func sam(_ policies: String) async -> [String] {
            let text = """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: python3.12
                      Handler: app.handler
                      CodeUri: src/
                      Policies:
                \(policies)
                """
            let result = await Self.scan(text, path: "template.yaml", rules: ["AS-IAM-015"])
            return result.outcome.findings.map(\.fingerprint)
        }
        let alone = await sam("        - DynamoDBCrudPolicy: {TableName: \"*\"}")
        let after = await sam("        - S3ReadPolicy: {BucketName: assets}\n        - DynamoDBCrudPolicy: {TableName: \"*\"}")
        #expect(alone.count == 1)
        #expect(alone == after)
    }

    /// Within one scan no two findings share a fingerprint: a corpus of roles, each with
    /// several policies whose statements differ only in what they grant.
    @Test func fingerprintsAreUniqueAcrossARealisticCorpus() async {
        let services = ["s3", "sqs", "sns", "dynamodb", "kinesis", "iam", "kms", "lambda", "logs", "ec2"]
        var documents: [(path: String, text: String)] = []
        for stack in 0..<40 {
            var text = "Resources:\n"
            for role in 0..<5 {
                text += """
                  Role\(role):
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
                      Policies:

                """
                for policy in 0..<3 {
                    let service = services[(stack + role * 3 + policy) % services.count]
                    text += """
                            - PolicyName: P\(policy)
                              PolicyDocument:
                                Statement:
                                  - {Effect: Allow, Action: "\(service):*", Resource: "*"}
                                  - {Effect: Allow, Action: ["\(service):Get*", "\(service):Put*"], Resource: "*"}

                    """
                }
            }
            documents.append(("stacks/stack\(stack).yaml", text))
        }
        let result = await Scanner().scan(documents: documents)
        let fingerprints = result.outcome.findings.map(\.fingerprint)
        #expect(fingerprints.count > 1_000)
        #expect(Set(fingerprints).count == fingerprints.count)
    }
}
