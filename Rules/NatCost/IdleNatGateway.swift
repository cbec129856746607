import AuditCore
import AuditGraph
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
            February 2024); other Regions are priced from auditstack's price table where the \
            configuration names the Region (a Terraform provider's `region`, `--region`). A \
            gateway that no route table sends traffic to is pure cost. Routes are read from \
            the network graph: `AWS::EC2::Route`, `aws_route` and inline `route` blocks, \
            including a plan's `references`. When the gateway is exported (an output) or \
            passed to a module, another stack or the module may route to it, and when a route \
            names a NAT gateway that cannot be resolved (`${var.nat_id}`) it may be this one: \
            the result is unknown rather than a finding.
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

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = NetworkGraph.of(model)
        guard let gateway = graph.natGateways[resource.id] else { return }
        if !gateway.routedBy.isEmpty {
            report.pass()
            return
        }
        if model.exported.contains(gateway.id) {
            report.unknown("exported by an output; routes may live in another stack", resource: resource)
            return
        }
        if let module = model.referrers(of: gateway.id).first(where: { $0.resource.kind == .other && $0.resource.isImplicit }) {
            report.unknown("passed to \(module.resource.id.name); its routes are not in the scanned files", resource: resource)
            return
        }
        // A route whose target cannot be resolved might be this gateway: do not guess.
        if let undecided = graph.unresolvedNATRoutes[gateway.id.scope]?.first {
            report.unknown("route \(undecided.name) targets a NAT gateway that cannot be resolved", resource: resource)
            return
        }
        let quote = NatCostPricing.quote(for: resource, in: model, settings: report.settings)
        let (monthly, breakdown) = NatCostPricing.natFixed([gateway], quote: quote)
        let estimate = quote.estimate(
            monthlyFixed: monthly, monthlyAvoidable: monthly,
            basis: ["1 NAT gateway" + (gateway.isPublic != .value(false) ? " with 1 public IPv4 address" : ""), "no traffic: nothing routes to it"],
            items: [.natGatewayHour, .publicIPv4Hour]
        )
        report.fail(
            "NAT gateway has no route pointing to it and still costs about \(CostEstimate.dollars(monthly))/month (\(breakdown); \(estimate.label))",
            resource: resource, estimate: estimate
        )
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
        .good(.terraformJSON, scenario: "route-target-unresolved", """
            {
              "resource": {
                "aws_nat_gateway": {
                  "main": {"subnet_id": "subnet-0123456789abcdef0"}
                },
                "aws_route": {
                  "private_default": {
                    "route_table_id": "rtb-0123456789abcdef0",
                    "destination_cidr_block": "0.0.0.0/0",
                    "nat_gateway_id": "${var.nat_gateway_id}"
                  }
                }
              },
              "variable": {"nat_gateway_id": {"type": "string"}}
            }
            """),
        .bad(.terraformPlan, scenario: "plan-no-route", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_eip.nat",
                      "mode": "managed",
                      "type": "aws_eip",
                      "name": "nat",
                      "provider_name": "registry.terraform.io/hashicorp/aws",
                      "schema_version": 0,
                      "values": {"domain": "vpc", "tags": null}
                    },
                    {
                      "address": ↓"aws_nat_gateway.main",
                      "mode": "managed",
                      "type": "aws_nat_gateway",
                      "name": "main",
                      "provider_name": "registry.terraform.io/hashicorp/aws",
                      "schema_version": 0,
                      "values": {"connectivity_type": "public", "subnet_id": "subnet-0123456789abcdef0", "tags": null}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_nat_gateway.main",
                  "mode": "managed",
                  "type": "aws_nat_gateway",
                  "name": "main",
                  "change": {
                    "actions": ["create"],
                    "after": {"connectivity_type": "public", "subnet_id": "subnet-0123456789abcdef0", "tags": null},
                    "after_unknown": {"allocation_id": true, "id": true, "network_interface_id": true, "public_ip": true}
                  }
                }
              ],
              "configuration": {
                "provider_config": {
                  "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}
                },
                "root_module": {
                  "resources": [
                    {"address": "aws_eip.nat", "mode": "managed", "type": "aws_eip", "name": "nat", "expressions": {"domain": {"constant_value": "vpc"}}},
                    {
                      "address": "aws_nat_gateway.main",
                      "mode": "managed",
                      "type": "aws_nat_gateway",
                      "name": "main",
                      "expressions": {
                        "allocation_id": {"references": ["aws_eip.nat.id", "aws_eip.nat"]},
                        "subnet_id": {"constant_value": "subnet-0123456789abcdef0"}
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-routed", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_nat_gateway.main",
                      "mode": "managed",
                      "type": "aws_nat_gateway",
                      "name": "main",
                      "values": {"connectivity_type": "public", "subnet_id": "subnet-0123456789abcdef0"}
                    },
                    {
                      "address": "aws_route.private_default",
                      "mode": "managed",
                      "type": "aws_route",
                      "name": "private_default",
                      "values": {"destination_cidr_block": "0.0.0.0/0", "route_table_id": "rtb-0123456789abcdef0"}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_route.private_default",
                  "mode": "managed",
                  "type": "aws_route",
                  "name": "private_default",
                  "change": {
                    "actions": ["create"],
                    "after": {"destination_cidr_block": "0.0.0.0/0", "route_table_id": "rtb-0123456789abcdef0"},
                    "after_unknown": {"id": true, "nat_gateway_id": true, "origin": true, "state": true}
                  }
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_nat_gateway.main",
                      "mode": "managed",
                      "type": "aws_nat_gateway",
                      "name": "main",
                      "expressions": {"subnet_id": {"constant_value": "subnet-0123456789abcdef0"}}
                    },
                    {
                      "address": "aws_route.private_default",
                      "mode": "managed",
                      "type": "aws_route",
                      "name": "private_default",
                      "expressions": {
                        "destination_cidr_block": {"constant_value": "0.0.0.0/0"},
                        "nat_gateway_id": {"references": ["aws_nat_gateway.main.id", "aws_nat_gateway.main"]},
                        "route_table_id": {"constant_value": "rtb-0123456789abcdef0"}
                      }
                    }
                  ]
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
