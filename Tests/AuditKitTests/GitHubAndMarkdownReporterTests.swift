import AuditCore
import AuditModel
import AuditReporters
import Testing

@Suite("GitHub annotations reporter")
struct GitHubReporterTests {
    @Test("exact lines: unreadable inputs first, then findings from the most severe down, then a summary")
    func exactLines() {
        let text = GitHubReporter(options: ReportOptions(paths: CIReporterFixtures.paths)).render(CIReporterFixtures.review)
        let docs = "https://github.com/auditstack/auditstack/blob/main/docs/rules/"
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == [
            "::error file=infra/broken.yaml,line=4,col=4,title=auditstack%3A input could not be read::YAML: did not find expected key",
            "::error file=infra/network/main.tf.json,line=41,col=7,title=AS-BACKUP-001 (critical)%3A RDS automated backups disabled::"
                + "Automated backups are disabled: backup retention is not set, and Terraform sends 0%0AResource: aws_db_instance.main"
                + "%0AFix: Fix AS-BACKUP-001 in CloudFormation.%0AFix AS-BACKUP-001 in Terraform.%0ADetails: \(docs)AS-BACKUP-001.md",
            "::error file=infra/sam/template.yaml,line=59,col=15,title=AS-IAM-001 (critical)%3A Full administrator statement::"
                + "ApplyFunction policy allows every action on every resource%0AResource: IAM policy ApplyFunction"
                + "%0AFix: Fix AS-IAM-001 in CloudFormation.%0AFix AS-IAM-001 in Terraform.%0ADetails: \(docs)AS-IAM-001.md",
            "::error file=infra/network/main.tf.json,line=41,col=7,title=AS-ENC-001 (high)%3A RDS DB instance storage not encrypted::"
                + "DB instance storage is not encrypted%0AResource: aws_db_instance.main"
                + "%0AFix: Fix AS-ENC-001 in CloudFormation.%0AFix AS-ENC-001 in Terraform.%0ADetails: \(docs)AS-ENC-001.md",
            "::warning file=infra/sam/template.yaml,line=91,col=3,title=AS-ALARM-014 (medium)%3A Alarm that notifies nobody::"
                + "Alarm has no alarm actions, so its state changes notify nobody%0AResource: AWS::CloudWatch::Alarm ApiServerErrorsAlarm"
                + "%0AFix: Fix AS-ALARM-014 in CloudFormation.%0AFix AS-ALARM-014 in Terraform.%0ADetails: \(docs)AS-ALARM-014.md",
            "auditstack: 4 findings (2 critical, 1 high, 1 medium), 1 suppressed, 1 unreadable input",
            "",
        ])
    }

    @Test("one annotation per finding and per unreadable input; none for suppressed findings")
    func countsMatch() {
        let input = CIReporterFixtures.review
        let lines = GitHubReporter().render(input).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("::") }.count == input.findings.count + input.errors.count)
    }

    @Test("escaping follows the Actions toolkit: %, CR, LF everywhere; : and , in properties")
    func escaping() {
        #expect(GitHubReporter.escapedData("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b")
        #expect(GitHubReporter.escapedProperty("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b")
        let input = ReportInput(
            findings: [ReporterFixtures.finding("AS-IAM-001", .low, .leastPrivilege, "a::b\nc", "dir,1/x:y.json", 0, 0,
                                                resource: nil, type: nil)],
            rulesRun: []
        )
        #expect(GitHubReporter().render(input).hasPrefix(
            "::notice file=dir%2C1/x%3Ay.json,title=AS-IAM-001 (low)%3A AS-IAM-001::a::b%0Ac%0ADetails: "
        ))
    }

    @Test("findings sharing a root cause are one annotation naming every rule, at the statement")
    func oneAnnotationPerRootCause() {
        func finding(_ rule: String, _ severity: Severity, column: Int) -> Finding {
            var finding = ReporterFixtures.finding(rule, severity, .leastPrivilege, "\(rule) says", "p.json", 7, column,
                                                   resource: "p.json", type: "IAM policy")
            finding.rootCause = "p.json|p.json|p.json Statement[#0a1b2c3d4e5f]"
            return finding
        }
        let other = ReporterFixtures.finding("AS-ENC-001", .high, .encryption, "not encrypted", "db.yaml", 3, 3, resource: "Db", type: nil)
        let input = ReportInput(findings: [finding("AS-IAM-003", .high, column: 17), finding("AS-IAM-001", .critical, column: 7),
                                           finding("AS-IAM-011", .medium, column: 17), other])
        let lines = GitHubReporter().render(input).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("::error file=p.json,line=7,col=7,title=AS-IAM-001%2C AS-IAM-003%2C AS-IAM-011 (critical)%3A "))
        #expect(lines[0].contains("::AS-IAM-001 (critical): AS-IAM-001 says%0AAS-IAM-003 (high): AS-IAM-003 says%0AAS-IAM-011 (medium): AS-IAM-011 says"))
        #expect(lines[1].hasPrefix("::error file=db.yaml,line=3,col=3,title=AS-ENC-001 (high)"))
        #expect(lines[2] == "auditstack: 4 findings (1 critical, 2 high, 1 medium)")
    }

    @Test("more annotations than GitHub shows: the summary says where the rest are")
    func overflowNote() {
        let findings = (1...11).map {
            ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "m", "p.json", $0, 1, resource: nil, type: nil)
        }
        let text = GitHubReporter().render(ReportInput(findings: findings))
        #expect(text.hasSuffix(
            "auditstack: 11 findings (11 high); GitHub shows the first 10 annotations of each level, the full list is in the SARIF or text report\n"
        ))
        #expect(GitHubReporter().render(ReportInput()) == "auditstack: no findings\n")
    }
}

