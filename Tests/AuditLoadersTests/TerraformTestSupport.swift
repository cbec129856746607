import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

/// Reads test JSON through the real reader and sniffer, then the Terraform loaders.
enum TerraformTestSupport {
    struct UnrecognizedFile: Error {}

    static func parsedFile(_ text: String, path: String) throws -> ParsedFile {
        let (document, syntax) = try SyntaxReader.read(Array(text.utf8), fileName: path)
        guard let format = FormatSniffer.sniff(document.root) else { throw UnrecognizedFile() }
        return ParsedFile(path: path, document: document, syntax: syntax, format: format)
    }

    /// Loads the files of one module directory.
    static func loadConfig(_ files: [(path: String, text: String)]) throws -> LoadedScope {
        let parsed = try files.map { try parsedFile($0.text, path: $0.path) }
        for file in parsed { #expect(file.format == .terraformConfig) }
        return TerraformConfigLoader().load(parsed)
    }

    static func loadConfig(_ text: String, path: String = "infra/main.tf.json") throws -> LoadedScope {
        try loadConfig([(path, text)])
    }

    static func loadPlan(_ text: String, path: String = "plan.json") throws -> LoadedScope {
        let file = try parsedFile(text, path: path)
        #expect(TerraformPlanLoader.formats.contains(file.format))
        return TerraformPlanLoader().load([file])
    }
}

extension LoadedScope {
    /// The resource with a Terraform address; records an issue when it is missing.
    func terraformResource(_ address: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Resource? {
        let found = resources.first { $0.id.name == address }
        if found == nil { Issue.record("no resource \(address) in \(resources.map(\.id.name))", sourceLocation: sourceLocation) }
        return found
    }

    func terraformPolicy(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> PolicyDocument? {
        let found = policies.first { $0.id.name == name }
        if found == nil { Issue.record("no policy \(name) in \(policies.map(\.id.name))", sourceLocation: sourceLocation) }
        return found
    }
}
