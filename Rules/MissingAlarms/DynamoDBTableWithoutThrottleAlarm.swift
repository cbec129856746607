import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-008: DynamoDB table without throttling/system-error alarm.
struct DynamoDBTableWithoutThrottleAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-008",
        slug: "dynamodb-table-without-throttle-alarm",
        title: "DynamoDB table without throttling/system-error alarm",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "dynamodb"],
        rationale: """
            Provisioned tables throttle silently when capacity is exceeded; on-demand tables can \
            still throttle on hot partitions or sudden 2x spikes. Medium; high for a `PROVISIONED` \
            table that no Application Auto Scaling target scales. `BillingMode` defaults to \
            `PROVISIONED` for `AWS::DynamoDB::Table` and `aws_dynamodb_table` [CFN-UG][TF-ddb], but \
            SAM's `SimpleTable` is `PAY_PER_REQUEST` when `ProvisionedThroughput` is absent [SAM]. \
            Any of `ReadThrottleEvents`, `WriteThrottleEvents`, `ThrottledRequests` or `SystemErrors` \
            with the table's `TableName` counts. checkov `CKV2_AWS_16` checks autoscaling, not alarms. \
            Cost: $0.10 per standard alarm-month beyond the 10 free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/DynamoDB` `WriteThrottleEvents` (and `ReadThrottleEvents`) with \
            `TableName` by reference (`!Ref Table`, `${aws_dynamodb_table.x.name}`), `Sum` over 5 \
            minutes ≥ 1, `TreatMissingData: notBreaching`, and an SNS topic in `AlarmActions`; for a \
            provisioned table, consider autoscaling or on-demand. The finding carries the alarm ready \
            to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.table]

    static let requirement = AlarmRequirement(
        namespace: "AWS/DynamoDB", metrics: ["ReadThrottleEvents", "WriteThrottleEvents", "ThrottledRequests", "SystemErrors"],
        signal: "throttling or system errors", metricName: "WriteThrottleEvents", nameSuffix: "WriteThrottles",
        statistic: "Sum", threshold: 1, treatMissingData: "notBreaching"
    )

    func check(_ table: Resource, in model: CloudModel, _ report: inout RuleReport) {
        var severity = Severity.medium
        var why: String?
        if case .value(let mode) = table[.billingMode].string, mode.uppercased() == "PROVISIONED",
           !model.isReferenced(table.id, byAnyOf: [.scalableTarget]) {
            severity = .high
            why = "provisioned capacity \(table[.billingMode].isDefaulted ? "by default " : "")without autoscaling throttles as soon as traffic exceeds it"
        }
        report.requireAlarm(Self.requirement, on: table, in: model, kindName: "table", severity: severity, why: why)
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            """),
        .bad(.cloudFormationYAML, scenario: "provisioned-no-autoscaling", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-reference", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/DynamoDB
                  MetricName: ThrottledRequests
                  Dimensions:
                    - Name: TableName
                      Value: !Ref Orders
                    - Name: Operation
                      Value: PutItem
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.samYAML, scenario: "sam-simple-table", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Sales:
                Type: AWS::Serverless::SimpleTable
            """),
        .good(.samYAML, scenario: "sam-simple-table-alarmed", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Sales:
                Type: AWS::Serverless::SimpleTable
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/DynamoDB
                  MetricName: WriteThrottleEvents
                  Dimensions:
                    - Name: TableName
                      Value: !Ref Sales
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
                "aws_dynamodb_table": {
                  ↓"orders": {"name": "orders", "billing_mode": "PAY_PER_REQUEST", "hash_key": "id", "attribute": [{"name": "id", "type": "S"}]}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "provisioned-no-autoscaling", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  ↓"orders": {"name": "orders", "read_capacity": 5, "write_capacity": 5, "hash_key": "id", "attribute": [{"name": "id", "type": "S"}]}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "billing_mode": "PAY_PER_REQUEST", "hash_key": "id", "attribute": [{"name": "id", "type": "S"}]}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/DynamoDB",
                        "metric_name": "ThrottledRequests",
                        "dimensions": {"TableName": "${aws_dynamodb_table.orders.name}", "Operation": "PutItem"},
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
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "billing_mode": "PAY_PER_REQUEST", "hash_key": "id", "attribute": [{"name": "id", "type": "S"}]}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/DynamoDB",
                        "metric_name": "ThrottledRequests",
                        "dimensions": {↓"TableName": "${aws_dynamodb_table.orders.arn}"},
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
