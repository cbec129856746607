import AuditCore
import AuditGraph
import AuditModel

/// AS-COST-010: AWS API traffic through NAT above the interface endpoint's breakeven, and
/// interface endpoints that SDKs never use because private DNS is off.
struct InterfaceEndpointWouldPayOff: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-010",
        slug: "interface-endpoint-would-pay-off",
        title: "Heavy AWS-API traffic through NAT that an interface endpoint would make cheaper",
        severity: .low,
        pack: .natCost,
        tags: ["cost", "nat", "network", "vpc-endpoint"],
        rationale: """
            For services without gateway endpoints (SQS, SNS, Secrets Manager, ECR, STS, …) \\
            an interface endpoint costs $0.01/GB instead of the NAT's $0.045/GB but $7.30 per \\
            AZ per month (us-east-1; AWS PrivateLink and VPC pricing), so it pays off above \\
            about 208.6 GB per month per AZ (rule-catalog §3.2). Traffic is only known when \\
            you give it (`--assume-gb sqs=800`): a NAT-routed function whose role calls a \\
            service above the breakeven, with no interface endpoint for it, is reported low. \\
            Separately, an interface endpoint with `PrivateDnsEnabled` / \\
            `private_dns_enabled` absent or false (the default in both formats) is not used \\
            by SDKs that call the service's public hostname: the endpoint bills and NAT still \\
            pays, reported medium. KICS `e9b7acf9-9ba0-4837-a744-31e7df1e434d` (SQS VPC \\
            endpoint without DNS resolution) is a partial peer.
            """,
        remediation: """
            Set `PrivateDnsEnabled: true` / `private_dns_enabled = true` on interface \\
            endpoints (with DNS support and hostnames on the VPC); add an interface endpoint \\
            for a service whose traffic is above the breakeven.
            """,
        references: [
            "https://aws.amazon.com/privatelink/pricing/",
            "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
        ],
        peerIDs: ["kics:e9b7acf9-9ba0-4837-a744-31e7df1e434d"]
    )

    static let subjects: Set<ResourceKind> = [.vpcEndpoint, .function]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if resource.kind == .vpcEndpoint {
            checkPrivateDNS(resource, in: model, &report)
        } else {
            checkBreakeven(resource, in: model, &report)
        }
    }

    private func checkPrivateDNS(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = NetworkGraph.of(model)
        // S3 and DynamoDB interface endpoints are AS-COST-009's.
        guard let endpoint = graph.endpoints[resource.id], endpoint.isInterface == true, let service = endpoint.service,
              !["s3", "dynamodb"].contains(service) else { return }
        let location = resource.location(of: .privateDNSEnabled)
        switch endpoint.privateDNS {
        case .value(true):
            report.pass()
        case .unknown(let expression):
            report.unknown("private DNS \(expression)", resource: resource, at: location)
        case .value(false), .absent:
            let zones = max(1, Set(endpoint.subnets.compactMap { $0.resourceID.flatMap { graph.subnets[$0]?.zone } }).count)
            let quote = NatCostPricing.quote(for: resource, in: model, settings: report.settings)
            let hours = quote.monthly(.interfaceEndpointHour, count: Double(zones))
            let estimate = quote.estimate(monthlyFixed: hours, perGB: quote.dollars(.natGatewayGB),
                                          basis: ["\(zones) AZ\(zones == 1 ? "" : "s")", "\(service) traffic keeps going through NAT"],
                                          items: [.interfaceEndpointHour, .natGatewayGB])
            let why = resource[.privateDNSEnabled].isDefaulted ? "private DNS is off by default" : "private DNS is off"
            report.fail(
                "Interface endpoint for \(service) is not used by SDKs: \(why), so calls to the public hostname still go through NAT "
                    + "while the endpoint bills \(CostEstimate.dollars(hours))/month (\(estimate.label))",
                resource: resource, at: location, severity: .medium, estimate: estimate
            )
        }
    }

    private func checkBreakeven(_ function: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let traffic = report.settings.traffic
        guard !traffic.isEmpty else { return }
        let graph = NetworkGraph.of(model)
        guard let placement = graph.placement(of: function.id), let reach = WorkloadReach.of(model).reach(of: function.id) else { return }
        let natSubnets = placement.subnets.compactMap(\.resourceID).filter { graph.egress(of: $0).isNAT }
        guard !natSubnets.isEmpty else { return }
        let zones = max(1, Set(natSubnets.compactMap { graph.subnets[$0]?.zone }).count)
        let quote = NatCostPricing.quote(for: function, in: model, settings: report.settings)
        let natGB = quote.dollars(.natGatewayGB)
        let endpointGB = quote.dollars(.interfaceEndpointGB)
        let fixed = quote.monthly(.interfaceEndpointHour, count: Double(zones))
        let breakeven = fixed / (natGB - endpointGB)
        for service in reach.services.keys.sorted() where !["s3", "dynamodb"].contains(service) {
            guard let gigabytes = traffic[service], gigabytes > breakeven else { continue }
            if !graph.endpoints(forService: service, inScope: function.id.scope).filter({ $0.isInterface != false }).isEmpty { continue }
            let saved = gigabytes * (natGB - endpointGB) - fixed
            let estimate = quote.estimate(
                monthlyFixed: 0, monthlyTraffic: gigabytes * natGB, perGB: natGB, monthlyAvoidable: saved,
                basis: ["\(TrafficAssumption.number(gigabytes)) GB/month of \(service) (--assume-gb)", "\(zones) AZ\(zones == 1 ? "" : "s")",
                        "breakeven \(TrafficAssumption.number((breakeven * 10).rounded() / 10)) GB/month"],
                items: [.natGatewayGB, .interfaceEndpointHour, .interfaceEndpointGB]
            )
            report.fail(
                "\(function.id.name) sends \(TrafficAssumption.number(gigabytes)) GB/month of \(service) through NAT "
                    + "(\(reach.evidence(for: service).first?.reason ?? "")), above the interface endpoint's breakeven of "
                    + "\(TrafficAssumption.number((breakeven * 10).rounded() / 10)) GB: an endpoint saves \(CostEstimate.dollars(saved))/month (\(estimate.label))",
                resource: function, at: function.location(of: .vpcSubnetIDs), estimate: estimate
            )
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "private-dns-default", """
            Resources:
              ↓SqsEndpoint:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: vpc-0123456789abcdef0
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.sqs
                  VpcEndpointType: Interface
                  SubnetIds: [subnet-0123456789abcdef0]
            """),
        .good(.cloudFormationYAML, scenario: "private-dns-on", """
            Resources:
              SqsEndpoint:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcId: vpc-0123456789abcdef0
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.sqs
                  VpcEndpointType: Interface
                  PrivateDnsEnabled: true
                  SubnetIds: [subnet-0123456789abcdef0]
            """),
        .bad(.terraformJSON, scenario: "private-dns-default", """
            {
              "resource": {
                "aws_vpc_endpoint": {
                  ↓"secrets": {
                    "vpc_id": "vpc-0123456789abcdef0",
                    "service_name": "com.amazonaws.us-east-1.secretsmanager",
                    "vpc_endpoint_type": "Interface",
                    "subnet_ids": ["subnet-0123456789abcdef0"]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "private-dns-on", """
            {
              "resource": {
                "aws_vpc_endpoint": {
                  "secrets": {
                    "vpc_id": "vpc-0123456789abcdef0",
                    "service_name": "com.amazonaws.us-east-1.secretsmanager",
                    "vpc_endpoint_type": "Interface",
                    "private_dns_enabled": true,
                    "subnet_ids": ["subnet-0123456789abcdef0"]
                  }
                }
              }
            }
            """),
    ]
}
