import AuditGraph
import AuditModel
import Testing

@Suite struct InvocationGraphTests {
    private func id(_ file: String, _ name: String) -> ResourceID { ResourceID(scope: file, name: name) }

    /// A Terraform resource's id, whatever the loader names the module's scope.
    private func id(in model: CloudModel, _ name: String) -> ResourceID {
        model.resources.first { $0.id.name == name }?.id ?? ResourceID(scope: "?", name: name)
    }

    @Test func samEventsGiveAPIAsyncQueueAndStreamTriggers() async {
        let model = await loadModel([("t.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
              Jobs:
                Type: AWS::SQS::Queue
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.h
                  Events:
                    Get:
                      Type: Api
                      Properties: {Path: /x, Method: get}
              OnUpload:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.h
                  Events:
                    Upload:
                      Type: S3
                      Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.h
                  Events:
                    Work:
                      Type: SQS
                      Properties: {Queue: !GetAtt Jobs.Arn}
              Idle:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.h
            """)])
        let graph = InvocationGraph.of(model)
        #expect(graph.triggers(of: id("t.yaml", "Api")).map(\.kind) == [.api])
        #expect(graph.triggers(of: id("t.yaml", "Api")).first?.source == id("t.yaml", "ServerlessRestApi"))
        #expect(graph.triggers(of: id("t.yaml", "OnUpload")).map(\.kind) == [.asynchronous])
        #expect(graph.triggers(of: id("t.yaml", "OnUpload")).first?.service == "s3.amazonaws.com")
        #expect(graph.triggers(of: id("t.yaml", "Worker")).map(\.kind) == [.queue])
        #expect(graph.consumers(of: id("t.yaml", "Jobs")) == [id("t.yaml", "Worker")])
        #expect(graph.triggers(of: id("t.yaml", "Idle")).isEmpty)
        #expect(graph.isBehindAPIQueueOrStream(id("t.yaml", "Worker")))
        #expect(!graph.isBehindAPIQueueOrStream(id("t.yaml", "OnUpload")))
    }

    @Test func terraformIntegrationsPermissionsAndMappings() async {
        let model = await loadModel([("main.tf.json", """
            {"resource": {
              "aws_lambda_function": {
                "rest": {"function_name": "rest", "role": "r"},
                "http": {"function_name": "http", "role": "r"},
                "topic": {"function_name": "topic", "role": "r"},
                "stream": {"function_name": "stream", "role": "r"},
                "rule": {"function_name": "rule", "role": "r"}
              },
              "aws_api_gateway_rest_api": {"api": {"name": "api"}},
              "aws_api_gateway_integration": {"rest": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "uri": "${aws_lambda_function.rest.invoke_arn}"}},
              "aws_apigatewayv2_api": {"http": {"name": "http", "protocol_type": "HTTP"}},
              "aws_apigatewayv2_integration": {"http": {"api_id": "${aws_apigatewayv2_api.http.id}", "integration_uri": "${aws_lambda_function.http.invoke_arn}"}},
              "aws_sns_topic": {"t": {"name": "t"}},
              "aws_lambda_permission": {"sns": {"function_name": "topic", "principal": "sns.amazonaws.com", "source_arn": "${aws_sns_topic.t.arn}"}},
              "aws_kinesis_stream": {"s": {"name": "s", "shard_count": 1}},
              "aws_lambda_event_source_mapping": {"s": {"event_source_arn": "${aws_kinesis_stream.s.arn}", "function_name": "${aws_lambda_function.stream.arn}"}},
              "aws_cloudwatch_event_rule": {"r": {"schedule_expression": "rate(1 hour)"}},
              "aws_cloudwatch_event_target": {"r": {"rule": "${aws_cloudwatch_event_rule.r.name}", "arn": "${aws_lambda_function.rule.arn}"}}
            }}
            """)])
        let graph = InvocationGraph.of(model)
        #expect(graph.triggers(of: id(in: model, "aws_lambda_function.rest")).map(\.source) == [id(in: model, "aws_api_gateway_rest_api.api")])
        #expect(graph.triggers(of: id(in: model, "aws_lambda_function.http")).map(\.kind) == [.api])
        #expect(graph.triggers(of: id(in: model, "aws_lambda_function.topic")).map(\.source) == [id(in: model, "aws_sns_topic.t")])
        #expect(graph.triggers(of: id(in: model, "aws_lambda_function.stream")).map(\.kind) == [.stream])
        #expect(graph.triggers(of: id(in: model, "aws_lambda_function.rule")).map(\.kind) == [.asynchronous])
    }

    @Test func lambdaLogGroupsByNameExpressionLiteralOrLoggingConfig() async {
        let model = await loadModel([("t.yaml", """
            Resources:
              Named:
                Type: AWS::Lambda::Function
                Properties: {Handler: a.h, Role: r}
              NamedLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: !Sub "/aws/lambda/${Named}"
              Literal:
                Type: AWS::Lambda::Function
                Properties: {FunctionName: orders, Handler: a.h, Role: r}
              LiteralLogs:
                Type: AWS::Logs::LogGroup
                Properties: {LogGroupName: /aws/lambda/orders}
              Configured:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: a.h
                  Role: r
                  LoggingConfig: {LogGroup: !Ref Shared}
              Shared:
                Type: AWS::Logs::LogGroup
              Bare:
                Type: AWS::Lambda::Function
                Properties: {FunctionName: bare, Handler: a.h, Role: r}
            """)])
        let groups = LogGroupOwnership.of(model)
        #expect(groups.logGroup(ofFunction: id("t.yaml", "Named")) == .declared(id("t.yaml", "NamedLogs")))
        #expect(groups.logGroup(ofFunction: id("t.yaml", "Literal")) == .declared(id("t.yaml", "LiteralLogs")))
        #expect(groups.logGroup(ofFunction: id("t.yaml", "Configured")) == .declared(id("t.yaml", "Shared")))
        #expect(groups.logGroup(ofFunction: id("t.yaml", "Bare")) == .implicit("/aws/lambda/bare"))
        #expect(groups.owner(of: id("t.yaml", "NamedLogs")) == id("t.yaml", "Named"))
    }

    @Test func terraformLogGroupNamedAfterTheFunctionAttribute() async {
        let model = await loadModel([("main.tf.json", """
            {"variable": {"name": {}},
             "resource": {
              "aws_lambda_function": {
                "api": {"function_name": "${var.name}", "role": "r"},
                "bare": {"function_name": "${var.name}-bare", "role": "r"}
              },
              "aws_cloudwatch_log_group": {"api": {"name": "/aws/lambda/${aws_lambda_function.api.function_name}", "retention_in_days": 14}}
            }}
            """)])
        let groups = LogGroupOwnership.of(model)
        #expect(groups.logGroup(ofFunction: id(in: model, "aws_lambda_function.api")) == .declared(id(in: model, "aws_cloudwatch_log_group.api")))
        guard case .unknown = groups.logGroup(ofFunction: id(in: model, "aws_lambda_function.bare")) else {
            Issue.record("a function whose name depends on a variable without default is unknown")
            return
        }
    }
}
