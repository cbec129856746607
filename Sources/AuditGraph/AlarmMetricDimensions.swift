import AuditModel

/// Which resources a CloudWatch metric dimension names, and which attribute of a resource
/// gives the value the metric is keyed by (rule-catalog §0.4). This is where the classic
/// wiring mistakes are known: `Ref` of an SQS queue is its URL, `Ref` of a REST API its id,
/// Terraform's `aws_db_instance.x.id` the DBI resource id since provider v5.
///
/// References keep the attribute as the source spells it (`ResourceReference.attribute`:
/// `nil` for CloudFormation's `Ref`, `QueueName` for `Fn::GetAtt`, `name` for Terraform),
/// so the table is keyed by the target's written type.
public enum AlarmMetricDimensions {
    /// What a reference used as a dimension value gives.
    public enum Fit: Sendable, Equatable {
        /// The value the metric is keyed by.
        case fits
        /// Another value of the resource: the alarm never receives data. Payload: why.
        case misWired(String)
        /// Not a subject of this dimension (or an attribute whose value we cannot judge).
        case unrelated
    }

    /// One dimension's subjects.
    struct Spec {
        var kinds: Set<ResourceKind>
        /// Per written type: the attributes whose value the metric is keyed by (`nil` = `Ref`
        /// or a bare Terraform address), first the one a suggested alarm uses.
        var fitting: [String: [String?]]
        /// Per written type: attributes that give another value, with what they give.
        var wrong: [String: [String?: String]]
        /// The model attribute holding the literal name, for literal matching.
        var nameAttribute: AttributeName?
    }

    static let specs: [String: Spec] = [
        "FunctionName": Spec(
            kinds: [.function],
            fitting: ["AWS::Lambda::Function": [nil], "AWS::Serverless::Function": [nil], "aws_lambda_function": ["function_name", "id"]],
            wrong: [
                "AWS::Lambda::Function": ["Arn": "its ARN"], "AWS::Serverless::Function": ["Arn": "its ARN"],
                "aws_lambda_function": ["arn": "its ARN", "qualified_arn": "its qualified ARN", "invoke_arn": "its invoke ARN"],
            ],
            nameAttribute: .functionName),
        "QueueName": Spec(
            kinds: [.queue],
            fitting: ["AWS::SQS::Queue": ["QueueName"], "aws_sqs_queue": ["name"]],
            wrong: [
                "AWS::SQS::Queue": [nil: "its queue URL (`Ref` of an AWS::SQS::Queue returns the URL; use `!GetAtt Queue.QueueName`)",
                                    "QueueUrl": "its queue URL", "Arn": "its ARN"],
                "aws_sqs_queue": ["id": "its queue URL (`aws_sqs_queue.id` is the URL; use `.name`)",
                                  "url": "its queue URL (use `.name`)", "arn": "its ARN"],
            ],
            nameAttribute: .queueName),
        "TableName": Spec(
            kinds: [.table],
            fitting: ["AWS::DynamoDB::Table": [nil], "AWS::Serverless::SimpleTable": [nil], "AWS::DynamoDB::GlobalTable": [nil],
                      "aws_dynamodb_table": ["name", "id"]],
            wrong: [
                "AWS::DynamoDB::Table": ["Arn": "its ARN", "StreamArn": "its stream ARN"],
                "AWS::Serverless::SimpleTable": ["Arn": "its ARN"],
                "aws_dynamodb_table": ["arn": "its ARN", "stream_arn": "its stream ARN"],
            ],
            nameAttribute: .tableName),
        "DBInstanceIdentifier": Spec(
            kinds: [.databaseInstance],
            fitting: ["AWS::RDS::DBInstance": [nil], "aws_db_instance": ["identifier"], "aws_rds_cluster_instance": ["identifier", "id"]],
            wrong: [
                "AWS::RDS::DBInstance": ["DbiResourceId": "its DBI resource id", "DBInstanceArn": "its ARN", "Endpoint.Address": "its endpoint"],
                "aws_db_instance": ["id": "its DBI resource id (since AWS provider v5.0 `aws_db_instance.id` is the resource id, not the identifier; use `.identifier`)",
                                    "resource_id": "its DBI resource id", "arn": "its ARN", "address": "its endpoint address",
                                    "endpoint": "its endpoint"],
                "aws_rds_cluster_instance": ["arn": "its ARN", "dbi_resource_id": "its DBI resource id"],
            ],
            nameAttribute: .dbInstanceIdentifier),
        "DBClusterIdentifier": Spec(
            kinds: [.databaseCluster],
            fitting: ["AWS::RDS::DBCluster": [nil], "aws_rds_cluster": ["cluster_identifier", "id"]],
            wrong: [
                "AWS::RDS::DBCluster": ["DBClusterResourceId": "its cluster resource id", "DBClusterArn": "its ARN"],
                "aws_rds_cluster": ["cluster_resource_id": "its cluster resource id", "arn": "its ARN", "endpoint": "its endpoint"],
            ],
            nameAttribute: .dbClusterIdentifier),
        "ApiName": Spec(
            kinds: [.restApi],
            fitting: ["aws_api_gateway_rest_api": ["name"]],
            wrong: [
                "AWS::ApiGateway::RestApi": [nil: "its API id (`Ref` of an AWS::ApiGateway::RestApi returns the id; REST API metrics are keyed by the API name)",
                                             "RestApiId": "its API id", "RootResourceId": "its root resource id"],
                "AWS::Serverless::Api": [nil: "its API id (`Ref` of a REST API returns the id; REST API metrics are keyed by the API name)"],
                "aws_api_gateway_rest_api": ["id": "its API id (REST API metrics are keyed by the API name; use `.name`)",
                                             "arn": "its ARN", "execution_arn": "its execution ARN"],
            ],
            nameAttribute: .apiName),
        "ApiId": Spec(
            kinds: [.httpApi],
            fitting: ["AWS::ApiGatewayV2::Api": [nil, "ApiId"], "AWS::Serverless::HttpApi": [nil, "ApiId"], "aws_apigatewayv2_api": ["id"]],
            wrong: ["aws_apigatewayv2_api": ["name": "its name (HTTP API metrics are keyed by the API id; use `.id`)",
                                            "arn": "its ARN", "api_endpoint": "its endpoint"]],
            nameAttribute: nil),
        "StateMachineArn": Spec(
            kinds: [.stateMachine],
            fitting: ["AWS::StepFunctions::StateMachine": [nil, "Arn"], "AWS::Serverless::StateMachine": [nil, "Arn"],
                      "aws_sfn_state_machine": ["arn", "id"]],
            wrong: [
                "AWS::StepFunctions::StateMachine": ["Name": "its name (the metric is keyed by the ARN)"],
                "AWS::Serverless::StateMachine": ["Name": "its name (the metric is keyed by the ARN)"],
                "aws_sfn_state_machine": ["name": "its name (the metric is keyed by the ARN; use `.arn`)"],
            ],
            nameAttribute: nil),
        "StreamName": Spec(
            kinds: [.stream],
            fitting: ["AWS::Kinesis::Stream": [nil], "aws_kinesis_stream": ["name"]],
            wrong: ["AWS::Kinesis::Stream": ["Arn": "its ARN"],
                    "aws_kinesis_stream": ["id": "its ARN (`aws_kinesis_stream.id` is the ARN; use `.name`)", "arn": "its ARN"]],
            nameAttribute: .streamName),
        "DistributionId": Spec(
            kinds: [.distribution],
            fitting: ["AWS::CloudFront::Distribution": [nil, "Id"], "aws_cloudfront_distribution": ["id"]],
            wrong: ["AWS::CloudFront::Distribution": ["DomainName": "its domain name"],
                    "aws_cloudfront_distribution": ["arn": "its ARN", "domain_name": "its domain name"]],
            nameAttribute: nil),
        // Node-level metrics: a replication group's members are `<group id>-001`, … (§0.4),
        // so the value is the group's id followed by a member suffix.
        "CacheClusterId": Spec(
            kinds: [.cacheReplicationGroup],
            fitting: ["AWS::ElastiCache::ReplicationGroup": [nil], "aws_elasticache_replication_group": ["id", "replication_group_id", "member_clusters"]],
            wrong: [:],
            nameAttribute: .replicationGroupID),
    ]

