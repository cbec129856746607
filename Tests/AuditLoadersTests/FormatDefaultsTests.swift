import AuditKit
import AuditModel
import Testing

/// The catalog's Terraform-versus-CloudFormation default differences (rule-catalog §0.2 and
/// the "Defaults" lines), each checked end to end: the same resource with the attribute
/// left out, loaded from both formats. The expected values are written here from the
/// catalog, not read from the schema table, so a wrong table row fails.
@Suite struct FormatDefaultsTests {
    enum Origin: Equatable {
        case tool, service, absent
    }

    struct Expectation: Sendable, CustomTestStringConvertible {
        var cloudFormationType: String
        var terraformType: String
        var attribute: AttributeName
        var cloudFormation: (Value?, Origin)
        var terraform: (Value?, Origin)
        var testDescription: String { "\(terraformType).\(attribute)" }
    }

    static let expectations: [Expectation] = [
        // AS-BACKUP-001: Terraform sends 0; CloudFormation leaves RDS's 1-day default.
        Expectation(cloudFormationType: "AWS::RDS::DBInstance", terraformType: "aws_db_instance", attribute: .backupRetentionPeriod,
                    cloudFormation: (.number(1), .service), terraform: (.number(0), .tool)),
        // AS-ENC-001: unencrypted either way, but for different reasons.
        Expectation(cloudFormationType: "AWS::RDS::DBInstance", terraformType: "aws_db_instance", attribute: .storageEncrypted,
                    cloudFormation: (.bool(false), .service), terraform: (.bool(false), .tool)),
        Expectation(cloudFormationType: "AWS::RDS::DBInstance", terraformType: "aws_db_instance", attribute: .deletionProtection,
                    cloudFormation: (.bool(false), .service), terraform: (.bool(false), .tool)),
        Expectation(cloudFormationType: "AWS::RDS::DBInstance", terraformType: "aws_db_instance", attribute: .deleteAutomatedBackups,
                    cloudFormation: (.bool(true), .service), terraform: (.bool(true), .tool)),
        Expectation(cloudFormationType: "AWS::RDS::DBCluster", terraformType: "aws_rds_cluster", attribute: .backupRetentionPeriod,
                    cloudFormation: (.number(1), .service), terraform: (.number(1), .tool)),
        // AS-ENC-004: SQS queues get SSE-SQS unless told otherwise (nothing is sent).
        Expectation(cloudFormationType: "AWS::SQS::Queue", terraformType: "aws_sqs_queue", attribute: .sqsManagedSseEnabled,
                    cloudFormation: (.bool(true), .service), terraform: (.bool(true), .service)),
        // AS-ENC-005: Kinesis is unencrypted unless specified.
        Expectation(cloudFormationType: "AWS::Kinesis::Stream", terraformType: "aws_kinesis_stream", attribute: .streamEncryptionType,
                    cloudFormation: (.string("NONE"), .service), terraform: (.string("NONE"), .tool)),
        // AS-BACKUP-011: 24-hour retention.
        Expectation(cloudFormationType: "AWS::Kinesis::Stream", terraformType: "aws_kinesis_stream", attribute: .retentionPeriodHours,
                    cloudFormation: (.number(24), .service), terraform: (.number(24), .tool)),
        // AS-ENC-006/007: ElastiCache encryption off by default; Terraform sends nothing.
        Expectation(cloudFormationType: "AWS::ElastiCache::ReplicationGroup", terraformType: "aws_elasticache_replication_group",
                    attribute: .atRestEncryptionEnabled, cloudFormation: (.bool(false), .service), terraform: (.bool(false), .service)),
        // AS-BACKUP-006: snapshots off.
        Expectation(cloudFormationType: "AWS::ElastiCache::ReplicationGroup", terraformType: "aws_elasticache_replication_group",
                    attribute: .snapshotRetentionLimit, cloudFormation: (.number(0), .service), terraform: (.number(0), .service)),
        // AS-BACKUP-005: PITR off when the block is missing.
        Expectation(cloudFormationType: "AWS::DynamoDB::Table", terraformType: "aws_dynamodb_table", attribute: .pointInTimeRecoveryEnabled,
                    cloudFormation: (.bool(false), .service), terraform: (.bool(false), .service)),
        // AS-ALARM-008: billing mode defaults to PROVISIONED for raw tables.
        Expectation(cloudFormationType: "AWS::DynamoDB::Table", terraformType: "aws_dynamodb_table", attribute: .billingMode,
                    cloudFormation: (.string("PROVISIONED"), .service), terraform: (.string("PROVISIONED"), .tool)),
        // AS-ENC-013: key rotation off.
        Expectation(cloudFormationType: "AWS::KMS::Key", terraformType: "aws_kms_key", attribute: .enableKeyRotation,
                    cloudFormation: (.bool(false), .service), terraform: (.bool(false), .tool)),
        // §3.3: NAT gateways are public, endpoints are Gateway endpoints, when omitted.
        Expectation(cloudFormationType: "AWS::EC2::NatGateway", terraformType: "aws_nat_gateway", attribute: .connectivityType,
                    cloudFormation: (.string("public"), .service), terraform: (.string("public"), .tool)),
        Expectation(cloudFormationType: "AWS::EC2::VPCEndpoint", terraformType: "aws_vpc_endpoint", attribute: .vpcEndpointType,
                    cloudFormation: (.string("Gateway"), .service), terraform: (.string("Gateway"), .tool)),
        Expectation(cloudFormationType: "AWS::EC2::VPCEndpoint", terraformType: "aws_vpc_endpoint", attribute: .privateDNSEnabled,
                    cloudFormation: (.bool(false), .service), terraform: (.bool(false), .tool)),
        // §4.1: alarm actions are enabled by default.
        Expectation(cloudFormationType: "AWS::CloudWatch::Alarm", terraformType: "aws_cloudwatch_metric_alarm", attribute: .actionsEnabled,
                    cloudFormation: (.bool(true), .service), terraform: (.bool(true), .tool)),
        // AS-LAUNCH-002: single-region, no validation.
        Expectation(cloudFormationType: "AWS::CloudTrail::Trail", terraformType: "aws_cloudtrail", attribute: .isMultiRegionTrail,
                    cloudFormation: (.bool(false), .service), terraform: (.bool(false), .tool)),
        // AS-ENC-003: no SSE on SNS unless a key is named; no default to record.
        Expectation(cloudFormationType: "AWS::SNS::Topic", terraformType: "aws_sns_topic", attribute: .kmsMasterKeyID,
                    cloudFormation: (nil, .absent), terraform: (nil, .absent)),
    ]

