import AuditCore
@testable import AuditKit
import AuditModel
import AuditRules
import Testing

/// Suppressions in every format: which finding each directive suppresses, from which line,
/// and what happens to directives that cannot apply (expired, no reason, unknown rule).
@Suite struct SuppressionTests {
    static let today = "2026-06-01"

    static func scan(_ documents: [(path: String, text: String)], config: String? = nil) async throws -> ScanResult {
        var policy = ScanPolicy(today: today)
        if let config {
            policy.config = try ConfigFile.parse(Array(config.utf8), path: ".auditstack.yml")
        }
        return await Scanner().scan(documents: documents, policy: policy)
    }

    /// (rule, resource, line of the directive) for every suppressed finding.
    static func suppressed(_ result: ScanResult) -> [String] {
        result.suppressed.map {
            "\($0.finding.ruleID) \($0.finding.resource?.name ?? "-") by \($0.suppression.origin.rawValue) at \($0.suppression.location)"
        }.sorted()
    }

    static func findings(_ result: ScanResult, rule: String) -> [String] {
        result.outcome.findings.filter { $0.ruleID == rule }.map { "\($0.resource?.name ?? "-") at \($0.location)" }
    }

    static func warnings(_ result: ScanResult) -> [String] {
        result.warnings.map { "\($0.location): \($0.message)" }
    }

    /// An unencrypted database whose `Metadata` is the given YAML (indented under it).
    static func template(metadata: String) -> String {
        """
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Metadata:
        \(metadata.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            Properties:
              Engine: postgres
              DBInstanceClass: db.t3.micro
              DeletionProtection: true
              BackupRetentionPeriod: 7
        """
    }

    // MARK: CloudFormation Metadata

    @Test func cloudFormationMetadataSuppressesTheNamedRuleOnly() async throws {
        let result = try await Self.scan([("stack.yaml", Self.template(metadata: """
            auditstack:
              skip:
                - id: AS-ENC-001
                  reason: Restored from an encrypted snapshot
                  expires: 2027-01-31
            """))])
        #expect(Self.suppressed(result) == ["AS-ENC-001 Database by cloudformation-metadata at stack.yaml:7:17"])
        #expect(Self.findings(result, rule: "AS-ENC-001").isEmpty)
        let suppression = try #require(result.suppressed.first?.suppression)
        #expect(suppression.reason == "Restored from an encrypted snapshot")
        #expect(suppression.expires == "2027-01-31")
        #expect(suppression.writtenID == "AS-ENC-001" && suppression.peerID == nil)
        #expect(Self.warnings(result).isEmpty)
        #expect(result.suppressionRecords.map(\.status) == [.active])
    }

