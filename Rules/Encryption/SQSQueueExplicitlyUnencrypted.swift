import AuditCore
import AuditModel

/// AS-ENC-004: an SQS queue whose template turns server-side encryption off.
struct SQSQueueExplicitlyUnencrypted: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-004",
        slug: "sqs-queue-explicitly-unencrypted",
        title: "SQS queue explicitly unencrypted",
        severity: .medium,
        pack: .encryption,
        tags: ["security", "encryption", "sqs"],
        rationale: """
            Since October 2022 SQS encrypts new queues with SQS-owned keys (SSE-SQS) unless the \
            request turns it off, so the remaining exposure is a template that says \
            SqsManagedSseEnabled: false (sqs_managed_sse_enabled = false) without a KMS key. A \
            queue that sets neither attribute passes in both formats: CloudFormation documents \
            SSE-SQS as the result, and the Terraform provider has left the attribute unset (Optional \
            and Computed, nothing sent) since the same month. checkov's CKV_AWS_27 and KICS fail that \
            case and also an empty kms_master_key_id; auditstack does not, because AWS encrypts those \
            queues. Providers older than that change sent false when the attribute was unset; a plan \
            made with one shows the false value, which auditstack then reports.
            """,
        remediation: """
            CloudFormation: remove `SqsManagedSseEnabled: false` (or set it to `true`), or set \
            `KmsMasterKeyId` to a KMS key.
            Terraform: remove `sqs_managed_sse_enabled = false` (or set it to `true`), or set `kms_master_key_id`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html#cfn-sqs-queue-sqsmanagedsseenabled",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue#sqs_managed_sse_enabled",
            "https://github.com/hashicorp/terraform-provider-aws/pull/26843",
            "https://github.com/hashicorp/terraform-provider-aws/pull/27335",
            "https://aws.amazon.com/about-aws/whats-new/2022/10/amazon-sqs-announces-server-side-encryption-ssq-managed-sse-sqs-default/",
        ],
        peerIDs: [
            "checkov:CKV_AWS_27", "checkov:CKV2_AWS_73",
            "kics:6e8849c1-3aa7-40e3-9063-b85ee300f29f", "kics:12726829-93ed-4d51-9cbe-13423f4299e1",
        ]
    )

    static let subjects: Set<ResourceKind> = [.queue]

    func check(_ queue: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let key = queue[.kmsMasterKeyID]
        var keyUnknown: String?
        if case .reference? = key.value {
            report.pass()
            return
        }
        if queue.declaredKey(at: .kmsMasterKeyID, in: model) != nil {
            // A key from the same plan, known only after apply.
            report.pass()
            return
        }
        switch key.string {
        case .value(let id) where !id.allSatisfy(\.isWhitespace):
            report.pass()
            return
        case .unknown(let expression):
            keyUnknown = expression
        default:
            break
        }
        // SSE-SQS off leaves the key to decide: an unknown key is an unknown queue.
        if let keyUnknown, case .value(false) = queue[.sqsManagedSseEnabled].bool {
            report.unknown(keyUnknown, resource: queue, at: queue.location(of: .kmsMasterKeyID))
            return
        }
        report.requireTrue(.sqsManagedSseEnabled, of: queue) {
            "SQS queue is explicitly unencrypted: SSE-SQS \($0.origin) and no KMS key is set"
        }
    }

    static let examples: [RuleExample] = [
        .good(.cloudFormationYAML, scenario: "absent", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: 60
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  ↓SqsManagedSseEnabled: false
            """),
        .good(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  SqsManagedSseEnabled: true
            """),
        .good(.cloudFormationYAML, scenario: "kms-key", """
            Resources:
              QueueKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  KmsMasterKeyId: !Ref QueueKey
            """),
        .good(.cloudFormationYAML, scenario: "empty-key", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  KmsMasterKeyId: ""
            """),
        .bad(.cloudFormationYAML, scenario: "parameter-default-false", """
            Parameters:
              ManagedEncryption:
                Type: String
                Default: "false"
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  ↓SqsManagedSseEnabled: !Ref ManagedEncryption
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              ManagedEncryption:
                Type: String
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  SqsManagedSseEnabled: !Ref ManagedEncryption
            """),
        .bad(.samYAML, scenario: "sam-event-source-queue", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  ↓SqsManagedSseEnabled: false
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Jobs.Arn
            """),
        .good(.samYAML, scenario: "sam-event-source-queue-default", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Jobs.Arn
            """),
        .good(.samYAML, scenario: "sam-created-failure-queue", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  EventInvokeConfig:
                    DestinationConfig:
                      OnFailure:
                        Type: SQS
            """),
        .good(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {
                    "name": "jobs",
                    "visibility_timeout_seconds": 60
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "absent", """
            resource "aws_sqs_queue" "jobs" {
              name = "jobs"
              visibility_timeout_seconds = 60
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {
                    "name": "jobs",
                    ↓"sqs_managed_sse_enabled": false
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_sqs_queue" "jobs" {
              name = "jobs"
              ↓sqs_managed_sse_enabled = false
            }
            """),
        .good(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {
                    "sqs_managed_sse_enabled": true
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "explicit-true", """
            resource "aws_sqs_queue" "jobs" {
              sqs_managed_sse_enabled = true
            }
            """),
        .good(.terraformJSON, scenario: "kms-key", """
            {
              "resource": {
                "aws_kms_key": {"queue": {"enable_key_rotation": true}},
                "aws_sqs_queue": {
                  "jobs": {
                    "kms_master_key_id": "${aws_kms_key.queue.arn}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "kms-key", """
            resource "aws_kms_key" "queue" {
              enable_key_rotation = true
            }

            resource "aws_sqs_queue" "jobs" {
              kms_master_key_id = aws_kms_key.queue.arn
            }
            """),
        .good(.terraformJSON, scenario: "empty-key", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {
                    "kms_master_key_id": ""
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "empty-key", """
            resource "aws_sqs_queue" "jobs" {
              kms_master_key_id = ""
            }
            """),
        .bad(.terraformJSON, scenario: "parameter-default-false", """
            {
              "variable": {"managed_encryption": {"type": "bool", "default": false}},
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {
                    ↓"sqs_managed_sse_enabled": "${var.managed_encryption}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "parameter-default-false", """
            variable "managed_encryption" {
              type = "bool"
              default = false
            }

            resource "aws_sqs_queue" "jobs" {
              ↓sqs_managed_sse_enabled = var.managed_encryption
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"managed_encryption": {"type": "bool"}},
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {
                    "sqs_managed_sse_enabled": "${var.managed_encryption}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "managed_encryption" {
              type = "bool"
            }

            resource "aws_sqs_queue" "jobs" {
              sqs_managed_sse_enabled = var.managed_encryption
            }
            """),
        .bad(.terraformPlan, scenario: "plan-old-provider-false", """
            {
              "format_version": "1.1",
              "terraform_version": "1.3.2",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_sqs_queue.jobs",
                      "mode": "managed",
                      "type": "aws_sqs_queue",
                      "name": "jobs",
                      "values": {
                        "name": "jobs",
                        ↓"sqs_managed_sse_enabled": false
                      }
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_sqs_queue.jobs",
                      "type": "aws_sqs_queue",
                      "name": "jobs",
                      "expressions": {
                        "name": {"constant_value": "jobs"}
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
