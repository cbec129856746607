import AuditCore
import AuditKit
import AuditModel
@testable import AuditReporters
import AuditRules
import Foundation
import Testing

/// The launch review (`auditstack report`): the checklist mapping covers the catalog, findings
/// group by root cause, and scanned text cannot become markup.
@Suite("Launch review")
struct LaunchReviewTests {
    // MARK: - Checklist mapping

    /// The catalog's rule counts per pack (rule-catalog.md: IAM 15 · ENC 14 · COST 11 ·
    /// ALARM 15 · BACKUP 13 · LAUNCH 14 = 82).
    static let catalogCounts: [String: Int] = [
        "AS-IAM-": 15, "AS-ENC-": 14, "AS-COST-": 11, "AS-ALARM-": 15, "AS-BACKUP-": 13, "AS-LAUNCH-": 14,
    ]

    static var catalogIDs: Set<String> {
        var ids: Set<String> = []
        for (prefix, count) in catalogCounts {
            for number in 1...count { ids.insert(prefix + (number < 10 ? "00" : "0") + String(number)) }
        }
        return ids
    }

    @Test("every catalog rule id belongs to exactly one checklist item")
    func mappingCoversTheCatalog() {
        let mapped = LaunchChecklist.items.flatMap(\.ruleIDs)
        #expect(mapped.count == 82)
        #expect(Set(mapped).count == mapped.count, "a rule is listed under two items")
        #expect(Set(mapped) == Self.catalogIDs, "missing: \(Self.catalogIDs.subtracting(mapped).sorted()), unknown: \(Set(mapped).subtracting(Self.catalogIDs).sorted())")
    }

    @Test("every rule this build ships belongs to a checklist item")
    func everyShippedRuleIsMapped() {
        for rule in AuditRules.all {
            let id = type(of: rule).metadata.id
            #expect(LaunchChecklist.itemByRuleID[id] != nil, "\(id) belongs to no launch checklist item")
        }
    }

