import AuditKit
import AuditLoaders
import AuditSyntax
import Foundation
import Testing

/// Whether this build loads a format into the model (the loaders land one by one; these
/// tests switch themselves on when theirs is wired into the scanner).
private func loads(_ formats: DocumentFormat...) -> Bool {
    formats.allSatisfy { format in Scanner.defaultLoaders.contains { type(of: $0).formats.contains(format) } }
}

@Suite("templates and the demo stack")
struct DemoAndTemplateTests {
    @Test("a broken CloudFormation template is an error with file:line:col; exit 2")
    func brokenTemplate() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/e2e/cloudformation", "--format", "json"])
        #expect(outcome.status == 2)
        let report = try JSONReport(outcome.standardOutput)
        let error = try #require(report.errors.first)
        #expect(error["file"] as? String == "testdata/e2e/cloudformation/broken/template.yaml")
        #expect(error["line"] as? Int == 6)
        #expect(error["column"] as? Int == 4)
        #expect((error["message"] as? String)?.contains("did not find expected key") == true)
    }

    @Test("the demo IAM folder: the admin policy is flagged, the scoped one is not")
    func demoPolicies() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/demo/iam", "--format", "json"])
        #expect(outcome.status == 1)
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.findings == [
            ReportedFinding(ruleID: "AS-IAM-001", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 7,
                            resource: "deploy-policy.json"),
        ])
    }

    /// Each of the six rules fires on the demo, and the resources written correctly stay quiet.
    @Test("the demo stack triggers every rule, and only where it should",
          .enabled(if: loads(.sam, .cloudFormation, .terraformConfig, .iamPolicy), "CloudFormation/Terraform loaders not wired yet"))
    func demoStack() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/demo", "--format", "json"])
        #expect(outcome.status == 1, "findings and no errors: \(outcome.standardError)")
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.errors.isEmpty)

        let found = report.findings.map { "\($0.file.split(separator: "/").suffix(2).joined(separator: "/")) \($0.ruleID)" }.sorted()
        #expect(found == [
            "iam/deploy-policy.json AS-IAM-001",
            "network/main.tf.json AS-BACKUP-001",
            "network/main.tf.json AS-COST-007",
            "network/main.tf.json AS-ENC-001",
            "network/main.tf.json AS-LAUNCH-007",
            "sam/template.yaml AS-ALARM-014",
            "sam/template.yaml AS-IAM-001",
        ])
        let byRule = Dictionary(grouping: report.findings, by: \.ruleID)
        #expect(byRule["AS-COST-007"]?.map(\.resource) == ["aws_nat_gateway.b"])
        #expect(byRule["AS-ALARM-014"]?.map(\.resource) == ["ApiServerErrorsAlarm"])
        for rule in ["AS-ENC-001", "AS-BACKUP-001", "AS-LAUNCH-007"] {
            #expect(byRule[rule]?.map(\.resource) == ["aws_db_instance.main"], "\(rule)")
        }
        let quiet = ["ListJobsFunction", "ApplyErrorsAlarm", "AlertsTopic", "JobsTable", "aws_nat_gateway.a",
                     "aws_cloudwatch_metric_alarm.db_cpu", "uploads-policy.json"]
        for finding in report.findings {
            #expect(!quiet.contains(finding.resource ?? ""), "\(finding) should not be flagged")
        }
    }
}
