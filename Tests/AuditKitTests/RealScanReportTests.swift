import AuditCore
import AuditKit
import AuditRules
import AuditReporters
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The CI formats over a real scan of the demo stack with every rule (the off-by-default
/// ones included): whatever metadata the rules carry, the SARIF must stay valid and the
/// counts must agree across formats.
@Suite("CI reports of a real scan")
struct RealScanReportTests {
    static func scan() async -> ReportInput {
        var scanner = Scanner()
        scanner.recordsEvaluations = true
        let everyRule = RuleSelection(only: Set(scanner.rules.map { type(of: $0).metadata.id }))
        let root = CIReporterFixtures.packageRoot.path
        return ReportInput(await scanner.scan(ScanOptions(paths: [root + "/testdata/demo"], selection: everyRule)))
    }

    static let options = ReportOptions(
        paths: SourcePaths(workingDirectory: CIReporterFixtures.packageRoot.path, sourceRoot: CIReporterFixtures.packageRoot.path),
        includeSuppressed: true
    )

    @Test("the SARIF of the demo scan is valid, with one result per finding and every rule described")
    func sarifIsValid() async throws {
        let input = await Self.scan()
        #expect(!input.findings.isEmpty)
        let document = try JSON.parse(SARIFReporter(options: Self.options).render(input))
        let violations = CIReporterFixtures.schema.violations(of: document)
        #expect(violations.isEmpty, "SARIF schema violations:\n\(violations.prefix(20).joined(separator: "\n"))")
        let run = try #require(document["runs"]?[0])
        #expect(run["results"]?.array?.count == input.findings.count + input.suppressed.count)
        #expect(run["tool"]?["driver"]?["rules"]?.array?.count == input.rulesRun.count)
        for rule in run["tool"]?["driver"]?["rules"]?.array ?? [] {
            let id = rule["id"]?.string ?? "?"
            #expect((rule["shortDescription"]?["text"]?.string?.count ?? 0) <= 1_024, "\(id) shortDescription")
            #expect((rule["fullDescription"]?["text"]?.string?.count ?? 0) <= 1_024, "\(id) fullDescription")
            #expect((rule["properties"]?["tags"]?.array?.count ?? 0) <= 20, "\(id) tags")
            // Security rules are security alerts; the others (cost, alarms, backups) problems.
            let security = AuditRules.catalog.first { $0.id == id }?.tags.contains("security") == true
            #expect(rule["properties"]?["tags"]?.array?.contains(.string("security")) == security, "\(id) security tag")
            #expect((rule["properties"]?["security-severity"] != nil) == security, "\(id) security-severity")
            #expect((rule["properties"]?["problem.severity"] != nil) == !security, "\(id) problem.severity")
        }
        for result in run["results"]?.array ?? [] {
            let uri = result["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.string ?? ""
            #expect(uri.hasPrefix("testdata/demo/"), "\(uri) is not repository-relative")
        }
    }

    @Test("annotations: one per root cause naming every rule; JUnit failures count exactly the findings")
    func countsAgree() async throws {
        let input = await Self.scan()
        let annotations = GitHubReporter(options: Self.options).render(input).split(separator: "\n").filter { $0.hasPrefix("::") }
        let causes = Set(input.findings.compactMap(\.rootCause)).count + input.findings.count { $0.rootCause == nil }
        #expect(annotations.count == causes + input.errors.count)
        #expect(annotations.count < input.findings.count, "the demo's `*` statements are one annotation each")
        for finding in input.findings {
            #expect(annotations.contains { $0.contains("title=") && $0.contains(finding.ruleID) }, "\(finding.ruleID) is in an annotation")
        }
        let document = try XMLDocument(data: Data(JUnitReporter(options: Self.options).render(input).utf8), options: [])
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "failures")?.stringValue == String(input.findings.count))
        let cases = try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        let names = cases.map { ($0.attribute(forName: "classname")?.stringValue ?? "") + "\u{0}" + ($0.attribute(forName: "name")?.stringValue ?? "") }
        #expect(Set(names).count == names.count, "JUnit test names must be unique")
        // Every rule × subject with a verdict is a case; passes are among them.
        let passing = Set(input.evaluations.filter { $0.verdict == .pass }.map { "\($0.ruleID) \($0.subject?.description ?? "")" })
        #expect(!passing.isEmpty)
        #expect(cases.count >= input.findings.count + passing.count)
    }
}
