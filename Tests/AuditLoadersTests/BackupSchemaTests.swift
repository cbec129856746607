import AuditModel
import Testing
@testable import AuditLoaders

/// The schema rows the backup-retention rules (AS-BACKUP-007…013) read, loaded from both
/// formats: log-bucket links, bucket ACLs, FIFO queues, backup plan rules, vault names and
/// resource tags.
@Suite("Backup schema: log buckets, ACLs, FIFO, backup plans, tags")
struct BackupSchemaTests {
    private func tf(_ line: Int, _ column: Int) -> AuditModel.SourceLocation {
        AuditModel.SourceLocation(file: "infra/main.tf.json", line: line, column: column)
    }

    private func linkAttributes(of resource: Resource, to target: String) -> [AttributeName?] {
        resource.links.filter { $0.target.name == target }.map(\.attribute)
    }

    @Test("CloudFormation: log senders name their bucket through canonical attributes")
    func cloudFormationLogSenders() throws {
        let loaded = try TemplateFixture.load("""
        Resources:
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              AccessControl: LogDeliveryWrite
          Cdn:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Logging:
                  Bucket: !GetAtt Logs.DomainName
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties:
              LoadBalancerAttributes:
                - Key: access_logs.s3.bucket
                  Value: !Ref Logs
          Trail:
            Type: AWS::CloudTrail::Trail
            Properties:
              S3BucketName: !Ref Logs
              IsLogging: true
        """)
        let logs = try #require(loaded.resource("Logs"))
        #expect(logs[.accessControl] == Attr(value: .string("LogDeliveryWrite"), provenance: .explicit, location: loc(5, 7)))

        let cdn = try #require(loaded.resource("Cdn"))
        #expect(cdn[.distributionLoggingBucket].value == .reference(ResourceReference(target: logs.id, attribute: "DomainName")))
        #expect(linkAttributes(of: cdn, to: "Logs") == [.distributionLoggingBucket])

        let alb = try #require(loaded.resource("Alb"))
        #expect(alb[.loadBalancerAttributes].value == .list([.map([
            .init(key: "Key", value: .string("access_logs.s3.bucket")),
            .init(key: "Value", value: .reference(ResourceReference(target: logs.id))),
        ])]))
        #expect(linkAttributes(of: alb, to: "Logs") == [.loadBalancerAttributes])

        let trail = try #require(loaded.resource("Trail"))
        #expect(trail[.trailBucketName].location == loc(21, 7))
        #expect(linkAttributes(of: trail, to: "Logs") == [.trailBucketName])
    }

    @Test("Terraform: the bucket ACL companion is joined; CloudFront and ALB log links carry attributes")
    func terraformLogSenders() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_s3_bucket": {
              "logs": {"bucket": "acme-logs"},
              "legacy": {"acl": "log-delivery-write"}
            },
            "aws_s3_bucket_acl": {
              "logs": {"bucket": "${aws_s3_bucket.logs.id}", "acl": "log-delivery-write"}
            },
            "aws_cloudfront_distribution": {
              "cdn": {"logging_config": {"bucket": "${aws_s3_bucket.logs.bucket_domain_name}"}}
            },
            "aws_lb": {
              "alb": {"access_logs": {"bucket": "${aws_s3_bucket.logs.id}", "enabled": true}}
            },
            "aws_cloudtrail": {
              "trail": {"name": "trail", "s3_bucket_name": "acme-logs"}
            }
          }
        }
        """)
        let logs = try #require(loaded.terraformResource("aws_s3_bucket.logs"))
        #expect(logs[.accessControl] == Attr(value: .string("log-delivery-write"), provenance: .explicit, location: tf(8, 54)))
        let legacy = try #require(loaded.terraformResource("aws_s3_bucket.legacy"))
        #expect(legacy[.accessControl] == Attr(value: .string("log-delivery-write"), provenance: .explicit, location: tf(5, 18)))

        let cdn = try #require(loaded.terraformResource("aws_cloudfront_distribution.cdn"))
        #expect(linkAttributes(of: cdn, to: "aws_s3_bucket.logs") == [.distributionLoggingBucket])
        let alb = try #require(loaded.terraformResource("aws_lb.alb"))
        #expect(linkAttributes(of: alb, to: "aws_s3_bucket.logs") == [.accessLogsBucket])
        let trail = try #require(loaded.terraformResource("aws_cloudtrail.trail"))
        #expect(trail[.trailBucketName].value == .string("acme-logs"))
    }

    @Test("Flow logs and the AWS Config delivery channel name their bucket")
    func otherLogDeliverers() throws {
        let template = try TemplateFixture.load("""
        Resources:
          Logs:
            Type: AWS::S3::Bucket
          FlowLog:
            Type: AWS::EC2::FlowLog
            Properties:
              LogDestinationType: s3
              LogDestination: !GetAtt Logs.Arn
          Channel:
            Type: AWS::Config::DeliveryChannel
            Properties:
              S3BucketName: !Ref Logs
        """)
        let flowLog = try #require(template.resource("FlowLog"))
        #expect(flowLog.kind == .flowLog)
        #expect(linkAttributes(of: flowLog, to: "Logs") == [.logDestination])
        let channel = try #require(template.resource("Channel"))
        #expect(channel.kind == .configDeliveryChannel)
        #expect(linkAttributes(of: channel, to: "Logs") == [.trailBucketName])

        let module = try TerraformTestSupport.loadConfig("""
        {"resource": {"aws_flow_log": {"vpc": {"log_destination_type": "s3", "log_destination": "arn:aws:s3:::acme-logs/vpc/"}}}}
        """)
        let tfFlowLog = try #require(module.terraformResource("aws_flow_log.vpc"))
        #expect(tfFlowLog.kind == .flowLog)
        #expect(tfFlowLog[.logDestination].value == .string("arn:aws:s3:::acme-logs/vpc/"))
    }

    @Test("FIFO flag: a standard queue when absent, in both formats, for different reasons")
    func fifoDefault() throws {
        let template = try TemplateFixture.load("""
        Resources:
          Standard:
            Type: AWS::SQS::Queue
          Ordered:
            Type: AWS::SQS::Queue
            Properties:
              FifoQueue: true
        """)
        let standard = try #require(template.resource("Standard"))
        #expect(standard[.fifoQueue].value == .bool(false))
        #expect(isServiceDefault(standard[.fifoQueue]))
        #expect(template.resource("Ordered")?[.fifoQueue] == Attr(value: .bool(true), provenance: .explicit, location: loc(7, 7)))

        let module = try TerraformTestSupport.loadConfig("""
        {"resource": {"aws_sqs_queue": {"standard": {"name": "standard"}}}}
        """)
        let queue = try #require(module.terraformResource("aws_sqs_queue.standard"))
        #expect(queue[.fifoQueue].value == .bool(false))
        #expect(isToolDefault(queue[.fifoQueue]))
    }

    @Test("CloudFormation RedrivePolicy written as a JSON string reads like the object form")
    func redrivePolicyString() throws {
        let template = try TemplateFixture.load("""
        Resources:
          Orders:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:111122223333:orders-dlq", "maxReceiveCount": 3}'
        """)
        let orders = try #require(template.resource("Orders"))
        #expect(orders[.redrivePolicy] == Attr(value: .map([
            .init(key: "deadLetterTargetArn", value: .string("arn:aws:sqs:us-east-1:111122223333:orders-dlq")),
            .init(key: "maxReceiveCount", value: .number(3)),
        ]), provenance: .explicit, location: loc(5, 7)))
    }

    @Test("Backup plans: every rule whole, and the first rule's lifecycle keys located")
    func backupPlanRules() throws {
        let template = try TemplateFixture.load("""
        Resources:
          Plan:
            Type: AWS::Backup::BackupPlan
            Properties:
              BackupPlan:
                BackupPlanName: daily
                BackupPlanRule:
                  - RuleName: daily
                    TargetBackupVault: !Ref Vault
                    Lifecycle:
                      MoveToColdStorageAfterDays: 30
                      DeleteAfterDays: 120
                  - RuleName: hourly
                    TargetBackupVault: !Ref Vault
          Vault:
            Type: AWS::Backup::BackupVault
            Properties:
              BackupVaultName: main
        """)
        let plan = try #require(template.resource("Plan"))
        let rules = try #require(plan[.backupPlanRules].value?.listValue)
        #expect(rules.count == 2)
        #expect(rules.map { $0["RuleName"] } == [.string("daily"), .string("hourly")])
        #expect(plan[.backupPlanRules].location == loc(7, 9))
        #expect(plan[.backupRuleDeleteAfterDays] == Attr(value: .number(120), provenance: .explicit, location: loc(12, 15)))
        #expect(plan[.backupRuleColdStorageAfterDays] == Attr(value: .number(30), provenance: .explicit, location: loc(11, 15)))
        #expect(plan.links.filter { $0.target.name == "Vault" }.map(\.attribute) == [.backupPlanRules, .backupPlanRules])
        #expect(template.resource("Vault")?[.backupVaultName].value == .string("main"))

        let module = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_backup_plan": {
              "daily": {
                "name": "daily",
                "rule": {
                  "rule_name": "daily",
                  "target_vault_name": "main",
                  "lifecycle": {"cold_storage_after": 30, "delete_after": 120}
                }
              }
            }
          }
        }
        """)
        let tfPlan = try #require(module.terraformResource("aws_backup_plan.daily"))
        #expect(tfPlan[.backupRuleDeleteAfterDays] == Attr(value: .number(120), provenance: .explicit, location: tf(9, 51)))
        #expect(tfPlan[.backupRuleColdStorageAfterDays] == Attr(value: .number(30), provenance: .explicit, location: tf(9, 25)))
        #expect(tfPlan[.backupPlanRules].value?["rule_name"] == .string("daily"))
    }

    @Test("Tags as written, unresolved values kept; EFS spells them FileSystemTags")
    func resourceTags() throws {
        let template = try TemplateFixture.load("""
        Parameters:
          Tier:
            Type: String
        Resources:
          Orders:
            Type: AWS::DynamoDB::Table
            Properties:
              Tags:
                - Key: backup
                  Value: daily
                - Key: tier
                  Value: !Ref Tier
          Files:
            Type: AWS::EFS::FileSystem
            Properties:
              FileSystemTags:
                - Key: backup
                  Value: weekly
          Database:
            Type: AWS::RDS::DBCluster
            Properties:
              Tags:
                - Key: backup
                  Value: hourly
        """)
        let orders = try #require(template.resource("Orders")?[.resourceTags].value?.listValue)
        #expect(orders.first?["Value"] == .string("daily"))
        #expect(orders.last?["Value"]?.containsUnresolved == true)
        #expect(template.resource("Files")?[.resourceTags].value?.listValue?.first?["Value"] == .string("weekly"))
        #expect(template.resource("Database")?[.resourceTags].value?.listValue?.first?["Value"] == .string("hourly"))

        let module = try TerraformTestSupport.loadConfig("""
        {"resource": {"aws_db_instance": {"main": {"engine": "postgres", "tags": {"backup": "daily"}}}}}
        """)
        let database = try #require(module.terraformResource("aws_db_instance.main"))
        #expect(database[.resourceTags].value == .map([.init(key: "backup", value: .string("daily"))]))
    }
}
