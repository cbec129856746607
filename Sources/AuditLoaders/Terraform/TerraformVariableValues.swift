import AuditModel
import AuditSyntax
import Foundation

/// Values for a module's variables from outside its `.tf` files, applied in Terraform's
/// order (a later source wins): `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars`
/// and `*.auto.tfvars.json` in name order, then `--var-file` and `--var` in the order given.
/// (KICS reads `terraform.tfvars` after the auto files, the reverse of Terraform.)
/// `TF_VAR_*` environment variables are not read: a scan should not depend on its shell.
public struct TerraformVariableValues: Sendable {
    public enum Source: Sendable, Hashable {
        /// `--var-file PATH`
        case file(String)
        /// `--var NAME=VALUE`
        case assignment(name: String, value: String)
    }

    public var commandLine: [Source]

    public init(commandLine: [Source] = []) {
        self.commandLine = commandLine
    }

    /// The files Terraform loads by itself from a root module's directory, in its order.
    static func automaticFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var files: [String] = []
        if names.contains("terraform.tfvars") { files.append("terraform.tfvars") }
        if names.contains("terraform.tfvars.json") { files.append("terraform.tfvars.json") }
        files += names.filter { $0.hasSuffix(".auto.tfvars") || $0.hasSuffix(".auto.tfvars.json") }.sorted()
        return files.map { directory + "/" + $0 }
    }

    /// Assigns every value found to the declared variables; problems are warnings.
    func apply(to variables: inout [String: TerraformVariable], directory: String, diagnostics: inout [LoadDiagnostic]) {
        let sources = Self.automaticFiles(in: directory).map(Source.file) + commandLine
        for source in sources {
            switch source {
            case .file(let path):
                guard let data = FileManager.default.contents(atPath: path) else {
                    diagnostics.append(LoadDiagnostic(.warning, "cannot read the variables file", at: SourceLocation(file: path, position: .start)))
                    continue
                }
                let name = path.split(separator: "/").last.map(String.init) ?? path
                do {
                    let (document, _) = try SyntaxReader.read(Array(data), fileName: name)
                    // A value for a variable the module does not declare is ignored, as Terraform does (with a warning there).
                    for entry in document.root.entries where variables[entry.key] != nil {
                        variables[entry.key]?.assigned = (entry.value, name)
                    }
                } catch {
                    diagnostics.append(LoadDiagnostic(.warning, "variables file not applied: \(error.message)",
                                                      at: SourceLocation(file: path, position: error.position)))
                }
            case .assignment(let name, let value):
                variables[name]?.assigned = (Self.node(of: value), "--var")
            }
        }
    }

    /// `--var` values: an HCL literal (`true`, `3`, `["a"]`, `{ a = 1 }`) when they are
    /// one, else the text as a string, as Terraform reads them.
    static func node(of value: String) -> Node {
        if let document = try? HCLReader.parse(Array("v = \(value)\n".utf8)), let node = document.root["v"],
           !(node.scalarText?.contains("${") ?? false) {
            return node
        }
        return Node(.scalar(value, .string), position: .start)
    }
}
