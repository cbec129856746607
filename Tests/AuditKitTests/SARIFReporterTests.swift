import AuditCore
import AuditModel
@testable import AuditReporters
import Foundation
import Testing

@Suite("SARIF reporter")
struct SARIFReporterTests {
    /// Renders, validates against the SARIF 2.1.0 schema, and parses: every SARIF document
    /// these tests produce goes through the schema.
    static func sarif(_ input: ReportInput, _ options: ReportOptions = ReportOptions(paths: CIReporterFixtures.paths)) throws -> JSON {
        let text = SARIFReporter(options: options).render(input)
        let document = try JSON.parse(text)
        let violations = CIReporterFixtures.schema.violations(of: document)
        #expect(violations.isEmpty, "SARIF schema violations:\n\(violations.joined(separator: "\n"))")
        return document
    }

    @Test("the schema fixture is the SARIF 2.1.0 schema, and the validator rejects what it forbids")
    func validatorCanFail() throws {
        let schema = CIReporterFixtures.schema
        #expect(schema.root["id"]?.string == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
        let broken = try JSON.parse("""
            {"version": "2.0.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A", "helpUri": "not a uri"}]}},
              "results": [{"ruleId": "A", "message": {"text": "m"}, "level": "fatal",
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b.yaml"}, "region": {"startLine": 0}}}]}]}]}
            """)
        let violations = schema.violations(of: broken)
        #expect(violations.contains { $0.hasPrefix("/version: ") })
        #expect(violations.contains { $0.hasPrefix("/runs/0/tool/driver/rules/0/helpUri: ") })
        #expect(violations.contains { $0.hasPrefix("/runs/0/results/0/level: ") })
        #expect(violations.contains { $0.hasPrefix("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: ") })
        #expect(violations.contains { $0.hasPrefix("/runs/0/results/0/locations/0/physicalLocation/region/startLine: ") })
        #expect(schema.violations(of: try JSON.parse(#"{"version": "2.1.0"}"#)) == [": missing required property runs"])
    }

