import AuditCore
import AuditModel
import AuditReporters
import Foundation

/// Inputs for the CI formats: the launch review with the metadata of the rules that ran,
/// a suppressed finding and the evaluations a JUnit report lists.
enum CIReporterFixtures {
    static func rule(_ id: String, _ severity: Severity, _ pack: Pack, _ slug: String, _ title: String) -> RuleMetadata {
        RuleMetadata(
            id: id, slug: slug, title: title, severity: severity, pack: pack, tags: ["security", pack.rawValue, "aws"],
            rationale: "Why \(id) matters.\nSecond line of the rationale.", remediation: "Fix \(id) in CloudFormation.\nFix \(id) in Terraform.",
            references: ["https://example.com/\(id)"]
        )
    }

    static let rules = [
        rule("AS-IAM-001", .critical, .leastPrivilege, "full-administrator-statement", "Full administrator statement"),
        rule("AS-ENC-001", .high, .encryption, "rds-storage-not-encrypted", "RDS DB instance storage not encrypted"),
        rule("AS-ALARM-014", .medium, .missingAlarms, "alarm-notifies-nobody", "Alarm that notifies nobody"),
        rule("AS-BACKUP-001", .critical, .backupRetention, "rds-automated-backups-disabled", "RDS automated backups disabled"),
    ]

    static let suppressedFinding = SuppressedFinding(
        finding: ReporterFixtures.finding(
            "AS-ENC-001", .high, .encryption, "DB instance storage is not encrypted", "sam/template.yaml", 120, 3,
            resource: "LegacyDatabase", type: "AWS::RDS::DBInstance", attribute: "StorageEncrypted"
        ),
        suppression: Suppression(
            ruleID: "AS-ENC-001", writtenID: "CKV_AWS_16", peerID: "checkov:CKV_AWS_16", reason: "migrated in Q3, ticket OPS-12",
            expires: "2027-01-31", location: SourceLocation(file: "sam/template.yaml", line: 118, column: 11), origin: .cloudFormationMetadata
        )
    )

    static var review: ReportInput {
        var input = ReporterFixtures.launchReview
        input.rulesRun = rules
        input.suppressed = [suppressedFinding]
        return input
    }

    /// The repository is `/repo`, the scan started in `/repo/infra`.
    static let paths = SourcePaths(workingDirectory: "/repo/infra", sourceRoot: "/repo")

    static let schema = JSONSchemaValidator.sarif(packageRoot: packageRoot)

    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }()
}
