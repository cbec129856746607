import AuditCore
import AuditModel

/// AS-LAUNCH-013: a public access block that switches off the protection S3 gives every new
/// bucket, often by declaring the block and leaving its flags out.
struct S3BlockPublicAccessOff: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-013",
        slug: "s3-block-public-access-off",
        title: "S3 Block Public Access turned off (incl. Terraform resource with omitted fields)",
        severity: .high,
        pack: .launchChecklist,
        tags: ["s3", "public-access", "security", "launch"],
        rationale: """
            Since April 2023 S3 turns all four Block Public Access settings on for every new \
            bucket, also for buckets created through the API and CloudFormation (AWS News \
            Blog, "Amazon S3 security changes are coming in April of 2023"), so a bucket \
            without a public access block is protected. Declaring a block is what removes the \
            protection: each of the four arguments of Terraform's \
            aws_s3_bucket_public_access_block defaults to false, so a bare block with only \
            `bucket` turns all four off, and the S3 API takes a flag left out of a \
            CloudFormation PublicAccessBlockConfiguration as false. The model tells the two \
            cases apart (no block: service default on; block with a flag left out: off), so \
            the finding says which one applies. The account-level block \
            (aws_s3_account_public_access_block) is judged the same way. A bucket meant to be \
            a public website can be listed under `public-website-buckets` in .auditstack.yml; \
            serving it through CloudFront with origin access control keeps the block on and \
            is the better fix. Deliberate difference from peers: checkov CKV_AWS_53 to 56 and \
            KICS fail a bucket with no block at all, and checkov CKV2_AWS_6 wants every \
            bucket to have a block resource; auditstack passes those buckets because the \
            service default already blocks public access.
            """,
        remediation: """
            Set all four flags to true: CloudFormation `PublicAccessBlockConfiguration` with \
            `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls`, `RestrictPublicBuckets`; \
            Terraform `aws_s3_bucket_public_access_block` with `block_public_acls`, \
            `block_public_policy`, `ignore_public_acls`, `restrict_public_buckets` = true. \
            Or remove the block to keep the service default.
            """,
        references: [
            "https://aws.amazon.com/blogs/aws/heads-up-amazon-s3-security-changes-are-coming-in-april-of-2023/",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-publicaccessblockconfiguration.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_53", "checkov:CKV_AWS_54", "checkov:CKV_AWS_55", "checkov:CKV_AWS_56", "checkov:CKV2_AWS_6",
            "kics:d0cc8694-fcad-43ff-ac86-32331d7e867f", "kics:1a4bc881-9f69-4d44-8c9a-d37d08f54c50",
            "kics:4fa66806-0dd9-4f8d-9480-3174d39c7c91", "kics:1ec253ab-c220-4d63-b2de-5b40e0af9293",
            "kics:7772bb8c-c0f3-42d4-8e4e-f1b8939ad085",
        ]
    )

    static let subjects: Set<ResourceKind> = [.bucket, .accountPublicAccessBlock]

    private static let flags: [(name: AttributeName, label: String)] = [
        (.blockPublicAcls, "BlockPublicAcls"), (.ignorePublicAcls, "IgnorePublicAcls"),
        (.blockPublicPolicy, "BlockPublicPolicy"), (.restrictPublicBuckets, "RestrictPublicBuckets"),
    ]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if resource.kind == .bucket, isAllowListed(resource, report.settings) {
            report.pass()
            return
        }
        var off: [(label: String, attribute: Attr, location: SourceLocation)] = []
        for flag in Self.flags {
            let attribute = resource[flag.name]
            switch attribute.bool {
            case .value(true): continue
            case .value(false): off.append((flag.label, attribute, resource.location(of: flag.name)))
            case .unknown(let expression):
                report.unknown(expression, resource: resource, at: resource.location(of: flag.name))
                return
            case .absent:
                report.unknown("\(flag.label) is not known", resource: resource)
                return
            }
        }
        guard let first = off.first else {
            report.pass()
            return
        }
        let subject = resource.kind == .bucket ? "Bucket \(resource.id.name)" : "The account-level public access block"
        let detail = off.map { "\($0.label) \($0.attribute.origin)" }.joined(separator: "; ")
        report.fail("\(subject) turns Block Public Access off: \(detail)", resource: resource, at: first.location,
                    attribute: "PublicAccessBlockConfiguration")
    }

    private func isAllowListed(_ bucket: Resource, _ settings: RuleSettings) -> Bool {
        if settings.publicWebsiteBuckets.contains(bucket.id.name) { return true }
        if case .value(let name) = bucket[.bucketName].string, settings.publicWebsiteBuckets.contains(name) { return true }
        return false
    }

    static let examples: [RuleExample] = [
        .good(.cloudFormationYAML, scenario: "no-block", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
            """),
        .bad(.cloudFormationYAML, scenario: "block-with-omitted-fields", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  ↓PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    IgnorePublicAcls: true
                    ↓BlockPublicPolicy: false
                    RestrictPublicBuckets: true
            """),
        .good(.cloudFormationYAML, scenario: "all-on", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    IgnorePublicAcls: true
                    BlockPublicPolicy: true
                    RestrictPublicBuckets: true
            """),
        .good(.terraformJSON, scenario: "no-block", """
            {
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}}
              }
            }
            """),
        .bad(.terraformJSON, scenario: "block-with-omitted-fields", """
            {
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}},
                "aws_s3_bucket_public_access_block": {
                  ↓"assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "block_public_acls": true
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}},
                "aws_s3_bucket_public_access_block": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "block_public_acls": true,
                    "ignore_public_acls": true,
                    ↓"block_public_policy": false,
                    "restrict_public_buckets": true
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "all-on", """
            {
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}},
                "aws_s3_bucket_public_access_block": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "block_public_acls": true,
                    "ignore_public_acls": true,
                    "block_public_policy": true,
                    "restrict_public_buckets": true
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "account-block-bare", """
            {
              "resource": {
                "aws_s3_account_public_access_block": {
                  ↓"account": {}
                }
              }
            }
            """),
    ]
}
