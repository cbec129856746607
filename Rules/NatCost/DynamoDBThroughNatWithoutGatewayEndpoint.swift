import AuditCore
import AuditModel

/// AS-COST-002: DynamoDB traffic from private subnets pays NAT processing a free endpoint removes.
struct DynamoDBThroughNatWithoutGatewayEndpoint: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-002",
        slug: "dynamodb-through-nat-without-gateway-endpoint",
        title: "NAT-routed workloads reach DynamoDB but no DynamoDB gateway endpoint",
        severity: .medium,
        pack: .natCost,
        tags: ["cost", "nat", "network", "dynamodb", "vpc-endpoint"],
        rationale: """
            Lambdas placed in a VPC to reach a database often also call DynamoDB, and that \\
            traffic silently flows through the NAT gateway at $0.045/GB (us-east-1; AWS VPC \\
            pricing) when a DynamoDB gateway endpoint would carry it for free (AWS PrivateLink \\
            guide, gateway endpoints). Evidence is the workload's role granting DynamoDB \\
            actions, or an environment variable naming a table. Stream reads \\
            (`dynamodb:GetRecords`, `GetShardIterator`, `DescribeStream`, `ListStreams`) are \\
            not evidence: a DynamoDB stream event source mapping is polled by the Lambda \\
            service, not from the function's interfaces, so it never crosses your NAT. Pass \\
            `--assume-gb dynamodb=50` for a monthly figure. No peer tool checks this \\
            (rule-catalog §7).
            """,
        remediation: """
            Add a DynamoDB gateway endpoint (service `com.amazonaws.<region>.dynamodb`, type \\
            Gateway by default) and list every NAT-routed route table in its route tables.
            """,
        references: [
            "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/vpc-endpoints-dynamodb.html",
            "https://aws.amazon.com/vpc/pricing/",
        ]
    )

    static let subjects: Set<ResourceKind> = [.function]

    func check(_ function: Resource, in model: CloudModel, _ report: inout RuleReport) {
        GatewayEndpointCoverage.check(function, service: "dynamodb", serviceName: "DynamoDB", in: model, &report)
    }

    static let dynamoDBEndpoint = """
          DynamoDBEndpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: !Ref VPC
              ServiceName: !Sub com.amazonaws.${AWS::Region}.dynamodb
              VpcEndpointType: Gateway
              RouteTableIds: [!Ref PrivateRoutes]
        """

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-endpoint", NatCostExamples.cloudFormation(actions: ["dynamodb:GetItem", "dynamodb:Query"])),
        .good(.cloudFormationYAML, scenario: "endpoint-on-private-table",
              NatCostExamples.cloudFormation(actions: ["dynamodb:GetItem", "dynamodb:Query"], marker: false, extra: dynamoDBEndpoint)),
        .good(.cloudFormationYAML, scenario: "stream-reads-only",
              NatCostExamples.cloudFormation(actions: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"], marker: false)),
        .bad(.terraformJSON, scenario: "no-endpoint", NatCostExamples.terraform(actions: ["dynamodb:GetItem", "dynamodb:Query"])),
        .good(.terraformJSON, scenario: "endpoint-on-private-table", NatCostExamples.terraform(
            actions: ["dynamodb:GetItem", "dynamodb:Query"], marker: false,
            extra: #"""
            "aws_vpc_endpoint": {
              "dynamodb": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.us-east-1.dynamodb"}
            },
            "aws_vpc_endpoint_route_table_association": {
              "dynamodb_private": {"vpc_endpoint_id": "${aws_vpc_endpoint.dynamodb.id}", "route_table_id": "${aws_route_table.private.id}"}
            },
            """#
        )),
        .good(.terraformJSON, scenario: "stream-reads-only", NatCostExamples.terraform(
            actions: ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"], marker: false)),
        .bad(.terraformPlan, scenario: "plan-no-endpoint", NatCostPlanExamples.worker(endpoint: false, marker: true)),
        .good(.terraformPlan, scenario: "plan-endpoint", NatCostPlanExamples.worker(endpoint: true, marker: false)),
    ]
}
