import AuditGraph
import Foundation
import AuditModel
import Testing

@Suite struct NetworkGraphTests {
    static let cloudFormationVPC = """
        Resources:
          VPC:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          IGW:
            Type: AWS::EC2::InternetGateway
          PublicA:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: !Select [0, !GetAZs ""]
          PrivateA:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: !Select [0, !GetAZs ""]
          PrivateB:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: us-east-1b
          Isolated:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
          PublicRoutes:
            Type: AWS::EC2::RouteTable
            Properties:
              VpcId: !Ref VPC
          PublicDefault:
            Type: AWS::EC2::Route
            Properties:
              RouteTableId: !Ref PublicRoutes
              DestinationCidrBlock: 0.0.0.0/0
              GatewayId: !Ref IGW
          PublicAssoc:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref PublicA
              RouteTableId: !Ref PublicRoutes
          NatIP:
            Type: AWS::EC2::EIP
            Properties:
              Domain: vpc
          SpareIP:
            Type: AWS::EC2::EIP
          Nat:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: !Ref PublicA
              AllocationId: !GetAtt NatIP.AllocationId
          PrivateRoutes:
            Type: AWS::EC2::RouteTable
            Properties:
              VpcId: !Ref VPC
          PrivateDefault:
            Type: AWS::EC2::Route
            Properties:
              RouteTableId: !Ref PrivateRoutes
              DestinationCidrBlock: 0.0.0.0/0
              NatGatewayId: !Ref Nat
          PrivateAssocA:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref PrivateA
              RouteTableId: !Ref PrivateRoutes
          PrivateAssocB:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref PrivateB
              RouteTableId: !Ref PrivateRoutes
          S3Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: !Ref VPC
              ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
              RouteTableIds: [!Ref PublicRoutes]
          Worker:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Handler: index.handler
              Role: arn:aws:iam::123456789012:role/worker
              VpcConfig:
                SubnetIds: [!Ref PrivateA, !Ref PrivateB]
                SecurityGroupIds: [sg-0123456789abcdef0]
          DBSubnets:
            Type: AWS::RDS::DBSubnetGroup
            Properties:
              DBSubnetGroupDescription: db
              SubnetIds: [!Ref PrivateA, !Ref PrivateB]
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DBInstanceClass: db.t4g.micro
              DBSubnetGroupName: !Ref DBSubnets
        """

    @Test func cloudFormationSubnetsRoutesAndPlacement() async throws {
        let model = await loadModel([("vpc.yaml", Self.cloudFormationVPC)])
        let graph = NetworkGraph.of(model)
        func id(_ name: String) -> ResourceID { ResourceID(scope: "vpc.yaml", name: name) }

        #expect(graph.subnets[id("PublicA")]?.zone == .index(0))
        #expect(graph.subnets[id("PrivateB")]?.zone == .name("us-east-1b"))
        #expect(graph.subnets[id("PrivateA")]?.vpc == .resource(id("VPC")))
        #expect(graph.isPublic(id("PublicA")) == .value(true))
        #expect(graph.isPublic(id("PrivateA")) == .value(false))
        guard case .natGateway(let nat, _) = graph.egress(of: id("PrivateB")) else {
            Issue.record("PrivateB should be NAT-routed: \(graph.egress(of: id("PrivateB")))")
            return
        }
        #expect(nat == .resource(id("Nat")))
        // No association: the VPC's main table, which has only the local route.
        #expect(graph.egress(of: id("Isolated")) == .none)

        let gateway = try #require(graph.natGateways[id("Nat")])
        #expect(gateway.zone == .index(0))
        #expect(gateway.isPublic == .value(true))
        #expect(gateway.elasticIP == .resource(id("NatIP")))
        #expect(gateway.routedBy == [id("PrivateDefault")])

        let endpoint = try #require(graph.endpoints[id("S3Endpoint")])
        #expect(endpoint.service == "s3")
        #expect(endpoint.isGateway == true)
        #expect(endpoint.routeTables == [.resource(id("PublicRoutes"))])

        #expect(graph.placement(of: id("Worker"))?.subnets == [.resource(id("PrivateA")), .resource(id("PrivateB"))])
        #expect(graph.placement(of: id("Database"))?.subnets == [.resource(id("PrivateA")), .resource(id("PrivateB"))])
        #expect(graph.workloads(in: id("PrivateB")).map(\.id) == [id("Worker"), id("Database")])
        #expect(graph.vpc(of: try #require(graph.placement(of: id("Worker")))) == .resource(id("VPC")))

        #expect(graph.elasticIPs[id("NatIP")]?.use == .attached(id("Nat")))
        #expect(graph.elasticIPs[id("SpareIP")]?.use == .unattached)
    }