    /// The kinds a dimension names; empty for a dimension that names no subject (`Stage`, `Region`).
    public static func kinds(of dimension: String) -> Set<ResourceKind> {
        specs[dimension]?.kinds ?? []
    }

    /// What `reference` gives as the value of `dimension`, for the resource it points at.
    public static func fit(of reference: ResourceReference, to target: Resource, dimension: String) -> Fit {
        guard let spec = specs[dimension], spec.kinds.contains(target.kind) else { return .unrelated }
        if spec.fitting[target.sourceType]?.contains(reference.attribute) == true { return .fits }
        if let wrong = spec.wrong[target.sourceType]?[reference.attribute] { return .misWired(wrong) }
        // A `Ref`-like bare reference of a type not listed: the table does not know it.
        return .unrelated
    }

    /// The dimension a subject's metrics are keyed by, for its kind (`FunctionName` for a function).
    public static func dimension(keying kind: ResourceKind) -> String? {
        specs.first { $0.value.kinds.contains(kind) }?.key
    }

    /// The reference a suggested alarm uses for `dimension` of `subject`, in the subject's
    /// own spelling; `nil` when no attribute of the type gives it (a CloudFormation REST
    /// API's name), and the caller falls back to the literal name.
    public static func suggestedReference(to subject: Resource, dimension: String) -> ResourceReference? {
        guard let first = specs[dimension]?.fitting[subject.sourceType]?.first else { return nil }
        return ResourceReference(target: subject.id, attribute: first)
    }

    /// The model attribute that holds a subject's literal name for `dimension`.
    public static func nameAttribute(of dimension: String) -> AttributeName? {
        specs[dimension]?.nameAttribute
    }
}
