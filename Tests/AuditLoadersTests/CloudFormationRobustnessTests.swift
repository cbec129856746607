import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

@Suite("CloudFormation loader: broken and hostile templates")
struct CloudFormationRobustnessTests {
    @Test("Broken shapes become diagnostics with exact positions; what can load still loads")
    func brokenShapes() throws {
        let loaded = try TemplateFixture.loadFixture("broken-shapes.yaml")
        #expect(loaded.diagnosticMessages == [
            "2:1 Parameters must be a mapping",
            "4:3 condition \"Loop\" refers to itself",
            "6:3 resource NoType has no Type",
            "11:5 Properties of ListProperties must be a mapping",
            "13:3 resource ScalarResource must be a mapping with a Type",
            "16:17 Odd depends on \"Ghost\", which is not a resource of this template",
            "19:18 Fn::If takes a condition name and two values",
            "20:23 Ref to \"Nowhere\", which is neither a parameter nor a resource of this template",
            "22:30 Fn::GetAtt of \"Missing\", which is not a resource of this template",
            "23:13 Fn::Select index \"five\" is not a number",
            "24:21 Fn::FindInMap: NoMaps.a.b is not in Mappings",
            "25:38 Fn::Sub takes a string, or a string and a mapping of variables",
            "26:3 Fn::ForEach::Queues (AWS::LanguageExtensions) is not expanded; its resources are not audited",
        ])
        #expect(loaded.diagnostics.allSatisfy { $0.level == .warning && $0.location.file == "testdata/cloudformation/broken-shapes.yaml" })
        // A condition that cannot be decided keeps its resource.
        #expect(loaded.resources.map(\.id.name) == ["ListProperties", "Odd"])
        let odd = try #require(loaded.resource("Odd"))
        #expect(odd[.kmsMasterKeyID].string == .unknown("!Ref Nowhere"))
        #expect(odd[.queueName].string == .unknown("!If [OnlyTwo, a]"))
        #expect(odd.linkTargets(at: "DependsOn") == ["NoType"])
    }

    @Test("Templates that are not mappings, or whose Resources are a list, are diagnosed")
    func nonMappingTemplates() throws {
        let scalar = try SyntaxReader.read(Array("just a string".utf8), fileName: "scalar.yaml")
        let loadedScalar = CloudFormationLoader().load([
            ParsedFile(path: "scalar.yaml", document: scalar.document, syntax: scalar.syntax, format: .cloudFormation),
        ])
        #expect(loadedScalar.resources.isEmpty)
        #expect(loadedScalar.diagnosticMessages == ["1:1 a template must be a mapping of sections"])

        let listed = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          - Type: AWS::S3::Bucket
        Outputs: 7
        """)
        #expect(listed.resources.isEmpty)
        #expect(listed.diagnosticMessages == ["2:1 Resources must be a mapping", "4:1 Outputs must be a mapping"])

        #expect(CloudFormationLoader().load([]).resources.isEmpty)
    }

    @Test("SAM shapes that SAM itself would reject are diagnosed, not fatal")
    func brokenSAM() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Worker:
            Type: AWS::Serverless::Function
          WorkerRole:
            Type: AWS::IAM::Role
          Api:
            Type: AWS::Serverless::Api
          Other:
            Type: AWS::Serverless::Function
            Properties:
              Policies:
                - NoSuchTemplate: {}
                - SQSPollerPolicy: {}
                - {Foo: 1, Bar: 2}
                - !If [Missing, AmazonS3FullAccess, {Statement: []}]
                - 42
              Events:
                Broken:
                  Properties: {}
        Globals:
          Functions:
            Runtime: python3.12
        """)
        #expect(loaded.diagnosticMessages == [
            "3:3 Worker has no Role, but WorkerRole, the name SAM gives the generated role, is taken",
            "7:3 Api has no StageName, which SAM requires",
            "13:11 NoSuchTemplate is not a SAM policy template",
            "14:11 SAM policy template SQSPollerPolicy needs QueueName",
            "15:11 a Policies entry must be a policy name or ARN, a document with Statement, or a policy template",
            "16:11 Fn::If in Policies mixes a managed policy and a policy document, which SAM rejects",
            "19:9 event Broken of Other has no Type",
            "22:3 Globals.Functions is not a Globals section SAM accepts",
        ])
        #expect(loaded.resources.map(\.id.name) == ["Worker", "WorkerRole", "Api", "Other", "OtherRole"])
        #expect(loaded.resource("Worker")?.linkTargets(at: "Role") == [])
        // A number is not a policy name SAM accepts, but it reads as one: SAM passes it through.
        #expect(loaded.resource("OtherRole")?[.managedPolicyARNs].value == .list([
            .string("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), .string("arn:aws:iam::aws:policy/42"),
        ]))
    }

    @Test("Deeply nested bodies and expressions load without exhausting the stack")
    func deepNesting() async throws {
        // Each level below is a mapping plus a list: close to the reader's 512-level bound.
        let depth = 250
        var value = "\"leaf\""
        for _ in 0..<depth { value = "{\"Fn::If\": [\"Unknown\", \(value), {\"Ref\": \"AWS::NoValue\"}]}" }
        var nested = "\"end\""
        for _ in 0..<depth { nested = "{\"a\": [\(nested)]}" }
        let text = """
        {"AWSTemplateFormatVersion": "2010-09-09",
         "Conditions": {"Unknown": {"Fn::Equals": [{"Ref": "AWS::Region"}, "x"]}},
         "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": \(value), "Deep": \(nested)}}}}
        """
        let loaded = try await Task.detached { try TemplateFixture.load(text, fileName: "deep.json") }.value
        #expect(loaded.resources.count == 1)
        #expect(loaded.resource("Queue")?[.queueName].isUnresolved == true)
        // Rendered expressions are capped, however large the expression.
        if case .unknown(let expression) = loaded.resource("Queue")?[.queueName].string {
            #expect(expression.count <= TemplateRenderer.defaultLimit + 1)
        } else {
            Issue.record("QueueName should be unresolved")
        }
    }
}
