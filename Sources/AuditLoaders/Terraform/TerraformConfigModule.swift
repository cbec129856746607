import AuditModel
import AuditSyntax

/// A `resource` or `data` block of a `*.tf.json` file.
struct TerraformBlock: Sendable {
    var type: String
    var name: String
    var isDataSource: Bool
    var body: Node
    var file: String
    /// The resource-name key (`"main": {`), where findings about the resource land.
    var keyPosition: SourcePosition

    var address: String { isDataSource ? "data.\(type).\(name)" : "\(type).\(name)" }
}

/// An `output` block: only its value's references matter.
struct TerraformOutput: Sendable {
    var name: String
    var value: Node
    var file: String
    var keyPosition: SourcePosition
}

/// A `module` call: loads nothing here (its source is another directory), but the
/// resources it is given are used by it.
struct TerraformModuleCall: Sendable {
    var name: String
    var body: Node
    var file: String
    var keyPosition: SourcePosition
}

/// Everything the `*.tf.json` files of one directory declare, read with the JSON
/// configuration syntax rules: a labelled block is an object per label level, and at any
/// level an array of such objects is also allowed; `"//"` keys are comments.
struct TerraformConfigModule: Sendable {
    var blocks: [TerraformBlock] = []
    var variables: [String: TerraformVariable] = [:]
    var locals: [String: TerraformLocal] = [:]
    var outputs: [TerraformOutput] = []
    var moduleCalls: [TerraformModuleCall] = []
    var diagnostics: [LoadDiagnostic] = []

    init(files: [ParsedFile]) {
        var seenAddresses: Set<String> = []
        for file in files {
            let root = file.document.root
            guard root.isMapping else {
                diagnose("a Terraform JSON file must hold an object", at: root.position, file: file.path)
                continue
            }
            for entry in root.entries {
                switch entry.key {
                case "resource", "data":
                    let isDataSource = entry.key == "data"
                    for (labels, keyPosition, body) in labelledBlocks(entry.value, labels: 2, kind: entry.key, file: file.path) {
                        let block = TerraformBlock(type: labels[0], name: labels[1], isDataSource: isDataSource,
                                                   body: body, file: file.path, keyPosition: keyPosition)
                        guard seenAddresses.insert(block.address).inserted else {
                            diagnose("\(block.address) is declared more than once; the first declaration is used",
                                     at: keyPosition, file: file.path)
                            continue
                        }
                        blocks.append(block)
                    }
                case "variable":
                    for (labels, _, body) in labelledBlocks(entry.value, labels: 1, kind: "variable", file: file.path) {
                        variables[labels[0]] = TerraformVariable(defaultValue: body["default"])
                    }
                case "locals":
                    let groups = entry.value.isSequence ? entry.value.elements : [entry.value]
                    for group in groups {
                        guard group.isMapping else {
                            diagnose("locals must be an object", at: group.position, file: file.path)
                            continue
                        }
                        for local in group.entries where local.key != "//" {
                            locals[local.key] = TerraformLocal(value: local.value, file: file.path, keyPosition: local.keyPosition)
                        }
                    }
                case "output":
                    for (labels, keyPosition, body) in labelledBlocks(entry.value, labels: 1, kind: "output", file: file.path) {
                        if let value = body["value"] {
                            outputs.append(TerraformOutput(name: labels[0], value: value, file: file.path, keyPosition: keyPosition))
                        }
                    }
                case "module":
                    for (labels, keyPosition, body) in labelledBlocks(entry.value, labels: 1, kind: "module", file: file.path) {
                        moduleCalls.append(TerraformModuleCall(name: labels[0], body: body, file: file.path, keyPosition: keyPosition))
                    }
                default:
                    // `provider`, `terraform`, `moved`, `import`, `check`, `removed` and comments
                    // do not describe resources.
                    continue
                }
            }
        }
    }

    /// Walks `labels` levels of labelled objects down to block bodies: each body with its
    /// labels and the position of its last label's key.
    private mutating func labelledBlocks(
        _ node: Node, labels: Int, kind: String, file: String, collected: [String] = [], inList: Bool = false
    ) -> [(labels: [String], keyPosition: SourcePosition, body: Node)] {
        var found: [(labels: [String], keyPosition: SourcePosition, body: Node)] = []
        switch node.content {
        case .sequence(let items):
            // A list of objects is allowed at each label level, but not a list of lists.
            guard !inList else {
                diagnose("\(kind) must be an object or a list of objects", at: node.position, file: file)
                return []
            }
            for item in items {
                found += labelledBlocks(item, labels: labels, kind: kind, file: file, collected: collected, inList: true)
            }
        case .mapping(let entries):
            for entry in entries where entry.key != "//" {
                let names = collected + [entry.key]
                if names.count < labels {
                    found += labelledBlocks(entry.value, labels: labels, kind: kind, file: file, collected: names)
                    continue
                }
                let bodies = entry.value.isSequence ? entry.value.elements : [entry.value]
                for body in bodies {
                    guard body.isMapping else {
                        diagnose("the body of \(kind) \(names.joined(separator: ".")) is not an object",
                                 at: body.position, file: file)
                        continue
                    }
                    found.append((names, entry.keyPosition, body))
                }
            }
        case .scalar:
            diagnose("\(kind) must be an object or a list of objects", at: node.position, file: file)
        }
        return found
    }

    private mutating func diagnose(_ message: String, at position: SourcePosition, file: String) {
        diagnostics.append(LoadDiagnostic(.warning, message, at: SourceLocation(file: file, position: position)))
    }
}
