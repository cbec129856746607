import AuditIAM
import AuditKit
import AuditModel
import Testing

/// Action entries that match nothing in the IAM action catalog are scan warnings at the
/// entry, in every input format; known actions and wildcards that match are silent.
@Suite struct UnknownActionWarningTests {
    static func warnings(_ text: String, path: String) async -> [String] {
        let result = await Scanner().scan(documents: [(path, text)])
        return result.warnings.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }

    @Test func standalonePolicyTyposAreWarnedAtTheEntry() async {
        let warnings = await Self.warnings("""
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjekt", "s4:GetObject", "s3:Get*", "GetObject"], "Resource": "*"},
                {"Effect": "Deny", "NotAction": ["dynamodb:Scann*"], "Resource": "*"}
              ]
            }
            """, path: "policy.json")
        let source = "[IAM action catalog, \(IAMActionCatalog.shared.source)]"
        #expect(warnings == [
            "4:52 policy.json: \"s3:GetObjekt\" matches no s3 action, so the entry grants or denies nothing (did you mean \"s3:GetObject\"?) \(source)",
            "4:68 policy.json: no AWS service has the prefix \"s4\", so \"s4:GetObject\" matches nothing (did you mean \"s3\"?) \(source)",
            "4:95 policy.json: \"GetObject\" is not an action (service:Action), so the entry matches nothing",
            "5:38 policy.json: \"dynamodb:Scann*\" matches no dynamodb action, so the entry grants or denies nothing \(source)",
        ])
    }

    @Test func cloudFormationTyposAreWarned() async {
        let warnings = await Self.warnings("""
            Resources:
              AppPolicy:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Action:
                          - sqs:SendMesage
                          - sqs:ReceiveMessage
                        Resource: "*"
            """, path: "template.yaml")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("10:17 ") == true)
        #expect(warnings.first?.contains("did you mean \"sqs:SendMessage\"?") == true)
    }

    @Test func knownActionsAreSilent() async {
        let warnings = await Self.warnings("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*", "iam:?ass*", "EC2:describe*"], "Resource": "*"}]}
            """, path: "policy.json")
        #expect(warnings.isEmpty)
    }
}
