import AuditCore
import AuditGraph
import AuditModel

/// AS-LAUNCH-012: no X-Ray trace of a request through an API and the function behind it.
struct TracingOffOnAPIPath: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-012",
        slug: "tracing-off-on-api-path",
        title: "No X-Ray tracing on Lambda / API Gateway",
        severity: .low,
        pack: .launchChecklist,
        tags: ["observability", "xray", "lambda", "api-gateway", "launch"],
        rationale: """
            Tracing is the fastest way to see which downstream call makes a request slow or \
            fail; it costs per sampled trace. Without configuration Lambda passes tracing \
            through (PassThrough, nothing recorded unless the caller samples) and a REST stage \
            has tracing off, in both formats (SAM `Tracing: Active` and `TracingEnabled` map \
            to the same settings). The rule looks at functions an API invokes (the invocation \
            graph: API events, integrations, API Gateway permissions) and at REST stages; \
            HTTP APIs do not support X-Ray. Deliberate difference from peers: checkov \
            CKV_AWS_50 and KICS flag every function; auditstack only the ones on an API's \
            request path, where a trace follows a user's request.
            """,
        remediation: """
            Lambda: `TracingConfig: {Mode: Active}` (SAM `Tracing: Active`, Terraform `tracing_config { mode = "Active" }`).
            REST stage: `TracingEnabled: true` (Terraform `xray_tracing_enabled = true`).
            """,
        references: [
            "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",
            "https://docs.aws.amazon.com/xray/latest/devguide/xray-services-apigateway.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#tracing_config",
        ],
        peerIDs: [
            "checkov:CKV_AWS_50", "checkov:CKV_AWS_73", "checkov:CKV_AWS_284",
            "kics:8152e0cf-d2f0-47ad-96d5-d003a76eabd1", "kics:5813ef56-fa94-406a-b35d-977d4a56ff2b",
            "kics:9488c451-074e-4cd3-aee3-7db6104f542c", "kics:4ab10c48-bedb-4deb-8f3b-ff12783b61de",
        ]
    )

    static let subjects: Set<ResourceKind> = [.function, .restApiStage]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        switch resource.kind {
        case .function:
            guard InvocationGraph.of(model).isInvokedByAPI(resource.id) else { return }
            report.judge(.tracingMode, of: resource, reading: \.string, failsWhen: { $0 != "Active" }) {
                "Function \(resource.id.name) behind an API records no X-Ray traces: tracing mode \($0.origin)"
            }
        case .restApiStage:
            report.requireTrue(.tracingEnabled, of: resource) {
                "API stage \(resource.id.name) records no X-Ray traces: tracing \($0.origin)"
            }
        default:
            return
        }
    }

    static let examples: [RuleExample] = [
        .bad(.samYAML, scenario: "api-function-absent", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓↓Jobs:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    List:
                      Type: Api
                      Properties: {Path: /jobs, Method: get}
            """),
        .good(.samYAML, scenario: "api-function-active", """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Tracing: Active
              Api:
                TracingEnabled: true
            Resources:
              Jobs:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    List:
                      Type: Api
                      Properties: {Path: /jobs, Method: get}
            """),
        .good(.cloudFormationYAML, scenario: "function-without-api", """
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/worker
                  Code: {ZipFile: "def handler(e, c): pass"}
            """),
        .bad(.cloudFormationYAML, scenario: "api-function-absent", """
            Resources:
              ↓Jobs:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/jobs
                  Code: {ZipFile: "def handler(e, c): pass"}
              InvokeFromApi:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: !Ref Jobs
                  Principal: apigateway.amazonaws.com
                  SourceArn: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:abc123/*"
            """),
        .bad(.cloudFormationYAML, scenario: "stage-explicit-false", """
            Resources:
              Prod:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: abc123
                  StageName: prod
                  ↓TracingEnabled: false
            """),
        .bad(.terraformJSON, scenario: "api-function-absent", """
            {
              "resource": {
                "aws_lambda_function": {
                  ↓"jobs": {"function_name": "jobs", "role": "arn:aws:iam::123456789012:role/jobs", "handler": "app.handler", "runtime": "python3.12", "filename": "jobs.zip"}
                },
                "aws_lambda_permission": {
                  "api": {"action": "lambda:InvokeFunction", "function_name": "${aws_lambda_function.jobs.function_name}", "principal": "apigateway.amazonaws.com", "source_arn": "arn:aws:execute-api:us-east-1:123456789012:abc123/*"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "api-function-active", """
            {
              "resource": {
                "aws_lambda_function": {
                  "jobs": {"function_name": "jobs", "role": "arn:aws:iam::123456789012:role/jobs", "handler": "app.handler", "runtime": "python3.12", "filename": "jobs.zip",
                           "tracing_config": [{"mode": "Active"}]}
                },
                "aws_lambda_permission": {
                  "api": {"action": "lambda:InvokeFunction", "function_name": "${aws_lambda_function.jobs.function_name}", "principal": "apigateway.amazonaws.com", "source_arn": "arn:aws:execute-api:us-east-1:123456789012:abc123/*"}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "stage-explicit-false", """
            {
              "resource": {
                "aws_api_gateway_stage": {
                  "prod": {"rest_api_id": "abc123", "stage_name": "prod", "deployment_id": "d", ↓"xray_tracing_enabled": false}
                }
              }
            }
            """),
    ]
}
