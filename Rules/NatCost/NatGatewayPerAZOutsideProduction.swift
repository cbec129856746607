import AuditCore
import AuditGraph
import AuditModel

/// AS-COST-005: per-AZ NAT gateways are production HA, copied into dev and staging.
struct NatGatewayPerAZOutsideProduction: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-005",
        slug: "nat-gateway-per-az-outside-production",
        title: "One NAT gateway per AZ in a non-production environment",
        severity: .low,
        pack: .natCost,
        tags: ["cost", "nat", "network", "environment"],
        rationale: """
            Each NAT gateway costs $32.85 per month before traffic, $36.50 with its public \\
            IPv4 address (us-east-1; AWS VPC pricing, public IPv4 $0.005/h). One per zone is \\
            right for production availability, but VPC modules copy it into development and \\
            staging, where one gateway does. The environment comes from the gateways' tags, \\
            the scope's parameters and variables, or `--environment` (README, Environments); \\
            an environment nobody names is production, so nothing is reported. The finding \\
            sits on the first gateway of the VPC, once per VPC, with the fixed cost of all of \\
            them against one. No peer tool checks this.
            """,
        remediation: """
            Outside production, use one NAT gateway and route every private subnet to it \\
            (terraform-aws-modules/vpc: `single_nat_gateway = true`), or none at all when \\
            gateway endpoints cover the traffic.
            """,
        references: [
            "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html",
            "https://aws.amazon.com/vpc/pricing/",
        ]
    )

    static let subjects: Set<ResourceKind> = [.natGateway]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = NetworkGraph.of(model)
        guard let gateway = graph.natGateways[resource.id] else { return }
        let peers = graph.natGatewayPeers(of: gateway)
        // One finding per VPC, on its first gateway.
        guard peers.count > 1, peers.first?.id == gateway.id else { return }
        let verdict = report.environment(of: resource)
        guard !verdict.isProduction else {
            report.pass()
            return
        }
        let quote = NatCostPricing.quote(for: resource, in: model, settings: report.settings)
        let all = NatCostPricing.natFixed(peers, quote: quote).dollars
        let one = NatCostPricing.natFixed([gateway], quote: quote).dollars
        let estimate = quote.estimate(
            monthlyFixed: all, perGB: quote.dollars(.natGatewayGB), monthlyAvoidable: all - one,
            basis: ["\(peers.count) NAT gateways against 1", "environment \(verdict.environment.rawValue): \(verdict.reason)"],
            items: [.natGatewayHour, .publicIPv4Hour]
        )
        report.fail(
            "\(peers.count) NAT gateways in \(gateway.vpc?.displayText ?? "this scope") for a \(verdict.environment.rawValue) environment "
                + "(\(verdict.reason)): \(CostEstimate.dollars(all))/month fixed against \(CostEstimate.dollars(one)) with one, "
                + "\(CostEstimate.dollars(all - one))/month saved (\(estimate.label))",
            resource: resource, estimate: estimate
        )
    }

    static func cloudFormation(environment: String, marker: Bool) -> String {
        """
        Parameters:
          Stage:
            Type: String
            Default: \(environment)
        Resources:
          VPC:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          PublicA:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: !Select [0, !GetAZs ""]
          PublicB:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: !Select [1, !GetAZs ""]
          \(marker ? "↓" : "")NatA:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: !Ref PublicA
          NatB:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: !Ref PublicB
        """
    }

    static func terraform(environment: String, marker: Bool) -> String {
        #"""
        {
          "resource": {
            "aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}},
            "aws_subnet": {
              "public_a": {"vpc_id": "${aws_vpc.main.id}", "availability_zone": "us-east-1a", "cidr_block": "10.0.0.0/24"},
              "public_b": {"vpc_id": "${aws_vpc.main.id}", "availability_zone": "us-east-1b", "cidr_block": "10.0.1.0/24"}
            },
            "aws_nat_gateway": {
              \#(marker ? "↓" : "")"a": {"subnet_id": "${aws_subnet.public_a.id}", "tags": {"Environment": "\#(environment)"}},
              "b": {"subnet_id": "${aws_subnet.public_b.id}", "tags": {"Environment": "\#(environment)"}}
            }
          }
        }
        """#
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "staging", cloudFormation(environment: "staging", marker: true)),
        .good(.cloudFormationYAML, scenario: "production", cloudFormation(environment: "prod", marker: false)),
        .bad(.terraformJSON, scenario: "staging", terraform(environment: "staging", marker: true)),
        .good(.terraformJSON, scenario: "production", terraform(environment: "production", marker: false)),
    ]
}
