import AuditCore
import AuditKit
@testable import AuditReporters
import Foundation
import Testing

/// `docs/rules/` is generated; these tests keep the committed pages equal to what the
/// rules render today, so a new or changed rule cannot ship with stale documentation.
@Suite("Rule docs")
struct RuleDocsTests {
    static let packageRoot = CIReporterFixtures.packageRoot

    static var entries: [RuleDocs.Entry] {
        Scanner().rules.map { RuleDocs.Entry(metadata: type(of: $0).metadata, examples: type(of: $0).examples) }
    }

    static let fixHint = "docs/rules is stale: run `\(RuleDocs.regenerateCommand)` and commit docs/rules"

    @Test("docs/rules matches the rules: every page present, identical, and no page of a rule that is gone")
    func committedDocsAreCurrent() throws {
        let folder = Self.packageRoot.appendingPathComponent(RuleDocs.folder)
        let pages = RuleDocs.pages(for: Self.entries)
        var missing: [String] = []
        var different: [String] = []
        for page in pages {
            let url = folder.appendingPathComponent(page.fileName)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                missing.append(page.fileName)
                continue
            }
            if String(decoding: data, as: UTF8.self) != page.text { different.append(page.fileName) }
        }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let generated = Set(pages.map(\.fileName))
        let leftover = present.filter { $0.hasPrefix("AS-") && $0.hasSuffix(".md") && !generated.contains($0) }.sorted()
        #expect(missing.isEmpty, "\(Self.fixHint) (no page yet for: \(missing.joined(separator: ", ")))")
        #expect(different.isEmpty, "\(Self.fixHint) (out of date: \(different.joined(separator: ", ")))")
        #expect(leftover.isEmpty, "\(Self.fixHint) (pages of rules that no longer exist: \(leftover.joined(separator: ", ")))")
    }

    @Test("one page per rule plus the index, which links every page")
    func indexLinksEveryRule() throws {
        let pages = RuleDocs.pages(for: Self.entries)
        let ids = Self.entries.map(\.metadata.id)
        #expect(pages.count == ids.count + 1)
        let index = try #require(pages.first { $0.fileName == RuleDocs.indexFileName })
        for id in ids {
            #expect(index.text.contains("[\(id)](\(id).md)"), "index lacks \(id)")
            #expect(pages.contains { $0.fileName == "\(id).md" })
        }
    }

    @Test("a rule page carries metadata, every example verbatim in a fenced block, peers and references")
    func pageContents() throws {
        let rule = RuleMetadata(
            id: "AS-ENC-099", slug: "thing-not-encrypted", title: "Thing | not encrypted", severity: .medium,
            pack: .encryption, tags: ["security", "encryption"], rationale: "Things leak.",
            remediation: "CloudFormation: set `Encrypted: true`.\nTerraform: set `encrypted = true`.",
            references: ["https://example.com/thing"], peerIDs: ["checkov:CKV_AWS_999"], enabledByDefault: false
        )
        let example = RuleExample.bad(.cloudFormationYAML, scenario: "absent", "Resources:\n  ↓Thing:\n    Type: AWS::Thing")
        let page = RuleDocs.page(for: RuleDocs.Entry(metadata: rule, examples: [example]))
        #expect(page.contains("# AS-ENC-099: Thing | not encrypted\n"))
        #expect(page.contains("| On by default | no: run it with `--check AS-ENC-099` |\n"))
        #expect(page.contains("| Pack | [Encryption](README.md#encryption) |\n"))
        // Each remediation line is its own paragraph, so Markdown does not join them.
        #expect(page.contains("CloudFormation: set `Encrypted: true`.\n\nTerraform: set `encrypted = true`.\n"))
        #expect(page.contains("### CloudFormation YAML\n\nFlagged (scenario `absent`):\n\n```yaml\nResources:\n  ↓Thing:\n    Type: AWS::Thing\n```\n"))
        #expect(page.contains("## Suppressing it\n\nA reason is required;"))
        #expect(page.contains("```yaml\nMetadata:\n  auditstack:\n    skip:\n      - id: AS-ENC-099\n"))
        #expect(page.contains("\"//\": \"auditstack:skip=AS-ENC-099 reason=\\\"Why this resource is accepted as it is\\\" expires=2027-01-31\""))
        #expect(page.contains("## Same check in other tools\n\n- `checkov:CKV_AWS_999`\n"))
        #expect(page.contains("## References\n\n- https://example.com/thing\n"))
        let index = RuleDocs.index([RuleDocs.Entry(metadata: rule, examples: [])])
        #expect(index.contains("| [AS-ENC-099](AS-ENC-099.md) | Thing \\| not encrypted | medium | no |\n"))
    }

    @Test("an example containing backticks gets a longer fence")
    func fenceOutgrowsBackticks() {
        #expect(RuleDocs.fence(for: "plain") == "```")
        #expect(RuleDocs.fence(for: "a ```` b") == "`````")
    }
}
