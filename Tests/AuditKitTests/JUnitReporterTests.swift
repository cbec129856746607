import AuditCore
import AuditModel
@testable import AuditReporters
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The JUnit report read back as GitLab and Jenkins read it: suites, cases, and the
/// element that decides each case's status.
@Suite("JUnit reporter")
struct JUnitReporterTests {
    struct ParsedCase: Equatable, CustomStringConvertible {
        var suite: String
        var className: String
        var name: String
        var status: String
        var message: String?

        var description: String { "\(suite) | \(className) | \(name) | \(status) | \(message ?? "-")" }
    }

    static func parse(_ text: String) throws -> (root: XMLElement, cases: [ParsedCase]) {
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        let root = try #require(document.rootElement())
        var cases: [ParsedCase] = []
        for suite in root.elements(forName: "testsuite") {
            for testCase in suite.elements(forName: "testcase") {
                let outcome = ["failure", "error", "skipped"].compactMap { testCase.elements(forName: $0).first }.first
                cases.append(ParsedCase(
                    suite: suite.attribute(forName: "name")?.stringValue ?? "",
                    className: testCase.attribute(forName: "classname")?.stringValue ?? "",
                    name: testCase.attribute(forName: "name")?.stringValue ?? "",
                    status: outcome?.name ?? "passed",
                    message: outcome?.attribute(forName: "message")?.stringValue
                ))
            }
        }
        return (root, cases)
    }

    static func reviewWithEvaluations() -> ReportInput {
        var input = CIReporterFixtures.review
        func evaluation(_ rule: String, _ scope: String, _ name: String, _ type: String, _ file: String, _ line: Int,
                        _ verdict: Evaluation.Verdict) -> Evaluation {
            Evaluation(ruleID: rule, subject: ResourceID(scope: scope, name: name), subjectType: type,
                       location: SourceLocation(file: file, line: line, column: 3), verdict: verdict)
        }
        input.evaluations = [
            evaluation("AS-ENC-001", "network/main.tf.json", "aws_db_instance.main", "aws_db_instance", "network/main.tf.json", 41, .fail),
            evaluation("AS-ENC-001", "network/main.tf.json", "aws_db_instance.replica", "aws_db_instance", "network/main.tf.json", 58, .unknown),
            evaluation("AS-ENC-001", "sam/template.yaml", "OrdersDatabase", "AWS::RDS::DBInstance", "sam/template.yaml", 30, .pass),
            evaluation("AS-ALARM-014", "sam/template.yaml", "QueueDepthAlarm", "AWS::CloudWatch::Alarm", "sam/template.yaml", 80, .pass),
            Evaluation(ruleID: "AS-IAM-001", subject: nil, subjectType: nil, location: nil, verdict: .pass),
        ]
        return input
    }

