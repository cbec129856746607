import Foundation
import Testing

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

    @Test("a Terraform plan: a finding, and a value known only after apply reported as unknown")
    func terraformPlan() throws {
        let plan = "testdata/e2e/terraform/plan.json"
        // Focused on one rule: the other packs' findings on this plan are their examples' business.
        let json = try CLIRunner.run(["scan", plan, "--check", "AS-ENC-001", "--format", "json"])
        #expect(json.status == 1)
        let report = try JSONReport(json.standardOutput)
        #expect(report.findings == [
            ReportedFinding(ruleID: "AS-ENC-001", file: plan, line: 19, column: 13, resource: "aws_db_instance.orders"),
        ])
        let unknowns = report.root["unknowns"] as? [[String: Any]] ?? []
        #expect(unknowns.count == 1)
        #expect(unknowns.first?["resource"] as? String == "aws_db_instance.reports")
        #expect(unknowns.first?["line"] as? Int == 26)
        #expect(unknowns.first?["expression"] as? String == "(known after apply)")

        let text = try CLIRunner.run(["scan", plan, "--check", "AS-ENC-001"])
        #expect(text.standardOutput.contains("1 check could not be decided because a value is only known at deploy time"))
        #expect(text.standardOutput.hasSuffix("— 1 finding: 1 high · 1 unknown (cannot tell before deploy)\n"))
        let verbose = try CLIRunner.run(["scan", plan, "--check", "AS-ENC-001", "--verbose"])
        #expect(verbose.standardOutput.contains(
            "\(plan):26:22  unknown   AS-ENC-001  (known after apply)  (aws_db_instance.reports)\n"
        ))
    }

    @Test("the demo IAM folder: the admin policy is flagged by each IAM rule it breaks, the scoped one is not")
    func demoPolicies() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/demo/iam", "--format", "json"])
        #expect(outcome.status == 1)
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.findings == [
            ReportedFinding(ruleID: "AS-IAM-001", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 7, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-003", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-004", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-005", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-010", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-011", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
        ])
    }

    /// Every pack fires on the demo, and the resources written correctly stay quiet. A full
    /// administrator statement is also every narrower IAM problem at once (write access,
    /// escalation, PassRole, credentials, exfiltration), reported as the peers report it.
    @Test("the demo stack triggers every rule, and only where it should")
    func demoStack() throws {
        let outcome = try CLIRunner.run(["scan", "testdata/demo", "--format", "json"])
        #expect(outcome.status == 1, "findings and no errors: \(outcome.standardError)")
        let report = try JSONReport(outcome.standardOutput)
        #expect(report.errors.isEmpty)

        let network = "testdata/demo/network/main.tf.json"
        let sam = "testdata/demo/sam/template.yaml"
        #expect(report.findings == [
            ReportedFinding(ruleID: "AS-IAM-001", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 7, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-003", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-004", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-005", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-010", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-IAM-011", file: "testdata/demo/iam/deploy-policy.json", line: 7, column: 17, resource: "deploy-policy.json"),
            ReportedFinding(ruleID: "AS-ALARM-015", file: network, line: 1, column: 1, resource: nil),
            ReportedFinding(ruleID: "AS-LAUNCH-001", file: network, line: 1, column: 1, resource: nil),
            ReportedFinding(ruleID: "AS-LAUNCH-002", file: network, line: 1, column: 1, resource: nil),
            ReportedFinding(ruleID: "AS-COST-006", file: network, line: 61, column: 7, resource: "aws_subnet.private_b"),
            ReportedFinding(ruleID: "AS-COST-007", file: network, line: 92, column: 7, resource: "aws_nat_gateway.b"),
            ReportedFinding(ruleID: "AS-ALARM-006", file: network, line: 165, column: 7, resource: "aws_db_instance.main"),
            ReportedFinding(ruleID: "AS-ALARM-007", file: network, line: 165, column: 7, resource: "aws_db_instance.main"),
            ReportedFinding(ruleID: "AS-BACKUP-001", file: network, line: 165, column: 7, resource: "aws_db_instance.main"),
            ReportedFinding(ruleID: "AS-BACKUP-009", file: network, line: 165, column: 7, resource: "aws_db_instance.main"),
            ReportedFinding(ruleID: "AS-ENC-001", file: network, line: 165, column: 7, resource: "aws_db_instance.main"),
            ReportedFinding(ruleID: "AS-LAUNCH-007", file: network, line: 165, column: 7, resource: "aws_db_instance.main"),
            ReportedFinding(ruleID: "AS-ENC-003", file: network, line: 183, column: 7, resource: "aws_sns_topic.alerts"),
            ReportedFinding(ruleID: "AS-ALARM-008", file: sam, line: 22, column: 3, resource: "JobsTable"),
            ReportedFinding(ruleID: "AS-BACKUP-009", file: sam, line: 22, column: 3, resource: "JobsTable"),
            ReportedFinding(ruleID: "AS-BACKUP-013", file: sam, line: 22, column: 3, resource: "JobsTable"),
            ReportedFinding(ruleID: "AS-ALARM-001", file: sam, line: 37, column: 3, resource: "ServerlessRestApi"),
            ReportedFinding(ruleID: "AS-ALARM-003", file: sam, line: 37, column: 3, resource: "ListJobsFunction"),
            ReportedFinding(ruleID: "AS-LAUNCH-003", file: sam, line: 37, column: 3, resource: "ServerlessRestApiProdStage"),
            ReportedFinding(ruleID: "AS-LAUNCH-005", file: sam, line: 37, column: 3, resource: "ListJobsFunction"),
            ReportedFinding(ruleID: "AS-LAUNCH-010", file: sam, line: 37, column: 3, resource: "ServerlessRestApiProdStage"),
            ReportedFinding(ruleID: "AS-LAUNCH-012", file: sam, line: 37, column: 3, resource: "ServerlessRestApiProdStage"),
            ReportedFinding(ruleID: "AS-LAUNCH-009", file: sam, line: 46, column: 9, resource: "ListJobsFunctionListJobsMethod"),
            ReportedFinding(ruleID: "AS-LAUNCH-005", file: sam, line: 53, column: 3, resource: "ApplyFunction"),
            ReportedFinding(ruleID: "AS-IAM-001", file: sam, line: 61, column: 15, resource: "ApplyFunctionRole"),
            ReportedFinding(ruleID: "AS-IAM-003", file: sam, line: 61, column: 23, resource: "ApplyFunctionRole"),
            ReportedFinding(ruleID: "AS-IAM-004", file: sam, line: 61, column: 23, resource: "ApplyFunctionRole"),
            ReportedFinding(ruleID: "AS-IAM-005", file: sam, line: 61, column: 23, resource: "ApplyFunctionRole"),
            ReportedFinding(ruleID: "AS-IAM-010", file: sam, line: 61, column: 23, resource: "ApplyFunctionRole"),
            ReportedFinding(ruleID: "AS-IAM-011", file: sam, line: 61, column: 23, resource: "ApplyFunctionRole"),
            ReportedFinding(ruleID: "AS-LAUNCH-009", file: sam, line: 64, column: 9, resource: "ApplyFunctionApplyMethod"),
            ReportedFinding(ruleID: "AS-ENC-003", file: sam, line: 70, column: 3, resource: "AlertsTopic"),
            ReportedFinding(ruleID: "AS-ALARM-014", file: sam, line: 95, column: 3, resource: "ApiServerErrorsAlarm"),
        ])
        #expect(report.summary["files"] as? Int == 4)
        #expect(report.summary["unknown"] as? Int == 0)
        // ApplyFunction's Errors alarm and the database's CPU alarm are wired right: no
        // missing-alarm finding for them (ListJobsFunction has no Errors alarm).
        let quiet = ["ApplyErrorsAlarm", "aws_nat_gateway.a",
                     "aws_cloudwatch_metric_alarm.db_cpu", "uploads-policy.json", "ListJobsFunctionRole"]
        for finding in report.findings {
            #expect(!quiet.contains(finding.resource ?? ""), "\(finding) should not be flagged")
        }
    }
}
