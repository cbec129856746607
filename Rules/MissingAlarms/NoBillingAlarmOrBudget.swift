import AuditCore
import AuditModel

/// AS-ALARM-015: nothing in the scanned set alerts on money.
struct NoBillingAlarmOrBudget: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-015",
        slug: "no-billing-alarm-or-budget",
        title: "No billing alarm or budget alert in the account stack",
        severity: .high,
        pack: .missingAlarms,
        tags: ["cost", "alarm", "budget", "account"],
        rationale: """
            Cost incidents (NAT data, runaway Lambda, log ingestion) are only caught by \
            money-based alerts. Satisfied by an AWS Budgets budget with a notification \
            (`NotificationsWithSubscribers`, `notification`) or a CloudWatch alarm on \
            `AWS/Billing` `EstimatedCharges` anywhere in the scanned set. The finding is about \
            the scanned set, not a resource: it lands on line 1 of the root that looks like \
            the account or bootstrap stack. Billing metrics exist only in us-east-1 and only \
            after "Receive Billing Alerts" is enabled in the billing preferences, which \
            configuration cannot show [CW-billing]. When the baseline lives in another stack \
            or repository, say so with `account-baseline` in `.auditstack.yml`.
            """,
        remediation: """
            Add an `AWS::Budgets::Budget` / `aws_budgets_budget` with a notification at 80 % \
            and 100 % of the monthly budget, or a us-east-1 alarm on `AWS/Billing` \
            `EstimatedCharges` (`Currency: USD`, Maximum over 6 hours) notifying an SNS topic. \
            If the account baseline is managed elsewhere, add `account-baseline: [billing-alarm]` \
            (or `external`) to `.auditstack.yml`.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-budgets-budget.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/budgets_budget",
        ],
        peerIDs: []
    )

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        // Standalone policy documents describe no account or stack to judge.
        guard !model.resources.isEmpty else { return }
        let budgetAlerts = model.resources(of: .budget).contains { budget in
            switch budget[.notifications].list {
            case .value(let notifications): !notifications.isEmpty
            case .unknown: true
            case .absent: false
            }
        }
        let billingAlarm = model.resources(of: .alarm).contains { alarm in
            if case .value("AWS/Billing") = alarm[.metricNamespace].string, case .value("EstimatedCharges") = alarm[.metricName].string {
                return true
            }
            return false
        }
        if budgetAlerts || billingAlarm {
            report.pass()
            return
        }
        report.reportAbsence(of: .billingAlarm, in: model, "No billing alarm or budget alert")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "nothing", """
            ↓Resources:
              Bucket:
                Type: AWS::S3::Bucket
            """),
        .good(.cloudFormationYAML, scenario: "budget-with-notification", """
            Resources:
              Monthly:
                Type: AWS::Budgets::Budget
                Properties:
                  Budget:
                    BudgetType: COST
                    TimeUnit: MONTHLY
                    BudgetLimit: {Amount: 80, Unit: USD}
                  NotificationsWithSubscribers:
                    - Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 80}
                      Subscribers: [{SubscriptionType: EMAIL, Address: billing@example.com}]
            """),
        .good(.cloudFormationYAML, scenario: "billing-alarm", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Charges:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Billing
                  MetricName: EstimatedCharges
                  Dimensions:
                    - Name: Currency
                      Value: USD
                  Statistic: Maximum
                  Period: 21600
                  EvaluationPeriods: 1
                  Threshold: 80
                  ComparisonOperator: GreaterThanThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.cloudFormationYAML, scenario: "budget-without-notification", """
            ↓Resources:
              Monthly:
                Type: AWS::Budgets::Budget
                Properties:
                  Budget:
                    BudgetType: COST
                    TimeUnit: MONTHLY
                    BudgetLimit: {Amount: 80, Unit: USD}
            """),
        .bad(.terraformJSON, scenario: "nothing", """
            ↓{
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}}
              }
            }
            """),
        .good(.terraformJSON, scenario: "budget-with-notification", """
            {
              "resource": {
                "aws_budgets_budget": {
                  "monthly": {
                    "budget_type": "COST",
                    "limit_amount": "80",
                    "limit_unit": "USD",
                    "time_unit": "MONTHLY",
                    "notification": [{"comparison_operator": "GREATER_THAN", "threshold": 80, "threshold_type": "PERCENTAGE",
                                      "notification_type": "ACTUAL", "subscriber_email_addresses": ["billing@example.com"]}]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "billing-alarm", """
            {
              "resource": {
                "aws_cloudwatch_metric_alarm": {
                  "charges": {
                    "alarm_name": "estimated-charges",
                    "namespace": "AWS/Billing",
                    "metric_name": "EstimatedCharges",
                    "dimensions": {"Currency": "USD"},
                    "statistic": "Maximum",
                    "period": 21600,
                    "evaluation_periods": 1,
                    "threshold": 80,
                    "comparison_operator": "GreaterThanThreshold",
                    "alarm_actions": ["arn:aws:sns:us-east-1:123456789012:billing"]
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "budget-without-notification", """
            ↓{
              "resource": {
                "aws_budgets_budget": {
                  "monthly": {"budget_type": "COST", "limit_amount": "80", "limit_unit": "USD", "time_unit": "MONTHLY"}
                }
              }
            }
            """),
    ]
}
