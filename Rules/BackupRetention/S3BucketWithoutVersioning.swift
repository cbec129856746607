import AuditCore
import AuditModel

/// AS-BACKUP-007: a bucket whose objects can be overwritten or deleted for good, because
/// versioning (S3's own undo) is off. Buckets that only receive logs are exempt.
struct S3BucketWithoutVersioning: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-007",
        slug: "s3-bucket-without-versioning",
        title: "S3 bucket holding application data without versioning",
        severity: .medium,
        pack: .backupRetention,
        tags: ["reliability", "backup", "s3"],
        rationale: """
            Without versioning an overwrite or a delete in S3 is permanent: versioning keeps the \
            previous object versions, so a bad deploy, a buggy job or a stolen key can be undone. \
            New buckets are unversioned in both formats unless versioning is configured \
            (`VersioningConfiguration` in CloudFormation, `aws_s3_bucket_versioning` or the legacy \
            `versioning` block in Terraform; the split resource is joined to its bucket). A bucket \
            created with Object Lock is versioned by S3 itself. Buckets that only receive logs are \
            not application data and are exempt: the target of another bucket's server access \
            logs, of CloudFront standard logs, of load balancer access logs, of a trail, of VPC \
            flow logs or of AWS Config, and a bucket with the `LogDeliveryWrite` ACL. Unlike checkov's CKV_AWS_21, auditstack does \
            not flag those log buckets; it does flag static-website buckets, whose content is \
            usually rebuilt from a deploy but not always. KICS passes one of its own samples, an \
            unversioned bucket created with `count` whose only companion is a logging \
            configuration; auditstack reports it. A bucket created inside a registry module \
            (`terraform-aws-modules/s3-bucket`) is seen in a plan, not in the calling \
            configuration, whose module source is not in the scanned files. A versioned bucket \
            without a noncurrent-version expiration is not reported: old versions cost money but \
            lose nothing. A versioning status that depends on an unresolved value is reported as \
            unknown.
            """,
        remediation: """
            CloudFormation: set `VersioningConfiguration: {Status: Enabled}` on the bucket, and add \
            a lifecycle rule with `NoncurrentVersionExpiration` to cap the cost of old versions.
            Terraform: add an `aws_s3_bucket_versioning` resource for the bucket with \
            `versioning_configuration { status = "Enabled" }`, plus an \
            `aws_s3_bucket_lifecycle_configuration` with `noncurrent_version_expiration`.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-versioningconfig.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html (Object Lock enables versioning)",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
        ],
        peerIDs: ["checkov:CKV_AWS_21", "kics:568a4d22-3517-44a6-a7ad-6a7eed88722c", "kics:a227ec01-f97a-4084-91a4-47b350c1db54"]
    )

    static let subjects: Set<ResourceKind> = [.bucket]

    func check(_ bucket: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if case .value(true) = bucket[.objectLockEnabled].bool {
            report.pass()
            return
        }
        report.judge(.versioningStatus, of: bucket, reading: \.string,
                     failsWhen: { $0 != "Enabled" && !Self.isLogDestination(bucket, in: model) }) {
            "Versioning is off, so an overwrite or delete cannot be undone: versioning status \($0.origin)"
        }
    }

    /// Whether `bucket` is a log destination rather than application data: the ACL that S3
    /// log delivery needs, or a resource that sends its logs there (followed through model
    /// links, and through literal bucket names where the configuration uses them).
    static func isLogDestination(_ bucket: Resource, in model: CloudModel) -> Bool {
        if case .value(let acl) = bucket[.accessControl].string,
           acl.lowercased().filter({ $0 != "-" }) == "logdeliverywrite" {
            return true
        }
        let name: String? = if case .value(let text) = bucket[.bucketName].string { text } else { nil }
        for (source, link) in model.referrers(of: bucket.id) {
            guard let attribute = link.attribute, let target = LogDestinations.destination(of: attribute, in: source),
                  target.references.contains(where: { $0.target == bucket.id })
                    || name.map({ !$0.isEmpty && target.stringValue.map(LogDestinations.bucketName) == $0 }) == true
            else { continue }
            return true
        }
        // Split Terraform logging resources and literal names leave no link from a sender.
        return LogDestinations.of(model).receivesLogs(bucket, named: name)
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: acme-uploads
            """),
        .bad(.cloudFormationYAML, scenario: "suspended", """
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    ↓Status: Suspended
            """),
        .good(.cloudFormationYAML, scenario: "enabled", """
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Enabled
            """),
        .good(.cloudFormationYAML, scenario: "access-log-target", """
            Resources:
              AccessLogs:
                Type: AWS::S3::Bucket
              Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Enabled
                  LoggingConfiguration:
                    DestinationBucketName: !Ref AccessLogs
            """),
        .good(.cloudFormationYAML, scenario: "cloudfront-log-target", """
            Resources:
              CdnLogs:
                Type: AWS::S3::Bucket
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    Logging:
                      Bucket: !GetAtt CdnLogs.DomainName
            """),
        .good(.cloudFormationYAML, scenario: "load-balancer-log-target", """
            Resources:
              AlbLogs:
                Type: AWS::S3::Bucket
              Alb:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  LoadBalancerAttributes:
                    - Key: access_logs.s3.enabled
                      Value: "true"
                    - Key: access_logs.s3.bucket
                      Value: !Ref AlbLogs
            """),
        .bad(.cloudFormationYAML, scenario: "load-balancer-other-attribute", """
            Resources:
              ↓Assets:
                Type: AWS::S3::Bucket
              Alb:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  LoadBalancerAttributes:
                    - Key: routing.http.drop_invalid_header_fields.enabled
                      Value: !Ref Assets
            """),
        .good(.cloudFormationYAML, scenario: "flow-log-target", """
            Resources:
              FlowLogs:
                Type: AWS::S3::Bucket
              VpcFlowLog:
                Type: AWS::EC2::FlowLog
                Properties:
                  ResourceId: vpc-0a1b2c3d
                  ResourceType: VPC
                  TrafficType: ALL
                  LogDestinationType: s3
                  LogDestination: !GetAtt FlowLogs.Arn
            """),
        .good(.cloudFormationYAML, scenario: "object-lock", """
            Resources:
              Ledger:
                Type: AWS::S3::Bucket
                Properties:
                  ObjectLockEnabled: true
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Versioning:
                Type: String
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: !Ref Versioning
            """),
        .bad(.samYAML, scenario: "sam-absent", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Uploads:
                Type: AWS::S3::Bucket
              Resize:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Events:
                    Upload:
                      Type: S3
                      Properties:
                        Bucket: !Ref Uploads
                        Events: s3:ObjectCreated:*
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_s3_bucket": {
                  ↓"uploads": {
                    "bucket": "acme-uploads"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
            }
            """),
        .bad(.terraformJSON, scenario: "suspended", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "uploads": {}
                },
                "aws_s3_bucket_versioning": {
                  "uploads": {
                    "bucket": "${aws_s3_bucket.uploads.id}",
                    "versioning_configuration": {
                      ↓"status": "Suspended"
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "suspended", """
            resource "aws_s3_bucket" "uploads" {
            }

            resource "aws_s3_bucket_versioning" "uploads" {
              bucket = aws_s3_bucket.uploads.id
              versioning_configuration {
                ↓status = "Suspended"
              }
            }
            """),
        .bad(.terraformJSON, scenario: "legacy-disabled", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "uploads": {
                    "versioning": {
                      ↓"enabled": false
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "legacy-disabled", """
            resource "aws_s3_bucket" "uploads" {
              versioning {
                ↓enabled = false
              }
            }
            """),
        .good(.terraformJSON, scenario: "enabled", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "uploads": {}
                },
                "aws_s3_bucket_versioning": {
                  "uploads": {
                    "bucket": "${aws_s3_bucket.uploads.id}",
                    "versioning_configuration": {"status": "Enabled"}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "enabled", """
            resource "aws_s3_bucket" "uploads" {
            }

            resource "aws_s3_bucket_versioning" "uploads" {
              bucket = aws_s3_bucket.uploads.id
              versioning_configuration {
                status = "Enabled"
              }
            }
            """),
        .good(.terraformJSON, scenario: "access-log-target", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "access_logs": {"bucket": "acme-access-logs"},
                  "uploads": {"bucket": "acme-uploads"}
                },
                "aws_s3_bucket_versioning": {
                  "uploads": {
                    "bucket": "${aws_s3_bucket.uploads.id}",
                    "versioning_configuration": {"status": "Enabled"}
                  }
                },
                "aws_s3_bucket_logging": {
                  "uploads": {
                    "bucket": "${aws_s3_bucket.uploads.id}",
                    "target_bucket": "acme-access-logs",
                    "target_prefix": "uploads/"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "access-log-target", """
            resource "aws_s3_bucket" "access_logs" {
              bucket = "acme-access-logs"
            }

            resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
            }

            resource "aws_s3_bucket_versioning" "uploads" {
              bucket = aws_s3_bucket.uploads.id
              versioning_configuration {
                status = "Enabled"
              }
            }

            resource "aws_s3_bucket_logging" "uploads" {
              bucket = aws_s3_bucket.uploads.id
              target_bucket = "acme-access-logs"
              target_prefix = "uploads/"
            }
            """),
        .good(.terraformJSON, scenario: "cloudfront-log-target", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "cdn_logs": {}
                },
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "logging_config": {"bucket": "${aws_s3_bucket.cdn_logs.bucket_domain_name}"}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "cloudfront-log-target", """
            resource "aws_s3_bucket" "cdn_logs" {
            }

            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              logging_config {
                bucket = aws_s3_bucket.cdn_logs.bucket_domain_name
              }
            }
            """),
        .good(.terraformJSON, scenario: "load-balancer-log-target", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "alb_logs": {}
                },
                "aws_lb": {
                  "alb": {
                    "access_logs": {"bucket": "${aws_s3_bucket.alb_logs.id}", "enabled": true}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "load-balancer-log-target", """
            resource "aws_s3_bucket" "alb_logs" {
            }

            resource "aws_lb" "alb" {
              access_logs {
                bucket = aws_s3_bucket.alb_logs.id
                enabled = true
              }
            }
            """),
        .good(.terraformJSON, scenario: "flow-log-target", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "flow_logs": {"bucket": "acme-flow-logs"}
                },
                "aws_flow_log": {
                  "vpc": {
                    "vpc_id": "vpc-0a1b2c3d",
                    "traffic_type": "ALL",
                    "log_destination_type": "s3",
                    "log_destination": "arn:aws:s3:::acme-flow-logs/vpc/"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "flow-log-target", """
            resource "aws_s3_bucket" "flow_logs" {
              bucket = "acme-flow-logs"
            }

            resource "aws_flow_log" "vpc" {
              vpc_id = "vpc-0a1b2c3d"
              traffic_type = "ALL"
              log_destination_type = "s3"
              log_destination = "arn:aws:s3:::acme-flow-logs/vpc/"
            }
            """),
        .good(.terraformJSON, scenario: "object-lock", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "ledger": {"object_lock_enabled": true}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "object-lock", """
            resource "aws_s3_bucket" "ledger" {
              object_lock_enabled = true
            }
            """),
        .good(.terraformJSON, scenario: "log-delivery-acl", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "legacy_logs": {"acl": "log-delivery-write"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "log-delivery-acl", """
            resource "aws_s3_bucket" "legacy_logs" {
              acl = "log-delivery-write"
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"versioning": {"type": "string"}},
              "resource": {
                "aws_s3_bucket": {
                  "uploads": {}
                },
                "aws_s3_bucket_versioning": {
                  "uploads": {
                    "bucket": "${aws_s3_bucket.uploads.id}",
                    "versioning_configuration": {"status": "${var.versioning}"}
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "versioning" {
              type = "string"
            }

            resource "aws_s3_bucket" "uploads" {
            }

            resource "aws_s3_bucket_versioning" "uploads" {
              bucket = aws_s3_bucket.uploads.id
              versioning_configuration {
                status = var.versioning
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-absent", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": ↓"aws_s3_bucket.uploads",
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
        .good(.terraformPlan, scenario: "plan-enabled", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_s3_bucket.uploads",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "uploads",
                      "values": {"bucket": "acme-uploads"}
                    },
                    {
                      "address": "aws_s3_bucket_versioning.uploads",
                      "mode": "managed",
                      "type": "aws_s3_bucket_versioning",
                      "name": "uploads",
                      "values": {"versioning_configuration": [{"status": "Enabled"}]}
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_s3_bucket.uploads",
                      "type": "aws_s3_bucket",
                      "name": "uploads",
                      "expressions": {"bucket": {"constant_value": "acme-uploads"}}
                    },
                    {
                      "address": "aws_s3_bucket_versioning.uploads",
                      "type": "aws_s3_bucket_versioning",
                      "name": "uploads",
                      "expressions": {
                        "bucket": {"references": ["aws_s3_bucket.uploads.id", "aws_s3_bucket.uploads"]},
                        "versioning_configuration": [{"status": {"constant_value": "Enabled"}}]
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
