import AuditCore
import AuditKit
import AuditModel
import Testing

/// The engine keeps each rule × subject verdict only when asked (JUnit lists them).
@Suite("Evaluation recording")
struct EvaluationRecordingTests {
    static let template = """
        Parameters:
          Encrypt:
            Type: String
        Resources:
          Encrypted:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              StorageEncrypted: true
          Plain:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
          Undecided:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              StorageEncrypted: !Ref Encrypt
          Topic:
            Type: AWS::SNS::Topic
        """

    @Test("each resource a rule judged, with its verdict and place; off by default")
    func recordsVerdicts() async {
        let selection = RuleSelection(only: ["AS-ENC-001"])
        var scanner = Scanner()
        let quiet = await scanner.scan(documents: [("db.yaml", Self.template)], selection: selection)
        #expect(quiet.outcome.evaluated.isEmpty)
        #expect(quiet.outcome.findings.map(\.resource?.name) == ["Plain"])

        scanner.recordsEvaluations = true
        let recorded = await scanner.scan(documents: [("db.yaml", Self.template)], selection: selection)
        let verdicts = recorded.outcome.evaluated.map { "\($0.ruleID) \($0.subject?.name ?? "-") \($0.verdict.rawValue) \($0.location?.line ?? 0)" }
        #expect(verdicts.sorted() == [
            "AS-ENC-001 Encrypted pass 5",
            "AS-ENC-001 Plain fail 10",
            "AS-ENC-001 Undecided unknown 14",
        ])
        #expect(recorded.outcome.evaluated.allSatisfy { $0.subjectType == "AWS::RDS::DBInstance" && $0.location?.file == "db.yaml" })
        // Recording changes nothing else.
        #expect(recorded.outcome.findings == quiet.outcome.findings)
        #expect(recorded.outcome.unknowns == quiet.outcome.unknowns)
    }
}
