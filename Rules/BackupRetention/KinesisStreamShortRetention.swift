import AuditCore
import AuditModel

/// AS-BACKUP-011: a Kinesis stream that keeps records only for the 24-hour default, so a
/// consumer outage longer than a day loses data.
struct KinesisStreamShortRetention: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-011",
        slug: "kinesis-stream-short-retention",
        title: "Kinesis stream retention at the 24-hour default",
        severity: .low,
        pack: .backupRetention,
        tags: ["reliability", "backup", "kinesis"],
        rationale: """
            A Kinesis stream drops records older than its retention period whether or not \
            anyone read them, so a consumer that is down (or failing on a poison record) for \
            longer than the retention loses data for good. Both formats default to 24 hours, the \
            minimum (`retention_period` "Default is 24" in Terraform, `RetentionPeriodHours` "The \
            default value is 24" in CloudFormation). The minimum auditstack asks for is 48 hours, \
            configurable with `--min-kinesis-retention-hours`; longer retention is billed per \
            shard-hour (extended retention up to 7 days), which is the trade-off to weigh. The \
            finding is medium when a consumer is a Lambda function attached to a VPC, a path \
            where a NAT, subnet or security-group change silently stops consumption.
            """,
        remediation: """
            CloudFormation: set `RetentionPeriodHours: 48` (or more, up to 8760).
            Terraform: set `retention_period = 48` (or more) on the `aws_kinesis_stream`.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_stream#retention_period",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-stream.html#cfn-kinesis-stream-retentionperiodhours",
            "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html",
            "https://aws.amazon.com/kinesis/data-streams/pricing/",
        ]
    )

    static let subjects: Set<ResourceKind> = [.stream]

    func check(_ stream: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let minimum = report.settings.minimumKinesisRetentionHours
        let consumer = Self.vpcConsumer(of: stream, in: model)
        let note = consumer.map { "; consumer \($0.id.name) runs in a VPC" } ?? ""
        report.judge(.retentionPeriodHours, of: stream, reading: \.int, failsWhen: { $0 < minimum },
                     severity: consumer == nil ? .low : .medium) {
            let hours = if case .value(let value) = $0.int { "\(value)" } else { "?" }
            return "Records expire \(hours) hours after they arrive, below the \(minimum)-hour minimum, so a longer consumer outage loses them: retention period \($0.origin)\(note)"
        }
    }

    /// A Lambda function attached to a VPC that reads the stream through an event source mapping.
    static func vpcConsumer(of stream: Resource, in model: CloudModel) -> Resource? {
        for (mapping, link) in model.referrers(of: stream.id) where mapping.kind == .eventSourceMapping && link.attribute == .eventSourceARN {
            for function in mapping[.functionName].value?.references.compactMap(model.resolve) ?? [] where function.kind == .function {
                if case .value(let subnets) = function[.vpcSubnetIDs].list, !subnets.isEmpty { return function }
            }
        }
        return nil
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-24", """
            Resources:
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  ↓RetentionPeriodHours: 24
            """),
        .good(.cloudFormationYAML, scenario: "seven-days", """
            Resources:
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  RetentionPeriodHours: 168
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              RetentionHours:
                Type: Number
            Resources:
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  RetentionPeriodHours: !Ref RetentionHours
            """),
        .bad(.samYAML, scenario: "vpc-consumer", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
              Consumer:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  VpcConfig:
                    SubnetIds: [subnet-0a1b2c3d]
                    SecurityGroupIds: [sg-0a1b2c3d]
                  Events:
                    Stream:
                      Type: Kinesis
                      Properties:
                        Stream: !GetAtt Events.Arn
                        StartingPosition: LATEST
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  ↓"events": {"name": "events", "shard_count": 1}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_kinesis_stream" "events" {
              name = "events"
              shard_count = 1
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-24", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  "events": {
                    "name": "events",
                    "shard_count": 1,
                    ↓"retention_period": 24
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-24", """
            resource "aws_kinesis_stream" "events" {
              name = "events"
              shard_count = 1
              ↓retention_period = 24
            }
            """),
        .good(.terraformJSON, scenario: "seven-days", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  "events": {"name": "events", "shard_count": 1, "retention_period": 168}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "seven-days", """
            resource "aws_kinesis_stream" "events" {
              name = "events"
              shard_count = 1
              retention_period = 168
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"retention_hours": {"type": "number"}},
              "resource": {
                "aws_kinesis_stream": {
                  "events": {"name": "events", "retention_period": "${var.retention_hours}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "retention_hours" {
              type = "number"
            }

            resource "aws_kinesis_stream" "events" {
              name = "events"
              retention_period = var.retention_hours
            }
            """),
        .bad(.terraformJSON, scenario: "vpc-consumer", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  ↓"events": {"name": "events", "shard_count": 1}
                },
                "aws_lambda_function": {
                  "consumer": {
                    "function_name": "consumer",
                    "role": "arn:aws:iam::111122223333:role/consumer",
                    "vpc_config": {"subnet_ids": ["subnet-0a1b2c3d"], "security_group_ids": ["sg-0a1b2c3d"]}
                  }
                },
                "aws_lambda_event_source_mapping": {
                  "consumer": {
                    "event_source_arn": "${aws_kinesis_stream.events.arn}",
                    "function_name": "${aws_lambda_function.consumer.arn}",
                    "starting_position": "LATEST"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "vpc-consumer", """
            ↓resource "aws_kinesis_stream" "events" {
              name = "events"
              shard_count = 1
            }

            resource "aws_lambda_function" "consumer" {
              function_name = "consumer"
              role = "arn:aws:iam::111122223333:role/consumer"
              vpc_config {
                subnet_ids = ["subnet-0a1b2c3d"]
                security_group_ids = ["sg-0a1b2c3d"]
              }
            }

            resource "aws_lambda_event_source_mapping" "consumer" {
              event_source_arn = aws_kinesis_stream.events.arn
              function_name = aws_lambda_function.consumer.arn
              starting_position = "LATEST"
            }
            """),
    ]
}
