import AuditCore
import AuditKit
import AuditModel
import AuditRules
import AuditSyntax
import Foundation
import Testing

/// The pipeline around the loaders: which files are looked at, how broken and foreign
/// files are reported, and that the rest of a scan goes on.
@Suite struct ScannerTests {
    /// A scratch directory removed when the test ends.
    final class Scratch {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "auditstack-scanner-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func write(_ relativePath: String, _ text: String) throws -> String {
            let full = path + "/" + relativePath
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
            return full
        }
    }

    static let adminPolicy = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        """

    @Test func skipsDependencyAndToolDirectories() throws {
        let scratch = try Scratch()
        try scratch.write("policy.json", Self.adminPolicy)
        for directory in [".git", "node_modules", ".terraform", ".aws-sam", "cdk.out"] {
            try scratch.write("\(directory)/policy.json", Self.adminPolicy)
        }
        try scratch.write("nested/deeper/policy.yaml", "Statement: []\n")
        try scratch.write("notes.txt", "not scanned")
        let found = FileDiscovery().candidates(for: [scratch.path]).candidates.map(\.path)
        #expect(found == [scratch.path + "/policy.json", scratch.path + "/nested/deeper/policy.yaml"])
    }

    @Test func emptyDirectoryScansNothing() async throws {
        let scratch = try Scratch()
        let result = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(result.files.isEmpty && result.errors.isEmpty && result.outcome.findings.isEmpty)
    }

    @Test func brokenFileIsReportedWithPositionAndTheRestStillScans() async throws {
        let scratch = try Scratch()
        let broken = try scratch.write("broken.json", "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",,}\n  ]\n}\n")
        let good = try scratch.write("admin.json", Self.adminPolicy)
        let result = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(result.errors.map(\.file) == [broken])
        #expect(result.errors.map { "\($0.line):\($0.column)" } == ["3:24"])
        #expect(result.outcome.findings.map(\.location) == [AuditModel.SourceLocation(file: good, line: 1, column: 61)])
    }

    @Test func brokenForeignYAMLInADirectoryIsSkippedButNamedFileIsAnError() async throws {
        let scratch = try Scratch()
        // A Helm template is not valid YAML and not ours: skipped when met in a directory.
        let helm = try scratch.write("chart/templates/deployment.yaml", "metadata:\n  name: {{ .Values.name }\n  x: [\n")
        let inDirectory = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(inDirectory.errors.isEmpty)
        #expect(inDirectory.skipped.map(\.path) == [helm])
        let named = await Scanner().scan(ScanOptions(paths: [helm]))
        #expect(named.errors.map(\.file) == [helm])
    }

    @Test func brokenTemplateInADirectoryIsAnError() async throws {
        let scratch = try Scratch()
        let template = try scratch.write("stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: {}\n")
        let result = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(result.errors.map(\.file) == [template])
        #expect(result.errors.first?.line == 5)
    }

    @Test func unrecognisedDocumentsAreSkippedEvenWhenNamed() async throws {
        let scratch = try Scratch()
        let packageJSON = try scratch.write("package.json", "{\"name\": \"web\", \"version\": \"1.0.0\"}")
        let result = await Scanner().scan(ScanOptions(paths: [packageJSON]))
        #expect(result.errors.isEmpty && result.files.isEmpty)
        #expect(result.skipped.map(\.path) == [packageJSON])
    }

    @Test func missingPathIsAnError() async throws {
        let result = await Scanner().scan(ScanOptions(paths: ["/nonexistent/auditstack/path.yaml"]))
        #expect(result.errors.map(\.message) == ["no such file or directory"])
    }

    @Test func oversizedFileIsRefusedBeforeParsing() async throws {
        let scratch = try Scratch()
        let big = try scratch.write("big.json", "{\"Statement\": [\"" + String(repeating: "x", count: 4096) + "\"]}")
        var limits = ReaderLimits.standard
        limits.maxFileBytes = 1024
        let result = await Scanner().scan(ScanOptions(paths: [big], limits: limits))
        #expect(result.errors.map(\.message) == ["file is 4.0 KB, above the 1.0 KB limit"])
    }

    @Test func policyDrivenRulesRunOnlyWhenAsked() {
        let rules = AuditRules.all.map { type(of: $0).metadata }
        for rule in rules {
            #expect(RuleSelection().includes(rule) == rule.enabledByDefault)
            #expect(RuleSelection(only: [rule.id]).includes(rule))
            #expect(!RuleSelection(skip: [rule.id]).includes(rule))
        }
        #expect(RuleSelection(only: ["AS-NOPE-001"]).unknownIDs(among: AuditRules.all) == ["AS-NOPE-001"])
    }

    @Test func readerWarningsReachTheResult() async throws {
        let scratch = try Scratch()
        let policy = try scratch.write("policy.json", "{\n  \"Statement\": [],\n  \"Statement\": []\n}\n")
        let result = await Scanner().scan(ScanOptions(paths: [policy]))
        #expect(result.warnings.map { "\($0.location):\($0.message)" } == ["\(policy):3:3:duplicate key 'Statement' (first at 2:3)"])
    }
}
