import AuditCore
import AuditModel

/// AS-LAUNCH-010: an API stage that keeps no per-request record.
struct APIStageWithoutAccessLogging: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-010",
        slug: "api-stage-without-access-logging",
        title: "API Gateway stage without access logging",
        severity: .medium,
        pack: .launchChecklist,
        tags: ["logging", "api-gateway", "launch"],
        rationale: """
            Access logs are the only per-request record of an API (caller IP, route, status, \
            latency, request id) and the first thing incident triage asks for; execution logs \
            and metrics do not replace them. Without an access log setting a stage writes none, \
            in both formats: CloudFormation AccessLogSetting (REST) / AccessLogSettings (HTTP), \
            Terraform access_log_settings, SAM AccessLogSetting / AccessLogSettings passed to \
            the stage it creates. The destination log group is then subject to AS-LAUNCH-005.
            """,
        remediation: """
            REST: `AccessLogSetting: {DestinationArn: !GetAtt ApiLogs.Arn, Format: …}` on the stage \
            (Terraform `access_log_settings { destination_arn = aws_cloudwatch_log_group.api.arn, format = … }`).
            HTTP: `AccessLogSettings` on `AWS::ApiGatewayV2::Stage` (Terraform `aws_apigatewayv2_stage.access_log_settings`).
            """,
        references: [
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html#cfn-apigateway-stage-accesslogsetting",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_stage#access_log_settings",
        ],
        peerIDs: [
            "checkov:CKV_AWS_76", "checkov:CKV_AWS_95",
            "kics:9111f9a5-6b80-40f9-bc82-c05f970779c3", "kics:982aa526-6970-4c59-8b9b-2ce7e019fe36",
            "kics:80d45af4-4920-4236-a56e-b7ef419d1941", "kics:06ec63e3-9f72-4fe2-a218-2eb9200b8db5",
            "cfn_nag:W69", "cfn_nag:W46",
        ]
    )

    static let subjects: Set<ResourceKind> = [.restApiStage, .httpApiStage]

    func check(_ stage: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if stage[.accessLogDestination].isAbsent {
            report.fail("API stage \(stageName(stage)) writes no access logs: no access log destination is set",
                        resource: stage, attribute: AttributeName.accessLogDestination.rawValue)
        } else {
            // A destination given by an expression still turns access logging on.
            report.pass()
        }
    }

    private func stageName(_ stage: Resource) -> String {
        if case .value(let name) = stage[.stageName].string { return "\(stage.id.name) (\(name))" }
        return stage.id.name
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
        .good(.cloudFormationYAML, scenario: "access-logs", """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties: {Name: jobs}
              ApiLogs:
                Type: AWS::Logs::LogGroup
                Properties: {RetentionInDays: 30}
              Prod:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: !Ref Api
                  StageName: prod
                  DeploymentId: abc123
                  AccessLogSetting:
                    DestinationArn: !GetAtt ApiLogs.Arn
                    Format: '$context.requestId $context.status'
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
                  AutoDeploy: true
            """),
        .bad(.samYAML, scenario: "sam-api-absent", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Api:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
            """),
        .good(.samYAML, scenario: "sam-api-access-logs", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ApiLogs:
                Type: AWS::Logs::LogGroup
                Properties: {RetentionInDays: 30}
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  AccessLogSettings:
                    DestinationArn: !GetAtt ApiLogs.Arn
                    Format: '$context.requestId'
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_api_gateway_rest_api": {"api": {"name": "jobs"}},
                "aws_api_gateway_stage": {
                  ↓"prod": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "stage_name": "prod",
                    "deployment_id": "abc123"
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "access-logs", """
            {
              "resource": {
                "aws_api_gateway_rest_api": {"api": {"name": "jobs"}},
                "aws_cloudwatch_log_group": {"api": {"name": "api-access", "retention_in_days": 30}},
                "aws_api_gateway_stage": {
                  "prod": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "stage_name": "prod",
                    "deployment_id": "abc123",
                    "access_log_settings": [{"destination_arn": "${aws_cloudwatch_log_group.api.arn}", "format": "$context.requestId"}]
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "http-absent", """
            {
              "resource": {
                "aws_apigatewayv2_api": {"api": {"name": "jobs", "protocol_type": "HTTP"}},
                "aws_apigatewayv2_stage": {
                  ↓"default": {"api_id": "${aws_apigatewayv2_api.api.id}", "name": "$default", "auto_deploy": true}
                }
              }
            }
            """),
    ]
}
