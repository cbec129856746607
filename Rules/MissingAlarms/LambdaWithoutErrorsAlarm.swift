import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-003: a Lambda function without an actionable `Errors` alarm.
struct LambdaWithoutErrorsAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-003",
        slug: "lambda-without-errors-alarm",
        title: "Lambda function without an Errors alarm",
        severity: .high,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "lambda"],
        rationale: """
            Async and queue-driven failures are invisible to users and only show in the \
            `AWS/Lambda` `Errors` metric. High for functions behind an API, queue or stream \
            trigger, medium otherwise. An alarm counts when its `FunctionName` dimension names \
            the function (`Ref` in CloudFormation, `function_name`/`id` in Terraform, the same \
            literal name, or a plan reference), directly, inside a metric-math expression, or \
            through a composite alarm, and it notifies someone. No checkov or KICS check looks \
            for the alarm (rule-catalog §7). Cost: $0.10 per standard alarm-month beyond the 10 \
            free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/Lambda` `Errors` with `FunctionName` set by reference (`!Ref \
            Function`, `${aws_lambda_function.x.function_name}`), `Sum` over 5 minutes ≥ 1, \
            `TreatMissingData: notBreaching` (the default `missing` turns quiet functions into \
            INSUFFICIENT_DATA noise), and an SNS topic in `AlarmActions`. The finding carries \
            the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.function]

    static let requirement = AlarmRequirement(
        namespace: "AWS/Lambda", metrics: ["Errors"], signal: "errors", metricName: "Errors", nameSuffix: "Errors",
        statistic: "Sum", threshold: 1, treatMissingData: "notBreaching"
    )

    func check(_ function: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let triggers = InvocationGraph.of(model).triggers(of: function.id).filter { [.api, .queue, .stream].contains($0.kind) }
        let why = triggers.first.map { trigger in
            "\(trigger.kind == .api ? "invoked by the API" : "consumes the \(trigger.kind.rawValue)") \((trigger.source ?? trigger.declaredBy).name)"
        }
        report.requireAlarm(Self.requirement, on: function, in: model, kindName: "function",
                            severity: triggers.isEmpty ? .medium : .high, why: why)
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
              WorkerErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
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
        .good(.cloudFormationYAML, scenario: "metric-math", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Worker:
                Type: AWS::Lambda::Function
                Properties:
                  FunctionName: worker
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: "def handler(e, c): pass"}
              WorkerErrorRate:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  EvaluationPeriods: 1
                  Threshold: 5
                  ComparisonOperator: GreaterThanThreshold
                  AlarmActions: [!Ref Alerts]
                  Metrics:
                    - Id: rate
                      Expression: "100 * errors / invocations"
                    - Id: errors
                      ReturnData: false
                      MetricStat:
                        Metric:
                          Namespace: AWS/Lambda
                          MetricName: Errors
                          Dimensions:
                            - Name: FunctionName
                              Value: worker
                        Period: 300
                        Stat: Sum
            """),
        .good(.cloudFormationYAML, scenario: "composite", """
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
              WorkerErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  Dimensions:
                    - Name: FunctionName
                      Value: !Ref Worker
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
              ServiceDown:
                Type: AWS::CloudWatch::CompositeAlarm
                Properties:
                  AlarmRule: !Sub "ALARM(${WorkerErrors})"
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.cloudFormationYAML, scenario: "no-actions", """
            Resources:
              ↓Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: index.handler
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: "def handler(e, c): pass"}
              WorkerErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  Dimensions:
                    - Name: FunctionName
                      Value: !Ref Worker
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
            """),
        .bad(.cloudFormationYAML, scenario: "mis-wired", """
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
              WorkerErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  Dimensions:
                    - Name: FunctionName
                      ↓Value: !GetAtt Worker.Arn
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              MonitoredFunction:
                Type: String
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
              SomeErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  Dimensions:
                    - Name: FunctionName
                      Value: !ImportValue monitored-function
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.samYAML, scenario: "sam-api-function", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Orders:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    List:
                      Type: Api
                      Properties:
                        Path: /orders
                        Method: get
            """),
        .good(.samYAML, scenario: "sam-alarmed", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Orders:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  InlineCode: "def handler(e, c): pass"
              OrdersErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  Dimensions:
                    - Name: FunctionName
                      Value: !Ref Orders
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_lambda_function": {
                  ↓"worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "worker_errors": {
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
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
        .good(.terraformJSON, scenario: "metric-math", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "worker_error_rate": {
                    "evaluation_periods": 1,
                    "threshold": 5,
                    "comparison_operator": "GreaterThanThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"],
                    "metric_query": [
                      {"id": "rate", "expression": "100 * errors / invocations", "return_data": true},
                      {"id": "errors", "metric": [{"namespace": "AWS/Lambda", "metric_name": "Errors", "period": 300, "stat": "Sum",
                                                    "dimensions": {"FunctionName": "worker"}}]}
                    ]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "composite", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "worker_errors": {
                    "alarm_name": "worker-errors",
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
                    "dimensions": {"FunctionName": "${aws_lambda_function.worker.function_name}"},
                    "statistic": "Sum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 1,
                    "comparison_operator": "GreaterThanOrEqualToThreshold"
                  }
                },
                "aws_cloudwatch_composite_alarm": {
                  "service_down": {
                    "alarm_name": "service-down",
                    "alarm_rule": "ALARM(${aws_cloudwatch_metric_alarm.worker_errors.alarm_name})",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "no-actions", """
            {
              "resource": {
                "aws_lambda_function": {
                  ↓"worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "worker_errors": {
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
                    "dimensions": {"FunctionName": "${aws_lambda_function.worker.function_name}"},
                    "statistic": "Sum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 1,
                    "comparison_operator": "GreaterThanOrEqualToThreshold"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "mis-wired", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "worker_errors": {
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
                    "dimensions": {↓"FunctionName": "${aws_lambda_function.worker.arn}"},
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
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"monitored_function": {"type": "string"}},
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_lambda_function": {
                  "worker": {"role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler", "filename": "worker.zip", "function_name": "${var.monitored_function}"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "some_errors": {
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
                    "dimensions": {"FunctionName": "${var.monitored_function}"},
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
        .bad(.terraformPlan, scenario: "plan-no-alarm", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": ↓"aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker", "values": {"function_name": "worker", "handler": "index.handler", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12"}}
              ]}},
              "resource_changes": [
                {"address": "aws_lambda_function.worker", "type": "aws_lambda_function", "name": "worker", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_lambda_function.worker", "type": "aws_lambda_function", "name": "worker", "expressions": {"function_name": {"constant_value": "worker"}, "handler": {"constant_value": "index.handler"}, "role": {"constant_value": "arn:aws:iam::123456789012:role/worker"}, "runtime": {"constant_value": "python3.12"}}}
              ]}}
            }
            """),
        .good(.terraformPlan, scenario: "plan-alarm-by-reference", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.worker_errors", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "worker_errors", "values": {"alarm_name": "worker-errors", "dimensions": {"FunctionName": "worker"}, "metric_name": "Errors", "namespace": "AWS/Lambda"}},
                {"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker", "values": {"function_name": "worker", "handler": "index.handler", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12"}},
                {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic", "name": "alerts", "values": {"name": "alerts"}}
              ]}},
              "resource_changes": [
                {"address": "aws_cloudwatch_metric_alarm.worker_errors", "type": "aws_cloudwatch_metric_alarm", "name": "worker_errors", "change": {"actions": ["create"], "after_unknown": {"alarm_actions": true, "arn": true, "dimensions": {}, "id": true}}},
                {"address": "aws_lambda_function.worker", "type": "aws_lambda_function", "name": "worker", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.worker_errors", "type": "aws_cloudwatch_metric_alarm", "name": "worker_errors", "expressions": {"alarm_actions": {"references": ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"]}, "alarm_name": {"constant_value": "worker-errors"}, "dimensions": {"references": ["aws_lambda_function.worker.function_name", "aws_lambda_function.worker"]}, "metric_name": {"constant_value": "Errors"}, "namespace": {"constant_value": "AWS/Lambda"}}},
                {"address": "aws_lambda_function.worker", "type": "aws_lambda_function", "name": "worker", "expressions": {"function_name": {"constant_value": "worker"}, "handler": {"constant_value": "index.handler"}, "role": {"constant_value": "arn:aws:iam::123456789012:role/worker"}, "runtime": {"constant_value": "python3.12"}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "expressions": {"name": {"constant_value": "alerts"}}}
              ]}}
            }
            """),
    ]
}
