@testable import AuditCore
import AuditKit
import AuditModel
import Testing

/// Where findings about the whole scanned set land, and how a user says an item lives elsewhere.
@Suite struct ScannedSetTests {
    static let queue = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"

    static func anchor(_ documents: [(path: String, text: String)]) async -> AuditModel.SourceLocation? {
        ScannedSet.anchor(in: await Scanner(rules: []).scan(documents: documents).model)
    }

    @Test func landsOnTheStackHoldingAccountWideResources() async {
        let trail = "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: logs\n"
        let location = await Self.anchor([("app/api.yaml", Self.queue), ("ops/audit.yaml", trail)])
        #expect(location == AuditModel.SourceLocation(file: "ops/audit.yaml", line: 1, column: 1))
    }

    @Test func landsOnARootNamedLikeTheAccountStack() async {
        let location = await Self.anchor([("app/api.yaml", Self.queue), ("stacks/account-bootstrap.yaml", Self.queue)])
        #expect(location == AuditModel.SourceLocation(file: "stacks/account-bootstrap.yaml", line: 1, column: 1))
    }

    @Test func otherwiseLandsOnTheFirstRootInPathOrder() async {
        let location = await Self.anchor([("b/api.yaml", Self.queue), ("a/worker.yaml", Self.queue)])
        #expect(location == AuditModel.SourceLocation(file: "a/worker.yaml", line: 1, column: 1))
        #expect(ScannedSet.isNamedLikeAccountStack("infra/org-baseline/main.tf.json"))
        #expect(!ScannedSet.isNamedLikeAccountStack("infra/organizer/main.tf.json"))
    }

    @Test func configurationNamesWhatLivesElsewhere() throws {
        let listed = try ConfigFile.parse(Array("account-baseline: [trail, budget]\n".utf8), path: "repo/.auditstack.yml")
        #expect(listed.settings().externallyManaged == [.trail, .budget])
        let all = try ConfigFile.parse(Array("account-baseline: external\n".utf8), path: "repo/.auditstack.yml")
        #expect(all.settings().externallyManaged == Set(AccountBaselineItem.allCases))
        #expect(throws: ConfigFileError.self) {
            try ConfigFile.parse(Array("account-baseline: [trial]\n".utf8), path: "repo/.auditstack.yml")
        }
    }
}
