import Foundation
import Testing

/// `auditstack report`: where the page goes, its formats, and exit codes as `scan`'s.
@Suite("auditstack report")
struct ReportCommandTests {
    static let demo = "testdata/demo"

    @Test("the page is written where --output says, with the scan's exit codes")
    func writesThePageAndExitsAsScan() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("launch-review.html").path
        let failing = try CLIRunner.run(["report", Self.demo, "--output", page])
        #expect(failing.status == 1)
        #expect(failing.standardError.contains("auditstack: launch review written to \(page)"))
        #expect(failing.standardError.contains("Not ready for launch."))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains(#"data-verdict="not-ready""#))

        #expect(try CLIRunner.run(["report", Self.demo, "--output", page, "--soft-fail"]).status == 0)
        #expect(try CLIRunner.run(["report", Self.demo, "--output", page, "--fail-on", "none"]).status == 0)
        #expect(try CLIRunner.run(["report", Self.demo, "--output", page, "--fail-on", "critical"]).status == 1)
        let missing = try CLIRunner.run(["report", "testdata/does-not-exist", "--output", page, "--soft-fail"])
        #expect(missing.status == 2)
    }

    @Test("the output's extension picks the format; a contradicting --format is a usage error")
    func formatFromExtension() throws {
        let folder = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("review.json").path
        _ = try CLIRunner.run(["report", Self.demo, "--output", json])
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(document?["kind"] as? String == "launch-review")
        #expect((document?["verdict"] as? [String: Any])?["ready"] as? Bool == false)

        let markdown = try CLIRunner.run(["report", Self.demo, "--format", "markdown", "--output", "-"])
        #expect(markdown.standardOutput.hasPrefix("# Launch review: Not ready for launch"))

        let contradiction = try CLIRunner.run(["report", Self.demo, "--format", "markdown", "--output", json])
        #expect(contradiction.status == 2)
        #expect(contradiction.standardError.contains("names a json file, but --format is markdown"))
    }

    @Test("without --output the page goes to the current folder, but never into a scanned one")
    func defaultDestination() throws {
        let scanned = try CLIRunner.temporaryDirectory()
        let elsewhere = try CLIRunner.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: scanned)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        try FileManager.default.copyItem(
            at: CLIRunner.packageRoot.appendingPathComponent("testdata/demo/iam/deploy-policy.json"),
            to: scanned.appendingPathComponent("deploy-policy.json")
        )
        let outside = try CLIRunner.run(["report", scanned.path, "--soft-fail"], in: elsewhere)
        #expect(outside.status == 0)
        #expect(outside.standardError.contains("launch review written to auditstack-report.html"))
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("auditstack-report.html").path))

        let inside = try CLIRunner.run(["report", "--soft-fail"], in: scanned)
        #expect(inside.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scanned.path) == ["deploy-policy.json"])
        let line = try #require(inside.standardError.split(separator: "\n").first { $0.contains("launch review written to ") })
        let written = String(line.split(separator: " ").last ?? "")
        #expect(!written.hasPrefix(scanned.path))
        #expect(FileManager.default.fileExists(atPath: written))
        try? FileManager.default.removeItem(atPath: written)
    }
}