    static func origin(of attribute: Attr) -> Origin? {
        switch attribute.provenance {
        case .defaultedByTool: .tool
        case .defaultedByService: .service
        case .absent: .absent
        default: nil
        }
    }

    @Test(arguments: expectations)
    func attributeLeftOut(_ expectation: Expectation) async throws {
        let template = """
            Resources:
              Subject:
                Type: \(expectation.cloudFormationType)
            """
        let configuration = """
            {"resource": {"\(expectation.terraformType)": {"subject": {}}}}
            """
        let result = await Scanner(rules: []).scan(documents: [
            (path: "template.yaml", text: template), (path: "main.tf.json", text: configuration),
        ])
        #expect(result.errors.isEmpty)
        let cloudFormation = try #require(result.model.resources.first { $0.id.name == "Subject" })
        let terraform = try #require(result.model.resources.first { $0.id.name == "\(expectation.terraformType).subject" })
        #expect(cloudFormation.kind == terraform.kind, "one concept for both types")

        let fromTemplate = cloudFormation[expectation.attribute]
        #expect(fromTemplate.value == expectation.cloudFormation.0)
        #expect(Self.origin(of: fromTemplate) == expectation.cloudFormation.1)
        #expect(fromTemplate.location == nil, "a default has no location")

        let fromConfiguration = terraform[expectation.attribute]
        #expect(fromConfiguration.value == expectation.terraform.0)
        #expect(Self.origin(of: fromConfiguration) == expectation.terraform.1)
        #expect(fromConfiguration.location == nil, "a default has no location")
    }

    /// SAM's SimpleTable defaults the other way round from a raw table (AS-ALARM-008).
    @Test func simpleTableBillsPerRequestWithoutThroughput() async throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Sales:
                Type: AWS::Serverless::SimpleTable
            """
        let result = await Scanner(rules: []).scan(documents: [(path: "template.yaml", text: template)])
        let table = try #require(result.model.resources.first { $0.id.name == "Sales" })
        #expect(table.kind == .table)
        #expect(table[.billingMode].value == .string("PAY_PER_REQUEST"))
    }
}
