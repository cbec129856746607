import AuditCore
import AuditModel

/// AS-BACKUP-013: a production DynamoDB table or data bucket that one `terraform destroy`,
/// one stack deletion or one replacing update removes together with its data.
struct StatefulResourceDeletableInOneStep: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-013",
        slug: "stateful-resource-deletable-in-one-step",
        title: "Stateful resource deletable by a single apply/stack delete",
        severity: .high,
        pack: .backupRetention,
        tags: ["reliability", "backup", "dynamodb", "s3"],
        rationale: """
            DynamoDB has no final snapshot: deleting a table deletes its items and its \
            point-in-time recovery history. Deletion protection is off by default in both formats \
            (`deletion_protection_enabled` "Defaults to false"; `DeletionProtectionEnabled` "is \
            disabled by default"), CloudFormation deletes a table that leaves the stack unless \
            its `DeletionPolicy` says `Retain`, and an update that replaces the table deletes the \
            old one unless `UpdateReplacePolicy` says `Retain` too. A table is safe with deletion \
            protection (on every replica of an `AWS::DynamoDB::GlobalTable`), with both \
            policies set to `Retain`, or with Terraform's \
            `lifecycle { prevent_destroy = true }`; plan JSON does not export `prevent_destroy`, \
            so a plan is judged on deletion protection alone. For S3 the service itself refuses \
            to delete a bucket that still holds objects, in CloudFormation and Terraform alike; \
            a bucket is deletable with its data only when something empties it first: \
            Terraform's `force_destroy = true` (default false) or the CDK's auto-delete custom \
            resource (`Custom::S3AutoDeleteObjects`). auditstack therefore does not report \
            CloudFormation buckets merely for lacking `DeletionPolicy: Retain`. \
            Buckets that only receive logs are not data buckets. The rule \
            applies to production (see `--environment`; production when nothing names the \
            environment); staging and development stacks are expected to be torn down.
            """,
        remediation: """
            DynamoDB: CloudFormation `DeletionProtectionEnabled: true` (or `DeletionPolicy: Retain` \
            together with `UpdateReplacePolicy: Retain`); Terraform `deletion_protection_enabled = true` \
            (and `lifecycle { prevent_destroy = true }`).
            S3: remove `force_destroy = true` (Terraform) or the CDK `autoDeleteObjects: true` from \
            production buckets.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#deletion_protection_enabled",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html#cfn-dynamodb-table-deletionprotectionenabled",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html (only empty buckets can be deleted)",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#force_destroy (terraform-provider-aws website/docs/r/s3_bucket.html.markdown: \"Optional, Default: false\", re-verified)",
            "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy",
        ]
    )

    static let subjects: Set<ResourceKind> = [.table, .bucket]

    static let retainingPolicies: Set<String> = ["Retain", "RetainExceptOnCreate"]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let environment = report.environment(of: resource)
        guard environment.isProduction else {
            report.pass()
            return
        }
        let context = " (production: \(environment.reason))"
        switch resource[.terraformPreventDestroy].bool {
        case .value(true):
            report.pass()
            return
        case .unknown(let expression):
            report.unknown(expression, resource: resource, at: resource.location(of: .terraformPreventDestroy))
            return
        default:
            break
        }
        if resource.kind == .table {
            checkTable(resource, context: context, &report)
        } else {
            checkBucket(resource, in: model, context: context, &report)
        }
    }

    private func checkTable(_ table: Resource, context: String, _ report: inout RuleReport) {
        let protection = table[.deletionProtection]
        switch protection.bool {
        case .value(true):
            report.pass()
            return
        case .unknown(let expression):
            report.unknown(expression, resource: table, at: table.location(of: .deletionProtection))
            return
        default:
            break
        }
        let onDelete = table[.deletionPolicy]
        let onReplace = table[.updateReplacePolicy]
        guard case .value(let deletion) = onDelete.string, Self.retainingPolicies.contains(deletion) else {
            if case .unknown(let expression) = onDelete.string {
                report.unknown(expression, resource: table, at: table.location(of: .deletionPolicy))
                return
            }
            report.fail("The table and all its items go with the next stack delete or terraform destroy: deletion protection \(protection.origin)\(context)",
                        resource: table, at: table.location(of: .deletionProtection), attribute: AttributeName.deletionProtection.rawValue)
            return
        }
        switch onReplace.string {
        case .value(let replace) where replace == "Retain":
            report.pass()
        case .unknown(let expression):
            report.unknown(expression, resource: table, at: table.location(of: .updateReplacePolicy))
        default:
            report.fail("DeletionPolicy \(deletion) keeps the table when the stack is deleted, but an update that replaces it deletes the old table: UpdateReplacePolicy \(onReplace.origin)\(context)",
                        resource: table, at: table.location(of: .updateReplacePolicy), attribute: AttributeName.updateReplacePolicy.rawValue)
        }
    }

    private func checkBucket(_ bucket: Resource, in model: CloudModel, context: String, _ report: inout RuleReport) {
        if S3BucketWithoutVersioning.isLogDestination(bucket, in: model) {
            report.pass()
            return
        }
        let forced = bucket[.forceDestroy]
        switch forced.bool {
        case .value(true):
            report.fail("terraform destroy empties and deletes this bucket: force_destroy \(forced.origin)\(context)",
                        resource: bucket, at: bucket.location(of: .forceDestroy), attribute: AttributeName.forceDestroy.rawValue)
            return
        case .unknown(let expression):
            report.unknown(expression, resource: bucket, at: bucket.location(of: .forceDestroy))
            return
        default:
            break
        }
        // The CDK empties a bucket on stack deletion through a custom resource pointing at it.
        let emptier = model.referrers(of: bucket.id).first { $0.resource.sourceType == "Custom::S3AutoDeleteObjects" }
        if let emptier {
            report.fail("Stack deletion empties and deletes this bucket: custom resource \(emptier.resource.id.name) deletes its objects first\(context)",
                        resource: bucket)
            return
        }
        report.pass()
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  ↓DeletionProtectionEnabled: false
            """),
        .good(.cloudFormationYAML, scenario: "protected", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  DeletionProtectionEnabled: true
            """),
        .good(.cloudFormationYAML, scenario: "retained", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Retain
                UpdateReplacePolicy: Retain
                Properties:
                  BillingMode: PAY_PER_REQUEST
            """),
        .bad(.cloudFormationYAML, scenario: "retained-until-replaced", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Retain
                Properties:
                  BillingMode: PAY_PER_REQUEST
            """),
        .good(.cloudFormationYAML, scenario: "global-table-replicas-protected", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  Replicas:
                    - Region: us-east-1
                      DeletionProtectionEnabled: true
                    - Region: eu-west-1
                      DeletionProtectionEnabled: true
            """),
        .bad(.cloudFormationYAML, scenario: "global-table-replica-unprotected", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  ↓Replicas:
                    - Region: us-east-1
                      DeletionProtectionEnabled: true
                    - Region: eu-west-1
            """),
        .good(.cloudFormationYAML, scenario: "development", """
            Parameters:
              Environment:
                Type: String
                Default: dev
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
            """),
        .good(.cloudFormationYAML, scenario: "bucket-absent", """
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
            """),
        .bad(.cloudFormationYAML, scenario: "bucket-auto-delete", """
            Resources:
              ↓Uploads:
                Type: AWS::S3::Bucket
              UploadsAutoDeleteObjects:
                Type: Custom::S3AutoDeleteObjects
                Properties:
                  ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:auto-delete
                  BucketName: !Ref Uploads
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Protect:
                Type: String
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  DeletionProtectionEnabled: !Ref Protect
            """),
        .bad(.samYAML, scenario: "sam-simple-table", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Sessions:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey:
                    Name: id
                    Type: String
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  ↓"orders": {"name": "orders", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST"}
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
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {
                    "name": "orders",
                    "hash_key": "id",
                    ↓"deletion_protection_enabled": false
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              ↓deletion_protection_enabled = false
            }
            """),
        .good(.terraformJSON, scenario: "protected", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id", "deletion_protection_enabled": true}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "protected", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              deletion_protection_enabled = true
            }
            """),
        .good(.terraformJSON, scenario: "prevent-destroy", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id", "lifecycle": {"prevent_destroy": true}}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "prevent-destroy", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              lifecycle {
                prevent_destroy = true
              }
            }
            """),
        .good(.terraformJSON, scenario: "development", """
            {
              "variable": {"environment": {"default": "dev"}},
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "development", """
            variable "environment" {
              default = "dev"
            }

            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
            }
            """),
        .good(.terraformJSON, scenario: "bucket-absent", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "uploads": {"bucket": "acme-uploads"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "bucket-absent", """
            resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
            }
            """),
        .bad(.terraformJSON, scenario: "bucket-force-destroy", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "uploads": {
                    "bucket": "acme-uploads",
                    ↓"force_destroy": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "bucket-force-destroy", """
            resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
              ↓force_destroy = true
            }
            """),
        .good(.terraformJSON, scenario: "log-bucket-force-destroy", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "access_logs": {"bucket": "acme-access-logs", "force_destroy": true},
                  "uploads": {"bucket": "acme-uploads", "logging": {"target_bucket": "${aws_s3_bucket.access_logs.id}"}}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "log-bucket-force-destroy", """
            resource "aws_s3_bucket" "access_logs" {
              bucket = "acme-access-logs"
              force_destroy = true
            }

            resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
              logging {
                target_bucket = aws_s3_bucket.access_logs.id
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"protect": {"type": "bool"}},
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id", "deletion_protection_enabled": "${var.protect}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "protect" {
              type = "bool"
            }

            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              deletion_protection_enabled = var.protect
            }
            """),
        .bad(.terraformPlan, scenario: "plan-explicit-false", """
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
                      "values": {"name": "orders", "hash_key": "id", ↓"deletion_protection_enabled": false}
                    },
                    {
                      "address": "aws_s3_bucket.uploads",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "uploads",
                      "values": {"bucket": "acme-uploads", ↓"force_destroy": true}
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_dynamodb_table.orders",
                      "type": "aws_dynamodb_table",
                      "name": "orders",
                      "expressions": {"name": {"constant_value": "orders"}}
                    },
                    {
                      "address": "aws_s3_bucket.uploads",
                      "type": "aws_s3_bucket",
                      "name": "uploads",
                      "expressions": {"force_destroy": {"constant_value": true}}
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-protected", """
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
                      "values": {"name": "orders", "hash_key": "id", "deletion_protection_enabled": true}
                    },
                    {
                      "address": "aws_s3_bucket.uploads",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "uploads",
                      "values": {"bucket": "acme-uploads", "force_destroy": false}
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_dynamodb_table.orders",
                      "type": "aws_dynamodb_table",
                      "name": "orders",
                      "expressions": {"deletion_protection_enabled": {"constant_value": true}}
                    },
                    {
                      "address": "aws_s3_bucket.uploads",
                      "type": "aws_s3_bucket",
                      "name": "uploads",
                      "expressions": {"bucket": {"constant_value": "acme-uploads"}}
                    }
                  ]
                }
              }
            }
            """),
    ]
}
