import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-002: an HTTP API without an actionable `5xx` alarm.
struct HttpApiWithout5xxAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-002",
        slug: "http-api-without-5xx-alarm",
        title: "HTTP API without a 5xx alarm",
        severity: .high,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "api-gateway"],
        rationale: """
            The same user-facing failure signal for API Gateway v2, with a different metric \
            name and dimension: HTTP API metrics are `5xx` keyed by `ApiId` (+ `Stage`, \
            `Route`) [APIGW-http-metrics], so an alarm copied from a REST API (`5XXError`, \
            `ApiName`) watches nothing. `Ref` of an `AWS::ApiGatewayV2::Api` is the id; \
            Terraform's `aws_apigatewayv2_api.x.name` is not. Cost: $0.10 per standard \
            alarm-month beyond the 10 free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/ApiGateway` `5xx` with `ApiId` by reference (`!Ref HttpApi`, \
            `${aws_apigatewayv2_api.x.id}`), `Sum` over 5 minutes ≥ 5, \
            `TreatMissingData: notBreaching`, and an SNS topic in `AlarmActions`. The finding \
            carries the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.httpApi]

    static let requirement = AlarmRequirement(
        namespace: "AWS/ApiGateway", metrics: ["5xx"], signal: "5xx errors", metricName: "5xx", nameSuffix: "5xxErrors",
        statistic: "Sum", threshold: 5, treatMissingData: "notBreaching"
    )

    func check(_ api: Resource, in model: CloudModel, _ report: inout RuleReport) {
        // WebSocket APIs have no 5xx metric.
        if case .value(let type) = api[.protocolType].string, type.uppercased() == "WEBSOCKET" { return }
        report.requireAlarm(Self.requirement, on: api, in: model, kindName: "HTTP API")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓HttpApi:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: orders
                  ProtocolType: HTTP
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-reference", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              HttpApi:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: orders
                  ProtocolType: HTTP
              Api5xx:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5xx
                  Dimensions:
                    - Name: ApiId
                      Value: !Ref HttpApi
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 5
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.samYAML, scenario: "sam-implicit-http-api", """
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
                      Type: HttpApi
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_apigatewayv2_api": {↓"api": {"name": "orders", "protocol_type": "HTTP"}}
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_apigatewayv2_api": {"api": {"name": "orders", "protocol_type": "HTTP"}},
                "aws_cloudwatch_metric_alarm": {
                  "api_5xx": {
                    "alarm_name": "orders-5xx",
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5xx",
                    "dimensions": {"ApiId": "${aws_apigatewayv2_api.api.id}"},
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
                "aws_apigatewayv2_api": {"api": {"name": "orders", "protocol_type": "HTTP"}},
                "aws_cloudwatch_metric_alarm": {
                  "api_5xx": {
                    "alarm_name": "orders-5xx",
                    "namespace": "AWS/ApiGateway",
                    "metric_name": "5xx",
                    "dimensions": {↓"ApiId": "${aws_apigatewayv2_api.api.name}"},
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