@Suite("Markdown reporter")
struct MarkdownReporterTests {
    @Test("golden: headline, findings table most severe first, unreadable inputs, suppressed and unknowns folded")
    func golden() {
        let text = MarkdownReporter(options: ReportOptions(paths: CIReporterFixtures.paths)).render(CIReporterFixtures.review)
        let docs = "https://github.com/auditstack/auditstack/blob/main/docs/rules/"
        #expect(text == """
            ## auditstack: 4 findings (2 critical, 1 high, 1 medium), 1 unreadable input

            Scanned 3 files, 41 resources, 12 policies with auditstack 1.2.3 · 1 suppressed · 1 undecided until deploy.

            ### Inputs that could not be read

            | Location | Problem |
            |---|---|
            | `infra/broken.yaml:4` | YAML: did not find expected key |

            ### Findings

            | Severity | Rule | Location | Resource | Finding |
            |---|---|---|---|---|
            | critical | [AS-BACKUP-001](\(docs)AS-BACKUP-001.md) | `infra/network/main.tf.json:41` | `aws_db_instance.main` | Automated backups are disabled: backup retention is not set, and Terraform sends 0 |
            | critical | [AS-IAM-001](\(docs)AS-IAM-001.md) | `infra/sam/template.yaml:59` | `ApplyFunction` | ApplyFunction policy allows every action on every resource |
            | high | [AS-ENC-001](\(docs)AS-ENC-001.md) | `infra/network/main.tf.json:41` | `aws_db_instance.main` | DB instance storage is not encrypted |
            | medium | [AS-ALARM-014](\(docs)AS-ALARM-014.md) | `infra/sam/template.yaml:91` | `ApiServerErrorsAlarm` | Alarm has no alarm actions, so its state changes notify nobody |

            <details><summary>1 suppressed finding</summary>

            | Rule | Location | Resource | Reason | Expires |
            |---|---|---|---|---|
            | AS-ENC-001 | `infra/sam/template.yaml:120` | `LegacyDatabase` | migrated in Q3, ticket OPS-12 | 2027-01-31 |

            </details>

            <details><summary>1 check undecided until deploy</summary>

            | Rule | Location | Resource | Depends on |
            |---|---|---|---|
            | AS-ENC-001 | `infra/network/main.tf.json:60` | `aws_db_instance.replica` | `${var.encrypt}` |

            </details>

            """)
    }

    @Test("clean scan; the gate is stated when it is not the default")
    func cleanAndGate() {
        #expect(MarkdownReporter().render(CIReporterFixtures.review.cleaned) == """
            ## auditstack: no findings

            Scanned 3 files, 41 resources, 12 policies with auditstack 1.2.3.

            """)
        let high = MarkdownReporter(options: ReportOptions(gate: GatePolicy(threshold: .high))).render(CIReporterFixtures.review.cleaned)
        #expect(high.contains("with auditstack 1.2.3 · fails on high and above (`--fail-on high`).\n"))
        let soft = MarkdownReporter(options: ReportOptions(gate: GatePolicy(softFail: true))).render(CIReporterFixtures.review.cleaned)
        #expect(soft.contains("with auditstack 1.2.3 · findings do not fail the build (`--soft-fail`).\n"))
    }

    @Test("text from scanned files cannot break the table or inject markup")
    func escaping() {
        let input = ReportInput(findings: [
            ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "a | b <img src=x> [link](u) *$1 and $2*\nnext",
                                     "we`ird|.json", 3, 1, resource: "Res|ource`", type: nil),
        ])
        let text = MarkdownReporter().render(input)
        #expect(text.contains(
            "| ``we`ird\\|.json:3`` | `` Res\\|ource` `` | a \\| b &lt;img src=x&gt; \\[link\\](u) \\*\\$1 and \\$2\\* next |\n"
        ))
    }
}

extension ReportInput {
    /// The same scan with nothing to report.
    var cleaned: ReportInput {
        var input = self
        input.findings = []
        input.suppressed = []
        input.unknowns = []
        input.errors = []
        return input
    }
}

@Suite("Fail threshold and gate")
struct GatePolicyTests {
    static let medium = ReporterFixtures.finding("AS-ALARM-014", .medium, .missingAlarms, "m", "a.yaml", 1, 1, resource: nil, type: nil)
    static let critical = ReporterFixtures.finding("AS-IAM-001", .critical, .leastPrivilege, "c", "a.yaml", 2, 1, resource: nil, type: nil)

    @Test("each threshold fails on its severity and above")
    func thresholds() {
        #expect(FailThreshold.standard == .low)
        #expect(Severity.allCases.filter { FailThreshold.low.fails(on: $0) } == [.low, .medium, .high, .critical])
        #expect(Severity.allCases.filter { FailThreshold.medium.fails(on: $0) } == [.medium, .high, .critical])
        #expect(Severity.allCases.filter { FailThreshold.high.fails(on: $0) } == [.high, .critical])
        #expect(Severity.allCases.filter { FailThreshold.critical.fails(on: $0) } == [.critical])
        #expect(Severity.allCases.filter { FailThreshold.none.fails(on: $0) } == [])
        #expect(FailThreshold.names == ["critical", "high", "medium", "low", "none"])
    }

    @Test("verdicts: unreadable input wins over everything; soft-fail and none pass findings")
    func verdicts() {
        #expect(GatePolicy().verdict(findings: [], inputErrors: 0) == .pass)
        #expect(GatePolicy().verdict(findings: [Self.medium], inputErrors: 0) == .failedOnFindings)
        #expect(GatePolicy(threshold: .high).verdict(findings: [Self.medium], inputErrors: 0) == .pass)
        #expect(GatePolicy(threshold: .high).verdict(findings: [Self.medium, Self.critical], inputErrors: 0) == .failedOnFindings)
        #expect(GatePolicy(threshold: .none).verdict(findings: [Self.critical], inputErrors: 0) == .pass)
        #expect(GatePolicy(softFail: true).verdict(findings: [Self.critical], inputErrors: 0) == .pass)
        #expect(GatePolicy(softFail: true).verdict(findings: [], inputErrors: 1) == .unreadableInput)
        #expect(GatePolicy(threshold: .none).verdict(findings: [Self.critical], inputErrors: 2) == .unreadableInput)
        #expect(GatePolicy(threshold: .high).failingCount([Self.medium, Self.critical]) == 1)
    }

    @Test("the text report counts suppressed findings, and lists them with their reason when verbose")
    func textSuppressed() {
        let input = CIReporterFixtures.review
        #expect(TextReporter().render(input).hasSuffix("· 1 unknown (cannot tell before deploy) · 1 suppressed · 1 error\n"))
        #expect(!TextReporter().render(input).contains("migrated in Q3"))
        let verbose = TextReporter(options: ReportOptions(verbose: true)).render(input)
        #expect(verbose.contains("""
            Suppressed — 1 finding
            sam/template.yaml:120:3    suppressed  AS-ENC-001  DB instance storage is not encrypted  (LegacyDatabase) — migrated in Q3, ticket OPS-12 (until 2027-01-31)

            """))
    }

    @Test("the text summary says when findings do not fail the build")
    func textSummary() {
        let input = ReportInput(findings: [Self.medium], fileCount: 1, seconds: 0.01)
        #expect(TextReporter(options: ReportOptions(gate: GatePolicy(threshold: .high))).summaryLine(input)
            == "Scanned 1 file, 0 resources, 0 policies in 0.01 s — 1 finding: 1 medium · none at or above --fail-on high")
        #expect(TextReporter(options: ReportOptions(gate: GatePolicy(softFail: true))).summaryLine(input)
            == "Scanned 1 file, 0 resources, 0 policies in 0.01 s — 1 finding: 1 medium · not failing (--soft-fail)")
        #expect(TextReporter().summaryLine(input) == "Scanned 1 file, 0 resources, 0 policies in 0.01 s — 1 finding: 1 medium")
    }
}
