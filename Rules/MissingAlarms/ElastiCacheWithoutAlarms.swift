import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-011: ElastiCache Redis without CPU/memory/eviction alarms.
struct ElastiCacheWithoutAlarms: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-011",
        slug: "elasticache-without-alarms",
        title: "ElastiCache Redis without CPU/memory/eviction alarms",
        severity: .medium,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "elasticache"],
        rationale: """
            Redis is single-threaded: `EngineCPUUtilization` saturates before host CPU, and \
            evictions mean the cache is silently dropping keys. Each of engine CPU (or host CPU), \
            `DatabaseMemoryUsagePercentage` and `Evictions` needs an alarm; each one missing is its own \
            finding. The metrics are per node (`CacheClusterId` of a member such as `<group>-001`) \
            [EC-metrics]: CloudFormation does not expose member ids, so a member id is matched to its \
            group by reference (`!Sub "${Group}-001"`, `${aws_elasticache_replication_group.x.id}-001`) \
            or by the literal prefix `<group id>-`. Cost: $0.10 per standard alarm-month beyond the \
            10 free (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add alarms on `AWS/ElastiCache` `EngineCPUUtilization` (Average ≥ 80 % for 15 minutes), \
            `DatabaseMemoryUsagePercentage` (Average ≥ 80 %) and `Evictions` (Sum ≥ 1) for the \
            group's members (`CacheClusterId` `<group>-001`, …), with an SNS topic in `AlarmActions`. \
            Each finding carries its alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirements.map(\.genericText).joined(separator: "; ")
    )

    static let subjects: Set<ResourceKind> = [.cacheReplicationGroup]

    /// The three signals, each its own alarm; the member node `-001` is the suggested one.
    static let requirements = [
        AlarmRequirement(namespace: "AWS/ElastiCache", metrics: ["EngineCPUUtilization", "CPUUtilization"], signal: "engine CPU",
                         metricName: "EngineCPUUtilization", nameSuffix: "EngineCPU", statistic: "Average", evaluationPeriods: 3,
                         threshold: 80, treatMissingData: "missing", dimensionSuffix: "-001"),
        AlarmRequirement(namespace: "AWS/ElastiCache", metrics: ["DatabaseMemoryUsagePercentage"], signal: "memory usage",
                         metricName: "DatabaseMemoryUsagePercentage", nameSuffix: "Memory", statistic: "Average", evaluationPeriods: 3,
                         threshold: 80, treatMissingData: "missing", dimensionSuffix: "-001"),
        AlarmRequirement(namespace: "AWS/ElastiCache", metrics: ["Evictions"], signal: "evictions", metricName: "Evictions",
                         nameSuffix: "Evictions", statistic: "Sum", threshold: 1, treatMissingData: "notBreaching", dimensionSuffix: "-001"),
    ]

    func check(_ group: Resource, in model: CloudModel, _ report: inout RuleReport) {
        for requirement in Self.requirements {
            report.requireAlarm(requirement, on: group, in: model, kindName: "replication group")
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓↓↓Cache:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  CacheNodeType: cache.t4g.micro
                  NumCacheClusters: 2
            """),
        .good(.cloudFormationYAML, scenario: "all-three", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Cache:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  CacheNodeType: cache.t4g.micro
                  NumCacheClusters: 2
              Watch0:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ElastiCache
                  MetricName: EngineCPUUtilization
                  Dimensions:
                    - Name: CacheClusterId
                      Value: !Sub "${Cache}-001"
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
              Watch1:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ElastiCache
                  MetricName: DatabaseMemoryUsagePercentage
                  Dimensions:
                    - Name: CacheClusterId
                      Value: !Sub "${Cache}-001"
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
              Watch2:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ElastiCache
                  MetricName: Evictions
                  Dimensions:
                    - Name: CacheClusterId
                      Value: !Sub "${Cache}-001"
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.cloudFormationYAML, scenario: "no-evictions-alarm", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              ↓Cache:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  Engine: redis
                  CacheNodeType: cache.t4g.micro
                  NumCacheClusters: 2
              Watch0:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ElastiCache
                  MetricName: EngineCPUUtilization
                  Dimensions:
                    - Name: CacheClusterId
                      Value: !Sub "${Cache}-001"
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
              Watch1:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/ElastiCache
                  MetricName: DatabaseMemoryUsagePercentage
                  Dimensions:
                    - Name: CacheClusterId
                      Value: !Sub "${Cache}-001"
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_elasticache_replication_group": {
                  ↓↓↓"cache": {"replication_group_id": "sessions", "description": "sessions", "engine": "redis", "node_type": "cache.t4g.micro", "num_cache_clusters": 2}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "all-three", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_elasticache_replication_group": {
                  "cache": {"replication_group_id": "sessions", "description": "sessions", "engine": "redis", "node_type": "cache.t4g.micro", "num_cache_clusters": 2}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch0": {
                        "alarm_name": "watch0",
                        "namespace": "AWS/ElastiCache",
                        "metric_name": "EngineCPUUtilization",
                        "dimensions": {"CacheClusterId": "${aws_elasticache_replication_group.cache.id}-001"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      },
                      "watch1": {
                        "alarm_name": "watch1",
                        "namespace": "AWS/ElastiCache",
                        "metric_name": "DatabaseMemoryUsagePercentage",
                        "dimensions": {"CacheClusterId": "${aws_elasticache_replication_group.cache.id}-001"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      },
                      "watch2": {
                        "alarm_name": "watch2",
                        "namespace": "AWS/ElastiCache",
                        "metric_name": "Evictions",
                        "dimensions": {"CacheClusterId": "${aws_elasticache_replication_group.cache.id}-001"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "no-evictions-alarm", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_elasticache_replication_group": {
                  ↓"cache": {"replication_group_id": "sessions", "description": "sessions", "engine": "redis", "node_type": "cache.t4g.micro", "num_cache_clusters": 2}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch0": {
                        "alarm_name": "watch0",
                        "namespace": "AWS/ElastiCache",
                        "metric_name": "EngineCPUUtilization",
                        "dimensions": {"CacheClusterId": "${aws_elasticache_replication_group.cache.id}-001"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      },
                      "watch1": {
                        "alarm_name": "watch1",
                        "namespace": "AWS/ElastiCache",
                        "metric_name": "DatabaseMemoryUsagePercentage",
                        "dimensions": {"CacheClusterId": "${aws_elasticache_replication_group.cache.id}-001"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      }
                }
              }
            }
            """),
    ]
}
