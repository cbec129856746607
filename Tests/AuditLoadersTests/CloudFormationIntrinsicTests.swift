import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

@Suite("CloudFormation intrinsic functions")
struct CloudFormationIntrinsicTests {
    private func reference(_ name: String, _ attribute: String? = nil) -> Value {
        .reference(ResourceReference(target: ResourceID(scope: "template.yaml", name: name), attribute: attribute))
    }

    @Test("Conditions pick Fn::If branches and drop resources; undecidable ones stay unresolved")
    func conditions() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env:
            Type: String
            Default: prod
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsDev: !Not [!Condition IsProd]
          ProdInUsEast: !And [!Condition IsProd, !Equals [!Ref "AWS::Region", us-east-1]]
          ProdOrEast: !Or [!Condition IsProd, !Equals [!Ref "AWS::Region", us-east-1]]
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              BackupRetentionPeriod: !If [IsProd, 35, 7]
              MultiAZ: !If [IsDev, true, !Ref "AWS::NoValue"]
              DeletionProtection: !If [ProdInUsEast, true, false]
              StorageEncrypted: !If [ProdOrEast, true, false]
          DevOnly:
            Type: AWS::SQS::Queue
            Condition: IsDev
          EastOnly:
            Type: AWS::SQS::Queue
            Condition: ProdInUsEast
        """)
        #expect(loaded.diagnostics.isEmpty)
        let database = try #require(loaded.resource("Database"))
        #expect(database[.backupRetentionPeriod] == Attr(value: .number(35), provenance: .explicit, location: loc(15, 7)))
        // The false branch is AWS::NoValue: the property is not written, so the default applies.
        #expect(database[.multiAZ].value == .bool(false))
        #expect(isServiceDefault(database[.multiAZ]))
        #expect(database[.deletionProtection] == Attr(
            value: .unresolved("!If [ProdInUsEast, true, false]"), provenance: .unresolved("!If [ProdInUsEast, true, false]"),
            location: loc(17, 7)
        ))
        #expect(database[.storageEncrypted].value == .bool(true))
        #expect(loaded.resource("DevOnly") == nil)
        #expect(loaded.resource("EastOnly") != nil)
    }

    @Test("Short and long forms give the same model")
    func shortAndLongForms() throws {
        let yaml = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env:
            Type: String
            Default: prod
        Mappings:
          Retention:
            prod:
              Days: 30
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Key:
            Type: AWS::KMS::Key
          Logs:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: !Join ["/", ["", !Ref Env, !Select [1, [a, b]]]]
              RetentionInDays: !FindInMap [Retention, !Ref Env, Days]
              KmsKeyId: !If [IsProd, !GetAtt Key.Arn, !Ref "AWS::NoValue"]
          Alarm:
            Type: AWS::CloudWatch::Alarm
            Properties:
              AlarmActions: [!ImportValue alerts-topic]
              Dimensions:
                - Name: LogGroupName
                  Value: !Sub "${Logs}"
        """)
        let json = try TemplateFixture.load("""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
          "Mappings": {"Retention": {"prod": {"Days": 30}}},
          "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
          "Resources": {
            "Key": {"Type": "AWS::KMS::Key"},
            "Logs": {
              "Type": "AWS::Logs::LogGroup",
              "Properties": {
                "LogGroupName": {"Fn::Join": ["/", ["", {"Ref": "Env"}, {"Fn::Select": [1, ["a", "b"]]}]]},
                "RetentionInDays": {"Fn::FindInMap": ["Retention", {"Ref": "Env"}, "Days"]},
                "KmsKeyId": {"Fn::If": ["IsProd", {"Fn::GetAtt": ["Key", "Arn"]}, {"Ref": "AWS::NoValue"}]}
              }
            },
            "Alarm": {
              "Type": "AWS::CloudWatch::Alarm",
              "Properties": {
                "AlarmActions": [{"Fn::ImportValue": "alerts-topic"}],
                "Dimensions": [{"Name": "LogGroupName", "Value": {"Fn::Sub": "${Logs}"}}]
              }
            }
          }
        }
        """, fileName: "template.json")
        #expect(yaml.diagnostics.isEmpty)
        #expect(json.diagnostics.isEmpty)
        #expect(yaml.resources.map(\.id.name) == json.resources.map(\.id.name))
        for (fromYAML, fromJSON) in zip(yaml.resources, json.resources) {
            // References name their scope (the file), so values are compared as text.
            #expect(fromYAML.attributes.mapValues { $0.value?.displayText } == fromJSON.attributes.mapValues { $0.value?.displayText })
            #expect(fromYAML.attributes.mapValues(\.provenance) == fromJSON.attributes.mapValues(\.provenance))
            #expect(fromYAML.attributes.mapValues(\.via) == fromJSON.attributes.mapValues(\.via))
            #expect(fromYAML.links.map { "\($0.path) \($0.attribute?.rawValue ?? "-") \($0.reference)" }
                == fromJSON.links.map { "\($0.path) \($0.attribute?.rawValue ?? "-") \($0.reference)" })
        }
        let logs = try #require(yaml.resource("Logs"))
        #expect(logs[.logGroupName] == Attr(value: .string("/prod/b"), provenance: .explicit, location: loc(18, 7), via: "parameter Env default"))
        #expect(logs[.retentionInDays] == Attr(value: .number(30), provenance: .explicit, location: loc(19, 7), via: "mapping Retention.prod.Days"))
        #expect(logs.linkTargets(at: "KmsKeyId") == ["Key.Arn"])
        let alarm = try #require(yaml.resource("Alarm"))
        #expect(alarm[.alarmActions].value == .list([.unresolved("!ImportValue alerts-topic")]))
        #expect(alarm.links.map(\.attribute) == [.dimensions])
        #expect(alarm[.dimensions].value == .list([.map([
            Value.MapEntry(key: "Name", value: .string("LogGroupName")), Value.MapEntry(key: "Value", value: reference("Logs")),
        ])]))
    }

    @Test("Fn::GetAtt in string, list and long form links with the attribute named")
    func getAtt() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Dlq:
            Type: AWS::SQS::Queue
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy:
                deadLetterTargetArn: !GetAtt Dlq.Arn
                maxReceiveCount: 3
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              EventSourceArn: !GetAtt [Queue, Arn]
              FunctionName: {"Fn::GetAtt": ["Queue", "QueueName"]}
          Database:
            Type: AWS::RDS::DBInstance
          Alarm:
            Type: AWS::CloudWatch::Alarm
            Properties:
              Dimensions:
                - Name: Endpoint
                  Value: !GetAtt Database.Endpoint.Address
        """)
        #expect(loaded.diagnostics.isEmpty)
        let queue = try #require(loaded.resource("Queue"))
        #expect(queue.links == [Link(
            path: "RedrivePolicy.deadLetterTargetArn", attribute: .redrivePolicy,
            reference: ResourceReference(target: ResourceID(scope: "template.yaml", name: "Dlq"), attribute: "Arn"), location: loc(9, 9)
        )])
        let mapping = try #require(loaded.resource("Mapping"))
        #expect(mapping[.eventSourceARN] == Attr(value: reference("Queue", "Arn"), provenance: .explicit, location: loc(14, 7)))
        #expect(mapping.links.map(\.reference.description) == ["Queue.Arn", "Queue.QueueName"])
        #expect(mapping.links.map(\.attribute) == [.eventSourceARN, .functionName])
        #expect(loaded.resource("Alarm")?.linkTargets() == ["Database.Endpoint.Address"])
    }

    @Test("Fn::Sub: parameters substituted, one reference stays a reference, mixed text links its references")
    func sub() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env:
            Type: String
            Default: prod
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "${Env}-assets-${!Literal}"
          Logging:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub ["${Name}-logs", {Name: !Ref Env}]
              LoggingConfiguration:
                DestinationBucketName: !Sub "${Bucket}"
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/${Logging.Arn}/*"
        """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.resource("Bucket")?[.bucketName] == Attr(
            value: .string("prod-assets-${Literal}"), provenance: .explicit, location: loc(10, 7), via: "parameter Env default"
        ))
        let logging = try #require(loaded.resource("Logging"))
        #expect(logging[.bucketName].value == .string("prod-logs"))
        #expect(logging[.bucketName].via == "parameter Env default")
        #expect(logging[.loggingTargetBucket].value == reference("Bucket"))
        let role = try #require(loaded.resource("Role"))
        let text = "arn:${AWS::Partition}:s3:::${Bucket}/${Logging.Arn}/*"
        #expect(role[.roleName] == Attr(value: .unresolved(text), provenance: .unresolved(text), location: loc(20, 7)))
        #expect(role.links == [
            Link(path: "RoleName", attribute: .roleName, reference: ResourceReference(target: ResourceID(scope: "template.yaml", name: "Bucket")),
                 location: loc(20, 7)),
            Link(path: "RoleName", attribute: .roleName,
                 reference: ResourceReference(target: ResourceID(scope: "template.yaml", name: "Logging"), attribute: "Arn"), location: loc(20, 7)),
        ])
    }

    @Test("Fn::Join, Fn::Split, Fn::Select, Fn::Base64, Fn::GetAZs, Fn::Cidr")
    func listFunctions() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Names:
            Type: String
            Default: "a,b,c"
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
          Subnet:
            Type: AWS::EC2::Subnet
            Properties:
              AvailabilityZone: !Select [2, !Split [",", !Ref Names]]
              VpcId: !Join ["", [!Ref Vpc]]
              CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]]
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Base64 plain
              KmsMasterKeyId: !Join [":", [arn, !Ref "AWS::Partition", kms, !GetAtt Vpc.Arn]]
        """)
        #expect(loaded.diagnostics.isEmpty)
        let subnet = try #require(loaded.resource("Subnet"))
        #expect(subnet[.availabilityZone] == Attr(value: .string("c"), provenance: .explicit, location: loc(12, 7), via: "parameter Names default"))
        #expect(subnet[.vpcID].value == reference("Vpc"))
        #expect(subnet.linkTargets() == ["Vpc", "Vpc.CidrBlock"])
        #expect(subnet.links.map(\.path) == ["VpcId", "CidrBlock"])
        let queue = try #require(loaded.resource("Queue"))
        #expect(queue[.queueName].value == .string("plain"))
        #expect(queue[.kmsMasterKeyID].value == .unresolved("arn:${AWS::Partition}:kms:${Vpc.Arn}"))
        #expect(queue.linkTargets(at: "KmsMasterKeyId") == ["Vpc.Arn"])
    }

    @Test("Unknown tags and intrinsics load as unresolved values, never as errors")
    func unknownFunctions() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::LanguageExtensions
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          Function:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Rain::Embed name.txt
              Runtime: {"Fn::Length": [a, b]}
              Environment:
                Variables:
                  CONFIG: {"Fn::ToJsonString": {"bucket": !Ref Bucket}}
          Custom:
            Type: Custom::Thing
            Properties:
              Target: !Ref Bucket
        """)
        #expect(loaded.diagnostics.isEmpty)
        let function = try #require(loaded.resource("Function"))
        #expect(function[.functionName] == Attr(
            value: .unresolved("!Rain::Embed name.txt"), provenance: .unresolved("!Rain::Embed name.txt"), location: loc(9, 7)
        ))
        #expect(function[.runtime].string == .unknown("!Length [a, b]"))
        #expect(function[.environmentVariables].value == .map([
            Value.MapEntry(key: "CONFIG", value: .unresolved("!ToJsonString {bucket: !Ref Bucket}")),
        ]))
        #expect(function.links.map(\.path) == ["Environment.Variables.CONFIG"])
        #expect(function.links.map(\.attribute) == [.environmentVariables])
        let custom = try #require(loaded.resource("Custom"))
        #expect(custom.kind == .other)
        #expect(custom.sourceType == "Custom::Thing")
        #expect(custom.linkTargets(at: "Target") == ["Bucket"])
    }

    @Test("Undecidable Fn::If keeps both branches' references as links")
    func undecidableIf() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Conditions:
          InUsEast: !Equals [!Ref "AWS::Region", us-east-1]
        Resources:
          Primary:
            Type: AWS::SNS::Topic
          Fallback:
            Type: AWS::SNS::Topic
          Alarm:
            Type: AWS::CloudWatch::Alarm
            Properties:
              AlarmActions:
                - !If [InUsEast, !Ref Primary, !Ref Fallback]
        """)
        let alarm = try #require(loaded.resource("Alarm"))
        #expect(alarm[.alarmActions].value == .list([.unresolved("!If [InUsEast, !Ref Primary, !Ref Fallback]")]))
        #expect(alarm[.alarmActions].isUnresolved)
        #expect(alarm.links.map(\.path) == ["AlarmActions[0]", "AlarmActions[0]"])
        #expect(alarm.linkTargets() == ["Primary", "Fallback"])
        #expect(alarm.links.allSatisfy { $0.attribute == .alarmActions && $0.location == loc(12, 7) })
    }
}
