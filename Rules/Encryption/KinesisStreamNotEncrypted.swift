import AuditCore
import AuditModel

/// AS-ENC-005: a Kinesis data stream that stores records without KMS encryption.
struct KinesisStreamNotEncrypted: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-005",
        slug: "kinesis-stream-not-encrypted",
        title: "Kinesis Data Stream not encrypted",
        severity: .high,
        pack: .encryption,
        tags: ["security", "encryption", "kinesis"],
        rationale: """
            Kinesis Data Streams keeps records unencrypted at rest unless the stream asks for KMS \
            server-side encryption, and both formats leave it off: Terraform's encryption_type \
            defaults to NONE, and CloudFormation encrypts only when StreamEncryption is specified \
            (removing it disables encryption). Any encryption type other than KMS, including a \
            misspelt one, is reported, as checkov's CKV_AWS_43 does. KMS without a key (KeyId, \
            kms_key_id) is reported too, at medium: CloudFormation requires KeyId, and the Terraform \
            provider creates the stream first and then fails with "KMS Key ID required when setting \
            encryption_type is not set as NONE", leaving an unencrypted stream behind. KICS flags \
            this case; checkov's CKV_AWS_43 passes it, a deliberate difference.
            """,
        remediation: """
            CloudFormation: add `StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis}` \
            (or a customer managed key).
            Terraform: set `encryption_type = "KMS"` and `kms_key_id` (`alias/aws/kinesis` or a customer managed key).
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_stream#encryption_type",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-stream.html#cfn-kinesis-stream-streamencryption",
            "https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html",
            "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/kinesis/stream.go",
        ],
        peerIDs: [
            "checkov:CKV_AWS_43", "checkov:CKV_AWS_185",
            "kics:862fe4bf-3eec-4767-a517-40f378886b88", "kics:7f65be75-90ab-4036-8c2a-410aef7bb650",
            "cfn_nag:W49",
        ]
    )

    static let subjects: Set<ResourceKind> = [.stream]

    func check(_ stream: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if case .value(let type) = stream[.streamEncryptionType].string, type.uppercased() == "KMS", stream[.kmsKeyID].isAbsent {
            // Kinesis needs a key to start encrypting: as written, the stream cannot be encrypted.
            report.fail("Kinesis stream asks for KMS encryption without a key: KeyId is required (alias/aws/kinesis or a customer managed key)",
                        resource: stream, at: stream.location(of: .streamEncryptionType),
                        attribute: AttributeName.kmsKeyID.rawValue, severity: .medium)
            return
        }
        report.judge(.streamEncryptionType, of: stream, reading: \.string, failsWhen: { $0.uppercased() != "KMS" }) {
            "Kinesis stream records are not encrypted at rest: encryption type \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓ClickStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-none", """
            Resources:
              ClickStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamEncryption:
                    ↓EncryptionType: NONE
                    KeyId: alias/aws/kinesis
            """),
        .good(.cloudFormationYAML, scenario: "kms", """
            Resources:
              ClickStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamEncryption:
                    EncryptionType: KMS
                    KeyId: alias/aws/kinesis
            """),
        .bad(.cloudFormationYAML, scenario: "kms-without-key", """
            Resources:
              ClickStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamEncryption:
                    ↓EncryptionType: KMS
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              EncryptionType:
                Type: String
            Resources:
              ClickStream:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamEncryption:
                    EncryptionType: !Ref EncryptionType
                    KeyId: alias/aws/kinesis
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  ↓"clicks": {
                    "name": "clicks",
                    "shard_count": 1
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_kinesis_stream" "clicks" {
              name = "clicks"
              shard_count = 1
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-none", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  "clicks": {
                    "name": "clicks",
                    ↓"encryption_type": "NONE"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-none", """
            resource "aws_kinesis_stream" "clicks" {
              name = "clicks"
              ↓encryption_type = "NONE"
            }
            """),
        .good(.terraformJSON, scenario: "kms", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  "clicks": {
                    "name": "clicks",
                    "encryption_type": "KMS",
                    "kms_key_id": "alias/aws/kinesis"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "kms", """
            resource "aws_kinesis_stream" "clicks" {
              name = "clicks"
              encryption_type = "KMS"
              kms_key_id = "alias/aws/kinesis"
            }
            """),
        .bad(.terraformJSON, scenario: "kms-without-key", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  "clicks": {
                    "name": "clicks",
                    ↓"encryption_type": "KMS"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "kms-without-key", """
            resource "aws_kinesis_stream" "clicks" {
              name = "clicks"
              ↓encryption_type = "KMS"
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"encryption_type": {"type": "string"}},
              "resource": {
                "aws_kinesis_stream": {
                  "clicks": {
                    "name": "clicks",
                    "encryption_type": "${var.encryption_type}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "encryption_type" {
              type = "string"
            }

            resource "aws_kinesis_stream" "clicks" {
              name = "clicks"
              encryption_type = var.encryption_type
            }
            """),
    ]
}
