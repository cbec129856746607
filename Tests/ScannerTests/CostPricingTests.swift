import AuditCore
import AuditKit
import AuditModel
import AuditRules
import Foundation
import Testing

/// Where cost findings get their Region and traffic: the configuration's own provider
/// Region, else `--region` / `region:`, else us-east-1 (said so); `--assume-gb` / `assume-gb:`.
@Suite struct CostPricingTests {
    static let idleNAT = """
        Resources:
          Nat:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: subnet-0123456789abcdef0
        """

    static func idleEstimate(_ documents: [(path: String, text: String)], settings: RuleSettings = RuleSettings()) async throws -> CostEstimate {
        let result = await Scanner().scan(documents: documents, selection: RuleSelection(only: ["AS-COST-007"]), settings: settings)
        return try #require(result.outcome.findings.first?.estimate)
    }

    @Test func noRegionMeansUSEast1SaidSo() async throws {
        let estimate = try await Self.idleEstimate([("a.yaml", Self.idleNAT)])
        #expect(estimate.region == "us-east-1")
        #expect(estimate.regionAssumed)
        #expect(estimate.monthlyFixed == 730 * 0.045 + 730 * 0.005)
        #expect(estimate.label == "estimate, us-east-1 list price (no Region in the configuration)")
    }

    @Test func settingsRegionPricesCloudFormation() async throws {
        var settings = RuleSettings()
        settings.region = "eu-west-1"
        let estimate = try await Self.idleEstimate([("a.yaml", Self.idleNAT)], settings: settings)
        #expect(estimate.region == "eu-west-1")
        #expect(!estimate.regionAssumed)
        #expect(abs(estimate.monthlyFixed - (730 * 0.048 + 730 * 0.005)) < 1e-9)
    }

    @Test func terraformProviderRegionWinsOverSettings() async throws {
        var settings = RuleSettings()
        settings.region = "us-east-2"
        let estimate = try await Self.idleEstimate([("net/main.tf.json", """
            {
              "provider": {"aws": {"region": "${var.region}"}},
              "variable": {"region": {"default": "ap-southeast-1"}},
              "resource": {"aws_nat_gateway": {"main": {"subnet_id": "subnet-0123456789abcdef0", "connectivity_type": "private"}}}
            }
            """)], settings: settings)
        #expect(estimate.region == "ap-southeast-1")
        // A private NAT gateway has no public address.
        #expect(abs(estimate.monthlyFixed - 730 * 0.059) < 1e-9)
        #expect(estimate.basis.contains("Region from provider \"aws\" region (var.region default)"))
    }

