import AuditCore
import AuditModel

/// AS-ENC-011 (policy-driven, off by default): a DynamoDB table encrypted with a key the
/// customer does not manage.
struct DynamoDBTableWithoutCustomerManagedKey: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-011",
        slug: "dynamodb-table-without-customer-managed-key",
        title: "DynamoDB table not using a customer-managed key (policy-driven)",
        severity: .low,
        pack: .encryption,
        tags: ["security", "encryption", "dynamodb", "policy"],
        rationale: """
            DynamoDB encrypts every table at rest; the only question is who owns the key. Without \
            SSESpecification (CloudFormation, SSEEnabled false or unset) or without the \
            server_side_encryption block (Terraform) the table uses an AWS owned key; SSE enabled \
            without a key id uses the AWS managed key aws/dynamodb. Only a customer-managed key lets \
            a key policy, grants and CloudTrail records of key use govern who reads the data, which \
            some compliance regimes require. The rule is therefore off by default and runs only when \
            asked for with --check AS-ENC-011. Peers report tables without a customer key at their \
            normal severity and on by default; auditstack treats it as a key-ownership policy at \
            low severity, because the data is encrypted either way. Like checkov (CKV_AWS_119) and \
            unlike KICS, the AWS managed key (SSE on, no key id) does not pass: it is not a key the \
            customer controls.
            """,
        remediation: """
            CloudFormation: `SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: <key>}`.
            Terraform: `server_side_encryption { enabled = true, kms_key_arn = <key ARN> }`.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#server_side_encryption",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-table-ssespecification.html",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
        ],
        peerIDs: ["checkov:CKV_AWS_119", "kics:ce089fd4-1406-47bd-8aad-c259772bb294", "kics:c8dee387-a2e6-4a73-a942-183c975549ac"],
        enabledByDefault: false
    )

    static let subjects: Set<ResourceKind> = [.table]

    func check(_ table: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let sseEnabled = table[.sseEnabled]
        switch sseEnabled.bool {
        case .unknown(let expression):
            report.unknown(expression, resource: table, at: table.location(of: .sseEnabled))
            return
        case .value(false), .absent:
            // A key id is ignored while SSE is off: the AWS owned key applies.
            report.fail("Table uses an AWS owned key, not a customer-managed one: SSE \(sseEnabled.origin)",
                        resource: table, at: table.location(of: .sseEnabled), attribute: AttributeName.sseEnabled.rawValue)
            return
        case .value(true):
            break
        }
        let key = table[.sseKMSKey]
        switch key.value {
        case nil, .null?:
            report.fail("Table uses the AWS managed key aws/dynamodb, not a customer-managed one: no KMS key is set",
                        resource: table, at: table.location(of: .sseEnabled), attribute: AttributeName.sseKMSKey.rawValue)
        case .string(let text)? where text.isEmpty || text.hasSuffix("alias/aws/dynamodb"):
            report.fail("Table uses the AWS managed key aws/dynamodb, not a customer-managed one: the KMS key is \(text.isEmpty ? "empty" : text)",
                        resource: table, at: table.location(of: .sseKMSKey), attribute: AttributeName.sseKMSKey.rawValue)
        case .unresolved(let expression)?:
            report.unknown(expression, resource: table, at: table.location(of: .sseKMSKey))
        default:
            report.pass()
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  KeySchema:
                    - AttributeName: id
                      KeyType: HASH
            """),
        .bad(.cloudFormationYAML, scenario: "aws-managed-key", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  SSESpecification:
                    ↓SSEEnabled: true
                    SSEType: KMS
            """),
        .bad(.cloudFormationYAML, scenario: "sse-off-with-key", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  SSESpecification:
                    ↓SSEEnabled: false
                    KMSMasterKeyId: alias/orders
            """),
        .good(.cloudFormationYAML, scenario: "customer-key", """
            Resources:
              OrdersKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  SSESpecification:
                    SSEEnabled: true
                    SSEType: KMS
                    KMSMasterKeyId: !Ref OrdersKey
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              TableKey:
                Type: String
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  SSESpecification:
                    SSEEnabled: true
                    KMSMasterKeyId: !Ref TableKey
            """),
        .bad(.samYAML, scenario: "sam-simple-table", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Sales:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey:
                    Name: id
                    Type: String
            """),
        .good(.samYAML, scenario: "sam-simple-table-customer-key", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Sales:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  SSESpecification:
                    SSEEnabled: true
                    KMSMasterKeyId: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  ↓"orders": {
                    "name": "orders",
                    "hash_key": "id",
                    "billing_mode": "PAY_PER_REQUEST"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              billing_mode = "PAY_PER_REQUEST"
            }
            """),
        .bad(.terraformJSON, scenario: "aws-managed-key", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "hash_key": "id",
                    "server_side_encryption": {
                      ↓"enabled": true
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "aws-managed-key", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              server_side_encryption {
                ↓enabled = true
              }
            }
            """),
        .bad(.terraformJSON, scenario: "sse-off-with-key", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "hash_key": "id",
                    "server_side_encryption": {
                      ↓"enabled": false,
                      "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "sse-off-with-key", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              server_side_encryption {
                ↓enabled = false
                kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
              }
            }
            """),
        .good(.terraformJSON, scenario: "customer-key", """
            {
              "resource": {
                "aws_kms_key": {
                  "orders": {"enable_key_rotation": true}
                },
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "hash_key": "id",
                    "server_side_encryption": {
                      "enabled": true,
                      "kms_key_arn": "${aws_kms_key.orders.arn}"
                    }
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "customer-key", """
            resource "aws_kms_key" "orders" {
              enable_key_rotation = true
            }

            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              server_side_encryption {
                enabled = true
                kms_key_arn = aws_kms_key.orders.arn
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"table_key": {"type": "string"}},
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "hash_key": "id",
                    "server_side_encryption": {
                      "enabled": true,
                      "kms_key_arn": "${var.table_key}"
                    }
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "table_key" {
              type = "string"
            }

            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              server_side_encryption {
                enabled = true
                kms_key_arn = var.table_key
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-aws-owned-key", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": ↓"aws_dynamodb_table.orders",
                      "mode": "managed",
                      "type": "aws_dynamodb_table",
                      "name": "orders",
                      "values": {
                        "name": "orders",
                        "server_side_encryption": []
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-customer-key", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_dynamodb_table.orders",
                      "mode": "managed",
                      "type": "aws_dynamodb_table",
                      "name": "orders",
                      "values": {
                        "name": "orders",
                        "server_side_encryption": [
                          {"enabled": true, "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
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
