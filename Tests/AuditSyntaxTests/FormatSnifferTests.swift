import AuditSyntax
import Testing

@Suite("FormatSniffer")
struct FormatSnifferTests {
    private func sniff(fixture name: String) throws -> DocumentFormat? {
        let (document, _) = try SyntaxReader.read(fixture(name), fileName: name)
        return FormatSniffer.sniff(document.root)
    }

    private func sniff(yaml text: String) throws -> DocumentFormat? {
        FormatSniffer.sniff(try yaml(text).root)
    }

    @Test(arguments: [
        ("cloudformation.yaml", DocumentFormat.cloudFormation),
        ("cloudformation-resources-only.json", .cloudFormation),
        ("sam.yaml", .sam),
        ("sam-transform-list.yaml", .sam),
        ("terraform-plan.json", .terraformPlan),
        ("terraform-show-state.json", .terraformState),
        ("terraform.tfstate", .terraformState),
        ("main.tf.json", .terraformConfig),
        ("iam-policy.json", .iamPolicy),
        ("iam-get-policy-version.json", .iamPolicy),
        ("iam-get-policy-version-encoded.json", .iamPolicy),
    ])
    func recognisesEachFormat(fixture name: String, format: DocumentFormat) throws {
        #expect(try sniff(fixture: name) == format)
    }

    @Test(arguments: ["package.json", "docker-compose.yml", "github-workflow.yml"])
    func otherFilesAreNotOurs(fixture name: String) throws {
        #expect(try sniff(fixture: name) == nil)
    }

    @Test func cloudFormationByResourceTypePrefix() throws {
        #expect(try sniff(yaml: "Resources:\n  Hook:\n    Type: Custom::Hook\n") == .cloudFormation)
        #expect(try sniff(yaml: "Resources:\n  Skill:\n    Type: Alexa::ASK::Skill\n") == .cloudFormation)
        #expect(try sniff(yaml: "Resources:\n  Thing:\n    Type: Kubernetes::Pod\n") == nil)
        #expect(try sniff(yaml: "Resources: [a, b]\n") == nil)
    }

    @Test func samNeedsTheServerlessTransform() throws {
        #expect(try sniff(yaml: "Transform: AWS::Include\nAWSTemplateFormatVersion: '2010-09-09'\n") == .cloudFormation)
        #expect(try sniff(yaml: "Transform: [AWS::Serverless-2016-10-31]\n") == .sam)
    }

    @Test func terraformJSONShapes() throws {
        #expect(FormatSniffer.sniff(try json(#"{"format_version": "1.2", "configuration": {}}"#).root) == .terraformPlan)
        #expect(FormatSniffer.sniff(try json(#"{"format_version": "1.2", "prior_state": {}}"#).root) == .terraformPlan)
        #expect(FormatSniffer.sniff(try json(#"{"format_version": "1.0"}"#).root) == nil)
        #expect(FormatSniffer.sniff(try json(#"{"variable": {"region": {}}, "moved": []}"#).root) == .terraformConfig)
        // Extras alone, or an unknown top-level key, do not make a configuration.
        #expect(FormatSniffer.sniff(try json(#"{"//": "comment", "moved": []}"#).root) == nil)
        #expect(FormatSniffer.sniff(try json(#"{"resource": {}, "name": "web-app"}"#).root) == nil)
        #expect(FormatSniffer.sniff(try json(#"{"version": 4, "terraform_version": "1.7.5", "resources": {}}"#).root) == nil)
    }

    @Test func iamPolicyShapes() throws {
        #expect(FormatSniffer.sniff(try json(#"{"Statement": {"Effect": "Allow"}}"#).root) == .iamPolicy)
        #expect(FormatSniffer.sniff(try json(#"{"Version": "2012-10-17", "Id": "x", "Statement": []}"#).root) == .iamPolicy)
        #expect(FormatSniffer.sniff(try json(#"{"Statement": "Allow"}"#).root) == nil)
        #expect(FormatSniffer.sniff(try json(#"{"Statement": [], "Name": "x"}"#).root) == nil)
        #expect(FormatSniffer.sniff(try json(#"{"PolicyVersion": {"VersionId": "v1"}}"#).root) == nil)
    }

    @Test func nonMappingRootsAreNotOurs() throws {
        #expect(FormatSniffer.sniff(try json("[1, 2]").root) == nil)
        #expect(FormatSniffer.sniff(try json(#""text""#).root) == nil)
        #expect(FormatSniffer.sniff(try yaml("").root) == nil)
    }
}
