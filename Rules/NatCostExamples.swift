/// The network the NAT cost examples share, so each rule's examples differ only where the
/// rule looks: a VPC whose private subnet routes to a NAT gateway in its own AZ, and a
/// function in that subnet whose role grants `actions`.
enum NatCostExamples {
    /// CloudFormation: `extra` is appended to `Resources` (indented two spaces).
    static func cloudFormation(actions: [String], marker: Bool = true, extra: String = "") -> String {
        let actions = actions.joined(separator: ", ")
        return """
        Resources:
          VPC:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          PublicSubnet:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              CidrBlock: 10.0.0.0/24
              AvailabilityZone: !Select [0, !GetAZs ""]
          PrivateSubnet:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              CidrBlock: 10.0.1.0/24
              AvailabilityZone: !Select [0, !GetAZs ""]
          NatGateway:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: !Ref PublicSubnet
          PrivateRoutes:
            Type: AWS::EC2::RouteTable
            Properties:
              VpcId: !Ref VPC
          PrivateDefault:
            Type: AWS::EC2::Route
            Properties:
              RouteTableId: !Ref PrivateRoutes
              DestinationCidrBlock: 0.0.0.0/0
              NatGatewayId: !Ref NatGateway
          PrivateAssociation:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref PrivateSubnet
              RouteTableId: !Ref PrivateRoutes
          WorkerRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: {Service: lambda.amazonaws.com}
                    Action: sts:AssumeRole
              Policies:
                - PolicyName: data
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: [\(actions)]
                        Resource: "*"
          Worker:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              Role: !GetAtt WorkerRole.Arn
              Code: {ZipFile: "def handler(event, context): pass"}
              VpcConfig:
                \(marker ? "↓" : "")SubnetIds: [!Ref PrivateSubnet]
                SecurityGroupIds: [sg-0123456789abcdef0]
        \(extra)
        """
    }

    /// Terraform JSON: `extra` holds more resource types (`"aws_vpc_endpoint": {…},`).
    static func terraform(actions: [String], marker: Bool = true, extra: String = "") -> String {
        let actions = actions.map { #"\"\#($0)\""# }.joined(separator: ",")
        return #"""
        {
          "resource": {
            \#(extra)
            "aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}},
            "aws_subnet": {
              "public": {"vpc_id": "${aws_vpc.main.id}", "cidr_block": "10.0.0.0/24", "availability_zone": "us-east-1a"},
              "private": {"vpc_id": "${aws_vpc.main.id}", "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a"}
            },
            "aws_nat_gateway": {"main": {"subnet_id": "${aws_subnet.public.id}"}},
            "aws_route_table": {
              "private": {
                "vpc_id": "${aws_vpc.main.id}",
                "route": [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.main.id}"}]
              }
            },
            "aws_route_table_association": {
              "private": {"subnet_id": "${aws_subnet.private.id}", "route_table_id": "${aws_route_table.private.id}"}
            },
            "aws_iam_role": {
              "worker": {
                "name": "worker",
                "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
              }
            },
            "aws_iam_role_policy": {
              "worker": {
                "role": "${aws_iam_role.worker.id}",
                "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\#(actions)],\"Resource\":\"*\"}]}"
              }
            },
            "aws_lambda_function": {
              "worker": {
                "function_name": "worker",
                "role": "${aws_iam_role.worker.arn}",
                "runtime": "python3.12",
                "handler": "app.handler",
                "filename": "worker.zip",
                "vpc_config": [{\#(marker ? "↓" : "")"subnet_ids": ["${aws_subnet.private.id}"], "security_group_ids": ["sg-0123456789abcdef0"]}]
              }
            }
          }
        }
        """#
    }
}
