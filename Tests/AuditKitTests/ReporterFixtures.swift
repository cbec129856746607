import AuditCore
import AuditModel
import AuditReporters

/// Hand-assembled report inputs: reporters are tested with constructed findings, not rules.
enum ReporterFixtures {
    static func finding(
        _ ruleID: String, _ severity: Severity, _ pack: Pack, _ message: String,
        _ file: String, _ line: Int, _ column: Int, resource: String?, type: String?, attribute: String? = nil
    ) -> Finding {
        Finding(
            ruleID: ruleID, severity: severity, pack: pack, message: message,
            location: SourceLocation(file: file, line: line, column: column),
            resource: resource.map { ResourceID(scope: file, name: $0) }, resourceType: type, attributePath: attribute
        )
    }

    static let launchReview = ReportInput(
        toolName: "auditstack", toolVersion: "1.2.3",
        findings: [
            finding("AS-BACKUP-001", .critical, .backupRetention,
                    "Automated backups are disabled: backup retention is not set, and Terraform sends 0",
                    "network/main.tf.json", 41, 7, resource: "aws_db_instance.main", type: "aws_db_instance",
                    attribute: "backup_retention_period"),
            finding("AS-ENC-001", .high, .encryption, "DB instance storage is not encrypted",
                    "network/main.tf.json", 41, 7, resource: "aws_db_instance.main", type: "aws_db_instance",
                    attribute: "storage_encrypted"),
            finding("AS-IAM-001", .critical, .leastPrivilege, "ApplyFunction policy allows every action on every resource",
                    "sam/template.yaml", 59, 15, resource: "ApplyFunction", type: "IAM policy", attribute: "Statement[0]"),
            finding("AS-ALARM-014", .medium, .missingAlarms, "Alarm has no alarm actions, so its state changes notify nobody",
                    "sam/template.yaml", 91, 3, resource: "ApiServerErrorsAlarm", type: "AWS::CloudWatch::Alarm"),
        ],
        unknowns: [
            UnknownResult(ruleID: "AS-ENC-001", resource: ResourceID(scope: "network", name: "aws_db_instance.replica"),
                          location: SourceLocation(file: "network/main.tf.json", line: 60, column: 9), expression: "${var.encrypt}"),
        ],
        fileCount: 3,
        skipped: [ReportSkippedFile(path: "docker-compose.yml", reason: "not a CloudFormation, SAM, Terraform or IAM document")],
        resourceCount: 41, policyCount: 12,
        errors: [ReportError(file: "broken.yaml", line: 4, column: 4, message: "YAML: did not find expected key")],
        warnings: [ReportWarning(file: "sam/template.yaml", line: 10, column: 3, message: "unknown intrinsic Fn::Frobnicate")],
        seconds: 0.0449
    )

    static let clean = ReportInput(toolVersion: "1.2.3", fileCount: 2, resourceCount: 5, policyCount: 1, seconds: 0.5)
}
