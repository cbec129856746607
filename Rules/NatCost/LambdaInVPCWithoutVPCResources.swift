import AuditCore
import AuditGraph
import AuditModel

/// AS-COST-004: a Lambda attached to a VPC for nothing pays NAT for every call it makes.
struct LambdaInVPCWithoutVPCResources: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-COST-004",
        slug: "lambda-in-vpc-without-vpc-resources",
        title: "Lambda attached to a VPC without needing VPC-only resources",
        severity: .low,
        pack: .natCost,
        tags: ["cost", "nat", "lambda", "network", "heuristic"],
        rationale: """
            A VPC-attached Lambda loses its direct route to the internet and AWS APIs: every \\
            call then goes through a NAT gateway ($0.045/GB, us-east-1) or endpoints. If the \\
            function only talks to services such as DynamoDB, S3, SQS or SNS, attaching it to \\
            the VPC adds NAT cost and no security value. This is a heuristic, hence low: the \\
            function is reported when its subnets route to NAT and nothing in the scanned \\
            files shows it reaching a VPC-only resource (an environment variable naming a \\
            database, cache or file system, an `rds-db:connect` or `elasticache:Connect` \\
            grant); a connection string in code or a secret cannot be seen. auditstack \\
            deliberately disagrees with checkov `CKV_AWS_117` ("Lambda inside a VPC") for \\
            cost reasons (rule-catalog §8): disable one of the two.
            """,
        remediation: """
            Remove `VpcConfig` / `vpc_config` when the function needs nothing inside the VPC; \\
            otherwise suppress this finding with the reason.
            """,
        references: [
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
        ]
    )

    static let subjects: Set<ResourceKind> = [.function]

    func check(_ function: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let graph = NetworkGraph.of(model)
        guard let placement = graph.placement(of: function.id), let reach = WorkloadReach.of(model).reach(of: function.id) else { return }
        let location = function.location(of: .vpcSubnetIDs)
        let natSubnets = placement.subnets.compactMap(\.resourceID).filter { graph.egress(of: $0).isNAT }
        guard !natSubnets.isEmpty else { return }
        if !reach.vpcOnly.isEmpty {
            report.pass()
            return
        }
        if let unknown = reach.unknownPolicies.first {
            report.unknown("what it reaches depends on \(unknown)", resource: function, at: location)
            return
        }
        let services = reach.services.keys.sorted()
        let quote = NatCostPricing.quote(for: function, in: model, settings: report.settings)
        let perGB = quote.dollars(.natGatewayGB)
        let estimate = quote.estimate(monthlyFixed: 0, perGB: perGB, basis: ["every call from the function goes through NAT"],
                                      items: [.natGatewayGB])
        report.fail(
            "\(function.id.name) is attached to NAT-routed subnets but reaches no VPC-only resource the files show"
                + (services.isEmpty ? "" : " (it calls \(services.joined(separator: ", ")))")
                + ": outside the VPC its calls would not pay \(CostEstimate.rate(perGB))/GB NAT processing "
                + "(\(estimate.sensitivity ?? ""); \(estimate.label)). Heuristic: a database reached through a secret or code is not visible",
            resource: function, at: location, estimate: estimate
        )
    }

    static let samTemplate = """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: python3.12
            VpcConfig:
              ↓SubnetIds: [!Ref PrivateSubnet]
              SecurityGroupIds: [sg-0123456789abcdef0]
        Resources:
          VPC:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          PrivateSubnet:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: !Select [0, !GetAZs ""]
          NatGateway:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: subnet-0123456789abcdef0
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
          Jobs:
            Type: AWS::Serverless::SimpleTable
          %FUNCTION%:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              CodeUri: src/
              Policies:
                - DynamoDBCrudPolicy: {TableName: !Ref Jobs}
              Environment:
                Variables:
                  TABLE: !Ref Jobs
        %EXTRA%
        """

    static let database = """
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DBInstanceClass: db.t4g.micro
        """

    static let examples: [RuleExample] = [
        .bad(.samYAML, scenario: "dynamodb-only", samTemplate.replacing("%FUNCTION%", with: "ApplyFunction").replacing("%EXTRA%", with: "")),
        .good(.samYAML, scenario: "reaches-database", samTemplate.replacing("↓", with: "").replacing("%FUNCTION%", with: "ApplyFunction")
            .replacing("          TABLE: !Ref Jobs", with: "          TABLE: !Ref Jobs\n          DB_HOST: !GetAtt Database.Endpoint.Address")
            .replacing("%EXTRA%", with: database)),
        .bad(.cloudFormationYAML, scenario: "dynamodb-only", NatCostExamples.cloudFormation(actions: ["dynamodb:GetItem"])),
        .good(.cloudFormationYAML, scenario: "reaches-database", NatCostExamples.cloudFormation(
            actions: ["dynamodb:GetItem", "rds-db:connect"], marker: false)),
        .bad(.terraformJSON, scenario: "dynamodb-only", NatCostExamples.terraform(actions: ["dynamodb:GetItem"])),
        .good(.terraformJSON, scenario: "reaches-database", NatCostExamples.terraform(actions: ["dynamodb:GetItem", "rds-db:connect"], marker: false)),
    ]
}
