import AuditCore
import AuditKit
import AuditRules
import Testing

/// What the examples of AS-ENC-008…014 cannot show: that an undecidable value is counted as
/// unknown (not silently passed), and how the cross-resource rule AS-ENC-009 follows links.
@Suite struct EncryptionTransportAndKeyRuleTests {
    private struct Outcome {
        var findings: [String]
        var unknowns: [String]
    }

    /// Scans one document with only `ruleID` selected; findings and unknowns as
    /// `line:column resource` (unknowns with their expression).
    private func scan(_ ruleID: String, _ fileName: String, _ text: String) async -> Outcome {
        let result = await Scanner().scan(documents: [(path: fileName, text: text)], selection: RuleSelection(only: [ruleID]))
        #expect(result.errors.isEmpty, "input errors: \(result.errors)")
        return Outcome(
            findings: result.outcome.findings.map { "\($0.location.line):\($0.location.column) \($0.resource?.name ?? "-")" },
            unknowns: result.outcome.unknowns.map { "\($0.location.line):\($0.location.column) \($0.resource?.name ?? "-") \($0.expression)" }
        )
    }

    @Test func unresolvedValuesAreUnknownNotPassed() async {
        let trail = await scan("AS-ENC-012", "main.tf.json", """
            {
              "variable": {"key": {"type": "string"}},
              "resource": {"aws_cloudtrail": {"main": {"name": "main", "s3_bucket_name": "logs", "kms_key_id": "${var.key}"}}}
            }
            """)
        #expect(trail.findings.isEmpty)
        #expect(trail.unknowns == ["3:86 aws_cloudtrail.main ${var.key}"])

        let key = await scan("AS-ENC-013", "template.yaml", """
            Parameters:
              Spec:
                Type: String
            Resources:
              Key:
                Type: AWS::KMS::Key
                Properties:
                  KeySpec: !Ref Spec
            """)
        #expect(key.findings.isEmpty)
        #expect(key.unknowns == ["8:7 Key !Ref Spec"])

        let password = await scan("AS-ENC-014", "template.yaml", """
            Parameters:
              Password:
                Type: String
                NoEcho: true
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  MasterUserPassword: !Ref Password
            """)
        #expect(password.findings.isEmpty)
        #expect(password.unknowns == ["9:7 Database !Ref Password"])
    }

    @Test func aPolicyThatCannotBeReadMakesTheBucketUnknown() async {
        let outcome = await scan("AS-ENC-009", "template.yaml", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  PolicyDocument: !ImportValue shared-policy
            """)
        #expect(outcome.findings.isEmpty)
        #expect(outcome.unknowns.count == 1)
        #expect(outcome.unknowns.first?.hasPrefix("8:7 Assets ") == true)
    }

    @Test func eachBucketIsJudgedOnItsOwnPolicyOnly() async {
        // The TLS-only policy belongs to `secure`; `plain` has a policy without the Deny, and
        // `bare` has none: each finding lands where the fix belongs.
        let outcome = await scan("AS-ENC-009", "main.tf.json", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "secure": {"bucket": "acme-secure"},
                  "plain": {"bucket": "acme-plain"},
                  "bare": {"bucket": "acme-bare"}
                },
                "aws_s3_bucket_policy": {
                  "secure": {
                    "bucket": "${aws_s3_bucket.secure.id}",
                    "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Deny\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"s3:*\\", \\"Resource\\": [\\"${aws_s3_bucket.secure.arn}\\", \\"${aws_s3_bucket.secure.arn}/*\\"], \\"Condition\\": {\\"Bool\\": {\\"aws:SecureTransport\\": \\"false\\"}}}]}"
                  },
                  "plain": {
                    "bucket": "acme-plain",
                    "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"arn:aws:iam::123456789012:root\\"}, \\"Action\\": \\"s3:GetObject\\", \\"Resource\\": \\"arn:aws:s3:::acme-plain/*\\"}]}"
                  }
                }
              }
            }
            """)
        #expect(outcome.findings == ["6:7 aws_s3_bucket.bare", "15:9 aws_s3_bucket.plain"])
        #expect(outcome.unknowns.isEmpty)
    }

    @Test func aDenyForSomePrincipalsOnlyDoesNotEnforceTLS() async {
        let outcome = await scan("AS-ENC-009", "template.yaml", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        Principal:
                          AWS: arn:aws:iam::123456789012:role/ci
                        Action: s3:*
                        Resource: [!GetAtt Assets.Arn, !Sub "${Assets.Arn}/*"]
                        Condition:
                          Bool:
                            aws:SecureTransport: false
            """)
        #expect(outcome.findings == ["8:7 Assets"])
    }

    @Test func policyDrivenRulesAreOffUnlessAskedFor() {
        let off = AuditRules.all.map { type(of: $0).metadata }.filter { !$0.enabledByDefault }.map(\.id)
        #expect(off.contains("AS-ENC-010"))
        #expect(off.contains("AS-ENC-011"))
        for id in ["AS-ENC-008", "AS-ENC-009", "AS-ENC-012", "AS-ENC-013", "AS-ENC-014"] {
            #expect(!off.contains(id), "\(id) should run by default")
        }
    }
}
