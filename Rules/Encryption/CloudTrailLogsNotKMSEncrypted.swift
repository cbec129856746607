import AuditCore
import AuditModel

/// AS-ENC-012: a CloudTrail trail whose log files are not encrypted with a KMS key.
struct CloudTrailLogsNotKMSEncrypted: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-012",
        slug: "cloudtrail-logs-not-kms-encrypted",
        title: "CloudTrail logs not encrypted with KMS",
        severity: .medium,
        pack: .encryption,
        tags: ["security", "encryption", "cloudtrail", "logging"],
        rationale: """
            Trail files hold the account's whole API history. Without a KMS key they are stored with \
            the bucket's default encryption (SSE-S3), so anyone who can read the bucket can read \
            them; with SSE-KMS a reader also needs kms:Decrypt on the key, a second and separately \
            logged check. Neither format sets a key when KMSKeyId / kms_key_id is left out.
            """,
        remediation: """
            CloudFormation: set `KMSKeyId` on the `AWS::CloudTrail::Trail` (a key whose policy lets \
            cloudtrail.amazonaws.com encrypt).
            Terraform: set `kms_key_id` on the `aws_cloudtrail` to the key's ARN.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#kms_key_id",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        ],
        peerIDs: ["checkov:CKV_AWS_35", "kics:5d9e3164-9265-470c-9a10-57ae454ac0c7", "kics:050a9ba8-d1cb-4c61-a5e8-8805a70d3b85"]
    )

    static let subjects: Set<ResourceKind> = [.trail]

    func check(_ trail: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let key = trail[.kmsKeyID]
        switch key.value {
        case nil, .null?:
            report.fail("CloudTrail log files are not encrypted with KMS: no KMS key is set",
                        resource: trail, at: trail.location(of: .kmsKeyID), attribute: AttributeName.kmsKeyID.rawValue)
        case .string(let text)? where text.isEmpty:
            report.fail("CloudTrail log files are not encrypted with KMS: the KMS key is empty",
                        resource: trail, at: trail.location(of: .kmsKeyID), attribute: AttributeName.kmsKeyID.rawValue)
        case .unresolved(let expression)?:
            report.unknown(expression, resource: trail, at: trail.location(of: .kmsKeyID))
        default:
            // A literal key id, ARN or alias, or a reference to a key: encrypted.
            report.pass()
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: audit-logs
            """),
        .bad(.cloudFormationYAML, scenario: "empty", """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: audit-logs
                  ↓KMSKeyId: ""
            """),
        .good(.cloudFormationYAML, scenario: "key-reference", """
            Resources:
              TrailKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: audit-logs
                  KMSKeyId: !GetAtt TrailKey.Arn
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: audit-logs
                  KMSKeyId: !ImportValue shared-trail-key
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_cloudtrail": {
                  ↓"main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_cloudtrail" "main" {
              name = "main"
              s3_bucket_name = "audit-logs"
            }
            """),
        .bad(.terraformJSON, scenario: "empty", """
            {
              "resource": {
                "aws_cloudtrail": {
                  "main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs",
                    ↓"kms_key_id": ""
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "empty", """
            resource "aws_cloudtrail" "main" {
              name = "main"
              s3_bucket_name = "audit-logs"
              ↓kms_key_id = ""
            }
            """),
        .good(.terraformJSON, scenario: "key-reference", """
            {
              "resource": {
                "aws_kms_key": {
                  "trail": {"enable_key_rotation": true}
                },
                "aws_cloudtrail": {
                  "main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs",
                    "kms_key_id": "${aws_kms_key.trail.arn}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "key-reference", """
            resource "aws_kms_key" "trail" {
              enable_key_rotation = true
            }

            resource "aws_cloudtrail" "main" {
              name = "main"
              s3_bucket_name = "audit-logs"
              kms_key_id = aws_kms_key.trail.arn
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"trail_key": {"type": "string"}},
              "resource": {
                "aws_cloudtrail": {
                  "main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs",
                    "kms_key_id": "${var.trail_key}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "trail_key" {
              type = "string"
            }

            resource "aws_cloudtrail" "main" {
              name = "main"
              s3_bucket_name = "audit-logs"
              kms_key_id = var.trail_key
            }
            """),
    ]
}
