import AuditCore
import AuditModel

/// AS-LAUNCH-002: no audit record of who changed what, or a trail that records too little.
struct CloudTrailMissingOrIncomplete: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-002",
        slug: "cloudtrail-missing-or-incomplete",
        title: "CloudTrail not enabled / not multi-region / no log-file validation",
        severity: .high,
        pack: .launchChecklist,
        tags: ["audit", "cloudtrail", "account", "launch"],
        rationale: """
            Without an account or organization trail there is no lasting record of who \
            changed what (Event history keeps 90 days of management events, with no copy you \
            own). A trail that does not log, covers one Region, or has no log-file validation \
            (which detects a tampered or deleted log file) records too little. Defaults: \
            Terraform enable_logging defaults to true, is_multi_region_trail and \
            enable_log_file_validation to false; CloudFormation requires IsLogging and \
            defaults IsMultiRegionTrail and EnableLogFileValidation to false. No trail is \
            high, logging off is high, a single-Region trail or one without validation is \
            medium. The trail is an account item: when an organization trail or another \
            stack provides it, say so with `account-baseline: [trail]` in .auditstack.yml.
            """,
        remediation: """
            CloudFormation: `AWS::CloudTrail::Trail` with `IsLogging: true`, `IsMultiRegionTrail: true`, \
            `EnableLogFileValidation: true`.
            Terraform: `aws_cloudtrail` with `is_multi_region_trail = true` and \
            `enable_log_file_validation = true` (and `enable_logging` left true).
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_67", "checkov:CKV_AWS_36", "checkov:CKV_AWS_251", "checkov:CKV2_AWS_10",
            "kics:8173d5eb-96b5-4aa6-a71b-ecfa153c123d", "kics:52ffcfa6-6c70-4ea6-8376-d828d3961669",
            "kics:4bb76f17-3d63-4529-bdca-2b454529d774", "kics:17b30f8f-8dfb-4597-adf6-57600b6cf25e",
            "kics:058ac855-989f-4378-ba4d-52d004020da7", "kics:2a3560fe-52ca-4443-b34f-bf0ed5eb74c8",
            "kics:65d07da5-9af5-44df-8983-52d2e6f24c44",
        ]
    )

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        let trails = model.resources(of: .trail)
        if trails.isEmpty {
            report.reportAbsence(of: .trail, in: model, "No CloudTrail trail records who changed what")
            return
        }
        for trail in trails {
            report.requireTrue(.isLogging, of: trail, severity: .high) {
                "Trail \(trail.id.name) records nothing: logging \($0.origin)"
            }
            report.requireTrue(.isMultiRegionTrail, of: trail, severity: .medium) {
                "Trail \(trail.id.name) covers one Region only: multi-Region \($0.origin)"
            }
            report.requireTrue(.enableLogFileValidation, of: trail, severity: .medium) {
                "Trail \(trail.id.name) cannot show tampering: log file validation \($0.origin)"
            }
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-trail", """
            ↓Resources:
              Assets:
                Type: AWS::S3::Bucket
            """),
        .bad(.cloudFormationYAML, scenario: "defaults", """
            Resources:
              ↓↓Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: audit-logs
            """),
        .bad(.cloudFormationYAML, scenario: "logging-off", """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  ↓IsLogging: false
                  IsMultiRegionTrail: true
                  EnableLogFileValidation: true
                  S3BucketName: audit-logs
            """),
        .good(.cloudFormationYAML, scenario: "complete", """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  IsMultiRegionTrail: true
                  EnableLogFileValidation: true
                  S3BucketName: audit-logs
            """),
        .bad(.terraformJSON, scenario: "no-trail", """
            ↓{
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}}
              }
            }
            """),
        .bad(.terraformJSON, scenario: "defaults", """
            {
              "resource": {
                "aws_cloudtrail": {
                  ↓↓"main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "logging-off", """
            {
              "resource": {
                "aws_cloudtrail": {
                  "main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs",
                    ↓"enable_logging": false,
                    "is_multi_region_trail": true,
                    "enable_log_file_validation": true
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "complete", """
            {
              "resource": {
                "aws_cloudtrail": {
                  "main": {
                    "name": "main",
                    "s3_bucket_name": "audit-logs",
                    "is_multi_region_trail": true,
                    "enable_log_file_validation": true
                  }
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-single-region", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.0",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_cloudtrail.main",
                      "mode": "managed",
                      "type": "aws_cloudtrail",
                      "name": "main",
                      "values": {
                        "name": "main",
                        "s3_bucket_name": "audit-logs",
                        "enable_logging": true,
                        ↓"is_multi_region_trail": false,
                        "enable_log_file_validation": true,
                        "include_global_service_events": true
                      }
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_cloudtrail.main",
                      "type": "aws_cloudtrail",
                      "name": "main",
                      "expressions": {
                        "name": {"constant_value": "main"},
                        "s3_bucket_name": {"constant_value": "audit-logs"},
                        "enable_log_file_validation": {"constant_value": true}
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