    @Test func expiredSuppressionStopsSuppressingAndSaysSo() async throws {
        for expires in ["2026-01-31", Self.today] {
            let result = try await Self.scan([("stack.yaml", Self.template(metadata: """
                auditstack:
                  skip:
                    - id: AS-ENC-001
                      reason: Temporary
                      expires: \(expires)
                """))])
            #expect(result.suppressed.isEmpty)
            #expect(Self.findings(result, rule: "AS-ENC-001") == ["Database at stack.yaml:2:3"])
            #expect(Self.warnings(result) == [
                "stack.yaml:7:17: suppression of AS-ENC-001 on Database expired on \(expires); its findings are reported again",
            ])
            #expect(result.suppressionRecords.map(\.status) == [.expired])
        }
    }

    @Test func suppressionWithoutReasonDoesNotApply() async throws {
        let metadata = """
            auditstack:
              skip:
                - id: AS-ENC-001
            """
        let result = try await Self.scan([("stack.yaml", Self.template(metadata: metadata))])
        #expect(result.suppressed.isEmpty)
        #expect(Self.findings(result, rule: "AS-ENC-001") == ["Database at stack.yaml:2:3"])
        #expect(Self.warnings(result) == [
            "stack.yaml:7:17: suppression of AS-ENC-001 on Database has no reason, so it does not apply; add a reason",
        ])
        #expect(result.suppressionRecords.map(\.status) == [.missingReason])

        // A team migrating from a tool without reasons may opt out, in the configuration file.
        let lenient = try await Self.scan([("stack.yaml", Self.template(metadata: metadata))], config: "require-reason: false\n")
        #expect(Self.suppressed(lenient) == ["AS-ENC-001 Database by cloudformation-metadata at stack.yaml:7:17"])
        #expect(lenient.warnings.isEmpty)
    }

    @Test func unknownRuleIsReportedWithTheClosestId() async throws {
        let result = try await Self.scan([("stack.yaml", Self.template(metadata: """
            auditstack:
              skip:
                - id: AS-ENC-01
                  reason: Typo
            """))])
        #expect(result.suppressed.isEmpty)
        #expect(Self.warnings(result) == [
            "stack.yaml:7:17: suppression names AS-ENC-01, which is no auditstack rule; it suppresses nothing (did you mean AS-ENC-001?)",
        ])
        #expect(result.suppressionRecords.map(\.status) == [.unknownRule])
    }

    @Test func invalidExpiryDoesNotApply() async throws {
        let result = try await Self.scan([("stack.yaml", Self.template(metadata: """
            auditstack:
              skip:
                - id: AS-ENC-001
                  reason: Soon
                  expires: 2026-02-30
            """))])
        #expect(result.suppressed.isEmpty)
        #expect(Self.warnings(result) == [
            "stack.yaml:7:17: suppression of AS-ENC-001 on Database has expires '2026-02-30', not a yyyy-mm-dd day, so it does not apply",
        ])
    }

    @Test func misspeltKeysInOwnMetadataAreWarnings() async throws {
        let result = try await Self.scan([("stack.yaml", Self.template(metadata: """
            auditstack:
              skips: []
              skip:
                - id: AS-ENC-001
                  reasons: Typo
            """))])
        #expect(Self.warnings(result) == [
            "stack.yaml:6:9: Metadata.auditstack has no 'skips' (expected: skip)",
            "stack.yaml:9:13: a Metadata.auditstack.skip entry has no 'reasons' (expected: id, reason, expires)",
            "stack.yaml:8:17: suppression of AS-ENC-001 on Database has no reason, so it does not apply; add a reason",
        ])
    }

    // MARK: Peer aliases

    @Test func checkovMetadataIsHonouredThroughTheCatalog() async throws {
        let result = try await Self.scan([("stack.yaml", Self.template(metadata: """
            checkov:
              skip:
                - id: CKV_AWS_16
                  comment: Encrypted at the volume level by the platform team
                - id: CKV_AWS_118
                  comment: No enhanced monitoring in this account
            """))])
        #expect(Self.suppressed(result) == ["AS-ENC-001 Database by cloudformation-metadata at stack.yaml:7:17"])
        let suppression = try #require(result.suppressed.first?.suppression)
        #expect(suppression.writtenID == "CKV_AWS_16" && suppression.peerID == "checkov:CKV_AWS_16")
        #expect(suppression.reason == "Encrypted at the volume level by the platform team")
        // A peer id auditstack has no rule for is listed, not warned about.
        #expect(result.suppressionRecords.map { "\($0.writtenID) \($0.status.rawValue)" } == [
            "CKV_AWS_16 active", "CKV_AWS_118 no-equivalent",
        ])
        #expect(result.warnings.isEmpty)
    }

    @Test func checkovIDMappedToTwoRulesSuppressesBoth() async throws {
        // The catalog gives CKV_AWS_133 to AS-BACKUP-001 (no backups) and AS-BACKUP-002 (short retention).
        let result = try await Self.scan([("stack.yaml", """
            Resources:
              NoBackups:
                Type: AWS::RDS::DBInstance
                Metadata:
                  checkov:
                    skip:
                      - id: CKV_AWS_133
                        comment: Backed up by AWS Backup
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 0
              ShortBackups:
                Type: AWS::RDS::DBInstance
                Metadata:
                  checkov:
                    skip:
                      - id: CKV_AWS_133
                        comment: A cache, rebuilt from the source
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 3
            """)])
        #expect(Self.suppressed(result).filter { $0.hasPrefix("AS-BACKUP-001 ") || $0.hasPrefix("AS-BACKUP-002 ") } == [
            "AS-BACKUP-001 NoBackups by cloudformation-metadata at stack.yaml:7:17",
            "AS-BACKUP-002 ShortBackups by cloudformation-metadata at stack.yaml:17:17",
        ])
        #expect(result.outcome.findings.filter { ["AS-BACKUP-001", "AS-BACKUP-002"].contains($0.ruleID) }.isEmpty)
        #expect(result.suppressionRecords.map { "\($0.target) \($0.ruleIDs.joined(separator: ",")) \($0.status.rawValue)" } == [
            "NoBackups AS-BACKUP-001,AS-BACKUP-002 active", "ShortBackups AS-BACKUP-001,AS-BACKUP-002 active",
        ])
    }

    @Test func onePeerIDMayStandForSeveralRules() async throws {
        let template = Self.template(metadata: """
            cfn_nag:
              rules_to_suppress:
                - id: W28
                  reason: Accepted by the security review of 2026-05
            cfn-lint:
              config:
                ignore_checks: [E3012]
            """)
        // The shipped catalog maps neither id (W28 is cfn_nag's explicit-name warning): nothing is suppressed, nothing warned.
        let plain = try await Self.scan([("stack.yaml", template)])
        #expect(plain.suppressed.isEmpty && plain.warnings.isEmpty)
        #expect(plain.suppressionRecords.map { "\($0.syntax) \($0.writtenID) \($0.status.rawValue)" } == [
            "cfn_nag W28 no-equivalent", "cfn-lint E3012 no-equivalent",
        ])

        // A catalog that maps W28 to two rules and E3012 to a third.
        var catalog = AuditRules.catalog
        for index in catalog.indices {
            switch catalog[index].id {
            case "AS-ENC-001", "AS-BACKUP-003": catalog[index].peerIDs.append("cfn_nag:W28")
            case "AS-BACKUP-004": catalog[index].peerIDs.append("cfn-lint:E3012")
            default: break
            }
        }
        let applied = SuppressionApplier(catalog: catalog, policy: ScanPolicy(today: Self.today)).apply(plain.outcome, model: plain.model)
        #expect(applied.suppressed.map { "\($0.finding.ruleID) \($0.suppression.peerID ?? "-") at \($0.suppression.location)" }.sorted() == [
            "AS-BACKUP-003 cfn_nag:W28 at stack.yaml:7:17",
            "AS-ENC-001 cfn_nag:W28 at stack.yaml:7:17",
        ])
        #expect(applied.records.map { "\($0.writtenID) → \($0.ruleIDs.joined(separator: ",")) \($0.status.rawValue)" } == [
            "W28 → AS-ENC-001,AS-BACKUP-003 active", "E3012 → AS-BACKUP-004 missing-reason",
        ])
        // cfn-lint's ignore_checks carry no reason: the warning says how to give one.
        #expect(applied.warnings.map(\.message) == [
            "suppression of cfn-lint:E3012 on Database has no reason, so it does not apply; add a reason "
                + "(cfn-lint's ignore_checks have none: add an auditstack skip entry, or set require-reason: false in .auditstack.yml)",
        ])
    }

    @Test func cfnNagIDsWithAnExactEquivalentSuppressIt() async throws {
        let template = Self.template(metadata: """
            cfn_nag:
              rules_to_suppress:
                - id: F27
                  reason: Restored from an encrypted snapshot by the migration job
            """)
        let result = try await Self.scan([("stack.yaml", template)])
        #expect(Self.suppressed(result).filter { $0.hasPrefix("AS-ENC-001 ") } == ["AS-ENC-001 Database by cloudformation-metadata at stack.yaml:7:17"])
        #expect(result.outcome.findings.filter { $0.ruleID == "AS-ENC-001" }.isEmpty)
        #expect(result.suppressionRecords.map { "\($0.syntax) \($0.writtenID) → \($0.ruleIDs.joined(separator: ",")) \($0.status.rawValue)" } == [
            "cfn_nag F27 → AS-ENC-001 active",
        ])
    }

    @Test func templateMetadataCoversEveryResourceAndTheTemplateItself() async throws {
        let template = """
            Metadata:
              auditstack:
                skip:
                  - id: AS-ENC-001
                    reason: Test fixtures, never deployed
            Resources:
              First:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
              Second:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: mysql
            """
        let result = try await Self.scan([("stack.yaml", template)])
        #expect(Self.suppressed(result).filter { $0.hasPrefix("AS-ENC-001") } == [
            "AS-ENC-001 First by cloudformation-metadata at stack.yaml:4:13",
            "AS-ENC-001 Second by cloudformation-metadata at stack.yaml:4:13",
        ])
        #expect(result.suppressionRecords.map { "\($0.target) \($0.status.rawValue) \($0.suppressedCount)" } == ["the whole template active 2"])

        // A finding about the template as a whole (no resource) is covered by the template's
        // Metadata only, not by a resource's.
        let plain = await Scanner().scan(documents: [("stack.yaml", template)], selection: RuleSelection(only: ["AS-LAUNCH-007"]))
        var outcome = plain.outcome
        let templateWide = Finding(
            ruleID: "AS-ENC-001", severity: .high, pack: .encryption, message: "about the template",
            location: SourceLocation(file: "stack.yaml", line: 1, column: 1), resource: nil, resourceType: nil, attributePath: nil
        )
        let elsewhere = Finding(
            ruleID: "AS-ENC-001", severity: .high, pack: .encryption, message: "about another template",
            location: SourceLocation(file: "other.yaml", line: 1, column: 1), resource: nil, resourceType: nil, attributePath: nil
        )
        outcome.findings = [templateWide, elsewhere]
        let applied = SuppressionApplier(catalog: AuditRules.catalog, policy: ScanPolicy(today: Self.today)).apply(outcome, model: plain.model)
        #expect(applied.suppressed.map(\.finding) == [templateWide])
        #expect(applied.outcome.findings == [elsewhere])
    }

    // MARK: SAM

    @Test func samFunctionMetadataCoversTheRoleSAMGenerates() async throws {
        let result = try await Self.scan([("sam.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Worker:
                Type: AWS::Serverless::Function
                Metadata:
                  auditstack:
                    skip:
                      - id: AS-IAM-001
                        reason: Break-glass function, reviewed
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: "*"
                          Resource: "*"
            """)])
        #expect(Self.suppressed(result).filter { $0.hasPrefix("AS-IAM-001") } == [
            "AS-IAM-001 WorkerRole by cloudformation-metadata at sam.yaml:8:17",
        ])
        #expect(Self.findings(result, rule: "AS-IAM-001").isEmpty)
        // One directive, listed once, on the resource the user wrote it on.
        #expect(result.suppressionRecords.map { "\($0.target) \($0.status.rawValue) \($0.suppressedCount)" } == ["Worker active 1"])
    }

    // MARK: Terraform JSON "//"

    static func terraform(comment: String) -> String {
        """
        {
          "resource": {
            "aws_db_instance": {
              "db": {
                "//": \(comment),
                "engine": "postgres",
                "instance_class": "db.t3.micro",
                "deletion_protection": true,
                "backup_retention_period": 7
              }
            }
          }
        }
        """
    }

    @Test func terraformCommentSuppressesWithReasonAndExpiry() async throws {
        let result = try await Self.scan([("main.tf.json", Self.terraform(
            comment: #""Legacy instance. auditstack:skip=AS-ENC-001,AS-BACKUP-004 reason=\"Restored from an encrypted snapshot\" expires=2027-01-31""#
        ))])
        #expect(Self.suppressed(result) == [
            "AS-BACKUP-004 aws_db_instance.db by terraform-comment at main.tf.json:5:15",
            "AS-ENC-001 aws_db_instance.db by terraform-comment at main.tf.json:5:15",
        ])
        #expect(result.suppressed.allSatisfy { $0.suppression.reason == "Restored from an encrypted snapshot" && $0.suppression.expires == "2027-01-31" })
        #expect(result.warnings.isEmpty)
    }

    @Test func terraformCommentAcceptsCheckovSyntaxAndArrays() async throws {
        let result = try await Self.scan([("main.tf.json", Self.terraform(comment: """
            [
                  "checkov:skip=CKV_AWS_16:Encrypted by the storage layer",
                  "auditstack:skip=AS-BACKUP-004 reason=\\"Snapshots are copied nightly\\""
                ]
            """))])
        #expect(Self.suppressed(result) == [
            "AS-BACKUP-004 aws_db_instance.db by terraform-comment at main.tf.json:7:7",
            "AS-ENC-001 aws_db_instance.db by terraform-comment at main.tf.json:6:7",
        ])
        let checkov = try #require(result.suppressed.first { $0.finding.ruleID == "AS-ENC-001" }?.suppression)
        #expect(checkov.peerID == "checkov:CKV_AWS_16" && checkov.reason == "Encrypted by the storage layer")
    }

    @Test func terraformCommentMistakesAreWarningsAtTheComment() async throws {
        let result = try await Self.scan([("main.tf.json", Self.terraform(
            comment: #""auditstack:skip=AS-ENC-001 because=\"it is fine\" checkov:skip=CKV_AWS_16""#
        ))])
        #expect(result.suppressed.isEmpty)
        #expect(Self.warnings(result) == [
            "main.tf.json:5:15: auditstack:skip has no 'because' (expected: reason, expires)",
            "main.tf.json:5:15: suppression of AS-ENC-001 on aws_db_instance.db has no reason, so it does not apply; add reason=\"…\"",
            "main.tf.json:5:15: suppression of checkov:CKV_AWS_16 on aws_db_instance.db has no reason, so it does not apply; add reason=\"…\"",
        ])
    }

    @Test func commentWithoutDirectiveIsLeftAlone() async throws {
        let result = try await Self.scan([("main.tf.json", Self.terraform(comment: #""Owned by the data team""#))])
        #expect(result.suppressionRecords.isEmpty && result.warnings.isEmpty)
        #expect(Self.findings(result, rule: "AS-ENC-001") == ["aws_db_instance.db at main.tf.json:4:7"])
    }

    // MARK: Statuses

    @Test func unusedAndNotRunDirectivesAreTold() async throws {
        let template = """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Metadata:
                  auditstack:
                    skip:
                      - id: AS-ENC-001
                        reason: Was unencrypted once
                      - id: AS-LAUNCH-007
                        reason: Protection is managed by the platform
                Properties:
                  Engine: postgres
                  StorageEncrypted: true
            """
        let result = await Scanner().scan(
            documents: [("stack.yaml", template)], selection: RuleSelection(skip: ["AS-LAUNCH-007"]), policy: ScanPolicy(today: Self.today)
        )
        #expect(result.suppressionRecords.map { "\($0.writtenID) \($0.status.rawValue)" } == [
            "AS-ENC-001 matched-nothing", "AS-LAUNCH-007 rule-not-run",
        ])
    }
}
