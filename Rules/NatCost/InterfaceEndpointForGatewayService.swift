import AuditCore
import AuditGraph
import AuditModel

/// AS-COST-009: an interface endpoint for S3 or DynamoDB bills hourly per AZ where the
/// gateway endpoint is free.
struct InterfaceEndpointForGatewayService: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-009",
        slug: "interface-endpoint-for-gateway-service",
        title: "S3 or DynamoDB reached through an interface endpoint where a gateway endpoint would do",
        severity: .low,
        pack: .natCost,
        tags: ["cost", "network", "vpc-endpoint"],
        rationale: """
            An interface endpoint costs $0.01 per AZ-hour ($7.30 per AZ per month) plus \\
            $0.01/GB (us-east-1; AWS PrivateLink pricing), while the S3 or DynamoDB gateway \\
            endpoint is free for traffic from the same VPC and Region (AWS PrivateLink guide, \\
            gateway endpoints). Interface endpoints for these services are only needed for \\
            on-premises, peered or Transit Gateway clients; when the VPC also has the gateway \\
            endpoint for the service, that is the likely reason and nothing is reported. \\
            `VpcEndpointType` / `vpc_endpoint_type` defaults to Gateway in both formats. The \\
            AZ count is the number of distinct zones of the endpoint's subnets.
            """,
        remediation: """
            Use a gateway endpoint (`VpcEndpointType: Gateway`, the default) on the private \\
            route tables, unless clients outside the VPC need the interface endpoint.
            """,
        references: [
            "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
            "https://aws.amazon.com/privatelink/pricing/",
        ]
    )

    static let subjects: Set<ResourceKind> = [.vpcEndpoint]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = NetworkGraph.of(model)
        guard let endpoint = graph.endpoints[resource.id], let service = endpoint.service, ["s3", "dynamodb"].contains(service) else { return }
        let location = resource.location(of: .vpcEndpointType)
        switch endpoint.isInterface {
        case nil:
            report.unknown("endpoint type \(resource[.vpcEndpointType].value?.displayText ?? "")", resource: resource, at: location)
            return
        case false?:
            return
        case true?:
            break
        }
        let gateways = graph.endpoints(forService: service, inScope: resource.id.scope).filter {
            $0.isGateway == true && (endpoint.vpc == nil || $0.vpc == endpoint.vpc)
        }
        guard gateways.isEmpty else {
            report.pass()
            return
        }
        let zones = Set(endpoint.subnets.compactMap { $0.resourceID.flatMap { graph.subnets[$0]?.zone } })
        let zoneCount = max(1, zones.count)
        let quote = NatCostPricing.quote(for: resource, in: model, settings: report.settings)
        let hours = quote.monthly(.interfaceEndpointHour, count: Double(zoneCount))
        let perGB = quote.dollars(.interfaceEndpointGB)
        let traffic = report.settings.traffic[service].map { $0 * perGB }
        let estimate = quote.estimate(
            monthlyFixed: hours, monthlyTraffic: traffic, perGB: perGB, monthlyAvoidable: hours + (traffic ?? 0),
            basis: ["\(zoneCount) AZ\(zoneCount == 1 ? "" : "s")" + (zones.isEmpty ? " (subnets not read; 1 assumed)" : ""),
                    "a gateway endpoint costs nothing"],
            items: [.interfaceEndpointHour, .interfaceEndpointGB]
        )
        let serviceName = service == "s3" ? "S3" : "DynamoDB"
        report.fail(
            "Interface endpoint for \(serviceName) costs \(CostEstimate.dollars(hours))/month for \(zoneCount) AZ\(zoneCount == 1 ? "" : "s") "
                + "\(estimate.sensitivity ?? "") where a gateway endpoint is free (\(estimate.label))",
            resource: resource, at: location, estimate: estimate
        )
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "interface-only", """
            Resources:
              S3Interface:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: vpc-0123456789abcdef0
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
                  ↓VpcEndpointType: Interface
                  SubnetIds: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]
            """),
        .good(.cloudFormationYAML, scenario: "gateway", """
            Resources:
              S3Gateway:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: vpc-0123456789abcdef0
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
                  RouteTableIds: [rtb-0123456789abcdef0]
            """),
        .good(.cloudFormationYAML, scenario: "interface-beside-gateway", """
            Resources:
              S3Gateway:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: vpc-0123456789abcdef0
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
                  RouteTableIds: [rtb-0123456789abcdef0]
              S3Interface:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: vpc-0123456789abcdef0
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
                  VpcEndpointType: Interface
                  SubnetIds: [subnet-0123456789abcdef0]
            """),
        .bad(.terraformJSON, scenario: "interface-only", """
            {
              "resource": {
                "aws_vpc_endpoint": {
                  "dynamodb": {
                    "vpc_id": "vpc-0123456789abcdef0",
                    "service_name": "com.amazonaws.eu-west-1.dynamodb",
                    ↓"vpc_endpoint_type": "Interface",
                    "subnet_ids": ["subnet-0123456789abcdef0"]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "gateway", """
            {
              "resource": {
                "aws_vpc_endpoint": {
                  "dynamodb": {"vpc_id": "vpc-0123456789abcdef0", "service_name": "com.amazonaws.eu-west-1.dynamodb", "route_table_ids": ["rtb-0123456789abcdef0"]}
                }
              }
            }
            """),
    ]
}
