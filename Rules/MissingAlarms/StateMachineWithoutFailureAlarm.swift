import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-010: Step Functions state machine without failure alarm.
struct StateMachineWithoutFailureAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-010",
        slug: "state-machine-without-failure-alarm",
        title: "Step Functions state machine without failure alarm",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "step-functions"],
        rationale: """
            Failed executions surface nowhere unless alarmed or logged. The `AWS/States` metrics are \
            keyed by `StateMachineArn`: `Ref` of a state machine is its ARN (as is Terraform's `.arn` \
            and `.id`); its name is not, so an alarm keyed by `Fn::GetAtt Machine.Name` or \
            `aws_sfn_state_machine.x.name` never receives data and is reported as mis-wired. SAM \
            state machines count. Cost: $0.10 per standard alarm-month beyond the 10 free \
            (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/States` `ExecutionsFailed` with `StateMachineArn` by reference \
            (`!Ref Machine`, `${aws_sfn_state_machine.x.arn}`), `Sum` over 5 minutes ≥ 1, \
            `TreatMissingData: notBreaching`, and an SNS topic in `AlarmActions`. The finding carries \
            the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.stateMachine]

    static let requirement = AlarmRequirement(
        namespace: "AWS/States", metrics: ["ExecutionsFailed"], signal: "failed executions", metricName: "ExecutionsFailed",
        nameSuffix: "ExecutionsFailed", statistic: "Sum", threshold: 1, treatMissingData: "notBreaching"
    )

    func check(_ machine: Resource, in model: CloudModel, _ report: inout RuleReport) {
        report.requireAlarm(Self.requirement, on: machine, in: model, kindName: "state machine")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Pipeline:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/pipeline
                  DefinitionString: '{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}'
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-reference", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Pipeline:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/pipeline
                  DefinitionString: '{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}'
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/States
                  MetricName: ExecutionsFailed
                  Dimensions:
                    - Name: StateMachineArn
                      Value: !Ref Pipeline
                  Statistic: Sum
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
              Pipeline:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/pipeline
                  DefinitionString: '{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}'
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/States
                  MetricName: ExecutionsFailed
                  Dimensions:
                    - Name: StateMachineArn
                      ↓Value: !GetAtt Pipeline.Name
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.samYAML, scenario: "sam-state-machine", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Pipeline:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
                  Policies: []
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_sfn_state_machine": {
                  ↓"pipeline": {"name": "pipeline", "role_arn": "arn:aws:iam::123456789012:role/pipeline", "definition": "{}"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_sfn_state_machine": {
                  "pipeline": {"name": "pipeline", "role_arn": "arn:aws:iam::123456789012:role/pipeline", "definition": "{}"}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/States",
                        "metric_name": "ExecutionsFailed",
                        "dimensions": {"StateMachineArn": "${aws_sfn_state_machine.pipeline.arn}"},
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
                "aws_sfn_state_machine": {
                  "pipeline": {"name": "pipeline", "role_arn": "arn:aws:iam::123456789012:role/pipeline", "definition": "{}"}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/States",
                        "metric_name": "ExecutionsFailed",
                        "dimensions": {↓"StateMachineArn": "${aws_sfn_state_machine.pipeline.name}"},
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
    ]
}
