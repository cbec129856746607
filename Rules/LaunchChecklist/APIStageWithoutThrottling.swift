import AuditCore
import AuditModel

/// AS-LAUNCH-003: a stage that only the Region-wide quota shared by every API limits.
struct APIStageWithoutThrottling: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-003",
        slug: "api-stage-without-throttling",
        title: "API Gateway stage relies on the account-wide throttle",
        severity: .medium,
        pack: .launchChecklist,
        tags: ["reliability", "cost", "api-gateway", "launch"],
        rationale: """
            Without a stage, method or usage-plan limit, one client or a retry storm can use \
            up the Region-wide quota that every API of the account shares (10,000 requests \
            per second with a burst bucket by default, 2,500 in some newer Regions) and drive \
            unbounded Lambda and database load. Defaults: Terraform \
            aws_api_gateway_method_settings throttling limits default to -1 (throttling \
            disabled); CloudFormation MethodSettings and HTTP API route settings have no \
            default; absent everywhere, only the account quota applies. A REST stage passes \
            with a MethodSettings entry (inline or aws_api_gateway_method_settings naming the \
            stage) or a usage plan with throttle settings naming the stage or its API; an \
            HTTP stage with DefaultRouteSettings limits. Route settings alone are unknown \
            (they may not cover every route). Peers: KICS c999cf62-0920-40f8-8dda-0caccd66ed7e, \
            7f8f1b60-43df-4c28-aa21-fb836dbd8071 and 783860a3-6dca-4c8b-81d0-7b62769ccbca ask \
            for a usage plan only (partial); checkov has no throttling check.
            """,
        remediation: """
            REST: `MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200}]` \
            on the stage (Terraform `aws_api_gateway_method_settings` with `method_path = "*/*"` and \
            `settings { throttling_rate_limit = 100, throttling_burst_limit = 200 }`), or a usage plan with `Throttle`.
            HTTP: `DefaultRouteSettings: {ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200}` \
            (Terraform `default_route_settings`).
            """,
        references: [
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method_settings",
        ],
        peerIDs: [
            "kics:c999cf62-0920-40f8-8dda-0caccd66ed7e", "kics:7f8f1b60-43df-4c28-aa21-fb836dbd8071",
            "kics:783860a3-6dca-4c8b-81d0-7b62769ccbca",
        ]
    )

    static let subjects: Set<ResourceKind> = [.restApiStage, .httpApiStage]

    func check(_ stage: Resource, in model: CloudModel, _ report: inout RuleReport) {
        switch limit(in: stage) {
        case .value(true):
            report.pass()
            return
        case .unknown(let expression):
            report.unknown(expression, resource: stage, at: stage.location(of: .throttlingRateLimit))
            return
        default:
            break
        }
        if stage.kind == .restApiStage {
            let api = stage.links.first { $0.attribute == .restApiID || model.resource($0.target)?.kind == .restApi }?.target
            let stageName: String? = if case .value(let name) = stage[.stageName].string { name } else { nil }
            var candidates = model.referrers(of: stage.id).map(\.resource)
            if let api { candidates += model.referrers(of: api).map(\.resource) }
            for other in candidates where other.kind == .restApiMethodSettings || other.kind == .usagePlan {
                // Method settings name one stage: by link, or by name beside a link to the API.
                if other.kind == .restApiMethodSettings, !other.links.contains(where: { $0.target == stage.id }) {
                    guard let stageName, case .value(let named) = other[.stageName].string, named == stageName else { continue }
                }
                switch limit(in: other) {
                case .value(true):
                    report.pass()
                    return
                case .unknown(let expression):
                    report.unknown(expression, resource: stage, at: other.location(of: .throttlingRateLimit))
                    return
                default:
                    continue
                }
            }
        } else if !stage[.routeSettings].isAbsent {
            report.unknown("route settings may not cover every route", resource: stage, at: stage.location(of: .routeSettings))
            return
        }
        report.fail("API stage \(stage.id.name) relies on the account-wide throttle (10,000 requests per second shared by every API in the Region): "
                        + "no stage, method or usage-plan limit applies",
                    resource: stage, attribute: "Throttling")
    }

    /// Whether a rate or burst limit (0 or more; -1 disables throttling) is set.
    private func limit(in resource: Resource) -> Resolved<Bool> {
        var unknown: String?
        for name in [AttributeName.throttlingRateLimit, .throttlingBurstLimit] {
            switch resource[name].list {
            case .value(let items):
                for item in items {
                    switch Attr.explicit(item, at: nil).int {
                    case .value(let limit) where limit >= 0: return .value(true)
                    case .unknown(let expression): unknown = expression
                    default: continue
                    }
                }
            case .unknown(let expression): unknown = expression
            case .absent: continue
            }
        }
        return unknown.map { .unknown($0) } ?? .value(false)
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties: {Name: jobs}
              ↓Prod:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: !Ref Api
                  StageName: prod
                  DeploymentId: abc123
            """),
        .good(.cloudFormationYAML, scenario: "method-settings", """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties: {Name: jobs}
              Prod:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: !Ref Api
                  StageName: prod
                  DeploymentId: abc123
                  MethodSettings:
                    - {ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000}
            """),
        .good(.cloudFormationYAML, scenario: "usage-plan", """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties: {Name: jobs}
              Prod:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: !Ref Api
                  StageName: prod
                  DeploymentId: abc123
              Plan:
                Type: AWS::ApiGateway::UsagePlan
                Properties:
                  ApiStages:
                    - {ApiId: !Ref Api, Stage: !Ref Prod}
                  Throttle: {RateLimit: 1000, BurstLimit: 2000}
            """),
        .bad(.cloudFormationYAML, scenario: "http-absent", """
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties: {Name: jobs, ProtocolType: HTTP}
              ↓Default:
                Type: AWS::ApiGatewayV2::Stage
                Properties:
                  ApiId: !Ref Api
                  StageName: $default
            """),
        .good(.samYAML, scenario: "http-default-route-settings", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  DefaultRouteSettings: {ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000}
            """),
        .bad(.samYAML, scenario: "sam-api-absent", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Api:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_api_gateway_rest_api": {"api": {"name": "jobs"}},
                "aws_api_gateway_stage": {
                  ↓"prod": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "prod", "deployment_id": "abc123"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "method-settings", """
            {
              "resource": {
                "aws_api_gateway_rest_api": {"api": {"name": "jobs"}},
                "aws_api_gateway_stage": {
                  "prod": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "prod", "deployment_id": "abc123"}
                },
                "aws_api_gateway_method_settings": {
                  "all": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "${aws_api_gateway_stage.prod.stage_name}",
                          "method_path": "*/*", "settings": [{"throttling_rate_limit": 1000, "throttling_burst_limit": 2000}]}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "method-settings-defaults", """
            {
              "resource": {
                "aws_api_gateway_rest_api": {"api": {"name": "jobs"}},
                "aws_api_gateway_stage": {
                  ↓"prod": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "prod", "deployment_id": "abc123"}
                },
                "aws_api_gateway_method_settings": {
                  "all": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "${aws_api_gateway_stage.prod.stage_name}",
                          "method_path": "*/*", "settings": [{"metrics_enabled": true}]}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "http-absent", """
            {
              "resource": {
                "aws_apigatewayv2_api": {"api": {"name": "jobs", "protocol_type": "HTTP"}},
                "aws_apigatewayv2_stage": {
                  ↓"default": {"api_id": "${aws_apigatewayv2_api.api.id}", "name": "$default"}
                }
              }
            }
            """),
    ]
}
