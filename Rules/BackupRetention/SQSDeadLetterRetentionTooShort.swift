import AuditCore
import AuditGraph
import AuditModel

/// AS-BACKUP-012: a dead-letter queue that does not keep messages longer than the queue
/// that feeds it, so failed messages expire soon after they arrive there.
struct SQSDeadLetterRetentionTooShort: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-012",
        slug: "sqs-dlq-retention-not-longer-than-source",
        title: "SQS DLQ retention not longer than the source queue's",
        severity: .medium,
        pack: .backupRetention,
        tags: ["reliability", "sqs", "dead-letter-queue"],
        rationale: """
            When a standard queue moves a message to its dead-letter queue, the message keeps \
            its original enqueue timestamp, and the DLQ's retention counts from that timestamp. \
            With equal retention (both queues at the 4-day default, 345,600 seconds, in \
            CloudFormation and Terraform alike) a message that spent three days being retried has \
            about one day left in the DLQ, often less than it takes to notice and redrive it. AWS \
            therefore recommends a DLQ retention longer than the source queue's. The DLQ is found \
            through the source queue's redrive policy (`RedrivePolicy.deadLetterTargetArn`, \
            Terraform's `redrive_policy` or the `aws_sqs_queue_redrive_policy` resource joined to \
            its queue). FIFO source queues are skipped: moving a message to a FIFO DLQ resets its \
            timestamp. A DLQ outside the scanned files, or a retention that cannot be resolved, is \
            reported as unknown.
            """,
        remediation: """
            Set the dead-letter queue's retention above the source queue's, usually to the \
            maximum of 14 days: CloudFormation `MessageRetentionPeriod: 1209600`, Terraform \
            `message_retention_seconds = 1209600` on the DLQ. If the source queue already keeps \
            messages 14 days, shorten the source queue's retention instead.
            """,
        references: [
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html#cfn-sqs-queue-messageretentionperiod",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue#message_retention_seconds",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue_redrive_policy",
        ]
    )

    static let subjects: Set<ResourceKind> = [.queue]

    /// The subject is the source queue, which holds the link; the finding lands on the DLQ,
    /// where the fix is made.
    func check(_ source: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let redrive = source[.redrivePolicy]
        guard !redrive.isAbsent else { return }
        switch source[.fifoQueue].bool {
        case .value(true): return
        case .unknown(let expression):
            report.unknown(expression, resource: source, at: source.location(of: .fifoQueue))
            return
        default: break
        }
        let deadLetter: Resource
        let target = redrive.value?["deadLetterTargetArn"]
        if let target, let found = Self.queue(named: target, from: source, in: model) {
            deadLetter = found
        } else if let linked = Self.linkedQueue(of: source, in: model) {
            // A plan knows the policy only after apply, and a `!Sub` ARN is text, but both link
            // the one queue they name.
            deadLetter = linked
        } else if let target {
            report.unknown("dead-letter queue \(target.displayText) is not in the scanned files", resource: source,
                           at: source.location(of: .redrivePolicy))
            return
        } else {
            report.unknown(redrive.value?.displayText ?? "RedrivePolicy", resource: source, at: source.location(of: .redrivePolicy))
            return
        }
        let sourceRetention = source[.messageRetentionPeriod]
        let dlqRetention = deadLetter[.messageRetentionPeriod]
        switch (sourceRetention.int, dlqRetention.int) {
        case (.value(let kept), .value(let keptInDLQ)) where keptInDLQ <= kept:
            report.fail(
                "Dead-letter queue keeps messages no longer than its source \(source.id.name) (\(keptInDLQ) s against \(kept) s): retention \(dlqRetention.origin); moved messages keep their enqueue time and expire early",
                resource: deadLetter, at: deadLetter.location(of: .messageRetentionPeriod),
                attribute: AttributeName.messageRetentionPeriod.rawValue)
        case (.value, .value):
            report.pass()
        case (.unknown(let expression), _):
            report.unknown(expression, resource: source, at: source.location(of: .messageRetentionPeriod))
        case (_, .unknown(let expression)):
            report.unknown(expression, resource: deadLetter, at: deadLetter.location(of: .messageRetentionPeriod))
        default:
            report.unknown("message retention is not known", resource: source)
        }
    }

    /// The single queue the redrive policy links to, when the policy's text is not known.
    static func linkedQueue(of source: Resource, in model: CloudModel) -> Resource? {
        let targets = Set(source.links.filter { $0.attribute == .redrivePolicy }.map(\.target))
        guard targets.count == 1, let target = targets.first, let queue = model.resource(target), queue.kind == .queue else { return nil }
        return queue
    }

    /// The queue a redrive target designates: a reference, or an ARN ending in a queue name of the same scope.
    static func queue(named target: Value, from source: Resource, in model: CloudModel) -> Resource? {
        if let reference = target.references.first {
            return model.resolve(reference).flatMap { $0.kind == .queue ? $0 : nil }
        }
        guard case .string(let arn) = target, let name = arn.split(separator: ":").last.map(String.init) else { return nil }
        return queuesByName.of(model)[ResourceID(scope: source.id.scope, name: name)]
    }

    /// Queues by scope and literal queue name, the first in model order for a name: one pass
    /// per scan instead of a walk of the scope's queues per redrive policy.
    private static let queuesByName = PerModelIndex { model in
        var queues: [ResourceID: Resource] = [:]
        for queue in model.resources(of: .queue) {
            guard case .value(let name) = queue[.queueName].string else { continue }
            let key = ResourceID(scope: queue.id.scope, name: name)
            if queues[key] == nil { queues[key] = queue }
        }
        return queues
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "both-default", """
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt OrdersDLQ.Arn
                    maxReceiveCount: 5
              ↓OrdersDLQ:
                Type: AWS::SQS::Queue
            """),
        .bad(.cloudFormationYAML, scenario: "dlq-shorter", """
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 604800
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt OrdersDLQ.Arn
                    maxReceiveCount: 5
              OrdersDLQ:
                Type: AWS::SQS::Queue
                Properties:
                  ↓MessageRetentionPeriod: 345600
            """),
        .good(.cloudFormationYAML, scenario: "dlq-fourteen-days", """
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt OrdersDLQ.Arn
                    maxReceiveCount: 5
              OrdersDLQ:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 1209600
            """),
        .good(.cloudFormationYAML, scenario: "fifo", """
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt OrdersDLQ.Arn
                    maxReceiveCount: 5
              OrdersDLQ:
                Type: AWS::SQS::Queue
                Properties:
                  FifoQueue: true
            """),
        .good(.cloudFormationYAML, scenario: "external-dlq", """
            Parameters:
              DeadLetterArn:
                Type: String
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !Ref DeadLetterArn
                    maxReceiveCount: 5
            """),
        .bad(.samYAML, scenario: "sam-both-default", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt OrdersDLQ.Arn
                    maxReceiveCount: 5
              ↓OrdersDLQ:
                Type: AWS::SQS::Queue
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Events:
                    Orders:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Orders.Arn
            """),
        .bad(.terraformJSON, scenario: "both-default", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "orders": {
                    "name": "orders",
                    "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5})}"
                  },
                  ↓"orders_dlq": {"name": "orders-dlq"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "both-default", """
            resource "aws_sqs_queue" "orders" {
              name = "orders"
              redrive_policy = "${jsonencode({deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5})}"
            }

            ↓resource "aws_sqs_queue" "orders_dlq" {
              name = "orders-dlq"
            }
            """),
        .bad(.terraformJSON, scenario: "dlq-shorter", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "orders": {
                    "name": "orders",
                    "message_retention_seconds": 604800
                  },
                  "orders_dlq": {
                    "name": "orders-dlq",
                    ↓"message_retention_seconds": 345600
                  }
                },
                "aws_sqs_queue_redrive_policy": {
                  "orders": {
                    "queue_url": "${aws_sqs_queue.orders.id}",
                    "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5})}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "dlq-shorter", """
            resource "aws_sqs_queue" "orders" {
              name = "orders"
              message_retention_seconds = 604800
            }

            resource "aws_sqs_queue" "orders_dlq" {
              name = "orders-dlq"
              ↓message_retention_seconds = 345600
            }

            resource "aws_sqs_queue_redrive_policy" "orders" {
              queue_url = aws_sqs_queue.orders.id
              redrive_policy = "${jsonencode({deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5})}"
            }
            """),
        .good(.terraformJSON, scenario: "dlq-fourteen-days", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "orders": {
                    "name": "orders",
                    "redrive_policy": "{\\"deadLetterTargetArn\\":\\"${aws_sqs_queue.orders_dlq.arn}\\",\\"maxReceiveCount\\":5}"
                  },
                  "orders_dlq": {"name": "orders-dlq", "message_retention_seconds": 1209600}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "dlq-fourteen-days", """
            resource "aws_sqs_queue" "orders" {
              name = "orders"
              redrive_policy = "{\\"deadLetterTargetArn\\":\\"${aws_sqs_queue.orders_dlq.arn}\\",\\"maxReceiveCount\\":5}"
            }

            resource "aws_sqs_queue" "orders_dlq" {
              name = "orders-dlq"
              message_retention_seconds = 1209600
            }
            """),
        .good(.terraformJSON, scenario: "fifo", """
            {
              "resource": {
                "aws_sqs_queue": {
                  "orders": {
                    "name": "orders.fifo",
                    "fifo_queue": true,
                    "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5})}"
                  },
                  "orders_dlq": {"name": "orders-dlq.fifo", "fifo_queue": true}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "fifo", """
            resource "aws_sqs_queue" "orders" {
              name = "orders.fifo"
              fifo_queue = true
              redrive_policy = "${jsonencode({deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5})}"
            }

            resource "aws_sqs_queue" "orders_dlq" {
              name = "orders-dlq.fifo"
              fifo_queue = true
            }
            """),
        .bad(.terraformPlan, scenario: "plan-policy-known-after-apply", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_sqs_queue.orders",
                      "mode": "managed",
                      "type": "aws_sqs_queue",
                      "name": "orders",
                      "values": {"name": "orders", "message_retention_seconds": 345600, "fifo_queue": false}
                    },
                    {
                      "address": "aws_sqs_queue.orders_dlq",
                      "mode": "managed",
                      "type": "aws_sqs_queue",
                      "name": "orders_dlq",
                      "values": {"name": "orders-dlq", ↓"message_retention_seconds": 345600, "fifo_queue": false}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_sqs_queue.orders",
                  "mode": "managed",
                  "type": "aws_sqs_queue",
                  "name": "orders",
                  "change": {
                    "actions": ["create"],
                    "after": {"name": "orders", "message_retention_seconds": 345600},
                    "after_unknown": {"arn": true, "id": true, "redrive_policy": true}
                  }
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_sqs_queue.orders",
                      "type": "aws_sqs_queue",
                      "name": "orders",
                      "expressions": {
                        "name": {"constant_value": "orders"},
                        "redrive_policy": {"references": ["aws_sqs_queue.orders_dlq.arn", "aws_sqs_queue.orders_dlq"]}
                      }
                    },
                    {
                      "address": "aws_sqs_queue.orders_dlq",
                      "type": "aws_sqs_queue",
                      "name": "orders_dlq",
                      "expressions": {"name": {"constant_value": "orders-dlq"}}
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "external-dlq", """
            {
              "variable": {"dead_letter_arn": {"type": "string"}},
              "resource": {
                "aws_sqs_queue": {
                  "orders": {
                    "name": "orders",
                    "redrive_policy": "${jsonencode({deadLetterTargetArn = var.dead_letter_arn, maxReceiveCount = 5})}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "external-dlq", """
            variable "dead_letter_arn" {
              type = "string"
            }

            resource "aws_sqs_queue" "orders" {
              name = "orders"
              redrive_policy = "${jsonencode({deadLetterTargetArn = var.dead_letter_arn, maxReceiveCount = 5})}"
            }
            """),
    ]
}
