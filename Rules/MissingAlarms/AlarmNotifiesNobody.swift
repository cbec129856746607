import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-014: an alarm whose state changes reach no one.
struct AlarmNotifiesNobody: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-014",
        slug: "alarm-notifies-nobody",
        title: "Alarm that notifies nobody",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "cloudwatch"],
        rationale: """
            An alarm without actions, with actions disabled, or whose only actions are SNS \
            topics without a subscription is a dashboard, not an alert: it changes state and \
            nobody hears about it. Actions are enabled by default in both formats. A topic may \
            be subscribed outside the scanned configuration (for example by hand in the \
            console), so the no-subscriber case is reported at low severity.
            """,
        remediation: """
            Add an SNS topic to `AlarmActions` / `alarm_actions`, and subscribe someone to it \
            (`AWS::SNS::Subscription` or the topic's `Subscription` list; `aws_sns_topic_subscription`). \
            Remove `ActionsEnabled: false` / `actions_enabled = false`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
        ],
        peerIDs: ["checkov:CKV_AWS_319", "kics:ae53ce91-42b5-46bf-a84f-9a13366a4f13"]
    )

    static let subjects: Set<ResourceKind> = [.alarm, .compositeAlarm]

    func check(_ alarm: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let enabled = alarm[.actionsEnabled]
        switch enabled.bool {
        case .value(false):
            report.fail("Alarm actions are disabled: actions enabled \(enabled.origin)", resource: alarm,
                        at: alarm.location(of: .actionsEnabled), attribute: AttributeName.actionsEnabled.rawValue,
                        rootCause: AlarmCoverage.silentAlarmCause(alarm.id))
            return
        case .unknown(let expression):
            report.unknown(expression, resource: alarm, at: alarm.location(of: .actionsEnabled))
            return
        case .value(true), .absent:
            break
        }
        let actions = alarm[.alarmActions]
        let items: [Value]
        switch actions.list {
        case .value(let list):
            items = list
        case .unknown(let expression):
            report.unknown(expression, resource: alarm, at: alarm.location(of: .alarmActions))
            return
        case .absent:
            items = []
        }
        if items.isEmpty {
            report.fail("Alarm has no alarm actions, so its state changes notify nobody", resource: alarm,
                        at: alarm.location(of: .alarmActions), attribute: AttributeName.alarmActions.rawValue,
                        rootCause: AlarmCoverage.silentAlarmCause(alarm.id))
            return
        }
        if items.contains(where: { $0.containsUnresolved }) {
            report.unknown(actions.value?.displayText ?? "alarm actions", resource: alarm, at: alarm.location(of: .alarmActions))
            return
        }
        // Every action must be a topic in the model with no subscriber for a finding.
        let topics = items.compactMap { $0.referenceValue.flatMap(model.resolve) }.filter { $0.kind == .topic }
        guard topics.count == items.count else {
            report.pass()
            return
        }
        if topics.allSatisfy({ !hasSubscriber($0, in: model) }) {
            let names = topics.map(\.id.name).joined(separator: ", ")
            report.fail("Alarm notifies only SNS topics without a subscription in the scanned configuration (\(names))",
                        resource: alarm, at: alarm.location(of: .alarmActions),
                        attribute: AttributeName.alarmActions.rawValue, severity: .low)
        } else {
            report.pass()
        }
    }

    private func hasSubscriber(_ topic: Resource, in model: CloudModel) -> Bool {
        if case .value(let inline) = topic[.subscriptions].list, !inline.isEmpty { return true }
        if topic[.subscriptions].isUnresolved { return true }
        return model.referrers(of: topic.id).contains { $0.resource.kind == .topicSubscription }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-actions", """
            Resources:
              ↓ApiErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  Statistic: Sum
                  Period: 60
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
            """),
        .bad(.cloudFormationYAML, scenario: "actions-disabled", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
                Properties:
                  Subscription:
                    - Protocol: email
                      Endpoint: oncall@example.com
              ApiErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  ↓ActionsEnabled: false
                  AlarmActions:
                    - !Ref Alerts
            """),
        .bad(.cloudFormationYAML, scenario: "unsubscribed-topic", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              ApiErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  ↓AlarmActions:
                    - !Ref Alerts
            """),
        .good(.cloudFormationYAML, scenario: "subscribed-topic", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              OnCall:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Alerts
                  Protocol: email
                  Endpoint: oncall@example.com
              ApiErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  AlarmActions:
                    - !Ref Alerts
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Resources:
              ApiErrors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  AlarmActions:
                    - !ImportValue shared-alerts-topic
            """),
        .bad(.terraformJSON, scenario: "no-actions", """
            {
              "resource": {
                "aws_cloudwatch_metric_alarm": {
                  ↓"api_errors": {
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    "statistic": "Sum",
                    "period": 60,
                    "evaluation_periods": 1,
                    "threshold": 1,
                    "comparison_operator": "GreaterThanOrEqualToThreshold"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "actions-disabled", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_sns_topic_subscription": {
                  "oncall": {"topic_arn": "${aws_sns_topic.alerts.arn}", "protocol": "email", "endpoint": "oncall@example.com"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "api_errors": {
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    ↓"actions_enabled": false,
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "unsubscribed-topic", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_cloudwatch_metric_alarm": {
                  "api_errors": {
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    ↓"alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "subscribed-topic", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_sns_topic_subscription": {
                  "oncall": {"topic_arn": "${aws_sns_topic.alerts.arn}", "protocol": "email", "endpoint": "oncall@example.com"}
                },
                "aws_cloudwatch_metric_alarm": {
                  "api_errors": {
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"alerts_topic_arn": {"type": "string"}},
              "resource": {
                "aws_cloudwatch_metric_alarm": {
                  "api_errors": {
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    "alarm_actions": ["${var.alerts_topic_arn}"]
                  }
                }
              }
            }
            """),
    ]
}
