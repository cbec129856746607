import AuditCore
import AuditModel

/// AS-ENC-010 (policy-driven, off by default): an S3 bucket whose default encryption is not
/// SSE-KMS.
struct S3DefaultEncryptionNotKMS: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-010",
        slug: "s3-default-encryption-not-kms",
        title: "S3 default encryption: SSE-KMS not used where required (policy-driven)",
        severity: .low,
        pack: .encryption,
        tags: ["security", "encryption", "s3", "policy"],
        rationale: """
            Since 5 January 2023 S3 encrypts every new object with SSE-S3 (AES-256) even when the \
            bucket configures nothing, so a bucket without an encryption configuration is not \
            unencrypted. SSE-KMS (aws:kms, or dual-layer aws:kms:dsse) matters when access must also \
            pass a key policy, or when a compliance regime asks for customer-controlled keys. The \
            rule is therefore off by default and runs only when asked for with --check AS-ENC-010. \
            In Terraform the encryption may sit in a separate \
            aws_s3_bucket_server_side_encryption_configuration resource, which is read as part of its \
            bucket. Peers (checkov CKV_AWS_19, KICS) fail buckets without an encryption \
            configuration as unencrypted by default; auditstack reports only the key policy, at low \
            severity.
            """,
        remediation: """
            CloudFormation: `BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault` \
            with `SSEAlgorithm: aws:kms` and `KMSMasterKeyID`.
            Terraform: an `aws_s3_bucket_server_side_encryption_configuration` whose rule sets \
            `sse_algorithm = "aws:kms"` and `kms_master_key_id`.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-serversideencryptionbydefault.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_19", "checkov:CKV_AWS_145", "kics:6726dcc0-5ff5-459d-b473-a780bef7665c",
            "kics:b2e8752c-3497-4255-98d2-e4ae5b46bbf5",
        ],
        enabledByDefault: false
    )

    static let subjects: Set<ResourceKind> = [.bucket]

    private static let kmsAlgorithms: Set<String> = ["aws:kms", "aws:kms:dsse"]

    func check(_ bucket: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let algorithm = bucket[.sseAlgorithm]
        switch algorithm.list {
        case .unknown(let expression):
            report.unknown(expression, resource: bucket, at: bucket.location(of: .sseAlgorithm))
        case .absent:
            report.unknown("\(AttributeName.sseAlgorithm) is not known", resource: bucket)
        case .value(let entries):
            var others: [String] = []
            for entry in entries {
                switch entry {
                case .string(let name) where Self.kmsAlgorithms.contains(name): continue
                case .string(let name): others.append(name)
                case .unresolved(let expression):
                    report.unknown(expression, resource: bucket, at: bucket.location(of: .sseAlgorithm))
                    return
                default: others.append(entry.displayText)
                }
            }
            if entries.isEmpty || !others.isEmpty {
                let shown = algorithm.isDefaulted ? algorithm.origin : "is \(others.isEmpty ? "empty" : others.joined(separator: ", "))"
                report.fail("Bucket default encryption is not SSE-KMS: the algorithm \(shown)",
                            resource: bucket, at: bucket.location(of: .sseAlgorithm), attribute: AttributeName.sseAlgorithm.rawValue)
            } else {
                report.pass()
            }
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Assets:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: book-assets
            """),
        .bad(.cloudFormationYAML, scenario: "sse-s3", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  BucketEncryption:
                    ↓ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault:
                          SSEAlgorithm: AES256
            """),
        .good(.cloudFormationYAML, scenario: "sse-kms", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  BucketEncryption:
                    ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault:
                          SSEAlgorithm: aws:kms
                          KMSMasterKeyID: alias/assets
                        BucketKeyEnabled: true
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Algorithm:
                Type: String
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  BucketEncryption:
                    ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault:
                          SSEAlgorithm: !Ref Algorithm
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_s3_bucket": {
                  ↓"assets": {"bucket": "book-assets"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }
            """),
        .bad(.terraformJSON, scenario: "sse-s3", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_server_side_encryption_configuration": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    ↓"rule": [
                      {"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}
                    ]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "sse-s3", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
              bucket = aws_s3_bucket.assets.id
              ↓rule {
                apply_server_side_encryption_by_default {
                  sse_algorithm = "AES256"
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "sse-kms", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_server_side_encryption_configuration": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "rule": [
                      {
                        "apply_server_side_encryption_by_default": [
                          {"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/assets"}
                        ],
                        "bucket_key_enabled": true
                      }
                    ]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "sse-kms", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
              bucket = aws_s3_bucket.assets.id
              rule {
                apply_server_side_encryption_by_default {
                  sse_algorithm = "aws:kms"
                  kms_master_key_id = "alias/assets"
                }
                bucket_key_enabled = true
              }
            }
            """),
        .good(.terraformJSON, scenario: "legacy-inline-kms", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {
                    "bucket": "book-assets",
                    "server_side_encryption_configuration": {
                      "rule": {
                        "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}
                      }
                    }
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "legacy-inline-kms", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
              server_side_encryption_configuration {
                rule {
                  apply_server_side_encryption_by_default {
                    sse_algorithm = "aws:kms"
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"algorithm": {"type": "string"}},
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_server_side_encryption_configuration": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "rule": [
                      {"apply_server_side_encryption_by_default": [{"sse_algorithm": "${var.algorithm}"}]}
                    ]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "algorithm" {
              type = "string"
            }

            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
              bucket = aws_s3_bucket.assets.id
              rule {
                apply_server_side_encryption_by_default {
                  sse_algorithm = var.algorithm
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-sse-s3", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_s3_bucket.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "assets",
                      "values": {"bucket": "book-assets"}
                    },
                    {
                      "address": "aws_s3_bucket_server_side_encryption_configuration.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket_server_side_encryption_configuration",
                      "name": "assets",
                      "values": {
                        "bucket": "book-assets",
                        ↓"rule": [
                          {"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256", "kms_master_key_id": ""}]}
                        ]
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-sse-kms", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_s3_bucket.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "assets",
                      "values": {"bucket": "book-assets"}
                    },
                    {
                      "address": "aws_s3_bucket_server_side_encryption_configuration.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket_server_side_encryption_configuration",
                      "name": "assets",
                      "values": {
                        "bucket": "book-assets",
                        "rule": [
                          {"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/assets"}]}
                        ]
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