    @Test("the claims rest on catalog rules, and the two items no configuration answers say what to do instead")
    func claimsAndNotCheckableItems() {
        for claim in ResourceClaim.allCases {
            #expect(claim.ruleIDs.isSubset(of: Self.catalogIDs), "\(claim) names an id the catalog does not have")
        }
        let notCheckable = LaunchChecklist.items.filter { $0.notCheckable != nil }.map(\.key)
        #expect(notCheckable == ["restore-test", "mfa-root"])
        for item in LaunchChecklist.items where item.notCheckable != nil { #expect(item.ruleIDs.isEmpty) }
    }

    // MARK: - Over the demo stack

    static func demoReview() async -> (input: ReportInput, review: LaunchReview) {
        var scanner = Scanner()
        scanner.recordsEvaluations = true
        let root = CIReporterFixtures.packageRoot.path
        let result = await scanner.scan(ScanOptions(paths: [root + "/testdata/demo"]))
        let input = ReportInput(result, settings: RuleSettings())
        let options = LaunchReviewOptions(
            knownRules: AuditRules.all.map { type(of: $0).metadata },
            paths: SourcePaths(workingDirectory: root, sourceRoot: root)
        )
        return (input, LaunchReview(input, options: options))
    }

    @Test("one Action \"*\" statement reported by six IAM rules is one problem, in both the policy file and the SAM template")
    func statementFindingsGroup() async throws {
        let (_, review) = await Self.demoReview()
        let iamGroups = review.groups.filter { $0.findings.contains { $0.pack == .leastPrivilege } }
        #expect(iamGroups.count == 2)
        for group in iamGroups {
            #expect(group.ruleIDs == ["AS-IAM-001", "AS-IAM-003", "AS-IAM-004", "AS-IAM-005", "AS-IAM-010", "AS-IAM-011"])
            #expect(Set(group.findings.map(\.location.line)).count == 1)
        }
        let files = iamGroups.map { URL(fileURLWithPath: $0.findings[0].location.file).lastPathComponent }
        #expect(files == ["template.yaml", "deploy-policy.json"])
        // The API's 5XX alarm that notifies nobody is one problem under AS-ALARM-014 and
        // AS-ALARM-001; every other finding is its own.
        let silentAlarm = review.groups.filter { Set($0.ruleIDs) == ["AS-ALARM-001", "AS-ALARM-014"] }
        #expect(silentAlarm.count == 1)
        #expect(review.groups.count == review.countsBySeverity.reduce(0) { $0 + $1.count } - 11)
    }

    @Test("the demo's verdict, checklist and claims")
    func demoVerdictAndChecklist() async throws {
        let (input, review) = await Self.demoReview()
        #expect(!review.verdict.ready)
        #expect(review.verdict.blockingFindings == input.findings.count { $0.severity >= .high })
        let status = Dictionary(uniqueKeysWithValues: review.checklist.map { ($0.item.key, $0.status) })
        #expect(status["least-privilege"] == .fails)
        #expect(status["backups"] == .fails)
        #expect(status["mfa-root"] == .notCheckable)
        #expect(status["restore-test"] == .notCheckable)
        let leastPrivilege = try #require(review.checklist.first { $0.item.key == "least-privilege" })
        #expect(leastPrivilege.statusText == "fails (2 resources)")
        let database = try #require(review.claims.first { $0.resource.id.name == "aws_db_instance.main" })
        let marks = Dictionary(uniqueKeysWithValues: database.cells.map { ($0.claim, $0.mark) })
        #expect(marks[.encrypted] == .no)
        #expect(marks[.backedUp] == .no)
        #expect(marks[.deletionProtected] == .no)
        let encrypted = try #require(database.cells.first { $0.claim == .encrypted })
        let group = try #require(encrypted.group)
        #expect(review.groups[group].ruleIDs == ["AS-ENC-001"])
    }

    @Test("the page, the Markdown and the JSON tell the same verdict and statuses")
    func formatsAgree() async throws {
        let (_, review) = await Self.demoReview()
        let json = try JSONSerialization.jsonObject(with: Data(LaunchReviewJSON.render(review).utf8)) as? [String: Any]
        let verdict = try #require(json?["verdict"] as? [String: Any])
        #expect(verdict["ready"] as? Bool == false)
        let checklist = try #require(json?["checklist"] as? [[String: Any]])
        #expect(checklist.count == LaunchChecklist.items.count)
        let html = LaunchReviewHTML.render(review)
        #expect(html.contains(#"data-verdict="not-ready""#))
        for entry in review.checklist {
            #expect(html.contains(#"data-item="\#(entry.item.key)" data-status="\#(entry.status.rawValue)""#))
        }
        let markdown = LaunchReviewMarkdown.render(review)
        #expect(markdown.hasPrefix("# Launch review: Not ready for launch"))
        #expect(!markdown.contains("<"), "the Markdown variant holds no HTML")
    }

    @Test("a rule's why and fix are written once, for its first problem; later ones refer to it")
    func explanationsOnce() throws {
        let rule = try #require(AuditRules.all.first { type(of: $0).metadata.id == "AS-ENC-003" }.map { type(of: $0).metadata })
        let findings = ["TopicA", "TopicB"].enumerated().map { index, name in
            Finding(
                ruleID: rule.id, severity: rule.severity, pack: rule.pack, message: "SNS topic is not encrypted",
                location: SourceLocation(file: "template.yaml", line: 10 + index, column: 3),
                resource: ResourceID(scope: "template.yaml", name: name), resourceType: "AWS::SNS::Topic", attributePath: nil
            )
        }
        let review = LaunchReview(ReportInput(findings: findings, rulesRun: [rule]))
        #expect(review.groups.count == 2)
        let html = LaunchReviewHTML.render(review)
        #expect(html.components(separatedBy: "Why it matters</dt>").count == 2)
        #expect(html.contains(##"Why it matters and the fix: as for <a href="#group-1">problem 1</a>."##))
        let markdown = LaunchReviewMarkdown.render(review)
        #expect(markdown.components(separatedBy: "**Why it matters:**").count == 2)
        #expect(markdown.contains("Why it matters and the fix: as for group-1."))
    }

    @Test("an item whose only failures were accepted says accepted, not passes, and the verdict names them")
    func acceptedIsNotPasses() throws {
        let rule = try #require(AuditRules.all.first { type(of: $0).metadata.id == "AS-LAUNCH-007" }.map { type(of: $0).metadata })
        let location = SourceLocation(file: "main.tf.json", line: 5, column: 7)
        let resource = ResourceID(scope: ".", name: "aws_db_instance.main")
        let finding = Finding(
            ruleID: rule.id, severity: .high, pack: rule.pack, message: "no deletion protection", location: location,
            resource: resource, resourceType: "aws_db_instance", attributePath: "deletion_protection"
        )
        let accepted = SuppressedFinding(finding: finding, suppression: Suppression(
            ruleID: rule.id, writtenID: rule.id, reason: "staging copy", expires: "2027-01-31", location: location, origin: .configFile
        ))
        let input = ReportInput(
            suppressed: [accepted],
            evaluations: [Evaluation(ruleID: rule.id, subject: resource, subjectType: "aws_db_instance", location: location, verdict: .fail)],
            rulesRun: [rule]
        )
        let review = LaunchReview(input)
        let backups = try #require(review.checklist.first { $0.item.key == "backups" })
        #expect(backups.status == .accepted)
        #expect(backups.statusText == "accepted (1 finding)")
        #expect(review.verdict.ready)
        #expect(review.verdict.summary.contains("1 finding accepted by suppressions or the baseline"))
        let html = LaunchReviewHTML.render(review)
        #expect(html.contains("staging copy"))
        #expect(html.contains("2027-01-31"))
    }

    // MARK: - Escaping

    static let hostileName = #"<script>alert("name")</script>"#
    static let hostileMessage = #"x"><img src=x onerror=alert('message')> &amp; {{summary}}"#

    static func hostileReview() -> LaunchReview {
        let location = SourceLocation(file: "evil/<b>template</b>.yaml", line: 3, column: 1)
        let resource = ResourceID(scope: "evil", name: hostileName)
        let finding = Finding(
            ruleID: "AS-ENC-001", severity: .critical, pack: .encryption, message: hostileMessage, location: location,
            resource: resource, resourceType: "AWS::RDS::DBInstance", attributePath: "StorageEncrypted"
        )
        let input = ReportInput(
            findings: [finding],
            unknowns: [UnknownResult(ruleID: "AS-BACKUP-002", resource: resource, location: location, expression: "${var.<i>days</i>}")],
            files: [ReportFile(path: location.file, format: "CloudFormation")],
            statefulResources: [ReportResource(id: resource, type: "AWS::RDS::DBInstance", category: "database", location: location)]
        )
        return LaunchReview(input)
    }

    @Test("a hostile resource name and message show as text in the page")
    func htmlEscapesScannedText() {
        let html = LaunchReviewHTML.render(Self.hostileReview())
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>template"))
        #expect(!html.contains("<i>days"))
        #expect(!html.contains(#"x">"#), "a quote must not close an attribute")
        #expect(html.contains("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(&#39;message&#39;)&gt; &amp;amp; {{summary}}"))
        // The page's only script is its own.
        #expect(html.components(separatedBy: "<script").count == 2)
    }

    @Test("the template never prints a value unescaped and loads nothing from the network")
    func templateEscapesByConstruction() {
        let template = LaunchReviewTemplate.page
        #expect(!template.contains("{{{"))
        #expect(!template.contains("{{&"))
        for reference in ["src=", "@import", "url(", "<link", "<img", "http://", "https://", "fetch("] {
            #expect(!template.contains(reference), "\(reference) in the template")
        }
    }

    @Test("a hostile resource name and message cannot open markup, links or rows in the Markdown")
    func markdownEscapesScannedText() {
        let markdown = LaunchReviewMarkdown.render(Self.hostileReview())
        // Names are shown as code spans, which Markdown prints literally; prose is escaped.
        #expect(markdown.components(separatedBy: "<script").count == markdown.components(separatedBy: "`<script").count)
        #expect(markdown.contains("`" + Self.hostileName + "`"))
        #expect(!markdown.contains("<img"))
        #expect(markdown.contains("&lt;img src=x onerror=alert('message')&gt;"))
    }
}
