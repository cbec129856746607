import AuditCore
import AuditKit
import AuditRules
import Testing

/// The names `--check`, `--skip-check` and `explain` accept.
@Suite struct RuleNamesTests {
    static func ids(_ name: String, _ use: RuleNames.Use) -> [String] {
        RuleNames.rules(named: name, for: use, in: AuditRules.catalog).map(\.id)
    }

    @Test func idsAndSlugsNameOneRuleEvenWhenOffByDefault() {
        #expect(Self.ids("as-enc-010", .select) == ["AS-ENC-010"])
        #expect(Self.ids("rds-storage-not-encrypted", .select) == ["AS-ENC-001"])
        #expect(Self.ids("RDS-Storage-Not-Encrypted", .select) == ["AS-ENC-001"])
    }

    @Test func peerIDsWithOrWithoutTheToolPrefix() {
        #expect(Self.ids("CKV_AWS_16", .select) == ["AS-ENC-001"])
        #expect(Self.ids("checkov:ckv_aws_16", .skip) == ["AS-ENC-001"])
        #expect(Self.ids("kics:08bd0760-8752-44e1-9779-7bb369b2b4e4", .select) == ["AS-ENC-001"])
        #expect(Self.ids("CKV_AWS_999999", .select).isEmpty)
    }

    @Test func aSeverityToCheckIsThatSeverityAndAboveToSkipThatAndBelow() {
        let catalog = AuditRules.catalog
        let high = Self.ids("high", .select)
        #expect(high == catalog.filter { $0.enabledByDefault && $0.severity >= .high }.map(\.id))
        #expect(high.contains("AS-IAM-001") && high.contains("AS-ENC-001") && !high.contains("AS-IAM-002"))
        let medium = Self.ids("medium", .skip)
        #expect(medium == catalog.filter { $0.severity <= .medium }.map(\.id))
        #expect(medium.contains("AS-IAM-002") && medium.contains("AS-ENC-010") && !medium.contains("AS-ENC-001"))
        #expect(Self.ids("high", .explain).isEmpty)
    }

    @Test func wildcardsMatchIdsAndSlugsAndLeaveOffByDefaultRulesToTheirIDs() {
        let encryption = Self.ids("AS-ENC-*", .select)
        #expect(encryption.first == "AS-ENC-001" && encryption.contains("AS-ENC-014"))
        #expect(!encryption.contains("AS-ENC-010") && !encryption.contains("AS-ENC-011"))
        #expect(Self.ids("as-enc-*", .skip).contains("AS-ENC-010"))
        #expect(Self.ids("as-enc-01?", .explain) == ["AS-ENC-010", "AS-ENC-011", "AS-ENC-012", "AS-ENC-013", "AS-ENC-014"])
        #expect(Self.ids("*-not-encrypted", .select).contains("AS-ENC-001"))
        #expect(Self.ids("AS-NOPE-*", .select).isEmpty)
    }
}
