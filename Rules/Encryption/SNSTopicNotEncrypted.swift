import AuditCore
import AuditModel

/// AS-ENC-003: an SNS topic without server-side encryption, and the encrypted topic that
/// CloudWatch alarms cannot publish to.
struct SNSTopicNotEncrypted: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-003",
        slug: "sns-topic-not-encrypted",
        title: "SNS topic without server-side encryption",
        severity: .medium,
        pack: .encryption,
        tags: ["security", "encryption", "sns"],
        rationale: """
            SNS encrypts messages at rest only when the topic names a KMS key: without KmsMasterKeyId \
            (kms_master_key_id) there is no server-side encryption in either format, and \
            notification payloads often carry customer data. Encryption has a trap of its own: \
            CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key \
            alias/aws/sns, whose key policy cannot be changed to let CloudWatch use it, and a \
            customer managed key must allow cloudwatch.amazonaws.com. When an alarm in the scanned \
            set notifies such a topic, auditstack reports it (medium) instead of passing silently; \
            peers only check that a key is named. The topic SAM creates for an SNS event-invoke \
            destination without a Destination has no key either, and is reported at the \
            destination's key.
            """,
        remediation: """
            CloudFormation: set `KmsMasterKeyId` on the `AWS::SNS::Topic` to a customer managed key \
            (`!Ref` an `AWS::KMS::Key`, or its ARN or alias).
            Terraform: set `kms_master_key_id` on the `aws_sns_topic`.
            For topics that CloudWatch alarms notify, use a customer managed key whose key policy \
            allows `cloudwatch.amazonaws.com` to call `kms:Decrypt` and `kms:GenerateDataKey*`.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#kms_master_key_id",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topic.html#cfn-sns-topic-kmsmasterkeyid",
            "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
            "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
        ],
        peerIDs: [
            "checkov:CKV_AWS_26", "kics:28545147-2fc6-42d5-a1f9-cf226658e591", "kics:9d13b150-a2ab-42a1-b6f4-142e41f81e52",
            "cfn_nag:W47",
        ]
    )

    static let subjects: Set<ResourceKind> = [.topic]

    /// The AWS managed key for SNS, by alias; its key policy does not trust CloudWatch.
    private static let managedKeyAlias = "alias/aws/sns"

    func check(_ topic: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let key = topic[.kmsMasterKeyID]
        if let declaredKey = topic.declaredKey(at: .kmsMasterKeyID, in: model) {
            // A key or alias declared beside the topic: encrypted; alarms need its policy to allow CloudWatch.
            checkAlarmDelivery(topic, key: declaredKey, in: model, &report)
            return
        }
        if case .reference? = key.value {
            report.pass()
            return
        }
        switch key.string {
        case .value(let id) where id.allSatisfy(\.isWhitespace):
            report.fail("SNS topic is not encrypted: the KMS key is empty", resource: topic,
                        at: topic.location(of: .kmsMasterKeyID), attribute: AttributeName.kmsMasterKeyID.rawValue)
        case .value(let id):
            if id.hasSuffix(Self.managedKeyAlias), let alarm = notifyingAlarm(topic, in: model) {
                report.fail("""
                    CloudWatch alarm \(alarm.id.name) cannot publish to this topic: it is encrypted with the AWS \
                    managed key \(Self.managedKeyAlias), whose key policy does not allow CloudWatch
                    """, resource: topic, at: topic.location(of: .kmsMasterKeyID),
                    attribute: AttributeName.kmsMasterKeyID.rawValue)
            } else {
                report.pass()
            }
        case .unknown(let expression):
            report.unknown(expression, resource: topic, at: topic.location(of: .kmsMasterKeyID))
        case .absent:
            report.fail("SNS topic is not encrypted: no KMS key is set, so messages are stored without server-side encryption",
                        resource: topic, attribute: AttributeName.kmsMasterKeyID.rawValue)
        }
    }

    /// An alarm whose actions notify the topic, if any.
    private func notifyingAlarm(_ topic: Resource, in model: CloudModel) -> Resource? {
        model.referrers(of: topic.id).first { referrer in
            [.alarm, .compositeAlarm].contains(referrer.resource.kind) && referrer.link.attribute == .alarmActions
        }?.resource
    }

    /// A topic encrypted with a key from the model: when alarms notify it, the key policy must
    /// let CloudWatch use the key.
    private func checkAlarmDelivery(_ topic: Resource, key: Resource, in model: CloudModel, _ report: inout RuleReport) {
        guard let alarm = notifyingAlarm(topic, in: model), let key = keyBehind(key, in: model) else {
            report.pass()
            return
        }
        let policies = model.policies(ownedBy: key.id)
        if policies.isEmpty || policies.contains(where: { $0.unresolvedExpression != nil }) {
            // No key policy in the file (the default one does not trust CloudWatch either, but a
            // policy may be attached elsewhere) or one that cannot be read: cannot tell.
            if policies.isEmpty { report.pass() } else {
                report.unknown("key policy of \(key.id.name)", resource: topic, at: topic.location(of: .kmsMasterKeyID))
            }
            return
        }
        let trustsCloudWatch = policies.contains { policy in
            policy.statements.contains { statement in
                statement.isAllow && statement.principals.contains { principal in
                    principal.type.lowercased() == "service"
                        && principal.value.allStrings.contains("cloudwatch.amazonaws.com")
                }
            }
        }
        if trustsCloudWatch {
            report.pass()
        } else {
            report.fail("""
                CloudWatch alarm \(alarm.id.name) cannot publish to this topic: the policy of key \(key.id.name) \
                does not allow cloudwatch.amazonaws.com to use it
                """, resource: topic, at: topic.location(of: .kmsMasterKeyID),
                attribute: AttributeName.kmsMasterKeyID.rawValue)
        }
    }

    /// The key itself, or the key an alias in the model points at.
    private func keyBehind(_ resource: Resource, in model: CloudModel) -> Resource? {
        switch resource.kind {
        case .kmsKey: resource
        case .kmsAlias: resource.links.lazy.compactMap { model.resolve($0.reference) }.first { $0.kind == .kmsKey }
        default: nil
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Notifications:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: order-events
            """),
        .bad(.cloudFormationYAML, scenario: "empty", """
            Resources:
              Notifications:
                Type: AWS::SNS::Topic
                Properties:
                  ↓KmsMasterKeyId: ""
            """),
        .good(.cloudFormationYAML, scenario: "customer-key", """
            Resources:
              TopicKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
              Notifications:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: !Ref TopicKey
            """),
        .good(.cloudFormationYAML, scenario: "managed-key", """
            Resources:
              Notifications:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: alias/aws/sns
            """),
        .bad(.cloudFormationYAML, scenario: "alarm-topic-managed-key", """
            Resources:
              AlarmTopic:
                Type: AWS::SNS::Topic
                Properties:
                  ↓KmsMasterKeyId: alias/aws/sns
              QueueDepthAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/SQS
                  MetricName: ApproximateNumberOfMessagesVisible
                  ComparisonOperator: GreaterThanThreshold
                  Threshold: 100
                  EvaluationPeriods: 1
                  Period: 300
                  Statistic: Maximum
                  AlarmActions:
                    - !Ref AlarmTopic
            """),
        .bad(.cloudFormationYAML, scenario: "alarm-topic-key-without-cloudwatch", """
            Resources:
              TopicKey:
                Type: AWS::KMS::Key
                Properties:
                  KeyPolicy:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: arn:aws:iam::123456789012:root
                        Action: kms:*
                        Resource: "*"
              AlarmTopic:
                Type: AWS::SNS::Topic
                Properties:
                  ↓KmsMasterKeyId: !Ref TopicKey
              ErrorsAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  ComparisonOperator: GreaterThanThreshold
                  Threshold: 0
                  EvaluationPeriods: 1
                  Period: 60
                  Statistic: Sum
                  AlarmActions:
                    - !Ref AlarmTopic
            """),
        .good(.cloudFormationYAML, scenario: "alarm-topic-key-allows-cloudwatch", """
            Resources:
              TopicKey:
                Type: AWS::KMS::Key
                Properties:
                  KeyPolicy:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: arn:aws:iam::123456789012:root
                        Action: kms:*
                        Resource: "*"
                      - Effect: Allow
                        Principal:
                          Service: cloudwatch.amazonaws.com
                        Action:
                          - kms:Decrypt
                          - kms:GenerateDataKey*
                        Resource: "*"
              AlarmTopic:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: !Ref TopicKey
              ErrorsAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  ComparisonOperator: GreaterThanThreshold
                  Threshold: 0
                  EvaluationPeriods: 1
                  Period: 60
                  Statistic: Sum
                  AlarmActions:
                    - !Ref AlarmTopic
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              TopicKeyArn:
                Type: String
            Resources:
              Notifications:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: !Ref TopicKeyArn
            """),
        .bad(.samYAML, scenario: "sam-dead-letter-topic", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓FailedEvents:
                Type: AWS::SNS::Topic
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  DeadLetterQueue:
                    Type: SNS
                    TargetArn: !Ref FailedEvents
            """),
        .good(.samYAML, scenario: "sam-dead-letter-topic-encrypted", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              FailedEvents:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: alias/aws/sns
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  DeadLetterQueue:
                    Type: SNS
                    TargetArn: !Ref FailedEvents
            """),
        .bad(.samYAML, scenario: "sam-created-failure-topic", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  EventInvokeConfig:
                    MaximumRetryAttempts: 1
                    DestinationConfig:
                      ↓OnFailure:
                        Type: SNS
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_sns_topic": {
                  ↓"notifications": {
                    "name": "order-events"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_sns_topic" "notifications" {
              name = "order-events"
            }
            """),
        .bad(.terraformJSON, scenario: "empty", """
            {
              "resource": {
                "aws_sns_topic": {
                  "notifications": {
                    ↓"kms_master_key_id": ""
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "empty", """
            resource "aws_sns_topic" "notifications" {
              ↓kms_master_key_id = ""
            }
            """),
        .good(.terraformJSON, scenario: "customer-key", """
            {
              "resource": {
                "aws_kms_key": {"topic": {"enable_key_rotation": true}},
                "aws_sns_topic": {
                  "notifications": {
                    "kms_master_key_id": "${aws_kms_key.topic.id}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "customer-key", """
            resource "aws_kms_key" "topic" {
              enable_key_rotation = true
            }

            resource "aws_sns_topic" "notifications" {
              kms_master_key_id = aws_kms_key.topic.id
            }
            """),
        .good(.terraformJSON, scenario: "managed-key", """
            {
              "resource": {
                "aws_sns_topic": {
                  "notifications": {
                    "kms_master_key_id": "alias/aws/sns"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "managed-key", """
            resource "aws_sns_topic" "notifications" {
              kms_master_key_id = "alias/aws/sns"
            }
            """),
        .bad(.terraformJSON, scenario: "alarm-topic-managed-key", """
            {
              "resource": {
                "aws_sns_topic": {
                  "alarm_topic": {
                    ↓"kms_master_key_id": "alias/aws/sns"
                  }
                },
                "aws_cloudwatch_metric_alarm": {
                  "queue_depth": {
                    "namespace": "AWS/SQS",
                    "metric_name": "ApproximateNumberOfMessagesVisible",
                    "comparison_operator": "GreaterThanThreshold",
                    "threshold": 100,
                    "evaluation_periods": 1,
                    "period": 300,
                    "statistic": "Maximum",
                    "alarm_actions": ["${aws_sns_topic.alarm_topic.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "alarm-topic-managed-key", """
            resource "aws_sns_topic" "alarm_topic" {
              ↓kms_master_key_id = "alias/aws/sns"
            }

            resource "aws_cloudwatch_metric_alarm" "queue_depth" {
              namespace = "AWS/SQS"
              metric_name = "ApproximateNumberOfMessagesVisible"
              comparison_operator = "GreaterThanThreshold"
              threshold = 100
              evaluation_periods = 1
              period = 300
              statistic = "Maximum"
              alarm_actions = [aws_sns_topic.alarm_topic.arn]
            }
            """),
        .bad(.terraformJSON, scenario: "alarm-topic-key-without-cloudwatch", """
            {
              "resource": {
                "aws_kms_key": {
                  "topic": {
                    "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::123456789012:root\\"},\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"}]}"
                  }
                },
                "aws_sns_topic": {
                  "alarm_topic": {
                    ↓"kms_master_key_id": "${aws_kms_key.topic.arn}"
                  }
                },
                "aws_cloudwatch_metric_alarm": {
                  "errors": {
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
                    "comparison_operator": "GreaterThanThreshold",
                    "threshold": 0,
                    "evaluation_periods": 1,
                    "period": 60,
                    "statistic": "Sum",
                    "alarm_actions": ["${aws_sns_topic.alarm_topic.arn}"]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "alarm-topic-key-without-cloudwatch", """
            resource "aws_kms_key" "topic" {
              policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::123456789012:root\\"},\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"}]}"
            }

            resource "aws_sns_topic" "alarm_topic" {
              ↓kms_master_key_id = aws_kms_key.topic.arn
            }

            resource "aws_cloudwatch_metric_alarm" "errors" {
              namespace = "AWS/Lambda"
              metric_name = "Errors"
              comparison_operator = "GreaterThanThreshold"
              threshold = 0
              evaluation_periods = 1
              period = 60
              statistic = "Sum"
              alarm_actions = [aws_sns_topic.alarm_topic.arn]
            }
            """),
        .good(.terraformJSON, scenario: "alarm-topic-key-allows-cloudwatch", """
            {
              "resource": {
                "aws_kms_key": {
                  "topic": {
                    "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::123456789012:root\\"},\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"},{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"cloudwatch.amazonaws.com\\"},\\"Action\\":[\\"kms:Decrypt\\",\\"kms:GenerateDataKey*\\"],\\"Resource\\":\\"*\\"}]}"
                  }
                },
                "aws_sns_topic": {
                  "alarm_topic": {
                    "kms_master_key_id": "${aws_kms_key.topic.arn}"
                  }
                },
                "aws_cloudwatch_metric_alarm": {
                  "errors": {
                    "namespace": "AWS/Lambda",
                    "metric_name": "Errors",
                    "comparison_operator": "GreaterThanThreshold",
                    "threshold": 0,
                    "evaluation_periods": 1,
                    "period": 60,
                    "statistic": "Sum",
                    "alarm_actions": ["${aws_sns_topic.alarm_topic.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "alarm-topic-key-allows-cloudwatch", """
            resource "aws_kms_key" "topic" {
              policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::123456789012:root\\"},\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"},{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"cloudwatch.amazonaws.com\\"},\\"Action\\":[\\"kms:Decrypt\\",\\"kms:GenerateDataKey*\\"],\\"Resource\\":\\"*\\"}]}"
            }

            resource "aws_sns_topic" "alarm_topic" {
              kms_master_key_id = aws_kms_key.topic.arn
            }

            resource "aws_cloudwatch_metric_alarm" "errors" {
              namespace = "AWS/Lambda"
              metric_name = "Errors"
              comparison_operator = "GreaterThanThreshold"
              threshold = 0
              evaluation_periods = 1
              period = 60
              statistic = "Sum"
              alarm_actions = [aws_sns_topic.alarm_topic.arn]
            }
            """),
        .good(.terraformPlan, scenario: "plan-key-known-after-apply", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {"address": "aws_kms_key.topic", "mode": "managed", "type": "aws_kms_key", "name": "topic",
                     "values": {"enable_key_rotation": true}},
                    {"address": "aws_sns_topic.events", "mode": "managed", "type": "aws_sns_topic", "name": "events",
                     "values": {"name": "events"}}
                  ]
                }
              },
              "resource_changes": [
                {"address": "aws_sns_topic.events", "mode": "managed", "type": "aws_sns_topic", "name": "events",
                 "change": {"actions": ["create"], "after": {"name": "events"},
                            "after_unknown": {"kms_master_key_id": true, "arn": true}}}
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {"address": "aws_kms_key.topic", "type": "aws_kms_key", "name": "topic",
                     "expressions": {"enable_key_rotation": {"constant_value": true}}},
                    {"address": "aws_sns_topic.events", "type": "aws_sns_topic", "name": "events",
                     "expressions": {"name": {"constant_value": "events"},
                                     "kms_master_key_id": {"references": ["aws_kms_key.topic.arn", "aws_kms_key.topic"]}}}
                  ]
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-absent", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {"address": ↓"aws_sns_topic.events", "mode": "managed", "type": "aws_sns_topic", "name": "events",
                     "values": {"name": "events"}}
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {"address": "aws_sns_topic.events", "type": "aws_sns_topic", "name": "events",
                     "expressions": {"name": {"constant_value": "events"}}}
                  ]
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"topic_key_arn": {"type": "string"}},
              "resource": {
                "aws_sns_topic": {
                  "notifications": {
                    "kms_master_key_id": "${var.topic_key_arn}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "topic_key_arn" {
              type = "string"
            }

            resource "aws_sns_topic" "notifications" {
              kms_master_key_id = var.topic_key_arn
            }
            """),
    ]
}

extension Resource {
    /// The KMS key or alias in the model that `name` refers to, even when a plan only knows
    /// its ARN after apply: the configuration's reference says which key it will be.
    func declaredKey(at name: AttributeName, in model: CloudModel) -> Resource? {
        let targets = links.lazy.filter { $0.attribute == name }.compactMap { model.resolve($0.reference) }
        return targets.first { $0.kind == .kmsKey || $0.kind == .kmsAlias }
    }
}

extension Value {
    /// Every string inside the value (a string, or the strings of a list).
    fileprivate var allStrings: [String] {
        switch self {
        case .string(let text): [text]
        case .list(let items): items.flatMap(\.allStrings)
        default: []
        }
    }
}
