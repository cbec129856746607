import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-007: RDS instance without connections alarm.
struct RDSWithoutConnectionsAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-007",
        slug: "rds-without-connections-alarm",
        title: "RDS instance without connections alarm",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "rds"],
        rationale: """
            Lambda fan-out exhausts `max_connections` long before CPU is busy; RDS Proxy or reserved \
            concurrency is the fix, the alarm is the signal. Medium when a Lambda function can reach \
            the database over the network (same VPC and a security-group rule), low otherwise; until \
            the relationship graph answers reachability, every instance is reported at low. Matched as \
            for AS-ALARM-005 (Terraform `aws_db_instance.x.id` is the DBI resource id since provider \
            v5.0, so an alarm wired with it never fires). Cost: $0.10 per standard alarm-month beyond \
            the 10 free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/RDS` `DatabaseConnections`, `DBInstanceIdentifier` by reference, \
            `Maximum` over 5 minutes at about 80 % of the instance class's `max_connections` (the \
            suggested 80 suits a db.t3.micro), with an SNS topic in `AlarmActions`. The finding carries \
            the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html",
            "https://github.com/hashicorp/terraform-provider-aws/pull/31232",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance]

    static let requirement = AlarmRequirement(
        namespace: "AWS/RDS", metrics: ["DatabaseConnections"], signal: "database connections", metricName: "DatabaseConnections", nameSuffix: "Connections",
        statistic: "Maximum", evaluationPeriods: 2, threshold: 80, comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "missing"
    )

    // FIXME(lead): medium needs "a Lambda can reach the DB" (same VPC + security-group
    // rule), the launch engineer's security-group reachability; until it is in the graph
    // every instance is judged by the catalog's "otherwise low".
    func check(_ instance: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let cluster = DatabaseAlarmSubject.cluster(of: instance, in: model)
        report.requireAlarm(Self.requirement, on: instance, in: model, kindName: "DB instance", severity: .low,
                            alsoWatchedThrough: cluster.map { [$0] } ?? [])
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  AllocatedStorage: "20"
                  MasterUsername: app
                  ManageMasterUserPassword: true
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-reference", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  AllocatedStorage: "20"
                  MasterUsername: app
                  ManageMasterUserPassword: true
              DbAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/RDS
                  MetricName: DatabaseConnections
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: !Ref Database
                  Statistic: Maximum
                  Period: 300
                  EvaluationPeriods: 2
                  Threshold: 80
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-literal-name", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  DBInstanceIdentifier: jobdock-db
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  AllocatedStorage: "20"
                  MasterUsername: app
                  ManageMasterUserPassword: true
              DbAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/RDS
                  MetricName: DatabaseConnections
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: jobdock-db
                  Statistic: Maximum
                  Period: 300
                  EvaluationPeriods: 2
                  Threshold: 80
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  AllocatedStorage: "20"
                  MasterUsername: app
                  ManageMasterUserPassword: true
              DbAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/RDS
                  MetricName: DatabaseConnections
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: !ImportValue shared-db-identifier
                  Statistic: Maximum
                  Period: 300
                  EvaluationPeriods: 2
                  Threshold: 80
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_db_instance": {
                  ↓"main": {"identifier": "jobdock-db", "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20, "username": "app", "manage_master_user_password": true}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_db_instance": {
                  "main": {"identifier": "jobdock-db", "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20, "username": "app", "manage_master_user_password": true}
                },
                "aws_cloudwatch_metric_alarm": {
                  "db": {
                    "alarm_name": "db-connections",
                    "namespace": "AWS/RDS",
                    "metric_name": "DatabaseConnections",
                    "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.main.identifier}"},
                    "statistic": "Maximum",
                    "period": 300,
                    "evaluation_periods": 2,
                    "threshold": 80,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-literal-name", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_db_instance": {
                  "main": {"identifier": "jobdock-db", "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20, "username": "app", "manage_master_user_password": true}
                },
                "aws_cloudwatch_metric_alarm": {
                  "db": {
                    "alarm_name": "db-connections",
                    "namespace": "AWS/RDS",
                    "metric_name": "DatabaseConnections",
                    "dimensions": {"DBInstanceIdentifier": "jobdock-db"},
                    "statistic": "Maximum",
                    "period": 300,
                    "evaluation_periods": 2,
                    "threshold": 80,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "mis-wired-id", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_db_instance": {
                  "main": {"identifier": "jobdock-db", "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20, "username": "app", "manage_master_user_password": true}
                },
                "aws_cloudwatch_metric_alarm": {
                  "db": {
                    "alarm_name": "db-connections",
                    "namespace": "AWS/RDS",
                    "metric_name": "DatabaseConnections",
                    "dimensions": {↓"DBInstanceIdentifier": "${aws_db_instance.main.id}"},
                    "statistic": "Maximum",
                    "period": 300,
                    "evaluation_periods": 2,
                    "threshold": 80,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
    ]
}
