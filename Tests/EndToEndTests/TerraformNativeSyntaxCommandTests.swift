import Foundation
import Testing

/// Terraform's native syntax (`.tf`, `.tofu`, `.tfvars`) is never passed over in silence,
/// and `--fail-on-empty` keeps a scan that checked nothing from passing a CI gate.
@Suite("auditstack scan: Terraform native syntax and empty scans")
struct TerraformNativeSyntaxCommandTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = try CLIRunner.temporaryDirectory()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("--fail-on-empty: a folder with nothing to check exits 2, and says why")
    func failOnEmpty() throws {
        let folder = try Self.folder(["README.md": "# nothing here\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try CLIRunner.run(["scan", folder.path])
        #expect(plain.status == 0)
        let failing = try CLIRunner.run(["scan", folder.path, "--fail-on-empty"])
        #expect(failing.status == 2)
        #expect(failing.standardError == "auditstack: no file to check was found (--fail-on-empty)\n")
        let withFindings = try CLIRunner.run(["scan", CLIRunner.packageRoot.appendingPathComponent("testdata/e2e/iam/clean").path, "--fail-on-empty"])
        #expect(withFindings.status == 0)
    }

    @Test("fail-on-empty: true in .auditstack.yml does the same")
    func failOnEmptyInConfigurationFile() throws {
        let folder = try Self.folder([".auditstack.yml": "version: 1\nfail-on-empty: true\n", "notes.txt": "x\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try CLIRunner.run(["scan", folder.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("no file to check was found"))
    }
}
