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

    @Test func aListVariableAmongLiteralResourcesIsFlattenedAndAnUnknownOneKept() throws {
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "variable": {"arns": {"default": ["arn:aws:s3:::logs", "*"]}, "extra": {}},
          "data": {
            "aws_iam_policy_document": {
              "read": {"statement": [{"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::assets", "${var.arns}", "${var.extra}"]}]}
            }
          }
        }
        """#)
        let read = try #require(loaded.terraformPolicy("data.aws_iam_policy_document.read"))
        let resources = try #require(read.statements.first?.resources)
        #expect(resources.unresolvedExpression == nil)
        #expect(resources.entries.map(\.value) == [
            .string("arn:aws:s3:::assets"), .string("arn:aws:s3:::logs"), .string("*"), .unresolved("${var.extra}"),
        ])
        #expect(resources.entries.map(\.location) == [location(5, 74), location(5, 97), location(5, 97), location(5, 112)])
    }

    @Test func attachmentsAndManagedPolicyListsLinkPoliciesToPrincipals() throws {
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "resource": {
            "aws_iam_role": {"app": {"assume_role_policy": "{}", "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "${aws_iam_policy.deploy.arn}"]}},
            "aws_iam_policy": {"deploy": {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}]}"}},
            "aws_iam_role_policy_attachment": {"deploy": {"role": "${aws_iam_role.app.name}", "policy_arn": "${aws_iam_policy.deploy.arn}"}},
            "aws_iam_policy_attachment": {"admins": {"name": "admins", "roles": ["${aws_iam_role.app.name}"], "users": ["bob"], "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}}
          }
        }
        """#)
        let role = try #require(loaded.terraformResource("aws_iam_role.app"))
        #expect(role[.managedPolicyARNs].value == .list([
            .string("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            .reference(ResourceReference(target: id("aws_iam_policy.deploy"), attribute: "arn")),
        ]))
        let attachment = try #require(loaded.terraformResource("aws_iam_role_policy_attachment.deploy"))
        #expect(attachment.links.map(\.path) == ["role", "policy_arn"])
        #expect(attachment[.policyARN].value == .reference(ResourceReference(target: id("aws_iam_policy.deploy"), attribute: "arn")))
        let shared = try #require(loaded.terraformResource("aws_iam_policy_attachment.admins"))
        #expect(shared.links.map(\.target) == [id("aws_iam_role.app")])
        #expect(shared[.policyARN].value == .string("arn:aws:iam::aws:policy/IAMFullAccess"))
        #expect(shared[.policyARN].location == location(6, 121))
    }

    @Test func planPolicyStringsAndDataSourcesAreDocuments() throws {
        let loaded = try TerraformTestSupport.loadPlan(#"""
        {"format_version": "1.2", "terraform_version": "1.6.0",
         "planned_values": {"root_module": {"resources": [
           {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
            "values": {"name": "p", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}]}"}}
         ]}},
         "prior_state": {"values": {"root_module": {"resources": [
           {"address": "data.aws_iam_policy_document.d", "mode": "data", "type": "aws_iam_policy_document", "name": "d",
            "values": {"json": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:CreatePolicyVersion\",\"Resource\":\"*\"}]}", "statement": [{"actions": ["iam:CreatePolicyVersion"], "resources": ["*"], "effect": "Allow"}]}}
         ]}}}}
        """#)
        let policy = try #require(loaded.terraformPolicy("aws_iam_policy.p.policy"))
        #expect(policy.kind == .identity)
        #expect(policy.statements.first?.actions?.literalStrings == ["iam:PassRole"])
        #expect(policy.statements.first?.resources?.literalStrings == ["*"])
        let document = try #require(loaded.terraformPolicy("data.aws_iam_policy_document.d"))
        #expect(document.statements.first?.actions?.literalStrings == ["iam:CreatePolicyVersion"])
        #expect(document.statements.first?.isAllow == true)
    }
}
