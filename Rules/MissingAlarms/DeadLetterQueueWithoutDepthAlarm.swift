import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-009: a queue that receives failed messages, with no alarm on its depth.
struct DeadLetterQueueWithoutDepthAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-009",
        slug: "dlq-without-depth-alarm",
        title: "SQS queue with DLQ but no alarm on the DLQ depth",
        severity: .high,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "sqs", "dead-letter-queue"],
        rationale: """
            A dead-letter queue without an alarm is a silent data-loss bucket; for standard \
            queues a message also keeps its original timestamp, so it may expire sooner than \
            the DLQ's retention suggests (AS-BACKUP-012). A queue is a DLQ when another \
            queue's redrive policy, a function's dead-letter config or an event source \
            mapping's / async invocation's on-failure destination names it. The alarm must \
            watch `AWS/SQS` `ApproximateNumberOfMessagesVisible` keyed by `QueueName`: `Ref` of \
            an `AWS::SQS::Queue` and Terraform's `aws_sqs_queue.x.id` / `.url` are the queue \
            URL, so an alarm wired with them never receives data and is reported as \
            mis-wired (no peer checks this, rule-catalog §8). Cost: $0.10 per standard \
            alarm-month beyond the 10 free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/SQS` `ApproximateNumberOfMessagesVisible` with `QueueName` \
            set to `!GetAtt DeadLetterQueue.QueueName` / `${aws_sqs_queue.dlq.name}`, \
            `Maximum` over 5 minutes ≥ 1, `TreatMissingData: notBreaching`, and an SNS topic \
            in `AlarmActions`. The finding carries the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.queue]

    static let requirement = AlarmRequirement(
        namespace: "AWS/SQS", metrics: ["ApproximateNumberOfMessagesVisible"], signal: "messages waiting in it",
        metricName: "ApproximateNumberOfMessagesVisible", nameSuffix: "Depth", statistic: "Maximum", threshold: 1,
        treatMissingData: "notBreaching"
    )

    func check(_ queue: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let sources = AlarmCoverage.deadLetterSources(of: queue, in: model)
        guard let first = sources.first else { return }
        let fed = sources.count == 1 ? first.id.name : "\(first.id.name) and \(sources.count - 1) more"
        report.requireAlarm(Self.requirement, on: queue, in: model, kindName: "dead-letter queue",
                            why: "it receives the failed messages of \(fed)")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt JobsDLQ.Arn
                    maxReceiveCount: 5
              ↓JobsDLQ:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 1209600
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-name", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt JobsDLQ.Arn
                    maxReceiveCount: 5
              JobsDLQ:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 1209600
              DLQDepth:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/SQS
                  MetricName: ApproximateNumberOfMessagesVisible
                  Dimensions:
                    - Name: QueueName
                      Value: !GetAtt JobsDLQ.QueueName
                  Statistic: Maximum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.cloudFormationYAML, scenario: "mis-wired", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt JobsDLQ.Arn
                    maxReceiveCount: 5
              JobsDLQ:
                Type: AWS::SQS::Queue
              DLQDepth:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/SQS
                  MetricName: ApproximateNumberOfMessagesVisible
                  Dimensions:
                    - Name: QueueName
                      ↓Value: !Ref JobsDLQ
                  Statistic: Maximum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "not-a-dlq", """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
            """),
        .bad(.samYAML, scenario: "function-dlq", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓FailedEvents:
                Type: AWS::SQS::Queue
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  InlineCode: "def handler(e, c): pass"
                  DeadLetterQueue:
                    Type: SQS
                    TargetArn: !GetAtt FailedEvents.Arn
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "jobs": {"name": "jobs", "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn, maxReceiveCount = 5})}"},
                  ↓"jobs_dlq": {"name": "jobs-dlq", "message_retention_seconds": 1209600}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-name", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_sqs_queue": {
                  "jobs": {"name": "jobs", "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn, maxReceiveCount = 5})}"},
                  "jobs_dlq": {"name": "jobs-dlq", "message_retention_seconds": 1209600}
                },
                "aws_cloudwatch_metric_alarm": {
                  "dlq_depth": {
                    "alarm_name": "jobs-dlq-depth",
                    "namespace": "AWS/SQS",
                    "metric_name": "ApproximateNumberOfMessagesVisible",
                    "dimensions": {"QueueName": "${aws_sqs_queue.jobs_dlq.name}"},
                    "statistic": "Maximum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 1,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "mis-wired", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_sqs_queue": {
                  "jobs": {"name": "jobs", "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn, maxReceiveCount = 5})}"},
                  "jobs_dlq": {"name": "jobs-dlq"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "dlq_depth": {
                    "alarm_name": "jobs-dlq-depth",
                    "namespace": "AWS/SQS",
                    "metric_name": "ApproximateNumberOfMessagesVisible",
                    "dimensions": {↓"QueueName": "${aws_sqs_queue.jobs_dlq.url}"},
                    "statistic": "Maximum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 1,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "not-a-dlq", """
            {
              "resource": {
                "aws_sqs_queue": {"jobs": {"name": "jobs"}}
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-mis-wired-url", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": ↓"aws_cloudwatch_metric_alarm.dlq_depth", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "dlq_depth", "values": {"alarm_name": "jobs-dlq-depth", "metric_name": "ApproximateNumberOfMessagesVisible", "namespace": "AWS/SQS"}},
                {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic", "name": "alerts", "values": {"name": "alerts"}},
                {"address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs", "values": {"name": "jobs"}},
                {"address": "aws_sqs_queue.jobs_dlq", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs_dlq", "values": {"name": "jobs-dlq"}}
              ]}},
              "resource_changes": [
                {"address": "aws_cloudwatch_metric_alarm.dlq_depth", "type": "aws_cloudwatch_metric_alarm", "name": "dlq_depth", "change": {"actions": ["create"], "after_unknown": {"alarm_actions": true, "arn": true, "dimensions": true, "id": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}},
                {"address": "aws_sqs_queue.jobs", "type": "aws_sqs_queue", "name": "jobs", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true, "redrive_policy": true, "url": true}}},
                {"address": "aws_sqs_queue.jobs_dlq", "type": "aws_sqs_queue", "name": "jobs_dlq", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true, "redrive_policy": true, "url": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.dlq_depth", "type": "aws_cloudwatch_metric_alarm", "name": "dlq_depth", "expressions": {"alarm_actions": {"references": ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"]}, "alarm_name": {"constant_value": "jobs-dlq-depth"}, "dimensions": {"references": ["aws_sqs_queue.jobs_dlq.url", "aws_sqs_queue.jobs_dlq"]}, "metric_name": {"constant_value": "ApproximateNumberOfMessagesVisible"}, "namespace": {"constant_value": "AWS/SQS"}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "expressions": {"name": {"constant_value": "alerts"}}},
                {"address": "aws_sqs_queue.jobs", "type": "aws_sqs_queue", "name": "jobs", "expressions": {"name": {"constant_value": "jobs"}, "redrive_policy": {"references": ["aws_sqs_queue.jobs_dlq.arn", "aws_sqs_queue.jobs_dlq"]}}},
                {"address": "aws_sqs_queue.jobs_dlq", "type": "aws_sqs_queue", "name": "jobs_dlq", "expressions": {"name": {"constant_value": "jobs-dlq"}}}
              ]}}
            }
            """),
    ]
}
