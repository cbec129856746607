import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

/// A location in the default test template.
func loc(_ line: Int, _ column: Int, file: String = "template.yaml") -> AuditModel.SourceLocation {
    AuditModel.SourceLocation(file: file, line: line, column: column)
}

func isServiceDefault(_ attribute: Attr) -> Bool {
    if case .defaultedByService = attribute.provenance { return attribute.location == nil }
    return false
}

func isToolDefault(_ attribute: Attr) -> Bool {
    if case .defaultedByTool = attribute.provenance { return true }
    return false
}

@Suite("CloudFormation loader: attributes, defaults, links")
struct CloudFormationLoaderTests {
    @Test("RDS backup retention: absent is the 1-day service default, a quoted zero is explicit")
    func backupRetention() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Defaulted:
            Type: AWS::RDS::DBInstance
            Properties:
              DBInstanceClass: db.t3.micro
          ExplicitZero:
            Type: AWS::RDS::DBInstance
            Properties:
              BackupRetentionPeriod: "0"
        """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.scope == Scope(name: "template.yaml", format: .cloudFormation, files: ["template.yaml"]))

        let defaulted = try #require(loaded.resource("Defaulted"))
        #expect(defaulted.id == ResourceID(scope: "template.yaml", name: "Defaulted"))
        #expect(defaulted.kind == .databaseInstance)
        #expect(defaulted.sourceType == "AWS::RDS::DBInstance")
        #expect(defaulted.location == loc(3, 3))
        #expect(!defaulted.isImplicit)
        #expect(defaulted[.backupRetentionPeriod].value == .number(1))
        #expect(isServiceDefault(defaulted[.backupRetentionPeriod]))
        #expect(defaulted[.dbInstanceClass] == Attr(value: .string("db.t3.micro"), provenance: .explicit, location: loc(6, 7)))
        #expect(defaulted[.kmsKeyID].isAbsent)

        let zero = try #require(loaded.resource("ExplicitZero"))
        #expect(zero[.backupRetentionPeriod] == Attr(value: .string("0"), provenance: .explicit, location: loc(10, 7)))
        #expect(zero[.backupRetentionPeriod].int == .value(0))
    }

    @Test("Parameters: defaults substituted with `via`, missing defaults and SSM values stay unresolved")
    func parameters() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Retention:
            Type: Number
            Default: 7
          DbRetentionDays:
            Type: Number
          Password:
            Type: String
            NoEcho: true
            Default: hunter2
          Subnets:
            Type: CommaDelimitedList
            Default: subnet-a, subnet-b
          AmiId:
            Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
            Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              BackupRetentionPeriod: !Ref Retention
              MasterUserPassword: !Ref Password
              KmsKeyId: !ImportValue shared-kms-key
          Replica:
            Type: AWS::RDS::DBInstance
            Properties:
              BackupRetentionPeriod: !Ref DbRetentionDays
          SubnetGroup:
            Type: AWS::RDS::DBSubnetGroup
            Properties:
              DBSubnetGroupDescription: db
              SubnetIds: !Ref Subnets
          Server:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: !Ref AmiId
        """)
        #expect(loaded.diagnostics.isEmpty)
        let database = try #require(loaded.resource("Database"))
        #expect(database[.backupRetentionPeriod]
            == Attr(value: .number(7), provenance: .explicit, location: loc(22, 7), via: "parameter Retention default"))
        #expect(database[.backupRetentionPeriod].int == .value(7))
        #expect(database[.masterUserPassword]
            == Attr(value: .string("hunter2"), provenance: .explicit, location: loc(23, 7), via: "parameter Password default (NoEcho)"))
        #expect(database[.kmsKeyID] == Attr(
            value: .unresolved("!ImportValue shared-kms-key"), provenance: .unresolved("!ImportValue shared-kms-key"), location: loc(24, 7)
        ))
        #expect(database[.kmsKeyID].string == .unknown("!ImportValue shared-kms-key"))

        let replica = try #require(loaded.resource("Replica"))
        #expect(replica[.backupRetentionPeriod] == Attr(
            value: .unresolved("!Ref DbRetentionDays"), provenance: .unresolved("!Ref DbRetentionDays"), location: loc(28, 7)
        ))
        #expect(replica[.backupRetentionPeriod].int == .unknown("!Ref DbRetentionDays"))

        let subnetGroup = try #require(loaded.resource("SubnetGroup"))
        #expect(subnetGroup[.subnetIDs] == Attr(
            value: .list([.string("subnet-a"), .string("subnet-b")]), provenance: .explicit, location: loc(33, 7),
            via: "parameter Subnets default"
        ))
    }

    @Test("SSM parameter types resolve at deploy time: the default names the parameter, not the value")
    func ssmParameter() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          KeyArn:
            Type: AWS::SSM::Parameter::Value<String>
            Default: /shared/kms-key-arn
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !Ref KeyArn
        """)
        let topic = try #require(loaded.resource("Topic"))
        #expect(topic[.kmsMasterKeyID] == Attr(
            value: .unresolved("!Ref KeyArn"), provenance: .unresolved("!Ref KeyArn"), location: loc(10, 7),
            via: "SSM parameter /shared/kms-key-arn (parameter KeyArn)"
        ))
    }

    @Test("DeletionPolicy and UpdateReplacePolicy: written, or CloudFormation's defaults per type")
    func deletionPolicies() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Cluster:
            Type: AWS::RDS::DBCluster
            Properties:
              Engine: aurora-postgresql
          Member:
            Type: AWS::RDS::DBInstance
            Properties:
              DBClusterIdentifier: !Ref Cluster
          Standalone:
            Type: AWS::RDS::DBInstance
          Bucket:
            Type: AWS::S3::Bucket
            DeletionPolicy: Retain
            UpdateReplacePolicy: Snapshot
        """)
        let snapshot = Attr(value: .string("Snapshot"), provenance: .defaultedByService(
            "without DeletionPolicy CloudFormation snapshots DB clusters and DB instances outside a cluster [CFN-UG aws-attribute-deletionpolicy]"))
        let delete = Attr(value: .string("Delete"), provenance: .defaultedByService(
            "without DeletionPolicy CloudFormation deletes the resource [CFN-UG aws-attribute-deletionpolicy]"))
        let replaceDelete = Attr(value: .string("Delete"), provenance: .defaultedByService(
            "without UpdateReplacePolicy CloudFormation deletes a replaced resource [CFN-UG aws-attribute-updatereplacepolicy]"))
        #expect(loaded.resource("Cluster")?[.deletionPolicy] == snapshot)
        #expect(loaded.resource("Standalone")?[.deletionPolicy] == snapshot)
        #expect(loaded.resource("Member")?[.deletionPolicy] == delete)
        #expect(loaded.resource("Member")?[.updateReplacePolicy] == replaceDelete)
        let bucket = try #require(loaded.resource("Bucket"))
        #expect(bucket[.deletionPolicy] == Attr(value: .string("Retain"), provenance: .explicit, location: loc(15, 5)))
        #expect(bucket[.updateReplacePolicy] == Attr(value: .string("Snapshot"), provenance: .explicit, location: loc(16, 5)))
    }

    @Test("Metadata is kept as a map, Tags as literal pairs, DependsOn as links")
    func metadataTagsDependsOn() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Team:
            Type: String
            Default: payments
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            DependsOn: [Key, Topic]
            Metadata:
              cfn_nag:
                rules_to_suppress:
                  - id: W48
            Properties:
              Tags:
                - Key: team
                  Value: !Ref Team
                - Key: cost-center
                  Value: 42
                - Key: unknown
                  Value: !ImportValue cost-center
          Key:
            Type: AWS::KMS::Key
          Topic:
            Type: AWS::SNS::Topic
            DependsOn: Key
        """)
        #expect(loaded.diagnostics.isEmpty)
        let queue = try #require(loaded.resource("Queue"))
        #expect(queue[.metadata] == Attr(value: .map([
            Value.MapEntry(key: "cfn_nag", value: .map([
                Value.MapEntry(key: "rules_to_suppress", value: .list([.map([Value.MapEntry(key: "id", value: .string("W48"))])])),
            ])),
        ]), provenance: .explicit, location: loc(10, 5)))
        #expect(queue.tags == ["team": "payments", "cost-center": "42"])
        #expect(queue.links == [
            Link(path: "DependsOn", reference: ResourceReference(target: ResourceID(scope: "template.yaml", name: "Key")), location: loc(9, 17)),
            Link(path: "DependsOn", reference: ResourceReference(target: ResourceID(scope: "template.yaml", name: "Topic")), location: loc(9, 22)),
        ])
        #expect(loaded.resource("Topic")?.linkTargets(at: "DependsOn") == ["Key"])
        #expect(loaded.resource("Key")?[.metadata].isAbsent == true)
    }

    @Test("A Route's NatGatewayId makes the NAT gateway's referrers; outputs export what they name")
    func natGatewayReferrers() throws {
        let loaded = try TemplateFixture.loadFixture("network-nat.json")
        let file = "testdata/cloudformation/network-nat.json"
        #expect(loaded.diagnostics.isEmpty)
        let model = CloudModel([loaded])
        let natID = ResourceID(scope: file, name: "NatGateway")
        let referrers = model.referrers(of: natID)
        #expect(referrers.map(\.resource.id.name) == ["PrivateDefaultRoute"])
        #expect(referrers.first?.link == Link(
            path: "NatGatewayId", attribute: .natGatewayID, reference: ResourceReference(target: natID), location: loc(37, 9, file: file)
        ))
        let route = try #require(model.resource(ResourceID(scope: file, name: "PrivateDefaultRoute")))
        #expect(route[.natGatewayID] == Attr(value: .reference(ResourceReference(target: natID)), provenance: .explicit, location: loc(37, 9, file: file)))

        // GetAtt in list form gives a link that names the attribute.
        let nat = try #require(model.resource(natID))
        #expect(nat.links.contains(Link(
            path: "AllocationId", attribute: .allocationID,
            reference: ResourceReference(target: ResourceID(scope: file, name: "NatAddress"), attribute: "AllocationId"),
            location: loc(25, 9, file: file)
        )))
        let subnet = try #require(model.resource(ResourceID(scope: file, name: "PublicSubnet")))
        #expect(subnet[.availabilityZone].string == .unknown("!Select [0, !GetAZs '']"))
        let endpoint = try #require(model.resource(ResourceID(scope: file, name: "S3Endpoint")))
        #expect(endpoint[.serviceName].string == .unknown("com.amazonaws.${AWS::Region}.s3"))
        #expect(model.referrers(of: ResourceID(scope: file, name: "PrivateRouteTable")).map(\.link.attribute).contains(.routeTableIDs))

        #expect(loaded.exported == [ResourceID(scope: file, name: "Vpc")])
    }

    @Test("Outputs: values and export names mark resources exported, references inside Sub too")
    func outputs() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Conditions:
          Never: !Equals [a, b]
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          Queue:
            Type: AWS::SQS::Queue
          Topic:
            Type: AWS::SNS::Topic
          Key:
            Type: AWS::KMS::Key
        Outputs:
          BucketArn:
            Value: !Sub "arn:aws:s3:::${Bucket}/*"
          QueueUrl:
            Value: !Ref Queue
            Export:
              Name: !Join ["-", [!Ref "AWS::StackName", !GetAtt Topic.TopicName]]
          KeyId:
            Condition: Never
            Value: !Ref Key
        """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.exported == Set(["Bucket", "Queue", "Topic"].map { ResourceID(scope: "template.yaml", name: $0) }))
    }
}
