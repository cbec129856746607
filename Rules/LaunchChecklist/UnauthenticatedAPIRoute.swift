import AuditCore
import AuditModel

/// AS-LAUNCH-009: an API method, route or function URL that anyone on the internet can call.
struct UnauthenticatedAPIRoute: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-009",
        slug: "unauthenticated-api-route",
        title: "Unauthenticated API route or Lambda function URL",
        severity: .high,
        pack: .launchChecklist,
        tags: ["security", "api-gateway", "lambda", "authentication", "launch"],
        rationale: """
            `NONE` authorization is the default for HTTP API routes and easy to ship by \
            accident on REST methods; a function URL with auth type NONE is a public endpoint. \
            Defaults: CloudFormation AWS::ApiGatewayV2::Route AuthorizationType is optional and \
            NONE means open access; AWS::ApiGateway::Method AuthorizationType is marked \
            required in the text but optional in the property table, so absent is read as \
            NONE; Terraform aws_apigatewayv2_route authorization_type defaults to NONE; \
            AWS::Lambda::Url AuthType is required. SAM `Api` and `HttpApi` events are open \
            unless the event's Auth.Authorizer or the API's Auth.DefaultAuthorizer names one. \
            A REST method that requires an API key (and so a usage plan) passes; OPTIONS \
            (CORS preflight) is skipped. Routes meant to be public and read-only can be listed \
            under `public-routes` in .auditstack.yml (`GET /jobs`, or a resource name); a GET or \
            HEAD route listed there is reported at medium instead of high.
            """,
        remediation: """
            Give the route an authorizer (Cognito, JWT, Lambda or IAM): `AuthorizationType` / \
            `authorization` / `authorization_type`, SAM `Auth: {DefaultAuthorizer: …}` on the API \
            or `Auth: {Authorizer: …}` on the event; or require an API key on REST methods; \
            function URLs: `AuthType: AWS_IAM` (`authorization_type = "AWS_IAM"`).
            """,
        references: [
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-route.html#cfn-apigatewayv2-route-authorizationtype",
            "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
            "https://github.com/aws/serverless-application-model/blob/develop/docs/internals/generated_resources.rst",
        ],
        peerIDs: [
            "checkov:CKV_AWS_59", "checkov:CKV2_AWS_70", "checkov:CKV_AWS_309", "checkov:CKV_AWS_258",
            "kics:15ccec05-5476-4890-ad19-53991eba1db8", "kics:1056dfbb-5802-4762-bf2b-8b9b9684b1b0",
        ]
    )

    static let subjects: Set<ResourceKind> = [.restApiMethod, .httpApiRoute, .functionUrl]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        switch resource.kind {
        case .functionUrl:
            report.judge(.authType, of: resource, reading: \.string, failsWhen: { $0.uppercased() == "NONE" }) {
                "Function URL \(resource.id.name) is public: auth type \($0.origin)"
            }
        case .restApiMethod, .httpApiRoute:
            checkRoute(resource, &report)
        default:
            return
        }
    }

    private func checkRoute(_ route: Resource, _ report: inout RuleReport) {
        let routeKey: String? = if case .value(let key) = route[.routeKey].string { key } else { nil }
        let method: String
        switch route.kind == .restApiMethod ? route[.httpMethod].string : .value(routeKey.map(Self.method(of:)) ?? "ANY") {
        case .value(let text): method = text.uppercased()
        case .unknown: method = "ANY"
        case .absent: method = "ANY"
        }
        if method == "OPTIONS" { return }
        if route.kind == .restApiMethod, case .value(true) = route[.apiKeyRequired].bool {
            report.pass()
            return
        }
        let listed = isAllowListed(route, routeKey: routeKey, settings: report.settings)
        let readOnly = method == "GET" || method == "HEAD"
        let severity: Severity = listed && readOnly ? .medium : .high
        let name = routeKey.map { "\(route.id.name) (\($0))" } ?? route.id.name
        report.judge(.authorizationType, of: route, reading: \.string, failsWhen: { $0.uppercased() == "NONE" }, severity: severity) {
            let note = listed && readOnly ? " (listed as public and read-only)" : ""
            return "API route \(name) accepts unauthenticated requests\(note): authorization \($0.origin)"
        }
    }

    /// `GET /jobs` → `GET`; `$default` → `ANY`.
    private static func method(of routeKey: String) -> String {
        guard let space = routeKey.firstIndex(of: " ") else { return "ANY" }
        return String(routeKey[..<space])
    }

    private func isAllowListed(_ route: Resource, routeKey: String?, settings: RuleSettings) -> Bool {
        let allowed = settings.publicRoutes
        if allowed.isEmpty { return false }
        if allowed.contains(route.id.name) { return true }
        guard let routeKey else { return false }
        if allowed.contains(routeKey) { return true }
        if let space = routeKey.firstIndex(of: " ") { return allowed.contains(String(routeKey[routeKey.index(after: space)...])) }
        return false
    }

    static let examples: [RuleExample] = [
        .bad(.samYAML, scenario: "open-route", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Jobs:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    ↓Apply:
                      Type: Api
                      Properties: {Path: /jobs, Method: post}
            """),
        .good(.samYAML, scenario: "default-authorizer", """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              HttpApi:
                Auth:
                  DefaultAuthorizer: Cognito
                  Authorizers:
                    Cognito:
                      IdentitySource: $request.header.Authorization
                      JwtConfiguration: {issuer: "https://cognito-idp.us-east-1.amazonaws.com/pool", audience: [client]}
            Resources:
              Jobs:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    Apply:
                      Type: HttpApi
                      Properties: {Path: /jobs, Method: post}
            """),
        .bad(.samYAML, scenario: "function-url-open", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Jobs:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  FunctionUrlConfig:
                    ↓AuthType: NONE
            """),
        .bad(.cloudFormationYAML, scenario: "open-route", """
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties: {Name: jobs, ProtocolType: HTTP}
              ↓ApplyRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref Api
                  RouteKey: POST /jobs
            """),
        .bad(.cloudFormationYAML, scenario: "method-none", """
            Resources:
              Method:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: abc123
                  ResourceId: def456
                  HttpMethod: POST
                  ↓AuthorizationType: NONE
            """),
        .good(.cloudFormationYAML, scenario: "method-api-key", """
            Resources:
              Method:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: abc123
                  ResourceId: def456
                  HttpMethod: POST
                  AuthorizationType: NONE
                  ApiKeyRequired: true
            """),
        .good(.cloudFormationYAML, scenario: "cors-preflight", """
            Resources:
              Preflight:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: abc123
                  ResourceId: def456
                  HttpMethod: OPTIONS
                  AuthorizationType: NONE
            """),
        .bad(.cloudFormationYAML, scenario: "function-url-open", """
            Resources:
              Url:
                Type: AWS::Lambda::Url
                Properties:
                  TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:jobs
                  ↓AuthType: NONE
            """),
        .good(.cloudFormationYAML, scenario: "function-url-iam", """
            Resources:
              Url:
                Type: AWS::Lambda::Url
                Properties:
                  TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:jobs
                  AuthType: AWS_IAM
            """),
        .bad(.terraformJSON, scenario: "open-route", """
            {
              "resource": {
                "aws_apigatewayv2_api": {"api": {"name": "jobs", "protocol_type": "HTTP"}},
                "aws_apigatewayv2_route": {
                  ↓"apply": {"api_id": "${aws_apigatewayv2_api.api.id}", "route_key": "POST /jobs"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "jwt-route", """
            {
              "resource": {
                "aws_apigatewayv2_api": {"api": {"name": "jobs", "protocol_type": "HTTP"}},
                "aws_apigatewayv2_route": {
                  "apply": {"api_id": "${aws_apigatewayv2_api.api.id}", "route_key": "POST /jobs", "authorization_type": "JWT", "authorizer_id": "abc"}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "method-none", """
            {
              "resource": {
                "aws_api_gateway_method": {
                  "apply": {"rest_api_id": "abc123", "resource_id": "def456", "http_method": "POST", ↓"authorization": "NONE"}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "function-url-open", """
            {
              "resource": {
                "aws_lambda_function_url": {
                  "jobs": {"function_name": "jobs", ↓"authorization_type": "NONE"}
                }
              }
            }
            """),
    ]
}
