import AuditCore
import AuditGraph
import AuditModel

/// AS-LAUNCH-014: failed events that are retried and then dropped, or retried forever.
struct ConsumerWithoutFailureDestination: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-014",
        slug: "consumer-without-failure-destination",
        title: "Async/queue consumers without a failure destination",
        severity: .medium,
        pack: .launchChecklist,
        tags: ["reliability", "lambda", "sqs", "streams", "launch"],
        rationale: """
            Lambda retries a failed asynchronous invocation twice and then drops the event \
            unless a dead-letter queue or an on-failure destination catches it; an SQS message \
            that always fails returns to the queue until its retention expires unless the \
            queue has a redrive policy; a failing Kinesis or DynamoDB stream batch is retried \
            until the records expire, blocking the shard, unless the mapping bisects batches, \
            limits retries or sends failures somewhere. Nothing is configured by default in \
            either format. The invocation graph says which functions are invoked \
            asynchronously (S3, SNS, EventBridge and the other event services, SAM push \
            events) and which queues and streams a function consumes. Deliberate difference \
            from peers: checkov CKV_AWS_116 and KICS c2eae442-d3ba-4cb1-84ca-1db4f80eae3d want \
            a DLQ on every function, even one only an API calls synchronously, where a DLQ is \
            never used.
            """,
        remediation: """
            Async functions: `DeadLetterConfig.TargetArn` (SAM `DeadLetterQueue`, Terraform \
            `dead_letter_config`) or an `AWS::Lambda::EventInvokeConfig` / \
            `aws_lambda_function_event_invoke_config` with an on-failure destination.
            Queues consumed by Lambda: a `RedrivePolicy` / `redrive_policy` to a dead-letter queue.
            Stream mappings: `DestinationConfig.OnFailure` (`destination_config.on_failure`), or \
            `BisectBatchOnFunctionError` / `MaximumRetryAttempts`.
            """,
        references: [
            "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#services-sqs-errorhandling",
            "https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#services-kinesis-errors",
        ],
        peerIDs: ["checkov:CKV_AWS_116", "kics:c2eae442-d3ba-4cb1-84ca-1db4f80eae3d"]
    )

    static let subjects: Set<ResourceKind> = [.function, .queue, .eventSourceMapping]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = InvocationGraph.of(model)
        switch resource.kind {
        case .function:
            checkAsynchronous(resource, graph: graph, model: model, &report)
        case .queue:
            let consumers = graph.consumers(of: resource.id)
            guard !consumers.isEmpty else { return }
            let redrive = resource[.redrivePolicy]
            if redrive.isAbsent {
                report.fail("Queue \(resource.id.name) is consumed by \(consumers.map(\.name).joined(separator: ", ")) but has no redrive policy: "
                                + "a message that always fails comes back until its retention expires",
                            resource: resource, attribute: AttributeName.redrivePolicy.rawValue)
            } else {
                report.pass()
            }
        case .eventSourceMapping:
            guard graph.triggers(declaredBy: resource.id).contains(where: { $0.kind == .stream }) else { return }
            checkStreamMapping(resource, &report)
        default:
            return
        }
    }

    private func checkAsynchronous(_ function: Resource, graph: InvocationGraph, model: CloudModel, _ report: inout RuleReport) {
        let asynchronous = graph.triggers(of: function.id, kind: .asynchronous)
        guard let first = asynchronous.first else { return }
        if !function[.deadLetterTarget].isAbsent {
            report.pass()
            return
        }
        let configs = graph.eventInvokeConfigs(of: function.id).compactMap { model.resource($0) }
        if configs.contains(where: { !$0[.onFailureDestination].isAbsent }) {
            report.pass()
            return
        }
        let source = first.source?.name ?? first.service ?? first.declaredBy.name
        report.fail("Function \(function.id.name) is invoked asynchronously (\(source)) with no dead-letter queue or on-failure destination: "
                        + "an event that still fails after two retries is dropped",
                    resource: function, attribute: AttributeName.deadLetterTarget.rawValue)
    }

    private func checkStreamMapping(_ mapping: Resource, _ report: inout RuleReport) {
        if !mapping[.onFailureDestination].isAbsent {
            report.pass()
            return
        }
        if case .value(true) = mapping[.bisectBatchOnFunctionError].bool {
            report.pass()
            return
        }
        switch mapping[.maximumRetryAttempts].int {
        case .value(let attempts) where attempts >= 0:
            report.pass()
            return
        case .unknown(let expression):
            report.unknown(expression, resource: mapping, at: mapping.location(of: .maximumRetryAttempts))
            return
        default:
            break
        }
        report.fail("Stream mapping \(mapping.id.name) has no on-failure destination, batch bisection or retry limit: "
                        + "a failing batch is retried until its records expire, blocking the shard",
                    resource: mapping, at: mapping.location(of: .maximumRetryAttempts),
                    attribute: AttributeName.onFailureDestination.rawValue)
    }

    static let examples: [RuleExample] = [
        .bad(.samYAML, scenario: "async-without-dlq", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
              ↓Thumbnail:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    Upload:
                      Type: S3
                      Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}
            """),
        .good(.samYAML, scenario: "async-with-dlq", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
              Failed:
                Type: AWS::SQS::Queue
              Thumbnail:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Failed.Arn}
                  Events:
                    Upload:
                      Type: S3
                      Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}
            """),
        .bad(.samYAML, scenario: "queue-without-redrive", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Jobs:
                Type: AWS::SQS::Queue
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  InlineCode: "def handler(e, c): pass"
                  Events:
                    Work:
                      Type: SQS
                      Properties: {Queue: !GetAtt Jobs.Arn}
            """),
        .bad(.cloudFormationYAML, scenario: "async-without-dlq", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              ↓Notify:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/notify
                  Code: {ZipFile: "def handler(e, c): pass"}
              Subscription:
                Type: AWS::SNS::Subscription
                Properties:
                  Protocol: lambda
                  TopicArn: !Ref Alerts
                  Endpoint: !GetAtt Notify.Arn
            """),
        .good(.cloudFormationYAML, scenario: "async-with-destination", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Failed:
                Type: AWS::SQS::Queue
              Notify:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/notify
                  Code: {ZipFile: "def handler(e, c): pass"}
              NotifyInvokeConfig:
                Type: AWS::Lambda::EventInvokeConfig
                Properties:
                  FunctionName: !Ref Notify
                  Qualifier: $LATEST
                  DestinationConfig:
                    OnFailure: {Destination: !GetAtt Failed.Arn}
              Subscription:
                Type: AWS::SNS::Subscription
                Properties:
                  Protocol: lambda
                  TopicArn: !Ref Alerts
                  Endpoint: !GetAtt Notify.Arn
            """),
        .bad(.cloudFormationYAML, scenario: "stream-without-failure-handling", """
            Resources:
              Events:
                Type: AWS::Kinesis::Stream
                Properties: {ShardCount: 1}
              Consumer:
                Type: AWS::Lambda::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  Role: arn:aws:iam::123456789012:role/consumer
                  Code: {ZipFile: "def handler(e, c): pass"}
              ↓Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  FunctionName: !Ref Consumer
                  EventSourceArn: !GetAtt Events.Arn
                  StartingPosition: LATEST
            """),
        .good(.cloudFormationYAML, scenario: "function-called-by-api-only", """
            Resources:
              Jobs:
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
            """),
        .bad(.terraformJSON, scenario: "async-without-dlq", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {"name": "alerts"}},
                "aws_lambda_function": {
                  ↓"notify": {"function_name": "notify", "role": "arn:aws:iam::123456789012:role/notify", "handler": "app.handler", "runtime": "python3.12", "filename": "notify.zip"}
                },
                "aws_sns_topic_subscription": {
                  "notify": {"topic_arn": "${aws_sns_topic.alerts.arn}", "protocol": "lambda", "endpoint": "${aws_lambda_function.notify.arn}"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "async-with-destination", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {"name": "alerts"}},
                "aws_sqs_queue": {"failed": {"name": "failed"}},
                "aws_lambda_function": {
                  "notify": {"function_name": "notify", "role": "arn:aws:iam::123456789012:role/notify", "handler": "app.handler", "runtime": "python3.12", "filename": "notify.zip"}
                },
                "aws_lambda_function_event_invoke_config": {
                  "notify": {"function_name": "${aws_lambda_function.notify.function_name}",
                             "destination_config": [{"on_failure": [{"destination": "${aws_sqs_queue.failed.arn}"}]}]}
                },
                "aws_sns_topic_subscription": {
                  "notify": {"topic_arn": "${aws_sns_topic.alerts.arn}", "protocol": "lambda", "endpoint": "${aws_lambda_function.notify.arn}"}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "stream-without-failure-handling", """
            {
              "resource": {
                "aws_kinesis_stream": {"events": {"name": "events", "shard_count": 1}},
                "aws_lambda_function": {
                  "consumer": {"function_name": "consumer", "role": "arn:aws:iam::123456789012:role/consumer", "handler": "app.handler", "runtime": "python3.12", "filename": "consumer.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  ↓"events": {"event_source_arn": "${aws_kinesis_stream.events.arn}", "function_name": "${aws_lambda_function.consumer.arn}", "starting_position": "LATEST"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "queue-with-redrive", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "jobs_dlq": {"name": "jobs-dlq"},
                  "jobs": {"name": "jobs", "redrive_policy": "{\\"deadLetterTargetArn\\":\\"arn:aws:sqs:us-east-1:123456789012:jobs-dlq\\",\\"maxReceiveCount\\":5}"}
                },
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "handler": "app.handler", "runtime": "python3.12", "filename": "worker.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  "jobs": {"event_source_arn": "${aws_sqs_queue.jobs.arn}", "function_name": "${aws_lambda_function.worker.arn}"}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "queue-without-redrive", """
            {
              "resource": {
                "aws_sqs_queue": {
                  ↓"jobs": {"name": "jobs"}
                },
                "aws_lambda_function": {
                  "worker": {"function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "handler": "app.handler", "runtime": "python3.12", "filename": "worker.zip"}
                },
                "aws_lambda_event_source_mapping": {
                  "jobs": {"event_source_arn": "${aws_sqs_queue.jobs.arn}", "function_name": "${aws_lambda_function.worker.arn}"}
                }
              }
            }
            """),
    ]
}