    @Test("one run; the driver describes every rule that ran, as GitHub wants")
    func driverRules() throws {
        let document = try Self.sarif(CIReporterFixtures.review)
        #expect(document["$schema"]?.string == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(document["version"]?.string == "2.1.0")
        #expect(document["runs"]?.array?.count == 1)
        let driver = try #require(document["runs"]?[0]?["tool"]?["driver"])
        #expect(driver["name"]?.string == "auditstack")
        #expect(driver["semanticVersion"]?.string == "1.2.3")
        let rules = try #require(driver["rules"]?.array)
        #expect(rules.compactMap { $0["id"]?.string } == ["AS-IAM-001", "AS-ENC-001", "AS-ALARM-014", "AS-BACKUP-001"])
        let encryption = rules[1]
        #expect(encryption["name"]?.string == "RdsStorageNotEncrypted")
        #expect(encryption["shortDescription"]?["text"]?.string == "RDS DB instance storage not encrypted")
        #expect(encryption["fullDescription"]?["text"]?.string == "Why AS-ENC-001 matters. Second line of the rationale.")
        #expect(encryption["defaultConfiguration"]?["level"]?.string == "error")
        let docs = "https://github.com/auditstack/auditstack/blob/main/docs/rules/AS-ENC-001.md"
        #expect(encryption["help"]?["text"]?.string
            == "Fix AS-ENC-001 in CloudFormation.\nFix AS-ENC-001 in Terraform.\n\nDocumentation: \(docs)")
        #expect(encryption["help"]?["markdown"]?.string?.hasPrefix(
            "**How to fix**\n\nFix AS-ENC-001 in CloudFormation.\n\nFix AS-ENC-001 in Terraform.\n\n**Why it matters**") == true)
        #expect(encryption["help"]?["markdown"]?.string?.hasSuffix("[AS-ENC-001 documentation](\(docs)), with examples.") == true)
        #expect(encryption["helpUri"]?.string == docs)
        #expect(encryption["properties"]?["tags"] == .array([.string("security"), .string("encryption"), .string("aws")]))
        #expect(encryption["properties"]?["security-severity"]?.string == "8.0")
        let severities = rules.compactMap { $0["properties"]?["security-severity"]?.string }
        #expect(severities == ["9.5", "8.0", "5.5", "9.5"])
        #expect(rules.compactMap { $0["defaultConfiguration"]?["level"]?.string } == ["error", "error", "warning", "error"])
    }

    @Test("results: repository-relative uri under %SRCROOT%, region, logical location, fingerprint")
    func results() throws {
        let document = try Self.sarif(CIReporterFixtures.review)
        let run = try #require(document["runs"]?[0])
        #expect(run["originalUriBaseIds"]?["%SRCROOT%"]?["uri"]?.string == "file:///repo/")
        #expect(run["columnKind"]?.string == "unicodeCodePoints")
        let results = try #require(run["results"]?.array)
        // The suppressed finding is left out by default.
        #expect(results.compactMap { $0["ruleId"]?.string } == ["AS-BACKUP-001", "AS-ENC-001", "AS-IAM-001", "AS-ALARM-014"])
        #expect(results.compactMap { $0["ruleIndex"]?.int } == [3, 1, 0, 2])
        #expect(results.compactMap { $0["level"]?.string } == ["error", "error", "error", "warning"])
        let first = results[0]
        #expect(first["message"]?["text"]?.string
            == "Automated backups are disabled: backup retention is not set, and Terraform sends 0 (aws_db_instance.main).")
        let location = try #require(first["locations"]?[0])
        #expect(location["physicalLocation"]?["artifactLocation"]
            == .object(["uri": .string("infra/network/main.tf.json"), "uriBaseId": .string("%SRCROOT%")]))
        #expect(location["physicalLocation"]?["region"]
            == .object(["startLine": .number(41, isInteger: true), "startColumn": .number(7, isInteger: true)]))
        #expect(location["logicalLocations"]?[0]
            == .object(["name": .string("aws_db_instance.main"), "fullyQualifiedName": .string("aws_db_instance.main"),
                        "kind": .string("resource")]))
        // CloudFormation resources are named within their template.
        let alarm = try #require(results[3]["locations"]?[0]?["logicalLocations"]?[0])
        #expect(alarm["fullyQualifiedName"]?.string == "infra/sam/template.yaml/ApiServerErrorsAlarm")
        // A message that already names the resource does not repeat it.
        #expect(results[2]["message"]?["text"]?.string == "ApplyFunction policy allows every action on every resource.")
        let fingerprints = results.compactMap { $0["partialFingerprints"]?["auditstack/v1"]?.string }
        #expect(fingerprints.count == 4 && Set(fingerprints).count == 4)
        #expect(fingerprints.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test("the fingerprint follows rule, resource and attribute, not the line or the starting folder")
    func fingerprintStability() throws {
        let reporter = SARIFReporter(options: ReportOptions(paths: CIReporterFixtures.paths))
        let original = ReporterFixtures.finding(
            "AS-ENC-001", .high, .encryption, "not encrypted", "network/main.tf.json", 41, 7,
            resource: "aws_db_instance.main", type: "aws_db_instance", attribute: "storage_encrypted"
        )
        var moved = original
        moved.location.line = 97
        moved.location.column = 3
        moved.message = "reworded"
        #expect(reporter.fingerprint(of: original) == reporter.fingerprint(of: moved))
        // The same file named from the repository root gives the same fingerprint.
        var fromRoot = original
        fromRoot.location.file = "infra/network/main.tf.json"
        fromRoot.resource = ResourceID(scope: "infra/network/main.tf.json", name: "aws_db_instance.main")
        let rootReporter = SARIFReporter(options: ReportOptions(paths: SourcePaths(workingDirectory: "/repo", sourceRoot: "/repo")))
        #expect(rootReporter.fingerprint(of: fromRoot) == reporter.fingerprint(of: original))
        var otherAttribute = original
        otherAttribute.attributePath = "kms_key_id"
        #expect(reporter.fingerprint(of: otherAttribute) != reporter.fingerprint(of: original))
        var otherResource = original
        otherResource.resource?.name = "aws_db_instance.replica"
        #expect(reporter.fingerprint(of: otherResource) != reporter.fingerprint(of: original))
        var otherRule = original
        otherRule.ruleID = "AS-BACKUP-001"
        #expect(reporter.fingerprint(of: otherRule) != reporter.fingerprint(of: original))
        #expect(SARIFReporter.hexDigest("") == "cbf29ce484222325")
        #expect(SARIFReporter.hexDigest("a") == "af63dc4c8601ec8c")
    }

    @Test("a clean scan has results: [] and still describes its rules")
    func cleanScan() throws {
        var input = CIReporterFixtures.review
        input.findings = []
        input.suppressed = []
        input.errors = []
        let document = try Self.sarif(input)
        let run = try #require(document["runs"]?[0])
        #expect(run["results"] == .array([]))
        #expect(run["tool"]?["driver"]?["rules"]?.array?.count == 4)
        #expect(run["invocations"] == .array([.object(["executionSuccessful": .bool(true)])]))
        #expect(SARIFReporter().render(input).contains("\"results\": []"))
    }

    @Test("--sarif-category sets automationDetails.id as CATEGORY/; unset, there is none")
    func category() throws {
        let plain = try Self.sarif(CIReporterFixtures.review)
        #expect(plain["runs"]?[0]?["automationDetails"] == nil)
        for (given, written) in [("auditstack", "auditstack/"), ("iac/prod/", "iac/prod/")] {
            let document = try Self.sarif(
                CIReporterFixtures.review, ReportOptions(paths: CIReporterFixtures.paths, sarifCategory: given)
            )
            #expect(document["runs"]?[0]?["automationDetails"] == .object(["id": .string(written)]))
        }
    }

    @Test("suppressed findings, when asked for, carry suppressions with the justification")
    func suppressedWhenAsked() throws {
        let document = try Self.sarif(
            CIReporterFixtures.review, ReportOptions(paths: CIReporterFixtures.paths, includeSuppressed: true)
        )
        let results = try #require(document["runs"]?[0]?["results"]?.array)
        #expect(results.count == 5)
        let suppressed = try #require(results.last)
        #expect(suppressed["ruleId"]?.string == "AS-ENC-001")
        #expect(results.dropLast().allSatisfy { $0["suppressions"] == nil })
        let entry = try #require(suppressed["suppressions"]?[0])
        #expect(entry["kind"]?.string == "inSource")
        #expect(entry["status"]?.string == "accepted")
        #expect(entry["justification"]?.string == "migrated in Q3, ticket OPS-12")
        #expect(entry["location"]?["physicalLocation"]?["region"]?["startLine"]?.int == 118)
        #expect(entry["properties"]?["expires"]?.string == "2027-01-31")
        #expect(entry["properties"]?["writtenId"]?.string == "CKV_AWS_16")

        var baselined = CIReporterFixtures.review
        baselined.suppressed[0].suppression.origin = .baseline
        let external = try Self.sarif(baselined, ReportOptions(paths: CIReporterFixtures.paths, includeSuppressed: true))
        #expect(external["runs"]?[0]?["results"]?[4]?["suppressions"]?[0]?["kind"]?.string == "external")
    }

    @Test("unreadable inputs are error notifications and the run is marked unsuccessful")
    func inputErrors() throws {
        var input = CIReporterFixtures.review
        input.errors.append(ReportError(file: "/elsewhere/missing.yaml", line: 0, column: 0, message: "no such file or directory"))
        let document = try Self.sarif(input)
        let invocation = try #require(document["runs"]?[0]?["invocations"]?[0])
        #expect(invocation["executionSuccessful"] == .bool(false))
        let notifications = try #require(invocation["toolExecutionNotifications"]?.array)
        #expect(notifications.count == 2)
        #expect(notifications[0]["level"]?.string == "error")
        #expect(notifications[0]["message"]?["text"]?.string == "YAML: did not find expected key")
        #expect(notifications[0]["locations"]?[0]?["physicalLocation"]
            == .object([
                "artifactLocation": .object(["uri": .string("infra/broken.yaml"), "uriBaseId": .string("%SRCROOT%")]),
                "region": .object(["startLine": .number(4, isInteger: true), "startColumn": .number(4, isInteger: true)]),
            ]))
        // Outside the repository: an absolute file URI, no base.
        #expect(notifications[1]["locations"]?[0]?["physicalLocation"]?["artifactLocation"]
            == .object(["uri": .string("file:///elsewhere/missing.yaml")]))
    }

    @Test("above GitHub's result limit the most severe findings are kept, and a warning says how many are left out")
    func resultLimit() throws {
        var reporter = SARIFReporter(options: ReportOptions(paths: CIReporterFixtures.paths))
        reporter.maxResults = 2
        let document = try JSON.parse(reporter.render(CIReporterFixtures.review))
        #expect(CIReporterFixtures.schema.violations(of: document).isEmpty)
        let run = try #require(document["runs"]?[0])
        #expect(run["results"]?.array?.compactMap { $0["ruleId"]?.string } == ["AS-BACKUP-001", "AS-IAM-001"])
        let notifications = try #require(run["invocations"]?[0]?["toolExecutionNotifications"]?.array)
        #expect(notifications.last?["level"]?.string == "warning")
        #expect(notifications.last?["message"]?["text"]?.string
            == "2 less severe findings are left out: GitHub refuses runs with more than 2 results; the text or JSON report lists them all")
        #expect(SARIFReporter.githubMaxResults == 25_000)
    }

    @Test("awkward paths become valid URI references; whole-file findings land on line 1")
    func awkwardPaths() throws {
        let input = ReportInput(
            findings: [
                ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "m", "my stacks/ünïcode #1.yaml", 0, 0,
                                         resource: nil, type: nil),
                ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "m", "c:policy.json", 3, 1, resource: nil, type: nil),
                ReporterFixtures.finding("AS-IAM-001", .high, .leastPrivilege, "m", "../outside/policy 100%.json", 2, 5,
                                         resource: nil, type: nil),
            ],
            rulesRun: [CIReporterFixtures.rules[0]]
        )
        let document = try Self.sarif(input)
        let locations = try #require(document["runs"]?[0]?["results"]?.array).map { $0["locations"]?[0]?["physicalLocation"] }
        #expect(locations[0]?["artifactLocation"]?["uri"]?.string == "infra/my%20stacks/%C3%BCn%C3%AFcode%20%231.yaml")
        #expect(locations[0]?["region"] == .object(["startLine": .number(1, isInteger: true)]))
        #expect(locations[1]?["artifactLocation"]?["uri"]?.string == "infra/c:policy.json")
        #expect(locations[2]?["artifactLocation"]?["uri"]?.string == "outside/policy%20100%25.json")

        // Without known directories the path is kept as named, tidied.
        let bare = try Self.sarif(input, ReportOptions())
        let bareURIs = try #require(bare["runs"]?[0]?["results"]?.array).compactMap {
            $0["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.string
        }
        #expect(bareURIs == ["my%20stacks/%C3%BCn%C3%AFcode%20%231.yaml", "./c:policy.json", "../outside/policy%20100%25.json"])
        #expect(bare["runs"]?[0]?["originalUriBaseIds"] == nil)
    }

    @Test("source paths: relative to the repository root, whatever the starting folder")
    func sourcePaths() {
        let paths = CIReporterFixtures.paths
        #expect(paths.repositoryRelative("stack.yaml") == "infra/stack.yaml")
        #expect(paths.repositoryRelative("./a/../b/c.json") == "infra/b/c.json")
        #expect(paths.repositoryRelative("../app/main.tf.json") == "app/main.tf.json")
        #expect(paths.repositoryRelative("/repo/app/x.yaml") == "app/x.yaml")
        #expect(paths.repositoryRelative("/repository/x.yaml") == nil)
        #expect(paths.repositoryRelative("../../etc/x.yaml") == nil)
        #expect(paths.display("../../etc/x.yaml") == "/etc/x.yaml")
        #expect(SourcePaths().repositoryRelative("./a//b/../c.yaml") == "a/c.yaml")
        #expect(SourcePaths().repositoryRelative("../c.yaml") == nil)
        #expect(SourcePaths().display("../c.yaml") == "../c.yaml")
    }

    @Test("rules that are not about security are problems, not security alerts")
    func nonSecurityRulesAreProblems() throws {
        let alarm = RuleMetadata(
            id: "AS-ALARM-003", slug: "lambda-without-errors-alarm", title: "Lambda function without an Errors alarm",
            severity: .high, pack: .missingAlarms, tags: ["observability", "alarm", "lambda"],
            rationale: "Why.", remediation: "Fix.", references: []
        )
        let descriptor = try JSON.parse(SARIFReporter.descriptor(alarm).rendered())
        #expect(descriptor["properties"]?["tags"]?.array?.compactMap(\.string) == ["missing-alarms", "observability", "alarm", "lambda"])
        #expect(descriptor["properties"]?["security-severity"] == nil)
        #expect(descriptor["properties"]?["problem.severity"]?.string == "error")
        #expect(SARIFReporter.problemSeverity(for: .medium) == "warning")
        #expect(SARIFReporter.problemSeverity(for: .low) == "recommendation")
    }

    @Test("a description longer than GitHub's 1,024 characters ends at a whole sentence")
    func longDescriptionsEndAtASentence() {
        let sentence = "A NAT gateway bills for every hour it exists, whether or not traffic flows through it. "
        let text = String(repeating: sentence, count: 20).trimmingCharacters(in: .whitespaces)
        let limited = SARIFReporter.limited(text, to: 1_024)
        #expect(limited.count <= 1_024)
        #expect(limited.hasSuffix("flows through it."))
        #expect(text.hasPrefix(limited))
        let oneSentence = String(repeating: "word ", count: 300)
        #expect(SARIFReporter.limited(oneSentence, to: 1_024).hasSuffix("word…"))
    }
}
