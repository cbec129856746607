import AuditModel
import Foundation
import AuditSyntax
import Testing
@testable import AuditLoaders

/// Loads template text through the real reader, sniffer and loader, as the pipeline does.
enum TemplateFixture {
    static func load(_ text: String, fileName: String = "template.yaml") throws -> LoadedScope {
        let (document, syntax) = try SyntaxReader.read(Array(text.utf8), fileName: fileName)
        let format = try #require(FormatSniffer.sniff(document.root), "not recognised as a template")
        #expect(CloudFormationLoader.formats.contains(format))
        return CloudFormationLoader().load([ParsedFile(path: fileName, document: document, syntax: syntax, format: format)])
    }

    /// A file under testdata/cloudformation/.
    static func loadFixture(_ name: String) throws -> LoadedScope {
        let directory = URLPath.testdata + "/cloudformation/"
        let data = try #require(FileManager.default.contents(atPath: directory + name), "missing fixture \(name)")
        let text = String(decoding: data, as: UTF8.self)
        return try load(text, fileName: "testdata/cloudformation/" + name)
    }
}

/// Where the repository's testdata lives, from this source file's path.
enum URLPath {
    static let testdata: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/AuditLoadersTests/<file>
        return components.joined(separator: "/") + "/testdata"
    }()
}

extension LoadedScope {
    func resource(_ name: String) -> Resource? {
        resources.first { $0.id.name == name }
    }

    func policy(_ name: String) -> PolicyDocument? {
        policies.first { $0.id.name == name }
    }

    var diagnosticMessages: [String] {
        diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }
}

extension Resource {
    /// Targets of the links at `path` (or all links when `path` is nil), as `Name` or `Name.Attr`.
    func linkTargets(at path: String? = nil) -> [String] {
        links.filter { path == nil || $0.path == path }.map { $0.reference.description }
    }
}

/// `line:column` of a location, the form the assertions use.
func position(_ location: AuditModel.SourceLocation?) -> String? {
    location.map { "\($0.line):\($0.column)" }
}