    static let terraformVPC = """
        {
          "resource": {
            "aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}},
            "aws_internet_gateway": {"main": {"vpc_id": "${aws_vpc.main.id}"}},
            "aws_subnet": {
              "public": {"vpc_id": "${aws_vpc.main.id}", "availability_zone": "us-east-1a", "cidr_block": "10.0.0.0/24"},
              "private": {"vpc_id": "${aws_vpc.main.id}", "availability_zone": "us-east-1b", "cidr_block": "10.0.1.0/24"},
              "other": {"vpc_id": "${aws_vpc.main.id}", "availability_zone": "${data.aws_availability_zones.available.names[1]}", "cidr_block": "10.0.2.0/24"}
            },
            "aws_eip": {"nat": {"domain": "vpc"}},
            "aws_nat_gateway": {"main": {"subnet_id": "${aws_subnet.public.id}", "allocation_id": "${aws_eip.nat.id}"}},
            "aws_route_table": {
              "public": {"vpc_id": "${aws_vpc.main.id}", "route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "${aws_internet_gateway.main.id}"}]},
              "private": {"vpc_id": "${aws_vpc.main.id}", "route": [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.main.id}"}]},
              "other": {"vpc_id": "${aws_vpc.main.id}"}
            },
            "aws_route": {
              "other_default": {"route_table_id": "${aws_route_table.other.id}", "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "${var.nat_id}"}
            },
            "aws_route_table_association": {
              "public": {"subnet_id": "${aws_subnet.public.id}", "route_table_id": "${aws_route_table.public.id}"},
              "private": {"subnet_id": "${aws_subnet.private.id}", "route_table_id": "${aws_route_table.private.id}"},
              "other": {"subnet_id": "${aws_subnet.other.id}", "route_table_id": "${aws_route_table.other.id}"}
            },
            "aws_vpc_endpoint": {
              "dynamodb": {"vpc_id": "${aws_vpc.main.id}", "service_name": "com.amazonaws.${data.aws_region.current.name}.dynamodb"}
            },
            "aws_vpc_endpoint_route_table_association": {
              "dynamodb_private": {"vpc_endpoint_id": "${aws_vpc_endpoint.dynamodb.id}", "route_table_id": "${aws_route_table.private.id}"}
            },
            "aws_lambda_function": {
              "worker": {
                "function_name": "worker", "role": "arn:aws:iam::123456789012:role/worker", "runtime": "python3.12", "handler": "index.handler",
                "vpc_config": [{"subnet_ids": ["${aws_subnet.private.id}"], "security_group_ids": []}]
              }
            }
          },
          "variable": {"nat_id": {"type": "string"}}
        }
        """

    @Test func terraformInlineRoutesEndpointAssociationsAndUnresolvedTargets() async throws {
        let model = await loadModel([("net/main.tf.json", Self.terraformVPC)])
        let graph = NetworkGraph.of(model)
        func id(_ name: String) -> ResourceID { ResourceID(scope: "net", name: name) }

        #expect(graph.isPublic(id("aws_subnet.public")) == .value(true))
        guard case .natGateway(let nat, _) = graph.egress(of: id("aws_subnet.private")) else {
            Issue.record("private should be NAT-routed: \(graph.egress(of: id("aws_subnet.private")))")
            return
        }
        #expect(nat == .resource(id("aws_nat_gateway.main")))
        #expect(graph.subnets[id("aws_subnet.other")]?.zone == .index(1))
        // A NAT route whose gateway is a variable: NAT-routed, but to an unknown gateway.
        guard case .natGateway(.unresolved, _) = graph.egress(of: id("aws_subnet.other")) else {
            Issue.record("other should route to an unresolved NAT: \(graph.egress(of: id("aws_subnet.other")))")
            return
        }
        #expect(graph.unresolvedNATRoutes["net"] == [id("aws_route.other_default")])
        let gateway = try #require(graph.natGateways[id("aws_nat_gateway.main")])
        #expect(gateway.zone == .name("us-east-1a"))
        #expect(gateway.routedBy == [id("aws_route_table.private")])
        #expect(gateway.elasticIP == .resource(id("aws_eip.nat")))

        let endpoint = try #require(graph.endpoints[id("aws_vpc_endpoint.dynamodb")])
        #expect(endpoint.service == "dynamodb")
        #expect(endpoint.type == .value("Gateway"))
        #expect(endpoint.routeTables == [.resource(id("aws_route_table.private"))])
        #expect(graph.placement(of: id("aws_lambda_function.worker"))?.subnets == [.resource(id("aws_subnet.private"))])
        #expect(graph.elasticIPs[id("aws_eip.nat")]?.use == .attached(id("aws_nat_gateway.main")))
    }

