import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-012: Kinesis stream consumer lag (iterator age) not alarmed.
struct KinesisStreamWithoutIteratorAgeAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-012",
        slug: "kinesis-without-iterator-age-alarm",
        title: "Kinesis stream consumer lag (iterator age) not alarmed",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "kinesis"],
        rationale: """
            With the default 24-hour retention, a consumer that falls a day behind loses data; \
            iterator age is the only early warning. A stream with a consumer in the model (an event \
            source mapping) needs an alarm on `AWS/Kinesis` `GetRecords.IteratorAgeMilliseconds` keyed \
            by `StreamName` (`Ref` of a stream is its name; Terraform's `aws_kinesis_stream.x.id` and \
            `.arn` are the ARN and are reported as mis-wired), or on the consuming function's \
            `AWS/Lambda` `IteratorAge`. Cost: $0.10 per standard alarm-month beyond the 10 free \
            (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/Kinesis` `GetRecords.IteratorAgeMilliseconds` with `StreamName` by \
            reference (`!Ref Stream`, `${aws_kinesis_stream.x.name}`), `Maximum` over 5 minutes ≥ one \
            hour (3,600,000 ms; well below the retention), and an SNS topic in `AlarmActions`. The \
            finding carries the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.stream]

    static let requirement = AlarmRequirement(
        namespace: "AWS/Kinesis", metrics: ["GetRecords.IteratorAgeMilliseconds"], signal: "consumer lag (iterator age)",
        metricName: "GetRecords.IteratorAgeMilliseconds", nameSuffix: "IteratorAge", statistic: "Maximum", threshold: 3_600_000,
        treatMissingData: "missing"
    )

    func check(_ stream: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let consumers = InvocationGraph.of(model).consumers(of: stream.id)
        guard !consumers.isEmpty else { return }
        // A Lambda consumer's own IteratorAge alarm watches the same lag.
        let coverage = AlarmCoverage.of(model)
        for consumer in consumers.compactMap({ model.resource($0) }) {
            if case .covered = coverage.verdict(for: consumer, namespace: "AWS/Lambda", metrics: ["IteratorAge"]) {
                report.pass()
                return
            }
        }
        report.requireAlarm(Self.requirement, on: stream, in: model, kindName: "stream",
                            why: "consumed by \(consumers.map(\.name).joined(separator: ", "))")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 2
              Consumer:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/consumer
                  Code: {ZipFile: "def handler(e, c): pass"}
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  FunctionName: !Ref Consumer
                  EventSourceArn: !GetAtt Events.Arn
                  StartingPosition: LATEST
            """),
        .good(.cloudFormationYAML, scenario: "stream-alarm", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 2
              Consumer:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/consumer
                  Code: {ZipFile: "def handler(e, c): pass"}
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  FunctionName: !Ref Consumer
                  EventSourceArn: !GetAtt Events.Arn
                  StartingPosition: LATEST
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Kinesis
                  MetricName: GetRecords.IteratorAgeMilliseconds
                  Dimensions:
                    - Name: StreamName
                      Value: !Ref Events
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "consumer-alarm", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 2
              Consumer:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/consumer
                  Code: {ZipFile: "def handler(e, c): pass"}
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  FunctionName: !Ref Consumer
                  EventSourceArn: !GetAtt Events.Arn
                  StartingPosition: LATEST
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: IteratorAge
                  Dimensions:
                    - Name: FunctionName
                      Value: !Ref Consumer
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "no-consumer", """
            Resources:
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 2
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  ↓"events": {"name": "events", "shard_count": 2}
                },
                "aws_lambda_function": {
                  "consumer": {"function_name": "consumer", "role": "arn:aws:iam::123456789012:role/consumer", "runtime": "python3.12", "handler": "index.handler", "filename": "c.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  "events": {"function_name": "${aws_lambda_function.consumer.arn}", "event_source_arn": "${aws_kinesis_stream.events.arn}", "starting_position": "LATEST"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "stream-alarm", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_kinesis_stream": {
                  "events": {"name": "events", "shard_count": 2}
                },
                "aws_lambda_function": {
                  "consumer": {"function_name": "consumer", "role": "arn:aws:iam::123456789012:role/consumer", "runtime": "python3.12", "handler": "index.handler", "filename": "c.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  "events": {"function_name": "${aws_lambda_function.consumer.arn}", "event_source_arn": "${aws_kinesis_stream.events.arn}", "starting_position": "LATEST"}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/Kinesis",
                        "metric_name": "GetRecords.IteratorAgeMilliseconds",
                        "dimensions": {"StreamName": "${aws_kinesis_stream.events.name}"},
                        "statistic": "Sum",
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
        .good(.terraformJSON, scenario: "consumer-alarm", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_kinesis_stream": {
                  "events": {"name": "events", "shard_count": 2}
                },
                "aws_lambda_function": {
                  "consumer": {"function_name": "consumer", "role": "arn:aws:iam::123456789012:role/consumer", "runtime": "python3.12", "handler": "index.handler", "filename": "c.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  "events": {"function_name": "${aws_lambda_function.consumer.arn}", "event_source_arn": "${aws_kinesis_stream.events.arn}", "starting_position": "LATEST"}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/Lambda",
                        "metric_name": "IteratorAge",
                        "dimensions": {"FunctionName": "${aws_lambda_function.consumer.function_name}"},
                        "statistic": "Sum",
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
                "aws_kinesis_stream": {
                  "events": {"name": "events", "shard_count": 2}
                },
                "aws_lambda_function": {
                  "consumer": {"function_name": "consumer", "role": "arn:aws:iam::123456789012:role/consumer", "runtime": "python3.12", "handler": "index.handler", "filename": "c.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  "events": {"function_name": "${aws_lambda_function.consumer.arn}", "event_source_arn": "${aws_kinesis_stream.events.arn}", "starting_position": "LATEST"}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/Kinesis",
                        "metric_name": "GetRecords.IteratorAgeMilliseconds",
                        "dimensions": {↓"StreamName": "${aws_kinesis_stream.events.arn}"},
                        "statistic": "Sum",
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
        .good(.terraformJSON, scenario: "no-consumer", """
            {
              "resource": {
                "aws_kinesis_stream": {
                  "events": {"name": "events", "shard_count": 2}
                }
              }
            }
            """),
    ]
}
