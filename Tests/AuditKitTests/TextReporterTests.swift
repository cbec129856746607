import AuditCore
import AuditModel
import AuditReporters
import Testing

@Suite("text reporter")
struct TextReporterTests {
    @Test("groups by file, aligns columns, ends with the summary")
    func launchReview() {
        let text = TextReporter(options: ReportOptions()).render(ReporterFixtures.launchReview)
        #expect(text == """
            broken.yaml — 1 error
            broken.yaml:4:4            error     YAML: did not find expected key

            network/main.tf.json — 2 findings
            network/main.tf.json:41:7  critical  AS-BACKUP-001  Automated backups are disabled: backup retention is not set, and Terraform sends 0  (aws_db_instance.main)
            network/main.tf.json:41:7  high      AS-ENC-001     DB instance storage is not encrypted  (aws_db_instance.main)

            sam/template.yaml — 2 findings
            sam/template.yaml:59:15    critical  AS-IAM-001     ApplyFunction policy allows every action on every resource  (ApplyFunction)
            sam/template.yaml:91:3     medium    AS-ALARM-014   Alarm has no alarm actions, so its state changes notify nobody  (ApiServerErrorsAlarm)

            1 check could not be decided because a value is only known at deploy time; --verbose lists them.

            Scanned 3 files (1 skipped), 41 resources, 12 policies in 0.04 s — 4 findings: 2 critical, 1 high, 1 medium · 1 unknown (cannot tell before deploy) · 1 error

            """)
    }

    @Test("--verbose adds every unknown, loader warning and skipped file")
    func verbose() {
        let text = TextReporter(options: ReportOptions(verbose: true)).render(ReporterFixtures.launchReview)
        #expect(text == """
            broken.yaml — 1 error
            broken.yaml:4:4            error     YAML: did not find expected key

            network/main.tf.json — 2 findings, 1 unknown
            network/main.tf.json:41:7  critical  AS-BACKUP-001  Automated backups are disabled: backup retention is not set, and Terraform sends 0  (aws_db_instance.main)
            network/main.tf.json:41:7  high      AS-ENC-001     DB instance storage is not encrypted  (aws_db_instance.main)
            network/main.tf.json:60:9  unknown   AS-ENC-001     ${var.encrypt}  (aws_db_instance.replica)

            sam/template.yaml — 2 findings, 1 warning
            sam/template.yaml:10:3     warning   unknown intrinsic Fn::Frobnicate
            sam/template.yaml:59:15    critical  AS-IAM-001     ApplyFunction policy allows every action on every resource  (ApplyFunction)
            sam/template.yaml:91:3     medium    AS-ALARM-014   Alarm has no alarm actions, so its state changes notify nobody  (ApiServerErrorsAlarm)

            Skipped — 1 file
            docker-compose.yml         skipped   not a CloudFormation, SAM, Terraform or IAM document

            Scanned 3 files (1 skipped), 41 resources, 12 policies in 0.04 s — 4 findings: 2 critical, 1 high, 1 medium · 1 unknown (cannot tell before deploy) · 1 error

            """)
    }

    @Test("a clean scan says so plainly")
    func clean() {
        let text = TextReporter().render(ReporterFixtures.clean)
        #expect(text == "Scanned 2 files, 5 resources, 1 policy in 0.50 s — no findings\n")
    }

    @Test("nothing to scan says that no configuration was found")
    func nothingFound() {
        let text = TextReporter().render(ReportInput(seconds: 0.001))
        #expect(text == """
            No CloudFormation, SAM, Terraform JSON or IAM policy files found.

            Scanned 0 files, 0 resources, 0 policies in 0.00 s — no findings

            """)
    }

    @Test("an error without a position prints the path alone")
    func errorWithoutPosition() {
        let input = ReportInput(errors: [ReportError(file: "missing/", line: 0, column: 0, message: "no such file or directory")])
        let text = TextReporter().render(input)
        #expect(text.hasPrefix("missing/ — 1 error\nmissing/  error     no such file or directory\n"))
        #expect(text.hasSuffix("— no findings · 1 error\n"))
    }

    @Test("colour: severities coloured only when enabled, alignment unchanged")
    func colour() {
        let input = ReportInput(findings: [
            ReporterFixtures.finding("AS-ENC-001", .high, .encryption, "not encrypted", "a.yaml", 3, 3, resource: "Db", type: nil),
            ReporterFixtures.finding("AS-COST-007", .medium, .natCost, "idle", "a.yaml", 9, 3, resource: "Nat", type: nil),
            ReporterFixtures.finding("AS-ALARM-014", .low, .missingAlarms, "quiet", "a.yaml", 12, 3, resource: "Alarm", type: nil),
        ], fileCount: 1)
        let plain = TextReporter().render(input)
        #expect(!plain.contains("\u{1B}"))
        let coloured = TextReporter(options: ReportOptions(color: true)).render(input)
        #expect(coloured.contains("a.yaml:3:3   \u{1B}[31mhigh\u{1B}[0m      AS-ENC-001    not encrypted  (Db)"))
        #expect(coloured.contains("a.yaml:9:3   \u{1B}[33mmedium\u{1B}[0m    AS-COST-007   idle  (Nat)"))
        #expect(coloured.contains("a.yaml:12:3  \u{1B}[36mlow\u{1B}[0m       AS-ALARM-014  quiet  (Alarm)"))
        let stripped = coloured.replacingEscapes()
        #expect(stripped == plain)
    }

    @Test("control characters from scanned files cannot reach the terminal")
    func terminalInjection() {
        let input = ReportInput(findings: [
            ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "policy \u{1B}]0;pwned\u{07} allows *",
                                     "evil\u{1B}[2J.json", 1, 1, resource: "x\ny", type: nil),
        ], fileCount: 1)
        let text = TextReporter().render(input)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("evil\\u{1b}[2J.json:1:1  high      AS-IAM-001  policy \\u{1b}]0;pwned\\u{7} allows *  (x\\u{a}y)"))
    }

    @Test("summary line counts in English")
    func summaryCounts() {
        let input = ReportInput(
            findings: [ReporterFixtures.finding("AS-ENC-001", .low, .encryption, "m", "f", 1, 1, resource: nil, type: nil)],
            fileCount: 1, resourceCount: 1, policyCount: 0, seconds: 12.346
        )
        #expect(TextReporter().summaryLine(input) == "Scanned 1 file, 1 resource, 0 policies in 12.35 s — 1 finding: 1 low")
    }
}

extension String {
    /// The text with ANSI SGR sequences removed.
    func replacingEscapes() -> String {
        var output = ""
        var inEscape = false
        for character in self {
            if character == "\u{1B}" {
                inEscape = true
            } else if inEscape {
                if character == "m" { inEscape = false }
            } else {
                output.append(character)
            }
        }
        return output
    }
}
