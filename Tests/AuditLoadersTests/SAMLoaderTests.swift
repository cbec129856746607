import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

@Suite("SAM emulation")
struct SAMLoaderTests {
    private static let fixture = "testdata/cloudformation/serverless-api.yaml"

    private func id(_ name: String, file: String = "template.yaml") -> ResourceID {
        ResourceID(scope: file, name: name)
    }

    private func reference(_ name: String, _ attribute: String? = nil, file: String = "template.yaml") -> Value {
        .reference(ResourceReference(target: id(name, file: file), attribute: attribute))
    }

    private func managedARN(_ pathAndName: String) -> Value {
        .string("arn:aws:iam::aws:policy/" + pathAndName)
    }

    @Test("A function gets an implicit execution role carrying its Policies, with positions")
    func functionAndImplicitRole() throws {
        let loaded = try TemplateFixture.loadFixture("serverless-api.yaml")
        let file = Self.fixture
        #expect(loaded.scope.format == .sam)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.resources.map(\.id.name) == [
            "Table", "ApiFunction", "ApiFunctionRole", "ServerlessRestApi", "ServerlessRestApiProdStage", "ApiFunctionGetItemMethod",
        ])

        let function = try #require(loaded.resource("ApiFunction"))
        #expect(function.kind == .function)
        #expect(function.sourceType == "AWS::Serverless::Function")
        #expect(function.location == loc(19, 3, file: file))
        #expect(!function.isImplicit)
        #expect(function.tags == ["lambda:createdBy": "SAM"])
        #expect(function[.runtime] == Attr(value: .string("python3.11"), provenance: .explicit, location: loc(23, 7, file: file)))
        // `Tracing: Active` from Globals becomes TracingConfig.Mode, located in Globals.
        #expect(function[.tracingMode] == Attr(value: .string("Active"), provenance: .explicit, location: loc(8, 5, file: file)))
        #expect(function[.environmentVariables] == Attr(value: .map([
            Value.MapEntry(key: "STAGE", value: .string("prod")), Value.MapEntry(key: "TABLE", value: reference("Table", file: file)),
        ]), provenance: .explicit, location: loc(25, 9, file: file)))
        #expect(function[.role] == Attr(
            value: reference("ApiFunctionRole", "Arn", file: file),
            provenance: .defaultedByTool("SAM generates the execution role ApiFunctionRole when Role is not set")
        ))
        #expect(function.links == [
            Link(path: "Environment.Variables.TABLE", attribute: .environmentVariables,
                 reference: ResourceReference(target: id("Table", file: file)), location: loc(26, 11, file: file)),
            Link(path: "Role", attribute: .role, reference: ResourceReference(target: id("ApiFunctionRole", file: file), attribute: "Arn"),
                 location: loc(19, 3, file: file)),
        ])

        let role = try #require(loaded.resource("ApiFunctionRole"))
        #expect(role.kind == .role)
        #expect(role.sourceType == "AWS::IAM::Role")
        #expect(role.isImplicit)
        #expect(role.location == loc(19, 3, file: file))
        #expect(role.tags == ["lambda:createdBy": "SAM"])
        #expect(role[.managedPolicyARNs] == Attr(value: .list([
            managedARN("service-role/AWSLambdaBasicExecutionRole"), managedARN("AWSXrayWriteOnlyAccess"),
            managedARN("AmazonDynamoDBReadOnlyAccess"),
        ]), provenance: .explicit, location: loc(29, 7, file: file)))
        #expect(role.linkTargets() == ["Table", "Table"])

        let trust = try #require(loaded.policy("ApiFunctionRole/AssumeRolePolicyDocument"))
        #expect(trust.kind == .trust)
        #expect(trust.owner == id("ApiFunctionRole", file: file))
        #expect(trust.location == loc(19, 3, file: file))
        #expect(trust.statements.first?.principals.map(\.value) == [.string("lambda.amazonaws.com")])

        let template = try #require(loaded.policy("ApiFunctionRole/Policies[0]"))
        #expect(template.kind == .identity)
        #expect(template.owner == id("ApiFunctionRole", file: file))
        #expect(template.name == "ApiFunctionRole policy \"DynamoDBCrudPolicy\"")
        #expect(template.location == loc(31, 11, file: file))
        let crud = try #require(template.statements.first)
        #expect(crud.location == loc(31, 11, file: file))
        #expect(crud.isAllow)
        #expect(crud.actions?.literalStrings.contains("dynamodb:PutItem") == true)
        #expect(crud.resources?.entries == [
            PolicyEntry(value: .unresolved("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}"),
                        location: loc(31, 11, file: file)),
            PolicyEntry(value: .unresolved("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}/index/*"),
                        location: loc(31, 11, file: file)),
        ])

        let inline = try #require(loaded.policy("ApiFunctionRole/Policies[1]"))
        #expect(inline.name == "ApiFunctionRole policy \"ApiFunctionRolePolicy2\"")
        #expect(inline.location == loc(33, 11, file: file))
        #expect(inline.statements.first?.location == loc(34, 15, file: file))
        #expect(inline.statements.first?.resources?.entries == [PolicyEntry(value: .string("*"), location: loc(36, 25, file: file))])

        // Both the function and its role point at the table.
        let model = CloudModel([loaded])
        #expect(Set(model.referrers(of: id("Table", file: file)).map(\.resource.id.name)) == ["ApiFunction", "ApiFunctionRole"])
        #expect(model.policies(ownedBy: id("ApiFunctionRole", file: file)).count == 3)
    }

    @Test("An Api event without RestApiId creates ServerlessRestApi and its Prod stage")
    func implicitRestApi() throws {
        let loaded = try TemplateFixture.loadFixture("serverless-api.yaml")
        let file = Self.fixture
        let api = try #require(loaded.resource("ServerlessRestApi"))
        #expect(api.kind == .restApi)
        #expect(api.isImplicit)
        #expect(api.location == loc(19, 3, file: file))
        #expect(api[.apiName] == Attr(value: .unresolved("!Ref AWS::StackName"), provenance: .unresolved("!Ref AWS::StackName")))
        #expect(api.links == [Link(path: "Events.GetItem", reference: ResourceReference(target: id("ApiFunction", file: file)),
                                   location: loc(38, 9, file: file))])

        let stage = try #require(loaded.resource("ServerlessRestApiProdStage"))
        #expect(stage.kind == .restApiStage)
        #expect(stage.isImplicit)
        #expect(stage[.stageName] == Attr(value: .string("Prod"), provenance: .defaultedByTool("SAM names the stage of the implicit API Prod"),
                                          location: loc(19, 3, file: file)))
        #expect(stage[.restApiID].value == reference("ServerlessRestApi", file: file))
        #expect(stage.linkTargets(at: "RestApiId") == ["ServerlessRestApi"])
        #expect(loaded.exported == [id("ServerlessRestApi", file: file)])
    }

    @Test("SimpleTable: PAY_PER_REQUEST unless ProvisionedThroughput is given")
    func simpleTable() throws {
        let onDemand = try #require(try TemplateFixture.loadFixture("serverless-api.yaml").resource("Table"))
        #expect(onDemand.kind == .table)
        #expect(onDemand.sourceType == "AWS::Serverless::SimpleTable")
        #expect(onDemand[.billingMode] == Attr(value: .string("PAY_PER_REQUEST"), provenance: .defaultedByTool(
            "SAM SimpleTable sets BillingMode PAY_PER_REQUEST when ProvisionedThroughput is absent [SAM]")))
        #expect(isServiceDefault(onDemand[.sseEnabled]))
        #expect(onDemand[.sseEnabled].value == .bool(false))

        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Globals:
          SimpleTable:
            SSESpecification:
              SSEEnabled: true
        Resources:
          Table:
            Type: AWS::Serverless::SimpleTable
            Properties:
              TableName: orders
              PrimaryKey: {Name: pk, Type: Number}
              ProvisionedThroughput:
                ReadCapacityUnits: 5
                WriteCapacityUnits: 5
        """)
        let provisioned = try #require(loaded.resource("Table"))
        #expect(provisioned[.billingMode].value == .string("PROVISIONED"))
        #expect(isServiceDefault(provisioned[.billingMode]))
        #expect(provisioned[.sseEnabled] == Attr(value: .bool(true), provenance: .explicit, location: loc(5, 7)))
        #expect(provisioned[.tableName] == Attr(value: .string("orders"), provenance: .explicit, location: loc(10, 7)))
    }

    @Test("Globals: maps merge, lists concatenate, an intrinsic counts as a scalar, the resource wins")
    func globalsMerge() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Environment:
              Variables:
                SHARED: global
                OVERRIDDEN: global
            ReservedConcurrentExecutions: 5
            Layers: [!Ref SharedLayer]
            VpcConfig: !If [InVpc, {SubnetIds: [subnet-global]}, !Ref "AWS::NoValue"]
        Conditions:
          InVpc: !Equals [!Ref "AWS::Region", eu-west-1]
        Resources:
          SharedLayer:
            Type: AWS::Lambda::LayerVersion
          OwnLayer:
            Type: AWS::Lambda::LayerVersion
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  OVERRIDDEN: local
                  OWN: local
              Layers: [!Ref OwnLayer]
              VpcConfig:
                SubnetIds: [subnet-local]
        """)
        #expect(loaded.diagnostics.isEmpty)
        let function = try #require(loaded.resource("Fn"))
        #expect(function[.environmentVariables] == Attr(value: .map([
            Value.MapEntry(key: "SHARED", value: .string("global")),
            Value.MapEntry(key: "OVERRIDDEN", value: .string("local")),
            Value.MapEntry(key: "OWN", value: .string("local")),
        ]), provenance: .explicit, location: loc(22, 9)))
        #expect(function[.reservedConcurrentExecutions] == Attr(value: .number(5), provenance: .explicit, location: loc(8, 5)))
        #expect(function[.vpcSubnetIDs] == Attr(value: .list([.string("subnet-local")]), provenance: .explicit, location: loc(27, 9)))
        #expect(function.links.filter { $0.path.hasPrefix("Layers") }.map { "\($0.path) \($0.reference)" }
            == ["Layers[0] SharedLayer", "Layers[1] OwnLayer"])
        #expect(loaded.resource("FnRole")?[.managedPolicyARNs].value == .list([
            managedARN("service-role/AWSLambdaBasicExecutionRole"), managedARN("service-role/AWSLambdaVPCAccessExecutionRole"),
        ]))
        #expect(loaded.resource("FnRole")?[.managedPolicyARNs].provenance
            == .defaultedByTool("SAM attaches these managed policies to the role it generates for Fn"))
    }

    @Test("Event sources, dead-letter queue, URL and invoke config become generated resources")
    func generatedResources() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Jobs:
            Type: AWS::SQS::Queue
          Dlq:
            Type: AWS::SQS::Queue
          Alerts:
            Type: AWS::SNS::Topic
          Stream:
            Type: AWS::Kinesis::Stream
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Tracing: Disabled
              VpcConfig:
                SubnetIds: [subnet-1, subnet-2]
                SecurityGroupIds: [sg-1]
              DeadLetterQueue:
                Type: SQS
                TargetArn: !GetAtt Dlq.Arn
              FunctionUrlConfig:
                AuthType: NONE
              EventInvokeConfig:
                DestinationConfig:
                  OnFailure:
                    Type: SQS
                    Destination: !GetAtt Dlq.Arn
              Policies:
                - AWSLambdaBasicExecutionRole
                - AWSLambdaSQSQueueExecutionRole
              Events:
                Queue:
                  Type: SQS
                  Properties:
                    Queue: !GetAtt Jobs.Arn
                    BatchSize: 10
                Records:
                  Type: Kinesis
                  Properties:
                    Stream: !GetAtt Stream.Arn
                    StartingPosition: LATEST
                    DestinationConfig:
                      OnFailure:
                        Destination: !GetAtt Dlq.Arn
                Alert:
                  Type: SNS
                  Properties:
                    Topic: !Ref Alerts
          Fixed:
            Type: AWS::Serverless::Function
            Properties:
              Role: arn:aws:iam::123456789012:role/fixed
              Policies: AmazonS3FullAccess
        """)
        #expect(loaded.diagnosticMessages == ["53:7 Policies of Fixed are ignored because Role is set"])
        #expect(loaded.resources.map(\.id.name) == [
            "Jobs", "Dlq", "Alerts", "Stream", "Worker", "WorkerRole", "WorkerQueue", "WorkerRecords", "WorkerAlert", "WorkerUrl",
            "WorkerEventInvokeConfig", "Fixed",
        ])
        let worker = try #require(loaded.resource("Worker"))
        // Without Tracing, Lambda passes tracing through.
        #expect(worker[.tracingMode].isDefaulted && worker[.tracingMode].value == .string("PassThrough"))
        #expect(worker[.vpcSubnetIDs] == Attr(value: .list([.string("subnet-1"), .string("subnet-2")]), provenance: .explicit,
                                              location: loc(16, 9)))
        #expect(worker[.deadLetterTarget] == Attr(value: reference("Dlq", "Arn"), provenance: .explicit, location: loc(20, 9)))
        // Triggers are not the function's own references (rule-catalog §3.3).
        #expect(worker.linkTargets() == ["Dlq.Arn", "WorkerRole.Arn"])

        let role = try #require(loaded.resource("WorkerRole"))
        #expect(role[.managedPolicyARNs] == Attr(value: .list([
            managedARN("service-role/AWSLambdaBasicExecutionRole"), managedARN("service-role/AWSLambdaVPCAccessExecutionRole"),
            managedARN("service-role/AWSLambdaSQSQueueExecutionRole"), managedARN("service-role/AWSLambdaKinesisExecutionRole"),
        ]), provenance: .explicit, location: loc(28, 7)))
        let deadLetterPolicy = try #require(loaded.policy("WorkerRole/Policies[0]"))
        #expect(deadLetterPolicy.name == "WorkerRole policy \"DeadLetterQueuePolicy\"")
        #expect(deadLetterPolicy.location == loc(18, 7))
        #expect(deadLetterPolicy.statements.first?.actions?.literalStrings == ["sqs:SendMessage"])
        #expect(deadLetterPolicy.statements.first?.resources?.entries.map(\.value) == [reference("Dlq", "Arn")])

        let queueMapping = try #require(loaded.resource("WorkerQueue"))
        #expect(queueMapping.kind == .eventSourceMapping)
        #expect(queueMapping.sourceType == "AWS::Lambda::EventSourceMapping")
        #expect(queueMapping.isImplicit)
        #expect(queueMapping.location == loc(32, 9))
        #expect(queueMapping[.eventSourceARN] == Attr(value: reference("Jobs", "Arn"), provenance: .explicit, location: loc(35, 13)))
        #expect(queueMapping[.functionName] == Attr(value: reference("Worker"), provenance: .defaultedByTool("SAM binds event Queue to Worker"),
                                                    location: loc(32, 9)))
        #expect(queueMapping.linkTargets() == ["Worker", "Jobs.Arn"])
        let model = CloudModel([loaded])
        #expect(model.referrers(of: id("Jobs")).map(\.resource.id.name) == ["WorkerQueue"])

        let records = try #require(loaded.resource("WorkerRecords"))
        #expect(records[.onFailureDestination] == Attr(value: reference("Dlq", "Arn"), provenance: .explicit, location: loc(44, 17)))

        let subscription = try #require(loaded.resource("WorkerAlert"))
        #expect(subscription.kind == .topicSubscription)
        #expect(subscription[.topicARN] == Attr(value: reference("Alerts"), provenance: .explicit, location: loc(48, 13)))
        #expect(subscription[.subscriptionProtocol].value == .string("lambda"))
        #expect(subscription[.endpoint].value == reference("Worker", "Arn"))

        #expect(loaded.resource("WorkerUrl")?[.authType] == Attr(value: .string("NONE"), provenance: .explicit, location: loc(22, 9)))
        #expect(loaded.resource("WorkerEventInvokeConfig")?[.onFailureDestination]
            == Attr(value: reference("Dlq", "Arn"), provenance: .explicit, location: loc(27, 13)))

        let fixed = try #require(loaded.resource("Fixed"))
        #expect(fixed[.role] == Attr(value: .string("arn:aws:iam::123456789012:role/fixed"), provenance: .explicit, location: loc(52, 7)))
        #expect(loaded.resource("FixedRole") == nil)
    }

    @Test("Explicit and implicit APIs: stages, Globals.Api, links from API to function")
    func apis() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Api:
            TracingEnabled: true
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              Name: orders
              StageName: v1
              AccessLogSetting:
                DestinationArn: !GetAtt Logs.Arn
          Logs:
            Type: AWS::Logs::LogGroup
          Http:
            Type: AWS::Serverless::HttpApi
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                Rest:
                  Type: Api
                  Properties:
                    RestApiId: !Ref Api
                    Path: /
                    Method: get
                Direct:
                  Type: HttpApi
                  Properties:
                    ApiId: !Ref Http
                Implicit:
                  Type: HttpApi
        """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.resources.map(\.id.name) == [
            "Api", "Apiv1Stage", "Logs", "Http", "HttpApiGatewayDefaultStage", "Fn", "FnRole", "ServerlessHttpApi",
            "ServerlessHttpApiApiGatewayDefaultStage", "FnRestMethod", "FnDirectRoute", "FnImplicitRoute",
        ])
        // Each API event is the method or route SAM writes into the API's definition: open
        // without an authorizer, `$default` for an HttpApi event without a path.
        let implicitRoute = try #require(loaded.resource("FnImplicitRoute"))
        #expect(implicitRoute.kind == .httpApiRoute)
        #expect(implicitRoute[.routeKey].value == .string("$default"))
        #expect(implicitRoute[.authorizationType].value == .string("NONE") && implicitRoute[.authorizationType].isDefaulted)
        let api = try #require(loaded.resource("Api"))
        #expect(api.kind == .restApi)
        #expect(api[.apiName] == Attr(value: .string("orders"), provenance: .explicit, location: loc(9, 7)))
        #expect(api.links == [Link(path: "Events.Rest", reference: ResourceReference(target: id("Fn")), location: loc(21, 9))])

        let stage = try #require(loaded.resource("Apiv1Stage"))
        #expect(stage.kind == .restApiStage)
        #expect(stage.isImplicit)
        #expect(stage.location == loc(6, 3))
        #expect(stage[.stageName] == Attr(value: .string("v1"), provenance: .explicit, location: loc(10, 7)))
        #expect(stage[.accessLogDestination] == Attr(value: reference("Logs", "Arn"), provenance: .explicit, location: loc(12, 9)))
        #expect(stage[.tracingEnabled] == Attr(value: .bool(true), provenance: .explicit, location: loc(4, 5)))
        #expect(stage[.restApiID].value == reference("Api"))

        let http = try #require(loaded.resource("Http"))
        #expect(http.kind == .httpApi)
        #expect(http[.protocolType] == Attr(value: .string("HTTP"), provenance: .defaultedByTool("a SAM HttpApi is an HTTP API")))
        #expect(http.linkTargets(at: "Events.Direct") == ["Fn"])
        let httpStage = try #require(loaded.resource("HttpApiGatewayDefaultStage"))
        #expect(httpStage.kind == .httpApiStage)
        #expect(httpStage[.stageName].value == .string("$default"))
        #expect(isToolDefault(httpStage[.stageName]))

        let implicit = try #require(loaded.resource("ServerlessHttpApi"))
        #expect(implicit.kind == .httpApi)
        #expect(implicit.isImplicit)
        #expect(implicit.location == loc(17, 3))
        #expect(implicit.links == [Link(path: "Events.Implicit", reference: ResourceReference(target: id("Fn")), location: loc(31, 9))])
        #expect(loaded.resource("ServerlessRestApi") == nil)
    }

    @Test("A state machine gets a Step Functions role; policy templates and Fn::If entries expand")
    func stateMachine() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Queue:
            Type: AWS::SQS::Queue
          Flow:
            Type: AWS::Serverless::StateMachine
            Properties:
              Name: orders-flow
              Tracing:
                Enabled: true
              Logging:
                Level: ERROR
              Policies:
                - SQSSendMessagePolicy:
                    QueueName: !GetAtt Queue.QueueName
                - !If
                  - NeverTrue
                  - AdministratorAccess
                  - !Ref AWS::NoValue
        Conditions:
          NeverTrue: !Equals [a, b]
        """)
        #expect(loaded.diagnostics.isEmpty)
        let flow = try #require(loaded.resource("Flow"))
        #expect(flow.kind == .stateMachine)
        #expect(flow.sourceType == "AWS::Serverless::StateMachine")
        #expect(flow[.loggingLevel] == Attr(value: .string("ERROR"), provenance: .explicit, location: loc(12, 9)))
        #expect(flow[.tracingEnabled] == Attr(value: .bool(true), provenance: .explicit, location: loc(10, 9)))
        #expect(flow[.role].value == reference("FlowRole", "Arn"))
        #expect(flow.linkTargets(at: "Role") == ["FlowRole.Arn"])

        let role = try #require(loaded.resource("FlowRole"))
        #expect(role[.managedPolicyARNs] == Attr(value: .list([managedARN("AWSXrayWriteOnlyAccess")]), provenance: .explicit,
                                                 location: loc(13, 7)))
        #expect(loaded.policy("FlowRole/AssumeRolePolicyDocument")?.statements.first?.principals.map(\.value)
            == [.string("states.amazonaws.com")])
        let send = try #require(loaded.policy("FlowRole/Policies[0]"))
        #expect(send.name == "FlowRole policy \"SQSSendMessagePolicy\"")
        #expect(send.location == loc(14, 11))
        #expect(send.statements.first?.actions?.literalStrings == ["sqs:SendMessage*"])
        #expect(send.statements.first?.resources?.unresolvedExpression
            == "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}")
        #expect(role.links.map(\.reference.description) == ["Queue.QueueName"])
    }

    @Test("Managed policy names expand to the ARN SAM uses, paths included; ARNs and intrinsics pass through")
    func managedPolicyNames() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Boundary:
            Type: String
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Policies:
                - AmazonS3FullAccess
                - AWSLambdaRole
                - AWSLambdaSQSQueueExecutionRole
                - arn:aws:iam::123456789012:policy/custom
                - !Ref Boundary
                - Statement:
                    Effect: Allow
                    Action: logs:*
                    Resource: "*"
        """)
        #expect(loaded.diagnostics.isEmpty)
        let role = try #require(loaded.resource("FnRole"))
        #expect(role[.managedPolicyARNs].value == .list([
            managedARN("service-role/AWSLambdaBasicExecutionRole"), managedARN("AmazonS3FullAccess"),
            managedARN("service-role/AWSLambdaRole"), managedARN("service-role/AWSLambdaSQSQueueExecutionRole"),
            .string("arn:aws:iam::123456789012:policy/custom"), .unresolved("!Ref Boundary"),
        ]))
        #expect(role[.managedPolicyARNs].list == .value([
            managedARN("service-role/AWSLambdaBasicExecutionRole"), managedARN("AmazonS3FullAccess"),
            managedARN("service-role/AWSLambdaRole"), managedARN("service-role/AWSLambdaSQSQueueExecutionRole"),
            .string("arn:aws:iam::123456789012:policy/custom"), .unresolved("!Ref Boundary"),
        ]))
        let inline = try #require(loaded.policy("FnRole/Policies[0]"))
        #expect(inline.name == "FnRole policy \"FnRolePolicy5\"")
        #expect(inline.statements.first?.location == loc(16, 13))
    }

    @Test("SAM policy templates table: generated from aws-sam-translator and parseable")
    func policyTemplateTable() throws {
        #expect(SAMPolicyTemplates.generatedDefinitions.count >= 80)
        for name in SAMPolicyTemplates.generatedDefinitions.keys {
            let template = try #require(SAMPolicyTemplates.template(named: name), "\(name) does not parse")
            #expect(template.definition["Statement"] != nil, "\(name) has no Statement")
        }
        #expect(SAMPolicyTemplates.template(named: "DynamoDBCrudPolicy")?.parameters == ["TableName"])
        #expect(SAMPolicyTemplates.managedPolicyARN(for: "AWSLambdaBasicExecutionRole")
            == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
        #expect(SAMPolicyTemplates.managedPolicyARN(for: "AdministratorAccess") == "arn:aws:iam::aws:policy/AdministratorAccess")
        #expect(SAMPolicyTemplates.managedPolicyARN(for: "arn:aws:iam::aws:policy/ReadOnlyAccess")
            == "arn:aws:iam::aws:policy/ReadOnlyAccess")
    }
}