    @Test func aRegionWithoutItsOwnFigureSaysWhichPriceItUsed() {
        let quote = PriceQuote(region: "sa-east-1", source: "--region")
        #expect(quote.dollars(.natGatewayHour) == 0.045)
        #expect(quote.fallbackNotes([.natGatewayHour, .publicIPv4Hour])
            == ["NAT gateway hour at the us-east-1 price (no sa-east-1 figure in the price table)"])
    }

    @Test func trafficAssumptionsParse() throws {
        let traffic = try TrafficAssumption.parse("nat=500, s3=300,DynamoDB=50").get()
        #expect(traffic.gigabytes == ["nat": 500, "s3": 300, "dynamodb": 50])
        #expect(throws: TrafficAssumptionError.self) { try TrafficAssumption.parse("nat=lots").get() }
        #expect(throws: TrafficAssumptionError.self) { try TrafficAssumption.parse("500").get() }
    }

    @Test func configurationFileSetsRegionAndTraffic() throws {
        let config = try ConfigFile.parse(Array("region: eu-west-1\nassume-gb: {nat: 500, s3: 300}\n".utf8), path: "repo/.auditstack.yml")
        let settings = config.settings()
        #expect(settings.region == "eu-west-1")
        #expect(settings.traffic.gigabytes == ["nat": 500, "s3": 300])
        #expect(throws: ConfigFileError.self) { try ConfigFile.parse(Array("region: Ireland\n".utf8), path: "repo/.auditstack.yml") }
    }

    @Test func planProviderRegion() async throws {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        let path = "testdata/terraform/jobdock-network.plan.json"
        let text = try String(contentsOfFile: components.joined(separator: "/") + "/" + path, encoding: .utf8)
        let result = await Scanner().scan(documents: [(path, text)], selection: RuleSelection(only: ["AS-COST-007"]))
        #expect(result.model.scopes.first?.region == ScopeRegion(name: "eu-west-1", origin: "plan provider \"aws\" region"))
        // The second AZ's gateway is idle: both private tables route to the first.
        let finding = try #require(result.outcome.findings.first)
        #expect(finding.resource?.name == "aws_nat_gateway.main[1]")
        #expect(finding.estimate?.region == "eu-west-1")
        #expect(result.costSummary?.natGateways == 2)
        #expect(abs((result.costSummary?.monthlyNATFixed ?? 0) - 2 * (730 * 0.048 + 730 * 0.005)) < 1e-9)
    }

    @Test func perAZGatewaysOutsideProductionAreWorthOneGateway() async throws {
        let result = await Scanner().scan(documents: [("net/main.tf.json", """
            {
              "resource": {
                "aws_subnet": {
                  "a": {"vpc_id": "vpc-0123456789abcdef0", "availability_zone": "us-east-1a"},
                  "b": {"vpc_id": "vpc-0123456789abcdef0", "availability_zone": "us-east-1b"},
                  "c": {"vpc_id": "vpc-0123456789abcdef0", "availability_zone": "us-east-1c"}
                },
                "aws_nat_gateway": {
                  "a": {"subnet_id": "${aws_subnet.a.id}", "tags": {"Environment": "dev"}},
                  "b": {"subnet_id": "${aws_subnet.b.id}", "tags": {"Environment": "dev"}},
                  "c": {"subnet_id": "${aws_subnet.c.id}", "tags": {"Environment": "dev"}}
                }
              }
            }
            """)], selection: RuleSelection(only: ["AS-COST-005"]))
        let finding = try #require(result.outcome.findings.first)
        #expect(result.outcome.findings.count == 1)
        #expect(finding.resource?.name == "aws_nat_gateway.a")
        #expect(abs((finding.estimate?.monthlyFixed ?? 0) - 109.5) < 1e-9)
        #expect(abs((finding.estimate?.monthlyAvoidable ?? 0) - 73.0) < 1e-9)
        #expect(finding.message.contains("$109.50/month fixed against $36.50 with one, $73.00/month saved"))
    }

    @Test func interfaceEndpointBreakevenNeedsAssumedTraffic() async throws {
        let template = NatCostFixture.sqsWorker
        var settings = RuleSettings()
        let quiet = await Scanner().scan(documents: [("a.yaml", template)], selection: RuleSelection(only: ["AS-COST-010"]), settings: settings)
        #expect(quiet.outcome.findings.isEmpty)
        // Breakeven in one AZ: 7.30 / (0.045 - 0.01) ≈ 208.6 GB.
        settings.traffic = TrafficAssumption(gigabytes: ["sqs": 200])
        let below = await Scanner().scan(documents: [("a.yaml", template)], selection: RuleSelection(only: ["AS-COST-010"]), settings: settings)
        #expect(below.outcome.findings.isEmpty)
        settings.traffic = TrafficAssumption(gigabytes: ["sqs": 800])
        let above = await Scanner().scan(documents: [("a.yaml", template)], selection: RuleSelection(only: ["AS-COST-010"]), settings: settings)
        let finding = try #require(above.outcome.findings.first)
        // 800 × 0.035 − 7.30 = 20.70
        #expect(abs((finding.estimate?.monthlyAvoidable ?? 0) - 20.7) < 1e-9)
        #expect(finding.message.contains("above the interface endpoint's breakeven of 208.6 GB"))
    }
}

enum NatCostFixture {
    static let sqsWorker = """
        Resources:
          VPC:
            Type: AWS::EC2::VPC
          Private:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref VPC
              AvailabilityZone: us-east-1a
          Nat:
            Type: AWS::EC2::NatGateway
            Properties:
              SubnetId: subnet-0123456789abcdef0
          Routes:
            Type: AWS::EC2::RouteTable
            Properties:
              VpcId: !Ref VPC
          Default:
            Type: AWS::EC2::Route
            Properties:
              RouteTableId: !Ref Routes
              DestinationCidrBlock: 0.0.0.0/0
              NatGatewayId: !Ref Nat
          Association:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref Private
              RouteTableId: !Ref Routes
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
              Policies:
                - PolicyName: send
                  PolicyDocument: {Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: "*"}]}
          Worker:
            Type: AWS::Lambda::Function
            Properties:
              Handler: app.handler
              Runtime: python3.12
              Role: !GetAtt Role.Arn
              Code: {ZipFile: "pass"}
              VpcConfig:
                SubnetIds: [!Ref Private]
        """
}
