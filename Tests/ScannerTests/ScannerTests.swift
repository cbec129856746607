import AuditCore
import AuditKit
import AuditLoaders
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

    @Test func extensionlessFilesAreCandidatesOnlyWhenTheyStartLikeAJSONObject() throws {
        let scratch = try Scratch()
        try scratch.write("policies/AdministratorAccess", "\u{FEFF}\n  " + Self.adminPolicy)
        try scratch.write("policies/README", "# AWS managed policies\n")
        try scratch.write("Makefile", "all:\n\ttrue\n")
        try scratch.write("empty", "")
        let found = FileDiscovery().candidates(for: [scratch.path]).candidates.map(\.path)
        #expect(found == [scratch.path + "/policies/AdministratorAccess"])
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
        // AS-IAM-001 on the statement; the narrower IAM rules on its "*" action entry.
        #expect(result.outcome.findings.map { "\($0.ruleID) \($0.location.line):\($0.location.column)" } == [
            "AS-IAM-001 1:61", "AS-IAM-003 1:71", "AS-IAM-004 1:71", "AS-IAM-005 1:71", "AS-IAM-010 1:71", "AS-IAM-011 1:71",
        ])
        #expect(Set(result.outcome.findings.map(\.location.file)) == [good])
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

    // Hostile inputs: each ends in a clear error for that file; the scan itself completes.

    @Test func aliasBombIsRefused() async throws {
        let scratch = try Scratch()
        var lines = ["AWSTemplateFormatVersion: '2010-09-09'", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1..<10 {
            let previous = String(UnicodeScalar(UInt8(96 + level)))
            let name = String(UnicodeScalar(UInt8(97 + level)))
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        let bomb = try scratch.write("bomb.yaml", lines.joined(separator: "\n") + "\n")
        let result = await Scanner().scan(ScanOptions(paths: [bomb]))
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.contains("alias") == true)
    }

    @Test func deepNestingIsRefused() async throws {
        let scratch = try Scratch()
        let json = try scratch.write("deep.json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        let yaml = try scratch.write("deep.yaml", "Resources: " + String(repeating: "[", count: 100_000))
        let result = await Scanner().scan(ScanOptions(paths: [json, yaml]))
        #expect(result.errors.map(\.file) == [json, yaml])
        #expect(result.errors.allSatisfy { $0.message.contains("512") })
    }

    @Test func randomBytesAndTruncatedPlansAreErrorsNotCrashes() async throws {
        let scratch = try Scratch()
        var generator = SplitMix64(seed: 7)
        var paths: [String] = []
        for index in 0..<20 {
            let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let path = scratch.path + "/random-\(index).json"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            paths.append(path)
        }
        let plan = "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [{\"address\": \"aws_db_instance.main\", \"values\": {\"engine\": \"postgres\",\n"
        paths.append(try scratch.write("truncated-plan.json", plan))
        let result = await Scanner().scan(ScanOptions(paths: paths))
        #expect(result.errors.count == paths.count, "every file is named, so every one is an error")
        let truncated = result.errors.first { $0.file.hasSuffix("truncated-plan.json") }
        #expect(truncated.map { "\($0.line):\($0.column) \($0.message)" } == "2:1 unexpected end of input (truncated file?)")
    }
}

/// A small deterministic generator so the random-bytes test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

@Suite("Terraform native syntax in a scan")
struct TerraformNativeSyntaxDiscoveryTests {
    typealias Scratch = ScannerTests.Scratch

    @Test func folderScanReadsTerraformNativeFilesAndCountsVariableFilesItDoesNotApply() async throws {
        let scratch = try Scratch()
        let main = try scratch.write("infra/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")
        let tofu = try scratch.write("infra/extra.tofu", "locals {}\n")
        let values = try scratch.write("infra/terraform.tfvars", "region = \"eu-west-1\"\n")
        let result = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(result.errors.isEmpty)
        #expect(result.files.map(\.path) == [tofu, main])
        #expect(result.model.resources.map(\.id.name) == ["aws_s3_bucket.b"])
        #expect(result.skipped.map(\.path) == [values])
    }

    @Test func namedTerraformFileThatCannotBeReadIsAnError() async throws {
        let scratch = try Scratch()
        let main = try scratch.write("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n")
        let result = await Scanner().scan(ScanOptions(paths: [main]))
        #expect(result.errors.map { "\($0.file):\($0.line):\($0.column): \($0.message)" } == [
            "\(main):2:12: expected an expression, found a line break",
        ])
    }

    @Test func brokenTerraformFileInAFolderIsAnErrorAndTheRestOfTheModuleLoads() async throws {
        let scratch = try Scratch()
        let broken = try scratch.write("infra/broken.tf", "locals {\n")
        try scratch.write("infra/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")
        let result = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(result.errors.map { "\($0.file):\($0.line)" } == ["\(broken):2"])
        #expect(result.model.resources.map(\.id.name) == ["aws_s3_bucket.b"])
    }

    @Test func hclContentUnderATerraformJSONNameIsReadAsHCLWithAWarning() async throws {
        let scratch = try Scratch()
        let hcl = try scratch.write("main.tf.json", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n")
        let result = await Scanner().scan(ScanOptions(paths: [scratch.path]))
        #expect(result.errors.isEmpty)
        #expect(result.model.resources.map(\.id.name) == ["aws_s3_bucket.b"])
        #expect(result.warnings.map { "\($0.location.file):\($0.location.line)" } == ["\(hcl):1"])
        #expect(result.warnings.first?.message.hasPrefix("this file holds Terraform native syntax (HCL), not JSON") == true)
    }
}

@Suite("Terraform variable values")
struct TerraformVariableValuesTests {
    typealias Scratch = ScannerTests.Scratch

    static let module = """
        variable "encrypted" {
          default = false
        }
        variable "retention" {
          default = 1
        }
        resource "aws_db_instance" "main" {
          storage_encrypted       = var.encrypted
          backup_retention_period = var.retention
        }

        """

    func databaseOf(_ result: ScanResult) -> Resource? {
        result.model.resources.first { $0.id.name == "aws_db_instance.main" }
    }

    @Test func tfvarsFilesApplyInTerraformsOrderAndTheCommandLineWins() async throws {
        let scratch = try Scratch()
        try scratch.write("infra/main.tf", Self.module)
        try scratch.write("infra/terraform.tfvars", "encrypted = true\nretention = 7\nundeclared = 1\n")
        // *.auto.tfvars come after terraform.tfvars, in name order (KICS has it the other way round).
        try scratch.write("infra/b.auto.tfvars", "retention = 14\n")
        try scratch.write("infra/a.auto.tfvars.json", "{\"retention\": 10}")
        let values = try scratch.write("prod.tfvars", "encrypted = false\n")

        let automatic = await Scanner().scan(ScanOptions(paths: [scratch.path + "/infra"]))
        let database = try #require(databaseOf(automatic))
        #expect(database.attributes[.storageEncrypted]?.value == .bool(true))
        #expect(database.attributes[.storageEncrypted]?.via == "var.encrypted from terraform.tfvars")
        #expect(database.attributes[.backupRetentionPeriod]?.value == .number(14))
        #expect(automatic.errors.isEmpty)
        #expect(automatic.skipped.map(\.path).allSatisfy { $0.contains(".tfvars") })

        let loaders = Scanner.loaders(terraformVariables: TerraformVariableValues(commandLine: [.file(values), .assignment(name: "retention", value: "21")]))
        let commandLine = await Scanner(loaders: loaders).scan(ScanOptions(paths: [scratch.path + "/infra"]))
        let overridden = try #require(databaseOf(commandLine))
        #expect(overridden.attributes[.storageEncrypted]?.value == .bool(false))
        #expect(overridden.attributes[.storageEncrypted]?.via == "var.encrypted from prod.tfvars")
        #expect(overridden.attributes[.backupRetentionPeriod]?.value == .number(21))
        #expect(overridden.attributes[.backupRetentionPeriod]?.via == "var.retention from --var")
    }
}
