import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-004: Lambda with reserved concurrency but no Throttles alarm.
struct ReservedConcurrencyWithoutThrottlesAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-004",
        slug: "reserved-concurrency-without-throttles-alarm",
        title: "Lambda with reserved concurrency but no Throttles alarm",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "lambda"],
        rationale: """
            A concurrency cap (AS-LAUNCH-004) converts overload into throttles; without an alarm, \
            throttled requests are silent 429s and retries. Applies when reserved concurrency is set \
            (`ReservedConcurrentExecutions`, `reserved_concurrent_executions` ≥ 0; Terraform's `-1` and \
            an absent CloudFormation property mean unreserved [TF-lambda]). Cost: $0.10 per standard \
            alarm-month beyond the 10 free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/Lambda` `Throttles` with `FunctionName` by reference, `Sum` over 5 \
            minutes ≥ 1, `TreatMissingData: notBreaching`, and an SNS topic in `AlarmActions`. The \
            finding carries the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.function]

    static let requirement = AlarmRequirement(
        namespace: "AWS/Lambda", metrics: ["Throttles"], signal: "throttles", metricName: "Throttles", nameSuffix: "Throttles",
        statistic: "Sum", threshold: 1, treatMissingData: "notBreaching"
    )

    func check(_ function: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let reserved = function[.reservedConcurrentExecutions]
        switch reserved.int {
        case .value(let limit) where limit >= 0:
            report.requireAlarm(Self.requirement, on: function, in: model, kindName: "function",
                                why: "reserved concurrency \(limit) turns overload into throttles")
        case .unknown(let expression):
            report.unknown(expression, resource: function, at: function.location(of: .reservedConcurrentExecutions))
        default:
            return
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: "def handler(e, c): pass"}
                  ReservedConcurrentExecutions: 10
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-reference", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: "def handler(e, c): pass"}
                  ReservedConcurrentExecutions: 10
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Throttles
                  Dimensions:
                    - Name: FunctionName
                      Value: !Ref Worker
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "unreserved", """
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: "def handler(e, c): pass"}
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_lambda_function": {
                  ↓"worker": {"function_name": "worker", "reserved_concurrent_executions": 10, "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "w.zip"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "reserved_concurrent_executions": 10, "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "w.zip"}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/Lambda",
                        "metric_name": "Throttles",
                        "dimensions": {"FunctionName": "${aws_lambda_function.worker.function_name}"},
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
        .good(.terraformJSON, scenario: "unreserved", """
            {
              "resource": {
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "w.zip"}
                }
              }
            }
            """),
    ]
}
