import AuditCore
import AuditGraph
import AuditModel

/// AS-COST-003: the half-fix: a gateway endpoint on some route tables, not the NAT-routed ones.
struct GatewayEndpointMissingNatRouteTables: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-003",
        slug: "gateway-endpoint-missing-nat-route-tables",
        title: "Gateway endpoint exists but not associated with the NAT-routed route tables",
        severity: .medium,
        pack: .natCost,
        tags: ["cost", "nat", "network", "vpc-endpoint"],
        rationale: """
            A common half-fix: the S3 or DynamoDB gateway endpoint is created for the public \\
            route table only, or with no route tables at all, so the private subnets still \\
            send that traffic through the NAT gateway at $0.045/GB (us-east-1; AWS VPC \\
            pricing) although the endpoint would carry it for free. A gateway endpoint works \\
            only for the route tables it lists (`RouteTableIds`, `route_table_ids`, \\
            `aws_vpc_endpoint_route_table_association`); with none it does nothing. A route \\
            table is NAT-routed when its `0.0.0.0/0` route targets a NAT gateway. KICS \\
            `0bc534c5-13d1-4353-a7fe-b8665d5c1d7d` (DynamoDB VPC endpoint without route table \\
            association) is a partial, networking-framed peer.
            """,
        remediation: """
            Add every NAT-routed route table of the VPC to the endpoint's route tables.
            """,
        references: [
            "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcendpoint.html",
        ],
        peerIDs: ["kics:0bc534c5-13d1-4353-a7fe-b8665d5c1d7d"]
    )

    static let subjects: Set<ResourceKind> = [.vpcEndpoint]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = NetworkGraph.of(model)
        guard let endpoint = graph.endpoints[resource.id], let service = endpoint.service, ["s3", "dynamodb"].contains(service) else { return }
        let location = resource.location(of: .routeTableIDs)
        switch endpoint.isGateway {
        case nil:
            report.unknown("endpoint type \(resource[.vpcEndpointType].value?.displayText ?? "")", resource: resource, at: location)
            return
        case false?:
            return
        case true?:
            break
        }
        if let unresolved = endpoint.routeTables.first(where: { if case .unresolved = $0 { true } else { false } }) {
            report.unknown("route tables \(unresolved.displayText)", resource: resource, at: location)
            return
        }
        // NAT-routed tables of the endpoint's VPC (of its scope when the VPC is not written).
        var natRouted: [(id: NetworkGraph.Target, name: String)] = []
        for table in graph.routeTables(inScope: resource.id.scope) {
            if let vpc = endpoint.vpc, table.vpc != vpc { continue }
            if table.defaultRoutes.contains(where: { $0.isIPv4 && $0.destinationKnown && Self.isNAT($0.target) }) {
                natRouted.append((.resource(table.id), table.id.name))
            }
        }
        for vpcTarget in [endpoint.vpc].compactMap({ $0 }) {
            guard case .resource(let vpc) = vpcTarget, let routes = graph.mainTableRoutes[vpc] else { continue }
            if routes.contains(where: { $0.isIPv4 && Self.isNAT($0.target) }) { natRouted.append((.resource(vpc), "the main route table of \(vpc.name)")) }
        }
        let missing = natRouted.filter { !endpoint.routeTables.contains($0.id) }
        guard !missing.isEmpty else {
            report.pass()
            return
        }
        let serviceName = service == "s3" ? "S3" : "DynamoDB"
        let quote = NatCostPricing.quote(for: resource, in: model, settings: report.settings)
        let perGB = quote.dollars(.natGatewayGB)
        let assumed = report.settings.traffic[service]
        let traffic = assumed.map { $0 * perGB }
        let estimate = quote.estimate(
            monthlyFixed: 0, monthlyTraffic: traffic, perGB: perGB, monthlyAvoidable: traffic,
            basis: ["\(serviceName) traffic of the missing tables through NAT at \(CostEstimate.rate(perGB))/GB"]
                + (assumed.map { ["\(TrafficAssumption.number($0)) GB/month of \(serviceName) (--assume-gb \(service)=…)"] } ?? []),
            items: [.natGatewayGB]
        )
        let names = missing.map(\.name).joined(separator: ", ")
        let listed = endpoint.routeTables.isEmpty ? "lists no route table, so it serves nothing" : "does not list NAT-routed \(names)"
        report.fail(
            "\(serviceName) gateway endpoint \(listed): \(serviceName) traffic from \(names) still pays "
                + "\(CostEstimate.rate(perGB))/GB NAT processing (\(traffic.map { "\(CostEstimate.dollars($0))/month at the assumed traffic" } ?? estimate.sensitivity ?? ""); \(estimate.label))",
            resource: resource, at: location, attribute: AttributeName.routeTableIDs.rawValue, estimate: estimate,
            rootCause: "\(resource.id.scope)|no \(service) gateway endpoint|\(names)"
        )
    }

    private static func isNAT(_ target: NetworkGraph.RouteTarget) -> Bool {
        if case .natGateway = target { return true }
        return false
    }

    static let publicOnlyEndpoint = """
          PublicRoutes:
            Type: AWS::EC2::RouteTable
            Properties:
              VpcId: !Ref VPC
          S3Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: !Ref VPC
              ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
              ↓RouteTableIds: [!Ref PublicRoutes]
        """

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "public-table-only",
             NatCostExamples.cloudFormation(actions: ["sqs:SendMessage"], marker: false, extra: publicOnlyEndpoint)),
        .good(.cloudFormationYAML, scenario: "private-table-listed",
              NatCostExamples.cloudFormation(actions: ["sqs:SendMessage"], marker: false, extra: S3ThroughNatWithoutGatewayEndpoint.s3Endpoint)),
        .bad(.terraformJSON, scenario: "no-route-tables", NatCostExamples.terraform(
            actions: ["sqs:SendMessage"], marker: false,
            extra: #"""
            "aws_vpc_endpoint": {
              ↓"dynamodb": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.us-east-1.dynamodb"}
            },
            """#
        )),
        .good(.terraformJSON, scenario: "associated-separately", NatCostExamples.terraform(
            actions: ["sqs:SendMessage"], marker: false,
            extra: #"""
            "aws_vpc_endpoint": {
              "dynamodb": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.us-east-1.dynamodb"}
            },
            "aws_vpc_endpoint_route_table_association": {
              "dynamodb_private": {"vpc_endpoint_id": "${aws_vpc_endpoint.dynamodb.id}", "route_table_id": "${aws_route_table.private.id}"}
            },
            """#
        )),
        .good(.terraformJSON, scenario: "interface-endpoint", NatCostExamples.terraform(
            actions: ["sqs:SendMessage"], marker: false,
            extra: #"""
            "aws_vpc_endpoint": {
              "s3": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.us-east-1.s3", "vpc_endpoint_type": "Interface", "private_dns_enabled": true}
            },
            """#
        )),
        .bad(.terraformPlan, scenario: "plan-no-route-tables",
             NatCostPlanExamples.worker(endpoint: true, marker: false, endpointRouteTables: false, endpointMarker: true)),
        .good(.terraformPlan, scenario: "plan-private-table-listed", NatCostPlanExamples.worker(endpoint: true, marker: false)),
    ]
}
