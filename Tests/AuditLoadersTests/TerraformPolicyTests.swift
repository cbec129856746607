import AuditModel
import Testing
@testable import AuditLoaders

@Suite("Terraform policy documents")
struct TerraformPolicyTests {
    private let file = "infra/main.tf.json"

    private func location(_ line: Int, _ column: Int) -> AuditModel.SourceLocation {
        AuditModel.SourceLocation(file: file, line: line, column: column)
    }

    private func id(_ address: String) -> ResourceID {
        ResourceID(scope: "infra", name: address)
    }

    private func loadPolicies() throws -> LoadedScope {
        try TerraformTestSupport.loadConfig(#"""
        {
          "data": {
            "aws_iam_policy_document": {
              "trust": {
                "statement": [
                  {
                    "actions": ["sts:AssumeRole"],
                    "principals": [{ "type": "Service", "identifiers": ["lambda.amazonaws.com"] }]
                  }
                ]
              },
              "unused": {
                "statement": {
                  "effect": "Deny",
                  "not_actions": ["s3:*"],
                  "resources": ["*"],
                  "condition": [{ "test": "Bool", "variable": "aws:SecureTransport", "values": ["false"] }]
                }
              }
            }
          },
          "resource": {
            "aws_iam_role": {
              "app": {
                "assume_role_policy": "${data.aws_iam_policy_document.trust.json}",
                "inline_policy": [{ "name": "admin", "policy": "${jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Action = \"*\", Resource = \"*\"}]})}" }]
              }
            },
            "aws_iam_policy": {
              "deploy": {
                "policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:PutObject\"], \"Resource\": [\"${aws_s3_bucket.site.arn}\", \"${aws_s3_bucket.site.arn}/*\"]}]}"
              }
            },
            "aws_s3_bucket": { "site": { "bucket": "site" } },
            "aws_s3_bucket_policy": {
              "site": { "bucket": "${aws_s3_bucket.site.id}", "policy": "${var.site_policy}" }
            },
            "aws_kms_key": { "k": { "policy": "not json" } }
          },
          "variable": { "site_policy": {} }
        }
        """#)
    }

    @Test func dataSourceDocumentsHaveTheDefaultEffectAndTheKindOfTheirUser() throws {
        let loaded = try loadPolicies()
        let trust = try #require(loaded.terraformPolicy("data.aws_iam_policy_document.trust"))
        #expect(trust.kind == .trust)
        #expect(trust.owner == id("data.aws_iam_policy_document.trust"))
        #expect(trust.name == "data.aws_iam_policy_document.trust")
        #expect(trust.location == location(4, 7))
        #expect(trust.unresolvedExpression == nil)
        #expect(trust.statements == [PolicyStatement(
            effect: Attr(value: .string("Allow"), provenance: .defaultedByTool("aws_iam_policy_document effect defaults to Allow")),
            actions: PolicyElement(entries: [PolicyEntry(value: .string("sts:AssumeRole"), location: location(7, 25))], location: location(7, 13)),
            principals: [PolicyPrincipal(type: "Service", value: .string("lambda.amazonaws.com"), location: location(8, 65))],
            location: location(6, 11)
        )])

        let unused = try #require(loaded.terraformPolicy("data.aws_iam_policy_document.unused"))
        #expect(unused.kind == .standalone)
        #expect(unused.statements == [PolicyStatement(
            effect: Attr(value: .string("Deny"), provenance: .explicit, location: location(14, 11)),
            notActions: PolicyElement(entries: [PolicyEntry(value: .string("s3:*"), location: location(15, 27))], location: location(15, 11)),
            resources: PolicyElement(entries: [PolicyEntry(value: .string("*"), location: location(16, 25))], location: location(16, 11)),
            conditions: [PolicyCondition(conditionOperator: "Bool", key: "aws:SecureTransport", values: [.string("false")], location: location(17, 25))],
            location: location(13, 22)
        )])

        // The role links to the data source instead of owning a copy of its document.
        let role = try #require(loaded.terraformResource("aws_iam_role.app"))
        #expect(role.links == [Link(
            path: "assume_role_policy",
            reference: ResourceReference(target: id("data.aws_iam_policy_document.trust"), attribute: "json"), location: location(25, 9)
        )])
        #expect(loaded.policies.filter { $0.owner == role.id }.map(\.id.name) == ["aws_iam_role.app.inline_policy[0].policy"])
    }

    @Test func jsonencodeOfALiteralObjectIsADocumentLocatedAtTheKey() throws {
        let loaded = try loadPolicies()
        let inline = try #require(loaded.terraformPolicy("aws_iam_role.app.inline_policy[0].policy"))
        #expect(inline.kind == .identity)
        #expect(inline.owner == id("aws_iam_role.app"))
        #expect(inline.name == #"aws_iam_role.app inline policy "admin""#)
        #expect(inline.location == location(26, 46))
        let key = location(26, 46)
        #expect(inline.statements == [PolicyStatement(
            effect: Attr(value: .string("Allow"), provenance: .explicit, location: key),
            actions: PolicyElement(entries: [PolicyEntry(value: .string("*"), location: key)], location: key),
            resources: PolicyElement(entries: [PolicyEntry(value: .string("*"), location: key)], location: key),
            location: key
        )])
    }

    @Test func aJSONStringWithInterpolationsKeepsItsStructure() throws {
        let loaded = try loadPolicies()
        let deploy = try #require(loaded.terraformPolicy("aws_iam_policy.deploy.policy"))
        let key = location(31, 9)
        #expect(deploy.kind == .identity)
        #expect(deploy.name == "aws_iam_policy.deploy")
        #expect(deploy.owner == id("aws_iam_policy.deploy"))
        #expect(deploy.statements == [PolicyStatement(
            effect: Attr(value: .string("Allow"), provenance: .explicit, location: key),
            actions: PolicyElement(entries: [PolicyEntry(value: .string("s3:PutObject"), location: key)], location: key),
            resources: PolicyElement(entries: [
                PolicyEntry(value: .reference(ResourceReference(target: id("aws_s3_bucket.site"), attribute: "arn")), location: key),
                PolicyEntry(value: .unresolved("${aws_s3_bucket.site.arn}/*"), location: key),
            ], location: key),
            location: key
        )])
        let policy = try #require(loaded.terraformResource("aws_iam_policy.deploy"))
        // The document's own references link the policy to the bucket, wherever they sit.
        #expect(policy.links == [
            Link(path: "policy.Statement[0].Resource[0]", reference: ResourceReference(target: id("aws_s3_bucket.site"), attribute: "arn"), location: key),
            Link(path: "policy.Statement[0].Resource[1]", reference: ResourceReference(target: id("aws_s3_bucket.site"), attribute: "arn"), location: key),
        ])
    }

    @Test func unresolvedAndInvalidPolicies() throws {
        let loaded = try loadPolicies()
        let bucketPolicy = try #require(loaded.terraformPolicy("aws_s3_bucket_policy.site.policy"))
        #expect(bucketPolicy.kind == .resourceBased)
        #expect(bucketPolicy.owner == id("aws_s3_bucket_policy.site"))
        #expect(bucketPolicy.location == location(36, 55))
        #expect(bucketPolicy.statements.isEmpty)
        #expect(bucketPolicy.unresolvedExpression == "${var.site_policy}")
        #expect(loaded.policies.count == 5)
        #expect(loaded.diagnostics == [
            LoadDiagnostic(.warning, "policy of aws_kms_key.k is not a JSON policy document", at: location(38, 29)),
        ])
    }
}
