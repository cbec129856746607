import AuditCore
import AuditModel

/// AS-COST-007: a NAT gateway that no route uses still bills every hour.
struct IdleNatGateway: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-007",
        slug: "idle-nat-gateway",
        title: "Idle NAT gateway (no route points to it)",
        severity: .medium,
        pack: .natCost,
        tags: ["cost", "nat", "network"],
        rationale: """
            A NAT gateway bills for every hour it exists, whether or not traffic flows: \
            730 h × $0.045 = $32.85 per month in us-east-1, plus $3.65 per month for the public \
            IPv4 address of a public gateway (AWS VPC pricing; public IPv4 at $0.005/h since \
            February 2024). A gateway that no route table sends traffic to is pure cost. When \
            the gateway is exported (an output), another stack may route to it, so the result \
            is unknown rather than a finding.
            """,
        remediation: """
            Route private subnets to the gateway (`AWS::EC2::Route` with `NatGatewayId`, or \
            `aws_route` / an `aws_route_table` route with `nat_gateway_id`), or remove the \
            gateway and its Elastic IP.
            """,
        references: [
            "https://aws.amazon.com/vpc/pricing/",
            "https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/",
            "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
        ]
    )

    static let subjects: Set<ResourceKind> = [.natGateway]

    /// us-east-1 list prices (rule-catalog §3.1): $0.045 per NAT hour, $0.005 per public IPv4 hour.
    static let hoursPerMonth = 730.0
    static let natHourly = 0.045
    static let publicIPv4Hourly = 0.005

    func check(_ gateway: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if model.isReferenced(gateway.id, byAnyOf: [.route, .routeTable]) {
            report.pass()
            return
        }
        if model.exported.contains(gateway.id) {
            report.unknown("exported by an output; routes may live in another stack", resource: gateway)
            return
        }
        // A route whose target cannot be resolved might be this gateway: do not guess.
        let undecidedRoute = (model.resources(of: .route, inScope: gateway.id.scope)
            + model.resources(of: .routeTable, inScope: gateway.id.scope)).first { route in
            route[.natGatewayID].isUnresolved || route[.inlineRouteNatGateways].isUnresolved
        }
        if let undecidedRoute {
            report.unknown("route \(undecidedRoute.id.name) targets a NAT gateway that cannot be resolved", resource: gateway)
            return
        }
        var monthly = Self.hoursPerMonth * Self.natHourly
        var breakdown = "$\(Self.dollars(monthly)) NAT hours"
        if case .value(let connectivity) = gateway[.connectivityType].string, connectivity == "public" {
            let ipv4 = Self.hoursPerMonth * Self.publicIPv4Hourly
            monthly += ipv4
            breakdown += " + $\(Self.dollars(ipv4)) public IPv4"
        }
        report.fail(
            "NAT gateway has no route pointing to it and still costs about $\(Self.dollars(monthly))/month (\(breakdown); estimate, us-east-1 list price)",
            resource: gateway
        )
    }

    static func dollars(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        let remainder = cents % 100
        return "\(cents / 100).\(remainder < 10 ? "0" : "")\(remainder)"
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-route", """
            Resources:
              NatIP:
                Type: AWS::EC2::EIP
                Properties:
                  Domain: vpc
              ↓Nat:
                Type: AWS::EC2::NatGateway
                Properties:
                  AllocationId: !GetAtt NatIP.AllocationId
                  SubnetId: subnet-0123456789abcdef0
            """),
        .good(.cloudFormationYAML, scenario: "routed", """
            Resources:
              Nat:
                Type: AWS::EC2::NatGateway
                Properties:
                  SubnetId: subnet-0123456789abcdef0
              PrivateRoutes:
                Type: AWS::EC2::RouteTable
                Properties:
                  VpcId: vpc-0123456789abcdef0
              DefaultRoute:
                Type: AWS::EC2::Route
                Properties:
                  RouteTableId: !Ref PrivateRoutes
                  DestinationCidrBlock: 0.0.0.0/0
                  NatGatewayId: !Ref Nat
            """),
        .good(.cloudFormationYAML, scenario: "exported", """
            Resources:
              Nat:
                Type: AWS::EC2::NatGateway
                Properties:
                  SubnetId: subnet-0123456789abcdef0
            Outputs:
              NatId:
                Value: !Ref Nat
                Export:
                  Name: shared-nat
            """),
        .bad(.terraformJSON, scenario: "no-route", """
            {
              "resource": {
                "aws_eip": {"nat": {"domain": "vpc"}},
                "aws_nat_gateway": {
                  ↓"main": {
                    "allocation_id": "${aws_eip.nat.id}",
                    "subnet_id": "subnet-0123456789abcdef0"
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "routed", """
            {
              "resource": {
                "aws_nat_gateway": {
                  "main": {"subnet_id": "subnet-0123456789abcdef0"}
                },
                "aws_route": {
                  "private_default": {
                    "route_table_id": "rtb-0123456789abcdef0",
                    "destination_cidr_block": "0.0.0.0/0",
                    "nat_gateway_id": "${aws_nat_gateway.main.id}"
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "routed-inline", """
            {
              "resource": {
                "aws_nat_gateway": {
                  "main": {"subnet_id": "subnet-0123456789abcdef0"}
                },
                "aws_route_table": {
                  "private": {
                    "vpc_id": "vpc-0123456789abcdef0",
                    "route": [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.main.id}"}]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "exported", """
            {
              "resource": {
                "aws_nat_gateway": {
                  "main": {"subnet_id": "subnet-0123456789abcdef0"}
                }
              },
              "output": {
                "nat_id": {"value": "${aws_nat_gateway.main.id}"}
              }
            }
            """),
    ]
}