    @Test func serviceNamesMatchBySuffix() {
        #expect(NetworkGraph.serviceSuffix("com.amazonaws.us-east-1.s3") == "s3")
        #expect(NetworkGraph.serviceSuffix("com.amazonaws.${AWS::Region}.dynamodb") == "dynamodb")
        #expect(NetworkGraph.serviceSuffix("com.amazonaws.eu-west-1.ecr.dkr") == "ecr.dkr")
        #expect(NetworkGraph.serviceSuffix("${var.service}") == nil)
    }
}

/// The graph over a real `terraform show -json` plan (scripts/generate-network-plans.sh).
@Suite struct NetworkGraphPlanTests {
    static let planPath = "testdata/terraform/jobdock-network.plan.json"

    static func loadPlan() async throws -> CloudModel {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/AuditGraphTests/<file>
        let path = components.joined(separator: "/") + "/" + planPath
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return await loadModel([(planPath, text)])
    }

    @Test func expandedInstancesRouteToTheirNATs() async throws {
        let model = try await Self.loadPlan()
        let graph = NetworkGraph.of(model)
        func id(_ name: String) -> ResourceID { ResourceID(scope: Self.planPath, name: name) }

        #expect(graph.subnets[id("aws_subnet.private[1]")]?.zone == .name("eu-west-1b"))
        #expect(graph.isPublic(id("aws_subnet.public[0]")) == .value(true))
        #expect(graph.isPublic(id("aws_subnet.public[1]")) == .value(true))
        for subnet in ["aws_subnet.private[0]", "aws_subnet.private[1]"] {
            guard case .natGateway(let nat, _) = graph.egress(of: id(subnet)) else {
                Issue.record("\(subnet) should be NAT-routed: \(graph.egress(of: id(subnet)))")
                continue
            }
            // Both private tables route to the first AZ's gateway (the fixture's cross-AZ trap).
            #expect(nat == .resource(id("aws_nat_gateway.main[0]")))
        }
        #expect(graph.natGateways[id("aws_nat_gateway.main[0]")]?.zone == .name("eu-west-1a"))
        #expect(graph.natGateways[id("aws_nat_gateway.main[1]")]?.routedBy == [])
        #expect(graph.natGateways[id("aws_nat_gateway.main[1]")]?.elasticIP == .resource(id("aws_eip.nat[1]")))
        #expect(graph.placement(of: id("aws_lambda_function.worker"))?.subnets
            == [.resource(id("aws_subnet.private[0]")), .resource(id("aws_subnet.private[1]"))])
        #expect(graph.elasticIPs[id("aws_eip.bastion")]?.use == .unattached)
        #expect(graph.elasticIPs[id("aws_eip.nat[0]")]?.use == .attached(id("aws_nat_gateway.main[0]")))
    }
}

@Suite struct WorkloadReachTests {
    @Test func environmentAndRoleEvidenceOfASAMFunction() async throws {
        let model = await loadModel([("sam.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Runtime: python3.12
                VpcConfig:
                  SubnetIds: [subnet-0123456789abcdef0]
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t4g.micro
              Jobs:
                Type: AWS::Serverless::SimpleTable
              Queue:
                Type: AWS::SQS::Queue
              ApplyFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - DynamoDBCrudPolicy: {TableName: !Ref Jobs}
                    - SQSPollerPolicy: {QueueName: !GetAtt Queue.QueueName}
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Queue.Arn
                  Environment:
                    Variables:
                      DB_HOST: !GetAtt Database.Endpoint.Address
            """)])
        let reach = try #require(WorkloadReach.of(model).reach(of: ResourceID(scope: "sam.yaml", name: "ApplyFunction")))
        #expect(reach.vpcOnly.map(\.reason) == ["environment variable DB_HOST names Database"])
        #expect(reach.evidence(for: "dynamodb").first?.reason == "role grants dynamodb:GetItem")
        // The queue is polled by an event source mapping: its consumer actions are no evidence.
        #expect(reach.evidence(for: "sqs").isEmpty)
    }
}
