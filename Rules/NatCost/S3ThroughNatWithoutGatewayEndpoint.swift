import AuditCore
import AuditModel

/// AS-COST-001: S3 traffic from private subnets pays NAT processing a free endpoint removes.
struct S3ThroughNatWithoutGatewayEndpoint: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-001",
        slug: "s3-through-nat-without-gateway-endpoint",
        title: "NAT-routed workloads reach S3 but no S3 gateway endpoint",
        severity: .medium,
        pack: .natCost,
        tags: ["cost", "nat", "network", "s3", "vpc-endpoint"],
        rationale: """
            Every GB a workload in a NAT-routed subnet reads from or writes to S3 pays the NAT \\
            gateway's $0.045/GB processing charge (us-east-1; AWS VPC pricing), while an S3 \\
            gateway endpoint on the subnet's route table carries the same traffic for free \\
            ("There is no additional charge for using gateway endpoints", AWS PrivateLink \\
            guide): about $46 per TiB. Evidence that a workload calls S3 is its role granting \\
            S3 object or listing actions (inline, attached, AWS managed and SAM policies, \\
            through the IAM pack's principal aggregation) or an environment variable naming a \\
            bucket; S3 event notifications are not evidence, since S3 invokes the function \\
            from outside the VPC. A subnet uses its explicit route table association, else \\
            the VPC's main table. Traffic cannot be known from configuration: pass \\
            `--assume-gb s3=300` for a monthly figure. checkov and KICS have no such check; \\
            their NAT checks are security-side (rule-catalog §8).
            """,
        remediation: """
            Add an S3 gateway endpoint (`AWS::EC2::VPCEndpoint` / `aws_vpc_endpoint` with \\
            service `com.amazonaws.<region>.s3`; the type defaults to Gateway) and list every \\
            NAT-routed route table in `RouteTableIds` / `route_table_ids` (or \\
            `aws_vpc_endpoint_route_table_association`).
            """,
        references: [
            "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
            "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html",
            "https://aws.amazon.com/vpc/pricing/",
        ]
    )

    static let subjects: Set<ResourceKind> = [.function]

    func check(_ function: Resource, in model: CloudModel, _ report: inout RuleReport) {
        GatewayEndpointCoverage.check(function, service: "s3", serviceName: "S3", in: model, &report)
    }

    static let s3Endpoint = """
          S3Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: !Ref VPC
              ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
              RouteTableIds: [!Ref PrivateRoutes]
        """

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-endpoint", NatCostExamples.cloudFormation(actions: ["s3:GetObject", "s3:PutObject"])),
        .good(.cloudFormationYAML, scenario: "endpoint-on-private-table",
              NatCostExamples.cloudFormation(actions: ["s3:GetObject", "s3:PutObject"], marker: false, extra: s3Endpoint)),
        .good(.cloudFormationYAML, scenario: "no-s3-evidence",
              NatCostExamples.cloudFormation(actions: ["sqs:SendMessage"], marker: false)),
        .bad(.terraformJSON, scenario: "no-endpoint", NatCostExamples.terraform(actions: ["s3:GetObject", "s3:PutObject"])),
        .good(.terraformJSON, scenario: "endpoint-on-private-table", NatCostExamples.terraform(
            actions: ["s3:GetObject", "s3:PutObject"], marker: false,
            extra: #"""
            "aws_vpc_endpoint": {
              "s3": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.us-east-1.s3", "route_table_ids": ["${aws_route_table.private.id}"]}
            },
            """#
        )),
        .good(.terraformJSON, scenario: "no-s3-evidence", NatCostExamples.terraform(actions: ["sqs:SendMessage"], marker: false)),
        .bad(.terraformPlan, scenario: "plan-no-endpoint", NatCostPlanExamples.worker(endpoint: false, marker: true)),
        .good(.terraformPlan, scenario: "plan-endpoint", NatCostPlanExamples.worker(endpoint: true, marker: false)),
    ]
}
