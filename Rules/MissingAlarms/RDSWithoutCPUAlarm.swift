import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-005: RDS instance without CPU alarm.
struct RDSWithoutCPUAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-005",
        slug: "rds-without-cpu-alarm",
        title: "RDS instance without CPU alarm",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "rds"],
        rationale: """
            Sustained CPU saturation is the usual first symptom of missing indexes or runaway \
            queries. An alarm counts when its `DBInstanceIdentifier` dimension names the instance by \
            `Ref`, by Terraform's `identifier`, or by the same literal identifier, or when an alarm on \
            the Aurora cluster (`DBClusterIdentifier`) watches it. Terraform's `aws_db_instance.x.id` \
            is the DBI resource id since AWS provider v5.0 (PR #31232), so an alarm wired with it never \
            receives data: it is reported on its dimension, not counted. No peer validates alarm wiring \
            (rule-catalog §8). A generated identifier can only be matched by reference; a literal \
            alarm then gives unknown. Cost: $0.10 per standard alarm-month beyond the 10 free \
            (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/RDS` `CPUUtilization`, `DBInstanceIdentifier` set by reference \
            (`!Ref Database`, `${aws_db_instance.main.identifier}`), `Average` over 5 minutes ≥ 80 % \
            for 3 periods, with an SNS topic in `AlarmActions`. The finding carries the alarm ready \
            to paste.
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
        namespace: "AWS/RDS", metrics: ["CPUUtilization"], signal: "CPU utilization", metricName: "CPUUtilization", nameSuffix: "CPU",
        statistic: "Average", evaluationPeriods: 3, threshold: 80, comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "missing"
    )

    func check(_ instance: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let cluster = DatabaseAlarmSubject.cluster(of: instance, in: model)
        report.requireAlarm(Self.requirement, on: instance, in: model, kindName: "DB instance",
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
                  MetricName: CPUUtilization
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: !Ref Database
                  Statistic: Average
                  Period: 300
                  EvaluationPeriods: 3
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
                  MetricName: CPUUtilization
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: jobdock-db
                  Statistic: Average
                  Period: 300
                  EvaluationPeriods: 3
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
                  MetricName: CPUUtilization
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: !ImportValue shared-db-identifier
                  Statistic: Average
                  Period: 300
                  EvaluationPeriods: 3
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
                    "alarm_name": "db-cpu",
                    "namespace": "AWS/RDS",
                    "metric_name": "CPUUtilization",
                    "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.main.identifier}"},
                    "statistic": "Average",
                    "period": 300,
                    "evaluation_periods": 3,
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
                    "alarm_name": "db-cpu",
                    "namespace": "AWS/RDS",
                    "metric_name": "CPUUtilization",
                    "dimensions": {"DBInstanceIdentifier": "jobdock-db"},
                    "statistic": "Average",
                    "period": 300,
                    "evaluation_periods": 3,
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
                    "alarm_name": "db-cpu",
                    "namespace": "AWS/RDS",
                    "metric_name": "CPUUtilization",
                    "dimensions": {↓"DBInstanceIdentifier": "${aws_db_instance.main.id}"},
                    "statistic": "Average",
                    "period": 300,
                    "evaluation_periods": 3,
                    "threshold": 80,
                    "comparison_operator": "GreaterThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-mis-wired-id", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": ↓"aws_cloudwatch_metric_alarm.db_cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "db_cpu", "values": {"alarm_name": "db-cpu", "metric_name": "CPUUtilization", "namespace": "AWS/RDS"}},
                {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main", "values": {"allocated_storage": 20, "engine": "postgres", "identifier": "jobdock-db", "instance_class": "db.t3.micro", "manage_master_user_password": true}},
                {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic", "name": "alerts", "values": {"name": "alerts"}}
              ]}},
              "resource_changes": [
                {"address": "aws_cloudwatch_metric_alarm.db_cpu", "type": "aws_cloudwatch_metric_alarm", "name": "db_cpu", "change": {"actions": ["create"], "after_unknown": {"alarm_actions": true, "arn": true, "dimensions": true, "id": true}}},
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.db_cpu", "type": "aws_cloudwatch_metric_alarm", "name": "db_cpu", "expressions": {"alarm_actions": {"references": ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"]}, "alarm_name": {"constant_value": "db-cpu"}, "dimensions": {"references": ["aws_db_instance.main.id", "aws_db_instance.main"]}, "metric_name": {"constant_value": "CPUUtilization"}, "namespace": {"constant_value": "AWS/RDS"}}},
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "expressions": {"allocated_storage": {"constant_value": 20}, "engine": {"constant_value": "postgres"}, "identifier": {"constant_value": "jobdock-db"}, "instance_class": {"constant_value": "db.t3.micro"}, "manage_master_user_password": {"constant_value": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "expressions": {"name": {"constant_value": "alerts"}}}
              ]}}
            }
            """),
        .good(.terraformPlan, scenario: "plan-alarm-by-reference", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.db_storage", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "db_storage", "values": {"alarm_name": "db-storage", "dimensions": {"DBInstanceIdentifier": "jobdock-db"}, "metric_name": "CPUUtilization", "namespace": "AWS/RDS"}},
                {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main", "values": {"allocated_storage": 20, "engine": "postgres", "identifier": "jobdock-db", "instance_class": "db.t3.micro", "manage_master_user_password": true}},
                {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic", "name": "alerts", "values": {"name": "alerts"}}
              ]}},
              "resource_changes": [
                {"address": "aws_cloudwatch_metric_alarm.db_storage", "type": "aws_cloudwatch_metric_alarm", "name": "db_storage", "change": {"actions": ["create"], "after_unknown": {"alarm_actions": true, "arn": true, "dimensions": {}, "id": true}}},
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.db_storage", "type": "aws_cloudwatch_metric_alarm", "name": "db_storage", "expressions": {"alarm_actions": {"references": ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"]}, "alarm_name": {"constant_value": "db-storage"}, "dimensions": {"references": ["aws_db_instance.main.identifier", "aws_db_instance.main"]}, "metric_name": {"constant_value": "CPUUtilization"}, "namespace": {"constant_value": "AWS/RDS"}}},
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "expressions": {"allocated_storage": {"constant_value": 20}, "engine": {"constant_value": "postgres"}, "identifier": {"constant_value": "jobdock-db"}, "instance_class": {"constant_value": "db.t3.micro"}, "manage_master_user_password": {"constant_value": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "expressions": {"name": {"constant_value": "alerts"}}}
              ]}}
            }
            """),
    ]
}
