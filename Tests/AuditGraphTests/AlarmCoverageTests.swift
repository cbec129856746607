@testable import AuditGraph
import AuditModel
import Testing

/// `AlarmCoverage` on its own, through the real loaders: which alarm watches which resource
/// on which metric, and which alarms are mis-wired.
@Suite struct AlarmCoverageTests {
    func resource(_ name: String, in model: CloudModel) throws -> Resource {
        try #require(model.resources.first { $0.id.name == name })
    }

    @Test func cloudFormationShapes() async throws {
        let model = await loadModel([("template.yaml", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Jobs:
                Type: AWS::SQS::Queue
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: orders
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  Name: shop
              ByUrl:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/SQS
                  MetricName: ApproximateNumberOfMessagesVisible
                  Dimensions:
                    - Name: QueueName
                      Value: !Ref Jobs
                  AlarmActions: [!Ref Alerts]
              ByLiteral:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/SQS
                  MetricName: ApproximateNumberOfMessagesVisible
                  Dimensions:
                    - Name: QueueName
                      Value: orders
              ApiById:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  Dimensions:
                    - Name: ApiName
                      Value: !Ref Api
                  AlarmActions: [!Ref Alerts]
              ApiMath:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Metrics:
                    - Id: e
                      MetricStat:
                        Metric:
                          Namespace: AWS/ApiGateway
                          MetricName: 5XXError
                          Dimensions:
                            - Name: ApiName
                              Value: shop
                        Stat: Sum
                        Period: 60
              Composite:
                Type: AWS::CloudWatch::CompositeAlarm
                Properties:
                  AlarmRule: !Sub "ALARM(${ApiMath}) OR ALARM(${ByLiteral})"
                  AlarmActions: [!Ref Alerts]
            """)])
        let coverage = AlarmCoverage.of(model)

        let jobs = try resource("Jobs", in: model)
        guard case .misWired(let wrong) = coverage.verdict(for: jobs, namespace: "AWS/SQS", metrics: ["ApproximateNumberOfMessagesVisible"]) else {
            Issue.record("Ref of a queue is its URL: mis-wired")
            return
        }
        #expect(wrong.map(\.alarm.name) == ["ByUrl"])
        #expect(wrong.first?.location.line == 21, "on the dimension's Value line")
        #expect(wrong.first?.gives.contains("queue URL") == true)

        // A literal name matches; the alarm itself has no actions, but the composite has.
        let orders = try resource("Orders", in: model)
        guard case .covered(let watch) = coverage.verdict(for: orders, namespace: "AWS/SQS", metrics: ["ApproximateNumberOfMessagesVisible"]) else {
            Issue.record("covered through the composite alarm")
            return
        }
        #expect(watch.composite?.name == "Composite")

        // The API: mis-wired by Ref, covered by the metric-math alarm through the composite.
        let api = try resource("Api", in: model)
        guard case .covered(let apiWatch) = coverage.verdict(for: api, namespace: "AWS/ApiGateway", metrics: ["5XXError"]) else {
            Issue.record("metric-math alarm naming the API, notified through the composite")
            return
        }
        #expect(apiWatch.alarm.name == "ApiMath")
        #expect(coverage.misWirings(of: api.id).map(\.alarm.name) == ["ApiById"])
        #expect(coverage.alarmTopic(inScope: api.id.scope)?.target.name == "Alerts")
    }

    @Test func terraformReferencesAndTheDBIResourceID() async throws {
        let model = await loadModel([("main.tf.json", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {"identifier": "db", "engine": "postgres", "instance_class": "db.t3.micro"},
                  "replica": {"engine": "postgres", "instance_class": "db.t3.micro"}
                },
                "aws_sqs_queue": {"q": {"name": "q"}},
                "aws_cloudwatch_metric_alarm": {
                  "cpu": {
                    "namespace": "AWS/RDS", "metric_name": "CPUUtilization",
                    "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.main.identifier}"},
                    "alarm_actions": ["arn:aws:sns:us-east-1:123456789012:alerts"]
                  },
                  "replica_cpu": {
                    "namespace": "AWS/RDS", "metric_name": "CPUUtilization",
                    "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.replica.id}"},
                    "alarm_actions": ["arn:aws:sns:us-east-1:123456789012:alerts"]
                  },
                  "queue": {
                    "namespace": "AWS/SQS", "metric_name": "ApproximateNumberOfMessagesVisible",
                    "dimensions": {"QueueName": "${aws_sqs_queue.q.url}"},
                    "alarm_actions": ["arn:aws:sns:us-east-1:123456789012:alerts"]
                  },
                  "unknown": {
                    "namespace": "AWS/RDS", "metric_name": "FreeStorageSpace",
                    "dimensions": {"DBInstanceIdentifier": "some-db"},
                    "alarm_actions": ["arn:aws:sns:us-east-1:123456789012:alerts"]
                  }
                }
              }
            }
            """)])
        let coverage = AlarmCoverage.of(model)
        let main = try resource("aws_db_instance.main", in: model)
        let replica = try resource("aws_db_instance.replica", in: model)
        guard case .covered = coverage.verdict(for: main, namespace: "AWS/RDS", metrics: ["CPUUtilization"]) else {
            Issue.record("identifier reference covers")
            return
        }
        guard case .misWired(let wrong) = coverage.verdict(for: replica, namespace: "AWS/RDS", metrics: ["CPUUtilization"]) else {
            Issue.record("aws_db_instance.id is the DBI resource id since provider v5")
            return
        }
        #expect(wrong.first?.gives.contains("DBI resource id") == true)
        let queue = try resource("aws_sqs_queue.q", in: model)
        guard case .misWired = coverage.verdict(for: queue, namespace: "AWS/SQS", metrics: ["ApproximateNumberOfMessagesVisible"]) else {
            Issue.record("aws_sqs_queue.url is the URL")
            return
        }
        // `some-db` names no scanned instance; the replica's identifier is generated, so the
        // alarm may be its: unknown, never a guess. `main` has a literal identifier: missing.
        guard case .unknown = coverage.verdict(for: replica, namespace: "AWS/RDS", metrics: ["FreeStorageSpace"]) else {
            Issue.record("a literal that matches nothing may be the generated identifier")
            return
        }
        guard case .missing = coverage.verdict(for: main, namespace: "AWS/RDS", metrics: ["FreeStorageSpace"]) else {
            Issue.record("main's identifier is known and differs")
            return
        }
    }

    @Test func samImplicitApiIsNamedAfterTheStack() async throws {
        let model = await loadModel([("template.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  InlineCode: "x"
                  Events:
                    Get: {Type: Api, Properties: {Path: /, Method: get}}
              Api5XX:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ApiGateway
                  MetricName: 5XXError
                  Dimensions:
                    - Name: ApiName
                      Value: !Ref AWS::StackName
                  AlarmActions: [arn:aws:sns:us-east-1:123456789012:alerts]
            """)])
        let api = try resource("ServerlessRestApi", in: model)
        guard case .covered = AlarmCoverage.of(model).verdict(for: api, namespace: "AWS/ApiGateway", metrics: ["5XXError"]) else {
            Issue.record("ApiName = stack name watches the implicit API")
            return
        }
    }

    @Test func compositeRuleNames() {
        #expect(AlarmCoverage.alarmNames(inRule: #"ALARM("a-b") OR (OK(c) AND NOT ALARM( "d" ))"#) == ["a-b", "c", "d"])
    }
}
