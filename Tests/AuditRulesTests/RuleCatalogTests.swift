import AuditCore
import AuditRules
import Foundation
import Testing

/// Invariants over the whole rule set: ids, metadata, example coverage per input family,
/// cross-format parity, registration, and agreement with the rule catalog.
@Suite struct RuleCatalogTests {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }()

    @Test func idsAndSlugsAreUniqueAndWellFormed() {
        let metadata = AuditRules.all.map { type(of: $0).metadata }
        #expect(Set(metadata.map(\.id)).count == metadata.count)
        #expect(Set(metadata.map(\.slug)).count == metadata.count)
        for rule in metadata {
            #expect(rule.id.hasPrefix(rule.pack.idPrefix), "\(rule.id) is not in pack \(rule.pack)")
            let number = rule.id.dropFirst(rule.pack.idPrefix.count)
            #expect(number.count == 3 && number.allSatisfy(\.isNumber), "\(rule.id) needs a three-digit number")
            #expect(rule.slug.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.slug) is not kebab-case")
            #expect(!rule.rationale.isEmpty && !rule.remediation.isEmpty && !rule.references.isEmpty, "\(rule.id) metadata")
        }
    }

    /// Resource rules can come from CloudFormation and Terraform; policy rules also from
    /// standalone IAM files. Each needs a good and a bad example per family, or a waiver.
    @Test(arguments: AuditRules.all.map { RuleBox($0) })
    func examplesCoverEveryFamily(_ box: RuleBox) {
        let rule = type(of: box.rule)
        var families: Set<FormatFamily> = [.cloudFormation, .terraform]
        if box.rule is any PolicyRule { families.insert(.iam) }
        for family in families where rule.waivers[family] == nil {
            let examples = rule.examples.filter { $0.format.family == family }
            #expect(examples.contains { $0.verdict == .good }, "\(rule.metadata.id): no good \(family) example")
            #expect(examples.contains { $0.verdict == .bad }, "\(rule.metadata.id): no bad \(family) example")
        }
    }

    /// The same scenario must give the same verdict and the same findings in every family,
    /// unless the rule documents why the formats differ.
    @Test(arguments: AuditRules.all.map { RuleBox($0) })
    func sameScenarioSameFindingsAcrossFormats(_ box: RuleBox) async {
        let rule = type(of: box.rule)
        let byScenario = Dictionary(grouping: rule.examples, by: \.scenario)
        for (scenario, examples) in byScenario where rule.formatDifferences[scenario] == nil {
            let families = Set(examples.map(\.format.family))
            guard families.count > 1 else { continue }
            var outcomes: [FormatFamily: [String]] = [:]
            for example in examples {
                let (_, _, found) = await ExampleCase(rule: box.rule, example: example).run()
                outcomes[example.format.family] = found.map { Self.formatNeutral($0.attributePath ?? "(resource)") }.sorted()
            }
            let distinct = Set(outcomes.values)
            #expect(distinct.count == 1, "\(rule.metadata.id) scenario \(scenario) differs across formats: \(outcomes)")
        }
    }

    /// A policy finding's path names its document as each format names it (`policy.json`,
    /// `Role policy "Read"`, `aws_iam_role_policy.read`) and a statement without a `Sid` by
    /// a digest of its text, where references read differently per format: both are
    /// identities, not positions, so parity compares what follows them.
    static func formatNeutral(_ path: String) -> String {
        guard let statement = path.range(of: "Statement[") else { return path }
        var neutral = String(path[statement.lowerBound...])
        if neutral.hasPrefix("Statement[#"), let close = neutral.firstIndex(of: "]") {
            neutral.replaceSubrange(neutral.index(neutral.startIndex, offsetBy: 10)..<close, with: "#")
        }
        return neutral
    }

    /// One rule per file: every Swift file under Rules/<Pack>/ holds exactly one registered rule.
    @Test func everyRuleFileIsRegistered() throws {
        let rulesDirectory = Self.packageRoot.appendingPathComponent("Rules")
        let enumerator = FileManager.default.enumerator(atPath: rulesDirectory.path)
        var fileTypeNames: Set<String> = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), path.contains("/") else { continue }
            fileTypeNames.insert(String(path.split(separator: "/").last!.dropLast(".swift".count)))
        }
        let registered = AuditRules.all.map { String(describing: type(of: $0)) }
        #expect(Set(registered).count == registered.count, "a rule is registered twice")
        #expect(fileTypeNames == Set(registered), "files without registration or registration without file")
    }

    /// Ids and titles come from the shared rule catalog and are never renumbered.
    @Test func idsExistInTheRuleCatalog() throws {
        let catalog = Self.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/rule-catalog.md")
        let text = try String(contentsOf: catalog, encoding: .utf8)
        for rule in AuditRules.all.map({ type(of: $0).metadata }) {
            let heading = text.split(separator: "\n").first { $0.hasPrefix("### \(rule.id) — ") }
            #expect(heading != nil, "\(rule.id) is not in the rule catalog")
        }
    }
}

/// `any Rule` wrapped for use as a parameterized-test argument with a readable name.
struct RuleBox: Sendable, CustomTestStringConvertible {
    let rule: any Rule
    init(_ rule: any Rule) { self.rule = rule }
    var testDescription: String { type(of: rule).metadata.id }
}

/// HCL (`.tf`) and Terraform JSON (`.tf.json`) are two syntaxes of one configuration: the
/// same scenario gives the same findings, at the same attributes, on the lines its markers
/// name (each example's own test checks the lines). Runs for every rule with HCL examples.
@Suite("Terraform HCL and JSON parity")
struct TerraformSyntaxParityTests {
    static let rulesWithHCL = AuditRules.all.filter { type(of: $0).examples.contains { $0.format == .terraformHCL } }.map { RuleBox($0) }

    @Test(arguments: rulesWithHCL)
    func hclAndJSONTwinsGiveTheSameFindings(_ box: RuleBox) async {
        let rule = type(of: box.rule)
        let byScenario = Dictionary(grouping: rule.examples.filter { [.terraformJSON, .terraformHCL].contains($0.format) }, by: \.scenario)
        var compared = 0
        for (scenario, examples) in byScenario {
            guard let json = examples.first(where: { $0.format == .terraformJSON }),
                  let hcl = examples.first(where: { $0.format == .terraformHCL }) else { continue }
            #expect(json.verdict == hcl.verdict, "\(rule.metadata.id) \(scenario)")
            let jsonFindings = await ExampleCase(rule: box.rule, example: json).run().found
            let hclFindings = await ExampleCase(rule: box.rule, example: hcl).run().found
            func summary(_ findings: [Finding]) -> [String] {
                findings.map { "\(RuleCatalogTests.formatNeutral($0.attributePath ?? "(resource)")) \($0.resource?.name ?? "")" }.sorted()
            }
            #expect(summary(jsonFindings) == summary(hclFindings), "\(rule.metadata.id) scenario \(scenario)")
            #expect(jsonFindings.count == json.unmarked.markers.count && hclFindings.count == hcl.unmarked.markers.count,
                    "\(rule.metadata.id) scenario \(scenario)")
            compared += 1
        }
        #expect(compared > 0)
    }
}
