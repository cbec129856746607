import AuditKit
import AuditModel
import Testing

/// Standalone policy files: plain, wrapped in a GetPolicyVersion response (as a mapping or
/// URL-encoded), and service control policies.
@Suite struct IAMPolicyLoaderTests {
    func load(_ text: String, path: String = "policy.json") async throws -> PolicyDocument {
        let result = await Scanner(rules: []).scan(documents: [(path: path, text: text)])
        #expect(result.errors.isEmpty)
        return try #require(result.model.policies.first)
    }

    @Test func plainDocumentKeepsEveryPosition() async throws {
        let policy = try await load("""
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "ReadAssets",
                  "Effect": "Allow",
                  "Action": ["s3:GetObject", "s3:ListBucket"],
                  "Resource": "arn:aws:s3:::assets/*",
                  "Condition": {"Bool": {"aws:SecureTransport": "true"}}
                },
                {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["*"], "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]}}
              ]
            }
            """)
        #expect(policy.kind == .standalone && policy.owner == nil && policy.name == "policy.json")
        #expect(policy.statements.count == 2)
        let read = policy.statements[0]
        #expect(read.sid == "ReadAssets" && read.isAllow)
        #expect(read.location == SourceLocation(file: "policy.json", line: 4, column: 5))
        #expect(read.actions?.literalStrings == ["s3:GetObject", "s3:ListBucket"])
        #expect(read.actions?.location == SourceLocation(file: "policy.json", line: 7, column: 7))
        #expect(read.actions?.entries.map(\.location) == [
            SourceLocation(file: "policy.json", line: 7, column: 18), SourceLocation(file: "policy.json", line: 7, column: 34),
        ])
        #expect(read.resources?.literalStrings == ["arn:aws:s3:::assets/*"])
        #expect(read.conditions == [PolicyCondition(
            conditionOperator: "Bool", key: "aws:SecureTransport", values: [.string("true")],
            location: SourceLocation(file: "policy.json", line: 9, column: 30))])
        let deny = policy.statements[1]
        #expect(!deny.isAllow && deny.actions == nil)
        #expect(deny.notActions?.literalStrings == ["iam:*"] && deny.notResources?.literalStrings == ["*"])
        #expect(deny.principals.map(\.type) == ["AWS"])
    }

    @Test func getPolicyVersionResponseWithURLEncodedDocument() async throws {
        let policy = try await load("""
            {
              "PolicyVersion": {
                "Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
                "VersionId": "v3",
                "IsDefaultVersion": true
              }
            }
            """)
        #expect(policy.statements.count == 1)
        #expect(policy.statements[0].actions?.literalStrings == ["*"])
        // Positions inside an encoded string are not file positions: everything lands on `Document`.
        #expect(policy.statements[0].actions?.location == SourceLocation(file: "policy.json", line: 3, column: 5))
    }

    @Test func getPolicyVersionResponseWithDocumentMapping() async throws {
        let policy = try await load("""
            {"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}}}}
            """)
        #expect(policy.statements.map { $0.actions?.literalStrings } == [["sqs:SendMessage"]])
    }

    @Test func denyOnlyDocumentWithoutPrincipalsIsAServiceControlPolicy() async throws {
        let policy = try await load("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
              {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}
            ]}
            """, path: "scp/region-lock.json")
        #expect(policy.kind == .serviceControl)
        #expect(policy.id == ResourceID(scope: "scp/region-lock.json", name: "region-lock.json"))
    }

    @Test func yamlPolicyIsReadToo() async throws {
        let policy = try await load("""
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: "*"
            """, path: "policy.yaml")
        #expect(policy.statements.first?.actions?.location == SourceLocation(file: "policy.yaml", line: 4, column: 5))
    }

    @Test func anAllowListServiceControlPolicyIsJudgedAsAPolicy() async throws {
        // FullAWSAccess and allow-list SCPs grant through Allow statements: read like any policy.
        let policy = try await load("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            """, path: "scp/FullAWSAccess.json")
        #expect(policy.kind == .standalone)
        #expect(policy.name == "FullAWSAccess.json")
        #expect(policy.statements.first?.actions?.literalStrings == ["*"])
    }

    @Test func aSingleStatementObjectAndStringElementsAreNormalized() async throws {
        let policy = try await load("""
            {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::*:role/admin"}}
            """)
        #expect(policy.kind == .serviceControl || policy.kind == .standalone)
        let statement = try #require(policy.statements.first)
        #expect(!statement.isAllow)
        #expect(statement.notActions?.literalStrings == ["iam:*"])
        #expect(statement.notResources?.literalStrings == ["arn:aws:iam::*:role/admin"])
        #expect(statement.location == SourceLocation(file: "policy.json", line: 1, column: 40))
    }
}
