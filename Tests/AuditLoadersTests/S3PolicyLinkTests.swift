import AuditModel
import Testing
@testable import AuditLoaders

/// `aws_s3_bucket_policy` is linked to its bucket whether it names the bucket by reference
/// or by a literal name, in configuration and in plans, so AS-ENC-009 finds a bucket's
/// policy through the model.
@Suite("Terraform bucket policies link to their bucket")
struct S3PolicyLinkTests {
    private let file = "infra/main.tf.json"

    private func id(_ address: String, scope: String = "infra") -> ResourceID {
        ResourceID(scope: scope, name: address)
    }

    /// The bucket policies that point at `bucket` through their `bucket` argument.
    private func policyReferrers(of bucket: ResourceID, in model: CloudModel) -> [String] {
        model.referrers(of: bucket)
            .filter { $0.resource.kind == .bucketPolicy && $0.link.attribute == .bucketName }
            .map(\.resource.id.name)
            .sorted()
    }

    @Test func configurationPoliciesLinkByReferenceAndByLiteralName() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_s3_bucket": {
              "assets": { "bucket": "acme-assets" },
              "logs": { "bucket": "acme-logs" },
              "other": { "bucket": "acme-other" }
            },
            "aws_s3_bucket_policy": {
              "assets": {
                "bucket": "${aws_s3_bucket.assets.id}",
                "policy": "${data.aws_iam_policy_document.tls.json}"
              },
              "logs": {
                "bucket": "acme-logs",
                "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Deny\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"s3:*\\", \\"Resource\\": \\"arn:aws:s3:::acme-logs/*\\"}]}"
              },
              "elsewhere": {
                "bucket": "bucket-of-another-stack",
                "policy": "{\\"Statement\\": []}"
              }
            }
          },
          "data": {
            "aws_iam_policy_document": {
              "tls": {
                "statement": [{ "effect": "Deny", "actions": ["s3:*"], "resources": ["${aws_s3_bucket.assets.arn}"] }]
              }
            }
          }
        }
        """)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let model = CloudModel([loaded])
        #expect(policyReferrers(of: id("aws_s3_bucket.assets"), in: model) == ["aws_s3_bucket_policy.assets"])
        #expect(policyReferrers(of: id("aws_s3_bucket.logs"), in: model) == ["aws_s3_bucket_policy.logs"])
        #expect(policyReferrers(of: id("aws_s3_bucket.other"), in: model).isEmpty)

        // The literal-name link is located at the policy's `bucket` key.
        let logsPolicy = try #require(loaded.terraformResource("aws_s3_bucket_policy.logs"))
        let link = try #require(logsPolicy.links.first { $0.target == id("aws_s3_bucket.logs") })
        #expect(link == Link(path: "bucket", attribute: .bucketName, reference: ResourceReference(target: id("aws_s3_bucket.logs")),
                             location: AuditModel.SourceLocation(file: file, line: 14, column: 9)))
        // A policy naming a bucket that is not in the module links to nothing.
        let elsewhere = try #require(loaded.terraformResource("aws_s3_bucket_policy.elsewhere"))
        #expect(elsewhere.links.isEmpty)

        // Each policy document stays with its carrier: the data source, or the bucket policy.
        #expect(model.policies(ownedBy: id("data.aws_iam_policy_document.tls")).map(\.kind) == [.resourceBased])
        #expect(model.policies(ownedBy: id("aws_s3_bucket_policy.logs")).map(\.statements.count) == [1])
    }

    @Test func planPoliciesLinkThroughConfigurationReferencesAndLiteralNames() throws {
        let loaded = try TerraformTestSupport.loadPlan("""
        {
          "format_version": "1.2",
          "planned_values": {
            "root_module": {
              "resources": [
                { "address": "aws_s3_bucket.assets", "mode": "managed", "type": "aws_s3_bucket", "name": "assets",
                  "values": { "bucket": "acme-assets" } },
                { "address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
                  "values": { "bucket": "acme-logs" } },
                { "address": "aws_s3_bucket_policy.assets", "mode": "managed", "type": "aws_s3_bucket_policy", "name": "assets",
                  "values": { "bucket": "acme-assets", "policy": "{\\"Statement\\": []}" } },
                { "address": "aws_s3_bucket_policy.logs", "mode": "managed", "type": "aws_s3_bucket_policy", "name": "logs",
                  "values": { "bucket": "acme-logs", "policy": "{\\"Statement\\": []}" } }
              ]
            }
          },
          "configuration": {
            "root_module": {
              "resources": [
                { "address": "aws_s3_bucket_policy.assets", "type": "aws_s3_bucket_policy", "name": "assets",
                  "expressions": { "bucket": { "references": ["aws_s3_bucket.assets.id", "aws_s3_bucket.assets"] } } }
              ]
            }
          }
        }
        """)
        let model = CloudModel([loaded])
        #expect(policyReferrers(of: id("aws_s3_bucket.assets", scope: "plan.json"), in: model) == ["aws_s3_bucket_policy.assets"])
        #expect(policyReferrers(of: id("aws_s3_bucket.logs", scope: "plan.json"), in: model) == ["aws_s3_bucket_policy.logs"])
    }
}
