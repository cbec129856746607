import AuditCore
import AuditModel

/// AS-LAUNCH-001: nothing in the scanned set tells anyone that the bill is running away.
struct NoCostBudgetWithNotification: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-001",
        slug: "no-cost-budget-with-notification",
        title: "No cost budget with a notification",
        severity: .high,
        pack: .launchChecklist,
        tags: ["cost", "budget", "account", "launch"],
        rationale: """
            A budget with a forecast notification is the cheapest guard against NAT, Lambda \
            or log surprises: AWS Budgets has no hard cap, only alerts and actions, and a \
            budget without a notification (or a notification without a subscriber) alerts \
            nobody. Only a COST budget counts; usage and reservation budgets do not watch the \
            bill. A CloudFormation budget takes up to five notifications, each with one SNS \
            and up to ten email subscribers. The check is about the account, so it judges the \
            scanned set as a whole: when the budget lives in another stack or repository, \
            say so with `account-baseline: [budget]` in .auditstack.yml. No checkov or KICS \
            check looks for a missing budget.
            """,
        remediation: """
            Add a COST budget with at least one notification and subscriber, e.g. ACTUAL at 80 % \
            and FORECASTED at 100 % of the monthly limit.
            CloudFormation: `AWS::Budgets::Budget` with `NotificationsWithSubscribers`.
            Terraform: `aws_budgets_budget` with `budget_type = "COST"` and `notification` blocks \
            with `subscriber_email_addresses` or `subscriber_sns_topic_arns`.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-budgets-budget.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/budgets_budget",
            "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html",
        ]
    )

    private enum Verdict {
        case alerts
        case unknown(String, SourceLocation)
        case alertsNobody(String, SourceLocation, AttributeName?)
    }

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        let budgets = model.resources(of: .budget)
        if budgets.isEmpty || report.settings.externallyManaged.contains(.budget) {
            report.reportAbsence(of: .budget, in: model, "No cost budget with a notification")
            return
        }
        var failing: [(budget: Resource, reason: String, location: SourceLocation, attribute: AttributeName?)] = []
        var undecided: [(budget: Resource, expression: String, location: SourceLocation)] = []
        for budget in budgets {
            switch verdict(budget) {
            case .alerts:
                // One budget that alerts someone is enough for the account.
                report.pass()
                return
            case .unknown(let expression, let location):
                undecided.append((budget, expression, location))
            case .alertsNobody(let reason, let location, let attribute):
                failing.append((budget, reason, location, attribute))
            }
        }
        if !undecided.isEmpty {
            for entry in undecided { report.unknown(entry.expression, resource: entry.budget, at: entry.location) }
            return
        }
        for entry in failing {
            report.fail("Budget \(entry.budget.id.name) alerts nobody: \(entry.reason); add notifications (ACTUAL 80 %, FORECASTED 100 %) with a subscriber",
                        resource: entry.budget, at: entry.location, attribute: entry.attribute?.rawValue)
        }
    }

    private func verdict(_ budget: Resource) -> Verdict {
        switch budget[.budgetType].string {
        case .value(let type) where type.uppercased() != "COST":
            return .alertsNobody("its type is \(type), not COST", budget.location(of: .budgetType), .budgetType)
        case .unknown(let expression):
            return .unknown(expression, budget.location(of: .budgetType))
        default:
            break
        }
        let notifications = budget[.notifications]
        switch notifications.list {
        case .absent:
            return .alertsNobody("it has no notification", budget.location, .notifications)
        case .unknown(let expression):
            return .unknown(expression, budget.location(of: .notifications))
        case .value(let items):
            if items.isEmpty { return .alertsNobody("it has no notification", budget.location(of: .notifications), .notifications) }
            var unknown: String?
            for item in items {
                switch item["Subscribers"] {
                case .list(let subscribers)? where !subscribers.isEmpty: return .alerts
                case .unresolved(let expression)?: unknown = expression
                case .reference?: return .alerts
                default: continue
                }
            }
            if let unknown { return .unknown(unknown, budget.location(of: .notifications)) }
            return .alertsNobody("no notification has a subscriber", budget.location(of: .notifications), .notifications)
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-budget", """
            ↓Resources:
              Assets:
                Type: AWS::S3::Bucket
            """),
        .bad(.cloudFormationYAML, scenario: "budget-without-notification", """
            Resources:
              ↓MonthlyBudget:
                Type: AWS::Budgets::Budget
                Properties:
                  Budget:
                    BudgetType: COST
                    TimeUnit: MONTHLY
                    BudgetLimit: {Amount: 80, Unit: USD}
            """),
        .good(.cloudFormationYAML, scenario: "budget-with-notification", """
            Resources:
              MonthlyBudget:
                Type: AWS::Budgets::Budget
                Properties:
                  Budget:
                    BudgetType: COST
                    TimeUnit: MONTHLY
                    BudgetLimit: {Amount: 80, Unit: USD}
                  NotificationsWithSubscribers:
                    - Notification:
                        NotificationType: FORECASTED
                        ComparisonOperator: GREATER_THAN
                        Threshold: 100
                      Subscribers:
                        - SubscriptionType: EMAIL
                          Address: billing@example.com
            """),
        .bad(.cloudFormationYAML, scenario: "usage-budget-only", """
            Resources:
              Requests:
                Type: AWS::Budgets::Budget
                Properties:
                  Budget:
                    ↓BudgetType: USAGE
                    TimeUnit: MONTHLY
                    BudgetLimit: {Amount: 1000000, Unit: Requests}
                  NotificationsWithSubscribers:
                    - Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 80}
                      Subscribers:
                        - {SubscriptionType: EMAIL, Address: billing@example.com}
            """),
        .bad(.terraformJSON, scenario: "no-budget", """
            ↓{
              "resource": {
                "aws_s3_bucket": {"assets": {"bucket": "assets"}}
              }
            }
            """),
        .bad(.terraformJSON, scenario: "budget-without-notification", """
            {
              "resource": {
                "aws_budgets_budget": {
                  ↓"monthly": {
                    "budget_type": "COST",
                    "limit_amount": "80",
                    "limit_unit": "USD",
                    "time_unit": "MONTHLY"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "notification-without-subscriber", """
            {
              "resource": {
                "aws_budgets_budget": {
                  "monthly": {
                    "budget_type": "COST",
                    "limit_amount": "80",
                    "limit_unit": "USD",
                    "time_unit": "MONTHLY",
                    ↓"notification": [
                      {"comparison_operator": "GREATER_THAN", "threshold": 100, "threshold_type": "PERCENTAGE", "notification_type": "FORECASTED"}
                    ]
                  }
                }
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
                    "notification": [
                      {"comparison_operator": "GREATER_THAN", "threshold": 80, "threshold_type": "PERCENTAGE",
                       "notification_type": "ACTUAL", "subscriber_email_addresses": ["billing@example.com"]},
                      {"comparison_operator": "GREATER_THAN", "threshold": 100, "threshold_type": "PERCENTAGE",
                       "notification_type": "FORECASTED", "subscriber_sns_topic_arns": ["${aws_sns_topic.billing.arn}"]}
                    ]
                  }
                },
                "aws_sns_topic": {"billing": {"name": "billing"}}
              }
            }
            """),
    ]
}