    @Test("one case per rule × resource, a failure per finding, skipped for suppressed and undecided, error per unreadable input")
    func structure() throws {
        let text = JUnitReporter(options: ReportOptions(paths: CIReporterFixtures.paths)).render(Self.reviewWithEvaluations())
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\""))
        let (root, cases) = try Self.parse(text)
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "10")
        #expect(root.attribute(forName: "failures")?.stringValue == "4")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        #expect(root.attribute(forName: "skipped")?.stringValue == "2")
        let network = "infra/network/main.tf.json"
        let sam = "infra/sam/template.yaml"
        #expect(cases == [
            ParsedCase(suite: "infra/broken.yaml", className: "infra/broken.yaml", name: "input could not be read", status: "error",
                       message: "YAML: did not find expected key"),
            ParsedCase(suite: network, className: "\(network).aws_db_instance.main",
                       name: "[CRITICAL][AS-BACKUP-001] RDS automated backups disabled", status: "failure",
                       message: "Automated backups are disabled: backup retention is not set, and Terraform sends 0"),
            ParsedCase(suite: network, className: "\(network).aws_db_instance.main",
                       name: "[HIGH][AS-ENC-001] RDS DB instance storage not encrypted", status: "failure",
                       message: "DB instance storage is not encrypted"),
            ParsedCase(suite: network, className: "\(network).aws_db_instance.replica",
                       name: "[HIGH][AS-ENC-001] RDS DB instance storage not encrypted", status: "skipped",
                       message: "undecided until deploy: depends on ${var.encrypt}"),
            ParsedCase(suite: sam, className: "\(sam).OrdersDatabase",
                       name: "[HIGH][AS-ENC-001] RDS DB instance storage not encrypted", status: "passed", message: nil),
            ParsedCase(suite: sam, className: "\(sam).ApplyFunction",
                       name: "[CRITICAL][AS-IAM-001] Full administrator statement", status: "failure",
                       message: "ApplyFunction policy allows every action on every resource"),
            ParsedCase(suite: sam, className: "\(sam).QueueDepthAlarm",
                       name: "[MEDIUM][AS-ALARM-014] Alarm that notifies nobody", status: "passed", message: nil),
            ParsedCase(suite: sam, className: "\(sam).ApiServerErrorsAlarm",
                       name: "[MEDIUM][AS-ALARM-014] Alarm that notifies nobody", status: "failure",
                       message: "Alarm has no alarm actions, so its state changes notify nobody"),
            ParsedCase(suite: sam, className: "\(sam).LegacyDatabase",
                       name: "[HIGH][AS-ENC-001] RDS DB instance storage not encrypted", status: "skipped",
                       message: "suppressed: migrated in Q3, ticket OPS-12 (until 2027-01-31)"),
            ParsedCase(suite: "auditstack", className: "auditstack.all inputs",
                       name: "[CRITICAL][AS-IAM-001] Full administrator statement", status: "passed", message: nil),
        ])
        // Suite counts add up per file.
        let samSuite = try #require(root.elements(forName: "testsuite").first { $0.attribute(forName: "name")?.stringValue == sam })
        #expect(samSuite.attribute(forName: "tests")?.stringValue == "5")
        #expect(samSuite.attribute(forName: "failures")?.stringValue == "2")
        #expect(samSuite.attribute(forName: "skipped")?.stringValue == "1")
        #expect(samSuite.attribute(forName: "file")?.stringValue == sam)
    }

    @Test("the failure body tells severity, resource, file:line:col and the fix")
    func failureBody() throws {
        let text = JUnitReporter(options: ReportOptions(paths: CIReporterFixtures.paths)).render(CIReporterFixtures.review)
        let document = try XMLDocument(data: Data(text.utf8), options: [])
        let failures = try document.nodes(forXPath: "//testcase[@classname='infra/network/main.tf.json.aws_db_instance.main']/failure")
        let encryption = try #require(failures.compactMap { $0 as? XMLElement }.first { $0.attribute(forName: "type")?.stringValue == "AS-ENC-001" })
        #expect(encryption.stringValue == """
            DB instance storage is not encrypted

            Severity: high
            Resource: aws_db_instance.main
            File: infra/network/main.tf.json:41:7
            Attribute: storage_encrypted

            How to fix:
            Fix AS-ENC-001 in CloudFormation.
            Fix AS-ENC-001 in Terraform.

            Details: https://github.com/auditstack/auditstack/blob/main/docs/rules/AS-ENC-001.md
            """)
        let testCase = try #require(encryption.parent as? XMLElement)
        #expect(testCase.attribute(forName: "file")?.stringValue == "infra/network/main.tf.json")
        #expect(testCase.attribute(forName: "line")?.stringValue == "41")
    }

    @Test("a statement's case is named by the statement's identity, so fixing a sibling keeps its name")
    func statementCasesKeepTheirNames() throws {
        func statement(_ key: String, _ line: Int) -> Finding {
            var finding = ReporterFixtures.finding("AS-IAM-001", .critical, .leastPrivilege, "allows *", "policy.json", line, 5,
                                                   resource: "policy.json", type: "IAM policy", attribute: "policy.json Statement[\(key)]")
            finding.rootCause = "policy.json|\(key)"
            return finding
        }
        func names(_ findings: [Finding]) throws -> [String] {
            try Self.parse(JUnitReporter().render(ReportInput(findings: findings, rulesRun: CIReporterFixtures.rules))).1.map(\.name)
        }
        let both = try names([statement("Admin", 3), statement("#0a1b2c3d4e5f", 9)])
        #expect(both == [
            "[CRITICAL][AS-IAM-001] Full administrator statement (policy.json Statement[Admin])",
            "[CRITICAL][AS-IAM-001] Full administrator statement (policy.json Statement[#0a1b2c3d4e5f])",
        ])
        #expect(try names([statement("#0a1b2c3d4e5f", 9)]) == [both[1]])
    }

    @Test("the body says the finding's severity, and the rule's when the test name carries another")
    func severityInNameAndBody() throws {
        let raised = ReporterFixtures.finding("AS-ENC-001", .critical, .encryption, "not encrypted", "db.yaml", 3, 3,
                                              resource: "Database", type: "AWS::RDS::DBInstance", attribute: "StorageEncrypted")
        let (root, cases) = try Self.parse(JUnitReporter().render(ReportInput(findings: [raised], rulesRun: CIReporterFixtures.rules)))
        #expect(cases.map(\.name) == ["[HIGH][AS-ENC-001] RDS DB instance storage not encrypted"])
        let body = try root.nodes(forXPath: "//failure").first?.stringValue ?? ""
        #expect(body.contains("Severity: critical (the rule's usual severity, in the test name, is high)"))
    }

    @Test("--junit-failures-only leaves passing cases out")
    func failuresOnly() throws {
        var options = ReportOptions()
        options.junitFailuresOnly = true
        let (_, all) = try Self.parse(JUnitReporter().render(Self.reviewWithEvaluations()))
        let (_, failing) = try Self.parse(JUnitReporter(options: options).render(Self.reviewWithEvaluations()))
        #expect(all.contains { $0.status == "passed" })
        #expect(!failing.isEmpty && failing.allSatisfy { $0.status != "passed" })
        #expect(failing.map(\.name) == all.filter { $0.status != "passed" }.map(\.name))

        // Above the size limit (GitLab's 30 MB; tiny here) passing cases go, with a notice.
        var capped = JUnitReporter()
        capped.sizeLimit = 100
        let (_, trimmed) = try Self.parse(capped.render(Self.reviewWithEvaluations()))
        let passing = all.filter { $0.status == "passed" }.count
        #expect(trimmed.filter { $0.status == "passed" }.map(\.name)
            == ["\(passing) passing checks left out to keep the report under GitLab's 30 MB limit"])
        #expect(trimmed.count == failing.count + 1)
    }

    @Test("names are unique: two findings of one rule on one resource are told apart")
    func uniqueNames() throws {
        let statement = { (attribute: String, line: Int) in
            ReporterFixtures.finding("AS-IAM-001", .critical, .leastPrivilege, "allows *", "policy.json", line, 5,
                                     resource: "policy.json", type: "IAM policy", attribute: attribute)
        }
        let input = ReportInput(
            findings: [statement("Statement[0]", 3), statement("Statement[1]", 9), statement("Statement[1]", 12)],
            rulesRun: CIReporterFixtures.rules
        )
        let (_, cases) = try Self.parse(JUnitReporter().render(input))
        #expect(cases.map(\.name) == [
            "[CRITICAL][AS-IAM-001] Full administrator statement",
            "[CRITICAL][AS-IAM-001] Full administrator statement (Statement[1])",
            "[CRITICAL][AS-IAM-001] Full administrator statement #2",
        ])
        #expect(Set(cases.map { $0.className + $0.name }).count == 3)
    }

    @Test("never empty: a scan with nothing to check is one passing case")
    func neverEmpty() throws {
        let (root, cases) = try Self.parse(JUnitReporter().render(ReportInput()))
        #expect(cases == [ParsedCase(suite: "auditstack", className: "auditstack", name: "scan found nothing to check",
                                     status: "passed", message: nil)])
        #expect(root.attribute(forName: "tests")?.stringValue == "1")
    }

    @Test("control characters and markup from scanned files stay well-formed XML")
    func hostileText() throws {
        let input = ReportInput(findings: [
            ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "policy <x> & \"q\" \u{1B}[31m\u{0}", "a\u{7}.json", 1, 1,
                                     resource: "r]]>", type: nil),
        ])
        let (_, cases) = try Self.parse(JUnitReporter().render(input))
        #expect(cases.count == 1)
        #expect(cases.first?.message == "policy <x> & \"q\" \\u{1b}[31m\\u{0}")
        #expect(cases.first?.className == "a\\u{7}.json.r]]>")
    }
}
