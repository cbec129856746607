/// Plan JSON (`terraform show -json`, Terraform 1.11, AWS provider 5.100) of the shared NAT
/// cost example network, trimmed to what the rules read: a private subnet whose route
/// table sends `0.0.0.0/0` to a NAT gateway, and a function there whose role reads S3 and
/// DynamoDB. Subnet ids, role ARNs and route targets are known only after apply, so the
/// links come from `configuration` references, as in a real plan.
enum NatCostPlanExamples {
    static func worker(endpoint: Bool, marker: Bool, endpointRouteTables: Bool = true, endpointMarker: Bool = false) -> String {
        let at = endpointMarker ? "↓" : ""
        let endpointValues = endpoint ? #"""
                {
                  "address": \#(at)"aws_vpc_endpoint.s3",
                  "mode": "managed",
                  "type": "aws_vpc_endpoint",
                  "name": "s3",
                  "values": {"service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Gateway", "private_dns_enabled": false}
                },
                {
                  "address": \#(at)"aws_vpc_endpoint.dynamodb",
                  "mode": "managed",
                  "type": "aws_vpc_endpoint",
                  "name": "dynamodb",
                  "values": {"service_name": "com.amazonaws.eu-west-1.dynamodb", "vpc_endpoint_type": "Gateway", "private_dns_enabled": false}
                },
        """# : ""
        let endpointChanges = endpoint ? #"""
            {
              "address": "aws_vpc_endpoint.s3",
              "mode": "managed",
              "type": "aws_vpc_endpoint",
              "name": "s3",
              "change": {"actions": ["create"], "after": {"service_name": "com.amazonaws.eu-west-1.s3"}, "after_unknown": {"id": true, \#(endpointRouteTables ? #""route_table_ids": true, "# : "")"vpc_id": true}}
            },
            {
              "address": "aws_vpc_endpoint.dynamodb",
              "mode": "managed",
              "type": "aws_vpc_endpoint",
              "name": "dynamodb",
              "change": {"actions": ["create"], "after": {"service_name": "com.amazonaws.eu-west-1.dynamodb"}, "after_unknown": {"id": true, \#(endpointRouteTables ? #""route_table_ids": true, "# : "")"vpc_id": true}}
            },
        """# : ""
        let tables = endpointRouteTables ? #", "route_table_ids": {"references": ["aws_route_table.private.id", "aws_route_table.private"]}"# : ""
        let endpointConfiguration = endpoint ? #"""
                {
                  "address": "aws_vpc_endpoint.s3",
                  "mode": "managed",
                  "type": "aws_vpc_endpoint",
                  "name": "s3",
                  "expressions": {
                    "service_name": {"constant_value": "com.amazonaws.eu-west-1.s3"},
                    "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}\#(tables)
                  }
                },
                {
                  "address": "aws_vpc_endpoint.dynamodb",
                  "mode": "managed",
                  "type": "aws_vpc_endpoint",
                  "name": "dynamodb",
                  "expressions": {
                    "service_name": {"constant_value": "com.amazonaws.eu-west-1.dynamodb"},
                    "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}\#(tables)
                  }
                },
        """# : ""
        return #"""
        {
          "format_version": "1.2",
          "terraform_version": "1.11.4",
          "planned_values": {
            "root_module": {
              "resources": [
        \#(endpointValues)
                {
                  "address": "aws_vpc.main",
                  "mode": "managed",
                  "type": "aws_vpc",
                  "name": "main",
                  "values": {"cidr_block": "10.20.0.0/16"}
                },
                {
                  "address": "aws_subnet.private",
                  "mode": "managed",
                  "type": "aws_subnet",
                  "name": "private",
                  "values": {"availability_zone": "eu-west-1a", "cidr_block": "10.20.10.0/24"}
                },
                {
                  "address": "aws_nat_gateway.main",
                  "mode": "managed",
                  "type": "aws_nat_gateway",
                  "name": "main",
                  "values": {"connectivity_type": "public"}
                },
                {
                  "address": "aws_route_table.private",
                  "mode": "managed",
                  "type": "aws_route_table",
                  "name": "private",
                  "values": {}
                },
                {
                  "address": "aws_route.private_default",
                  "mode": "managed",
                  "type": "aws_route",
                  "name": "private_default",
                  "values": {"destination_cidr_block": "0.0.0.0/0"}
                },
                {
                  "address": "aws_route_table_association.private",
                  "mode": "managed",
                  "type": "aws_route_table_association",
                  "name": "private",
                  "values": {}
                },
                {
                  "address": "aws_iam_role.worker",
                  "mode": "managed",
                  "type": "aws_iam_role",
                  "name": "worker",
                  "values": {
                    "name": "jobdock-worker",
                    "assume_role_policy": "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}],\"Version\":\"2012-10-17\"}"
                  }
                },
                {
                  "address": "aws_iam_role_policy.worker",
                  "mode": "managed",
                  "type": "aws_iam_role_policy",
                  "name": "worker",
                  "values": {
                    "policy": "{\"Statement\":[{\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"dynamodb:GetItem\",\"dynamodb:PutItem\"],\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"
                  }
                },
                {
                  "address": "aws_lambda_function.worker",
                  "mode": "managed",
                  "type": "aws_lambda_function",
                  "name": "worker",
                  "values": {
                    "function_name": "jobdock-worker",
                    "runtime": "python3.12",
                    "vpc_config": [\#(marker ? "↓" : ""){"ipv6_allowed_for_dual_stack": false}]
                  }
                }
              ]
            }
          },
          "resource_changes": [
        \#(endpointChanges)
            {
              "address": "aws_lambda_function.worker",
              "mode": "managed",
              "type": "aws_lambda_function",
              "name": "worker",
              "change": {
                "actions": ["create"],
                "after": {"function_name": "jobdock-worker", "vpc_config": [{"ipv6_allowed_for_dual_stack": false}]},
                "after_unknown": {"arn": true, "role": true, "vpc_config": [{"security_group_ids": true, "subnet_ids": [true], "vpc_id": true}]}
              }
            }
          ],
          "configuration": {
            "provider_config": {
              "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}
            },
            "root_module": {
              "resources": [
        \#(endpointConfiguration)
                {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "expressions": {"cidr_block": {"constant_value": "10.20.0.0/16"}}},
                {
                  "address": "aws_subnet.private",
                  "mode": "managed",
                  "type": "aws_subnet",
                  "name": "private",
                  "expressions": {
                    "availability_zone": {"constant_value": "eu-west-1a"},
                    "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}
                  }
                },
                {"address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "expressions": {"subnet_id": {"constant_value": "subnet-0a1b2c3d4e5f60718"}}},
                {
                  "address": "aws_route_table.private",
                  "mode": "managed",
                  "type": "aws_route_table",
                  "name": "private",
                  "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}
                },
                {
                  "address": "aws_route.private_default",
                  "mode": "managed",
                  "type": "aws_route",
                  "name": "private_default",
                  "expressions": {
                    "destination_cidr_block": {"constant_value": "0.0.0.0/0"},
                    "nat_gateway_id": {"references": ["aws_nat_gateway.main.id", "aws_nat_gateway.main"]},
                    "route_table_id": {"references": ["aws_route_table.private.id", "aws_route_table.private"]}
                  }
                },
                {
                  "address": "aws_route_table_association.private",
                  "mode": "managed",
                  "type": "aws_route_table_association",
                  "name": "private",
                  "expressions": {
                    "route_table_id": {"references": ["aws_route_table.private.id", "aws_route_table.private"]},
                    "subnet_id": {"references": ["aws_subnet.private.id", "aws_subnet.private"]}
                  }
                },
                {"address": "aws_iam_role.worker", "mode": "managed", "type": "aws_iam_role", "name": "worker", "expressions": {"name": {"constant_value": "jobdock-worker"}}},
                {
                  "address": "aws_iam_role_policy.worker",
                  "mode": "managed",
                  "type": "aws_iam_role_policy",
                  "name": "worker",
                  "expressions": {"role": {"references": ["aws_iam_role.worker.id", "aws_iam_role.worker"]}}
                },
                {
                  "address": "aws_lambda_function.worker",
                  "mode": "managed",
                  "type": "aws_lambda_function",
                  "name": "worker",
                  "expressions": {
                    "function_name": {"constant_value": "jobdock-worker"},
                    "role": {"references": ["aws_iam_role.worker.arn", "aws_iam_role.worker"]},
                    "vpc_config": [
                      {
                        "security_group_ids": {"constant_value": ["sg-0123456789abcdef0"]},
                        "subnet_ids": {"references": ["aws_subnet.private.id", "aws_subnet.private"]}
                      }
                    ]
                  }
                }
              ]
            }
          }
        }
        """#
    }

    /// Two zones, one NAT gateway in each (`count = 2`), and the second private subnet's
    /// table routed to `natForPrivateB`.
    static func zones(natForPrivateB: String, marker: Bool) -> String {
        let index = natForPrivateB.hasSuffix("[0]") ? "0" : "1"
        return #"""
        {
          "format_version": "1.2",
          "terraform_version": "1.11.4",
          "planned_values": {
            "root_module": {
              "resources": [
                {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"cidr_block": "10.20.0.0/16"}},
                {
                  "address": "aws_subnet.public[0]", "mode": "managed", "type": "aws_subnet", "name": "public", "index": 0,
                  "values": {"availability_zone": "eu-west-1a", "cidr_block": "10.20.0.0/24", "map_public_ip_on_launch": false}
                },
                {
                  "address": "aws_subnet.public[1]", "mode": "managed", "type": "aws_subnet", "name": "public", "index": 1,
                  "values": {"availability_zone": "eu-west-1b", "cidr_block": "10.20.1.0/24", "map_public_ip_on_launch": false}
                },
                {
                  "address": \#(marker ? "↓" : "")"aws_subnet.private[1]", "mode": "managed", "type": "aws_subnet", "name": "private", "index": 1,
                  "values": {"availability_zone": "eu-west-1b", "cidr_block": "10.20.11.0/24", "map_public_ip_on_launch": false}
                },
                {
                  "address": "aws_nat_gateway.main[0]", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "index": 0,
                  "values": {"connectivity_type": "public", "tags": null}
                },
                {
                  "address": "aws_nat_gateway.main[1]", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "index": 1,
                  "values": {"connectivity_type": "public", "tags": null}
                },
                {"address": "aws_route_table.private[1]", "mode": "managed", "type": "aws_route_table", "name": "private", "index": 1, "values": {"tags": null}},
                {
                  "address": "aws_route.private_default[1]", "mode": "managed", "type": "aws_route", "name": "private_default", "index": 1,
                  "values": {"carrier_gateway_id": null, "destination_cidr_block": "0.0.0.0/0", "gateway_id": null, "transit_gateway_id": null, "vpc_peering_connection_id": null}
                },
                {"address": "aws_route_table_association.private[1]", "mode": "managed", "type": "aws_route_table_association", "name": "private", "index": 1, "values": {"gateway_id": null}}
              ]
            }
          },
          "configuration": {
            "root_module": {
              "resources": [
                {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "expressions": {"cidr_block": {"constant_value": "10.20.0.0/16"}}},
                {
                  "address": "aws_subnet.public", "mode": "managed", "type": "aws_subnet", "name": "public",
                  "expressions": {"availability_zone": {"references": ["local.azs", "count.index"]}, "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
                  "count_expression": {"constant_value": 2}
                },
                {
                  "address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private",
                  "expressions": {"availability_zone": {"references": ["local.azs", "count.index"]}, "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
                  "count_expression": {"constant_value": 2}
                },
                {
                  "address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main",
                  "expressions": {"subnet_id": {"references": ["aws_subnet.public", "count.index"]}},
                  "count_expression": {"constant_value": 2}
                },
                {
                  "address": "aws_route_table.private", "mode": "managed", "type": "aws_route_table", "name": "private",
                  "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
                  "count_expression": {"constant_value": 2}
                },
                {
                  "address": "aws_route.private_default", "mode": "managed", "type": "aws_route", "name": "private_default",
                  "expressions": {
                    "destination_cidr_block": {"constant_value": "0.0.0.0/0"},
                    "nat_gateway_id": {"references": ["aws_nat_gateway.main[\#(index)].id", "aws_nat_gateway.main[\#(index)]", "aws_nat_gateway.main"]},
                    "route_table_id": {"references": ["aws_route_table.private", "count.index"]}
                  },
                  "count_expression": {"constant_value": 2}
                },
                {
                  "address": "aws_route_table_association.private", "mode": "managed", "type": "aws_route_table_association", "name": "private",
                  "expressions": {
                    "route_table_id": {"references": ["aws_route_table.private", "count.index"]},
                    "subnet_id": {"references": ["aws_subnet.private", "count.index"]}
                  },
                  "count_expression": {"constant_value": 2}
                }
              ]
            }
          }
        }
        """#
    }
}
