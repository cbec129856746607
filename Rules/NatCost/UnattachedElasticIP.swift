import AuditCore
import AuditGraph
import AuditModel

/// AS-COST-008: a public IPv4 address bills by the hour whether or not anything uses it.
struct UnattachedElasticIP: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-008",
        slug: "unattached-elastic-ip",
        title: "Unattached Elastic IP",
        severity: .low,
        pack: .natCost,
        tags: ["cost", "network", "ipv4"],
        rationale: """
            Since 1 February 2024 every public IPv4 address costs $0.005 per hour, $3.65 per \\
            month, attached or not (AWS public IPv4 charge, every Region). An Elastic IP is \\
            attached when a NAT gateway (`AllocationId` / `allocation_id`), an \\
            `AWS::EC2::EIPAssociation` / `aws_eip_association`, a load balancer subnet \\
            mapping, or its own `InstanceId` / `instance` / `network_interface` uses it. An \\
            address passed to a module or exported by an output may be attached elsewhere: \\
            unknown. checkov `CKV2_AWS_19` checks EIPs are attached to instances, with a \\
            security and hygiene framing.
            """,
        remediation: """
            Release the address, or attach it (an association, a NAT gateway's allocation).
            """,
        references: [
            "https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/",
            "https://aws.amazon.com/vpc/pricing/",
        ],
        peerIDs: ["checkov:CKV2_AWS_19"]
    )

    static let subjects: Set<ResourceKind> = [.elasticIP]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        guard let address = NetworkGraph.of(model).elasticIPs[resource.id] else { return }
        switch address.use {
        case .attached:
            report.pass()
        case .unknown(let reason):
            report.unknown(reason, resource: resource)
        case .unattached:
            let quote = NatCostPricing.quote(for: resource, in: model, settings: report.settings)
            let monthly = quote.monthly(.publicIPv4Hour)
            let estimate = quote.estimate(monthlyFixed: monthly, monthlyAvoidable: monthly, basis: ["1 public IPv4 address"],
                                          items: [.publicIPv4Hour])
            report.fail(
                "Elastic IP is attached to nothing and still costs \(CostEstimate.dollars(monthly))/month "
                    + "(\(CostEstimate.rate(quote.dollars(.publicIPv4Hour)))/h public IPv4; \(estimate.label))",
                resource: resource, estimate: estimate
            )
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "unattached", """
            Resources:
              ↓SpareAddress:
                Type: AWS::EC2::EIP
                Properties:
                  Domain: vpc
            """),
        .good(.cloudFormationYAML, scenario: "nat-allocation", """
            Resources:
              NatAddress:
                Type: AWS::EC2::EIP
                Properties:
                  Domain: vpc
              Nat:
                Type: AWS::EC2::NatGateway
                Properties:
                  AllocationId: !GetAtt NatAddress.AllocationId
                  SubnetId: subnet-0123456789abcdef0
            """),
        .good(.cloudFormationYAML, scenario: "association", """
            Resources:
              BastionAddress:
                Type: AWS::EC2::EIP
                Properties:
                  Domain: vpc
              BastionAssociation:
                Type: AWS::EC2::EIPAssociation
                Properties:
                  AllocationId: !GetAtt BastionAddress.AllocationId
                  InstanceId: i-0123456789abcdef0
            """),
        .bad(.terraformJSON, scenario: "unattached", """
            {
              "resource": {
                "aws_eip": {
                  ↓"spare": {"domain": "vpc"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "nat-allocation", """
            {
              "resource": {
                "aws_eip": {"nat": {"domain": "vpc"}},
                "aws_nat_gateway": {"main": {"allocation_id": "${aws_eip.nat.id}", "subnet_id": "subnet-0123456789abcdef0"}}
              }
            }
            """),
        .good(.terraformJSON, scenario: "association", """
            {
              "resource": {
                "aws_eip": {"bastion": {"domain": "vpc"}},
                "aws_eip_association": {"bastion": {"allocation_id": "${aws_eip.bastion.id}", "instance_id": "i-0123456789abcdef0"}}
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-unattached", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": ↓"aws_eip.spare",
                      "mode": "managed",
                      "type": "aws_eip",
                      "name": "spare",
                      "provider_name": "registry.terraform.io/hashicorp/aws",
                      "schema_version": 0,
                      "values": {"address": null, "associate_with_private_ip": null, "domain": "vpc", "tags": null, "timeouts": null}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_eip.spare",
                  "mode": "managed",
                  "type": "aws_eip",
                  "name": "spare",
                  "change": {
                    "actions": ["create"],
                    "after": {"domain": "vpc", "tags": null},
                    "after_unknown": {"allocation_id": true, "id": true, "instance": true, "network_interface": true, "public_ip": true}
                  }
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {"address": "aws_eip.spare", "mode": "managed", "type": "aws_eip", "name": "spare", "expressions": {"domain": {"constant_value": "vpc"}}}
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-nat-allocation", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {"address": "aws_eip.nat", "mode": "managed", "type": "aws_eip", "name": "nat", "values": {"domain": "vpc"}},
                    {"address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "values": {"subnet_id": "subnet-0123456789abcdef0"}}
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_eip.nat",
                  "mode": "managed",
                  "type": "aws_eip",
                  "name": "nat",
                  "change": {"actions": ["create"], "after": {"domain": "vpc"}, "after_unknown": {"id": true, "instance": true, "network_interface": true}}
                }
              ],
              "configuration": {
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
    ]
}
