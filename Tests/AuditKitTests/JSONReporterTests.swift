import AuditCore
import AuditModel
import AuditReporters
import Foundation
import Testing

@Suite("JSON reporter")
struct JSONReporterTests {
    @Test("the documented shape, in the documented order")
    func golden() {
        var input = CIReporterFixtures.review
        input.findings = Array(input.findings.prefix(1))
        let text = JSONReporter().render(input)
        #expect(text == """
            {
              "schemaVersion": 1,
              "tool": {
                "name": "auditstack",
                "version": "1.2.3"
              },
              "summary": {
                "files": 3,
                "skipped": 1,
                "resources": 41,
                "findings": 1,
                "unknown": 1,
                "errors": 1,
                "bySeverity": {
                  "critical": 1,
                  "high": 0,
                  "medium": 0,
                  "low": 0
                },
                "suppressed": 1,
                "cost": null
              },
              "findings": [
                {
                  "ruleId": "AS-BACKUP-001",
                  "severity": "critical",
                  "pack": "backup-retention",
                  "message": "Automated backups are disabled: backup retention is not set, and Terraform sends 0",
                  "file": "network/main.tf.json",
                  "line": 41,
                  "column": 7,
                  "resource": "aws_db_instance.main",
                  "resourceType": "aws_db_instance",
                  "fingerprint": "AS-BACKUP-001|network/main.tf.json|aws_db_instance.main|backup_retention_period",
                  "estimate": null
                }
              ],
              "unknowns": [
                {
                  "ruleId": "AS-ENC-001",
                  "file": "network/main.tf.json",
                  "line": 60,
                  "column": 9,
                  "resource": "aws_db_instance.replica",
                  "expression": "${var.encrypt}"
                }
              ],
              "errors": [
                {
                  "file": "broken.yaml",
                  "line": 4,
                  "column": 4,
                  "message": "YAML: did not find expected key"
                }
              ],
              "suppressed": [
                {
                  "ruleId": "AS-ENC-001",
                  "severity": "high",
                  "pack": "encryption",
                  "message": "DB instance storage is not encrypted",
                  "file": "sam/template.yaml",
                  "line": 120,
                  "column": 3,
                  "resource": "LegacyDatabase",
                  "resourceType": "AWS::RDS::DBInstance",
                  "fingerprint": "AS-ENC-001|sam/template.yaml|LegacyDatabase|StorageEncrypted",
                  "estimate": null,
                  "suppression": {
                    "reason": "migrated in Q3, ticket OPS-12",
                    "expires": "2027-01-31",
                    "origin": "cloudformation-metadata",
                    "writtenId": "CKV_AWS_16",
                    "file": "sam/template.yaml",
                    "line": 118,
                    "column": 11
                  }
                }
              ]
            }

            """)
    }

    @Test("a cost finding's estimate and the summary's NAT spend, in the documented shape")
    func estimate() {
        var input = ReportInput(findings: [Finding(
            ruleID: "AS-COST-007", severity: .medium, pack: .natCost, message: "idle", location: SourceLocation(file: "a.yaml", line: 6, column: 3),
            resource: ResourceID(scope: "a.yaml", name: "Nat"), resourceType: "AWS::EC2::NatGateway", attributePath: nil,
            estimate: CostEstimate(monthlyFixed: 36.5, perGB: 0.045, monthlyAvoidable: 36.5, region: "us-east-1", regionAssumed: true,
                                   basis: ["730 h/month"])
        )])
        input.costSummary = CostSummary(natGateways: 1, monthlyNATFixed: 36.5, monthlyNATTraffic: nil, natPerGB: 0.045,
                                        monthlyAvoidable: 36.5, findingsWithEstimate: 1, regions: ["us-east-1"], regionAssumed: true)
        let text = JSONReporter().render(input)
        #expect(text.contains("""
                "cost": {
                  "natGateways": 1,
                  "monthlyNATFixed": 36.5,
                  "monthlyNATTraffic": null,
                  "natPerGB": 0.045,
                  "monthlyAvoidable": 36.5,
                  "findingsWithEstimate": 1,
                  "currency": "USD",
                  "regions": [
                    "us-east-1"
                  ],
                  "regionAssumed": true,
                  "label": "estimate, us-east-1 list price (no Region in the configuration)"
                }
            """))
        #expect(text.contains("""
                  "estimate": {
                    "monthlyFixed": 36.5,
                    "monthlyTraffic": null,
                    "monthlyTotal": 36.5,
                    "perGB": 0.045,
                    "monthlyAvoidable": 36.5,
                    "currency": "USD",
                    "region": "us-east-1",
                    "regionAssumed": true,
                    "label": "estimate, us-east-1 list price (no Region in the configuration)",
                    "basis": [
                      "730 h/month"
                    ]
                  }
            """))
        let line = TextReporter().render(input)
        #expect(line.contains("idle  (Nat)  [$36.50/month fixed + $4.50 per 100 GB; fixing saves $36.50/month]"))
        #expect(line.contains("Cost: 1 NAT gateway ≈ $36.50/month fixed + $4.50 per 100 GB; cost findings would save $36.50/month (estimate, us-east-1 list price (no Region in the configuration))"))
    }

    @Test("a clean scan has empty lists and a null-free summary")
    func clean() throws {
        let text = JSONReporter().render(ReporterFixtures.clean)
        #expect(text.contains("\"findings\": [],\n  \"unknowns\": [],\n  \"errors\": [],\n  \"suppressed\": []\n}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
    }

    @Test("strings are escaped so any JSON parser reads them back exactly")
    func escaping() throws {
        let nasty = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} del \u{7F} é 🚀 \u{2028}"
        let input = ReportInput(findings: [
            ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, nasty, "dir/ü \"x\".json", 1, 2, resource: nil, type: nil),
        ])
        let text = JSONReporter().render(input)
        #expect(text.contains(#""message": "quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul \u0000 del"#))
        #expect(text.contains(#""resource": null"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["message"] as? String == nasty)
        #expect(finding["file"] as? String == "dir/ü \"x\".json")
    }

    @Test("registry finds reporters by identifier")
    func registry() {
        #expect(ReporterRegistry.identifiers == ["text", "json", "sarif", "junit", "github", "markdown"])
        #expect(ReporterRegistry.reporter(for: "JSON")?.identifier == "json")
        #expect(ReporterRegistry.reporter(for: "SARIF")?.identifier == "sarif")
        // checkov's names for the same formats.
        #expect(ReporterRegistry.reporter(for: "cli")?.identifier == "text")
        #expect(ReporterRegistry.reporter(for: "junitxml")?.identifier == "junit")
        #expect(ReporterRegistry.reporter(for: "html") == nil)
    }
}

@Suite("rule catalog rendering")
struct RuleCatalogRendererTests {
    static let rule = RuleMetadata(
        id: "AS-TEST-001", slug: "test-rule", title: "A test rule", severity: .medium, pack: .encryption,
        tags: ["test"], rationale: "Because one two three four five six seven eight nine ten.",
        remediation: "Line one.\nLine two.", references: ["https://example.com/doc"], peerIDs: ["peer:ONE"],
        enabledByDefault: false
    )

    @Test("rules table")
    func table() {
        let text = RuleCatalogRenderer().table([Self.rule])
        #expect(text == """
            ID           SEVERITY  PACK        DEFAULT  SLUG       TITLE
            AS-TEST-001  medium    encryption  off      test-rule  A test rule

            1 rule (0 on by default). `auditstack explain ID` shows one in full; `--check ID` runs rules that are off.

            """)
    }

    @Test("explain wraps prose, keeps line breaks and shows examples with markers")
    func explanation() {
        let examples = [
            RuleExample.bad(.terraformJSON, scenario: "absent", "{\n  ↓\"a\": 1\n}"),
            RuleExample.good(.cloudFormationYAML, scenario: "set", "Resources: {}"),
        ]
        let text = RuleCatalogRenderer(width: 40).explanation(of: Self.rule, examples: examples)
        #expect(text == """
            AS-TEST-001  A test rule

              id:                  AS-TEST-001
              slug:                test-rule
              severity:            medium
              pack:                encryption
              enabled by default:  no (run it with --check AS-TEST-001)
              tags:                test
              docs:                docs/rules/AS-TEST-001.md

            Why it matters
              Because one two three four five six
              seven eight nine ten.

            How to fix
              Line one.
              Line two.

            References
              - https://example.com/doc

            Same check in other tools
              - peer:ONE

            Examples (↓ marks where a finding lands)

              CloudFormation YAML

                good — passes (scenario: set)
                  Resources: {}

              Terraform JSON

                bad — flagged (scenario: absent)
                  {
                    ↓"a": 1
                  }

            Suppress it
              A reason is required; from the expires
              day on (optional) the finding is
              reported again. Suppressed findings
              never fail the scan; reports list them
              apart (SARIF only with
              --sarif-include-suppressed).

              CloudFormation or SAM, in the resource's Metadata:
                Metadata:
                  auditstack:
                    skip:
                      - id: AS-TEST-001
                        reason: Why this resource is accepted as it is
                        expires: 2027-01-31

              Terraform JSON, in the resource's "//" comment:
                "//": "auditstack:skip=AS-TEST-001 reason=\\"Why this resource is accepted as it is\\" expires=2027-01-31"

            """)
    }

    @Test("suggestions for mistyped ids")
    func suggestions() {
        let ids = ["AS-IAM-001", "AS-ENC-001", "AS-COST-007"]
        #expect(similarRuleIDs(to: "as-enc-01", among: ids) == ["AS-ENC-001"])
        #expect(similarRuleIDs(to: "AS-COST", among: ids) == ["AS-COST-007"])
        #expect(similarRuleIDs(to: "completely-different", among: ids).isEmpty)
    }
}
