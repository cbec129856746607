import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-006: RDS instance without free-storage alarm.
struct RDSWithoutFreeStorageAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-006",
        slug: "rds-without-free-storage-alarm",
        title: "RDS instance without free-storage alarm",
        severity: .high,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "rds"],
        rationale: """
            A full disk stops writes. High; medium when storage autoscaling is on \
            (`MaxAllocatedStorage` / `max_allocated_storage`: it reduces but does not remove the risk; \
            unset means no autoscaling [TF-dbi]); low on Aurora, whose storage grows on its own \
            (`FreeLocalStorage` then counts as well). The alarm is matched as for AS-ALARM-005, \
            including the Terraform `aws_db_instance.x.id` mis-wiring (the DBI resource id since AWS \
            provider v5.0). Cost: $0.10 per standard alarm-month beyond the 10 free \
            (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm on `AWS/RDS` `FreeStorageSpace`, `DBInstanceIdentifier` by reference, \
            `Minimum` over 5 minutes ≤ 2 GiB (2147483648 bytes; about 10 % of the allocated storage is \
            a good start), with an SNS topic in `AlarmActions`. The finding carries the alarm ready to \
            paste.
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
        namespace: "AWS/RDS", metrics: ["FreeStorageSpace"], signal: "free storage space", metricName: "FreeStorageSpace", nameSuffix: "FreeStorage",
        statistic: "Minimum", evaluationPeriods: 1, threshold: 2147483648, comparisonOperator: "LessThanOrEqualToThreshold", treatMissingData: "missing"
    )

    func check(_ instance: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let cluster = DatabaseAlarmSubject.cluster(of: instance, in: model)
        let severity: Severity
        var why: String?
        if DatabaseAlarmSubject.isAurora(instance) {
            severity = .low
            why = "Aurora storage grows on its own; FreeLocalStorage is the node's temporary storage"
        } else if case .value(let maximum) = instance[.maxAllocatedStorage].int, maximum > 0 {
            severity = .medium
            why = "storage autoscaling up to \(maximum) GiB reduces the risk"
        } else {
            severity = .high
        }
        var requirement = Self.requirement
        if DatabaseAlarmSubject.isAurora(instance) {
            requirement.metrics.insert("FreeLocalStorage")
            requirement.metricName = "FreeLocalStorage"
        }
        report.requireAlarm(requirement, on: instance, in: model, kindName: "DB instance", severity: severity, why: why,
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
                  MetricName: FreeStorageSpace
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: !Ref Database
                  Statistic: Minimum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 2147483648
                  ComparisonOperator: LessThanOrEqualToThreshold
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
                  MetricName: FreeStorageSpace
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: jobdock-db
                  Statistic: Minimum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 2147483648
                  ComparisonOperator: LessThanOrEqualToThreshold
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
                  MetricName: FreeStorageSpace
                  Dimensions:
                    - Name: DBInstanceIdentifier
                      Value: !ImportValue shared-db-identifier
                  Statistic: Minimum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 2147483648
                  ComparisonOperator: LessThanOrEqualToThreshold
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
                    "alarm_name": "db-freestorage",
                    "namespace": "AWS/RDS",
                    "metric_name": "FreeStorageSpace",
                    "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.main.identifier}"},
                    "statistic": "Minimum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 2147483648,
                    "comparison_operator": "LessThanOrEqualToThreshold",
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
                    "alarm_name": "db-freestorage",
                    "namespace": "AWS/RDS",
                    "metric_name": "FreeStorageSpace",
                    "dimensions": {"DBInstanceIdentifier": "jobdock-db"},
                    "statistic": "Minimum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 2147483648,
                    "comparison_operator": "LessThanOrEqualToThreshold",
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
                    "alarm_name": "db-freestorage",
                    "namespace": "AWS/RDS",
                    "metric_name": "FreeStorageSpace",
                    "dimensions": {↓"DBInstanceIdentifier": "${aws_db_instance.main.id}"},
                    "statistic": "Minimum",
                    "period": 300,
                    "evaluation_periods": 1,
                    "threshold": 2147483648,
                    "comparison_operator": "LessThanOrEqualToThreshold",
                    "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.cloudFormationYAML, scenario: "autoscaling", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  AllocatedStorage: "20"
                  MaxAllocatedStorage: 100
                  MasterUsername: app
                  ManageMasterUserPassword: true
            """),
        .bad(.terraformJSON, scenario: "autoscaling", """
            {
              "resource": {
                "aws_db_instance": {
                  ↓"main": {"identifier": "jobdock-db", "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20, "max_allocated_storage": 100, "username": "app", "manage_master_user_password": true}
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-no-alarm", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": ↓"aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main", "values": {"allocated_storage": 20, "engine": "postgres", "identifier": "jobdock-db", "instance_class": "db.t3.micro", "manage_master_user_password": true}}
              ]}},
              "resource_changes": [
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "expressions": {"allocated_storage": {"constant_value": 20}, "engine": {"constant_value": "postgres"}, "identifier": {"constant_value": "jobdock-db"}, "instance_class": {"constant_value": "db.t3.micro"}, "manage_master_user_password": {"constant_value": true}}}
              ]}}
            }
            """),
        .good(.terraformPlan, scenario: "plan-alarm-by-reference", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.db_storage", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "db_storage", "values": {"alarm_name": "db-storage", "dimensions": {"DBInstanceIdentifier": "jobdock-db"}, "metric_name": "FreeStorageSpace", "namespace": "AWS/RDS"}},
                {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main", "values": {"allocated_storage": 20, "engine": "postgres", "identifier": "jobdock-db", "instance_class": "db.t3.micro", "manage_master_user_password": true}},
                {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic", "name": "alerts", "values": {"name": "alerts"}}
              ]}},
              "resource_changes": [
                {"address": "aws_cloudwatch_metric_alarm.db_storage", "type": "aws_cloudwatch_metric_alarm", "name": "db_storage", "change": {"actions": ["create"], "after_unknown": {"alarm_actions": true, "arn": true, "dimensions": {}, "id": true}}},
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}}
              ],
              "configuration": {"root_module": {"resources": [
                {"address": "aws_cloudwatch_metric_alarm.db_storage", "type": "aws_cloudwatch_metric_alarm", "name": "db_storage", "expressions": {"alarm_actions": {"references": ["aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"]}, "alarm_name": {"constant_value": "db-storage"}, "dimensions": {"references": ["aws_db_instance.main.identifier", "aws_db_instance.main"]}, "metric_name": {"constant_value": "FreeStorageSpace"}, "namespace": {"constant_value": "AWS/RDS"}}},
                {"address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "expressions": {"allocated_storage": {"constant_value": 20}, "engine": {"constant_value": "postgres"}, "identifier": {"constant_value": "jobdock-db"}, "instance_class": {"constant_value": "db.t3.micro"}, "manage_master_user_password": {"constant_value": true}}},
                {"address": "aws_sns_topic.alerts", "type": "aws_sns_topic", "name": "alerts", "expressions": {"name": {"constant_value": "alerts"}}}
              ]}}
            }
            """),
    ]
}
