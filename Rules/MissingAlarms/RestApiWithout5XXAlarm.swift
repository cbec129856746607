import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-001: a REST API without an actionable `5XXError` alarm.
struct RestApiWithout5XXAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-001",
        slug: "rest-api-without-5xx-alarm",
        title: "REST API stage without a 5XX alarm",
        severity: .high,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "api-gateway"],
        rationale: """
            5XX from API Gateway is the primary user-facing failure signal of a serverless API. \
            REST API metrics are keyed by the API *name* (`ApiName`), not its id; API Gateway \
            strips non-ASCII characters and falls back to the id if none remain [APIGW-metrics]. \
            `Ref` of an `AWS::ApiGateway::RestApi` returns the id, so an alarm with \
            `ApiName: !Ref Api` never receives data: it is reported on its dimension as \
            mis-wired instead of counted (no peer checks this, rule-catalog §8). SAM titles an \
            API without `Name` (the implicit `ServerlessRestApi` included) with the stack name, \
            so `ApiName: !Ref AWS::StackName` watches it. An alarm on any stage of the API \
            counts. Cost: $0.10 per standard alarm-month beyond the 10 free \
            (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/ApiGateway` `5XXError` with `ApiName` set to the API's name \
            (its literal `Name`, `!Ref AWS::StackName` for a SAM API without a name, \
            `${aws_api_gateway_rest_api.x.name}`), `Sum` over 5 minutes ≥ 5, \
            `TreatMissingData: notBreaching`, and an SNS topic in `AlarmActions`. The finding \
            carries the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-restapi.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.restApi]

    static let requirement = AlarmRequirement(
        namespace: "AWS/ApiGateway", metrics: ["5XXError"], signal: "5XX errors", metricName: "5XXError", nameSuffix: "5XXErrors",
        statistic: "Sum", threshold: 5, treatMissingData: "notBreaching"
    )

    func check(_ api: Resource, in model: CloudModel, _ report: inout RuleReport) {
        report.requireAlarm(Self.requirement, on: api, in: model, kindName: "REST API")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  Name: orders-api
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-name", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  Name: orders-api
              Api5XX:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  Dimensions:
                    - Name: ApiName
                      Value: orders-api
                    - Name: Stage
                      Value: prod
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 5
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.cloudFormationYAML, scenario: "mis-wired", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  Name: orders-api
              Api5XX:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  Dimensions:
                    - Name: ApiName
                      ↓Value: !Ref Api
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 5
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.samYAML, scenario: "sam-implicit-api", """
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
        .good(.samYAML, scenario: "sam-implicit-api-alarmed", """
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
                  Events:
                    List:
                      Type: Api
                      Properties:
                        Path: /orders
                        Method: get
              Api5XX:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  Dimensions:
                    - Name: ApiName
                      Value: !Ref AWS::StackName
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 5
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.samYAML, scenario: "sam-named-api", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Api:
                Type: AWS::Serverless::Api
                Properties:
                  Name: orders-api
                  StageName: prod
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_api_gateway_rest_api": {↓"api": {"name": "orders-api"}}
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-name", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_api_gateway_rest_api": {"api": {"name": "orders-api"}},
                "aws_cloudwatch_metric_alarm": {
                  "api_5xx": {
                    "alarm_name": "orders-api-5xx",
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    "dimensions": {"ApiName": "${aws_api_gateway_rest_api.api.name}", "Stage": "prod"},
                    "statistic": "Sum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 5,
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
                "aws_api_gateway_rest_api": {"api": {"name": "orders-api"}},
                "aws_cloudwatch_metric_alarm": {
                  "api_5xx": {
                    "alarm_name": "orders-api-5xx",
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5XXError",
                    "dimensions": {↓"ApiName": "${aws_api_gateway_rest_api.api.id}"},
                    "statistic": "Sum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 5,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
    ]
}
