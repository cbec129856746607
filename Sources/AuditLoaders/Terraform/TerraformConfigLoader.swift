import AuditModel
import AuditSyntax
import Foundation

/// Terraform JSON configuration (`*.tf.json`). All files of one directory form one
/// module, so references resolve across files. Expressions are evaluated as far as is
/// possible statically (see `TerraformEvaluator`); split resources are joined into the
/// resource they configure (see `TerraformCompanions`); policy documents are read from
/// JSON strings, `jsonencode` and `aws_iam_policy_document` data sources.
public struct TerraformConfigLoader: Loader {
    public static let formats: Set<DocumentFormat> = [.terraformConfig]
    public static let groupsByDirectory = true

    /// `--var` and `--var-file` values for every scanned module.
    public var variableValues: TerraformVariableValues

    public init(variableValues: TerraformVariableValues = TerraformVariableValues()) {
        self.variableValues = variableValues
    }

    /// Meta-arguments that are not attributes of the resource; read apart.
    private static let metaArguments: Set<String> = ["//", "lifecycle", "depends_on", "provider", "provisioner", "connection"]

    public func load(_ files: [ParsedFile]) -> LoadedScope {
        let scopeName = Self.directory(of: files.first?.path ?? "")
        var loaded = LoadedScope(scope: Scope(name: scopeName, format: .terraformConfig, files: files.map(\.path)))
        var module = TerraformConfigModule(files: files)
        loaded.diagnostics = module.diagnostics
        variableValues.apply(to: &module.variables, directory: scopeName, diagnostics: &loaded.diagnostics)
        loaded.scope.environmentHints = module.variables.sorted { $0.key < $1.key }.compactMap {
            // The variable's file is not kept, so the hint has no position.
            EnvironmentHint.fromDefault(named: $0.key, kind: "variable", value: $0.value.defaultValue, file: scopeName, keyPosition: nil)
        } + files.flatMap { Self.defaultTagHints(in: $0.document.root, file: $0.path) }
        loaded.scope.region = TerraformProviderRegion.configuration(files.map(\.document.root), variables: module.variables)
        var evaluator = TerraformEvaluator(
            scope: scopeName, resourceAddresses: Set(module.blocks.map(\.address)),
            variables: module.variables, locals: module.locals,
            reportsUndeclaredNames: !Self.hasUnloadedConfigurationFiles(directory: scopeName, loaded: files.map(\.path))
        )
        let moduleDirectory = scopeName
        evaluator.readFile = { path in
            // `file()` and `templatefile()` read only files of the module's own folder tree.
            guard path.hasPrefix(moduleDirectory + "/"), let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else { return nil }
            return String(decoding: data, as: UTF8.self)
        }

        // `count` and `for_each`: one resource per instance when the set is known, none when
        // it is known to be empty; one resource, its instances reported unknown, otherwise.
        var instanceEvaluator = evaluator
        var instances = module.blocks.map { TerraformInstances.of($0, evaluator: &instanceEvaluator) }
        func registerExpanded() {
            for (block, blockInstances) in zip(module.blocks, instances) {
                guard let blockInstances, TerraformInstances.argument(of: block) != nil else { continue }
                evaluator.expandedInstances[block.address] = Set(blockInstances.map(\.key))
            }
        }
        registerExpanded()
        // Second pass: `for_each = aws_s3_bucket.b` needs the instances of the other block.
        instanceEvaluator.expandedInstances = evaluator.expandedInstances
        for index in instances.indices where instances[index] == nil {
            instances[index] = TerraformInstances.of(module.blocks[index], evaluator: &instanceEvaluator)
        }
        registerExpanded()
        var records: [TerraformResourceRecord] = []
        for (block, blockInstances) in zip(module.blocks, instances) {
            let directives = SuppressionDirectiveReader.terraformComment(block.body["//"], file: block.file, diagnostics: &loaded.diagnostics)
            for instance in blockInstances ?? [TerraformInstances.Instance.unknown(block)] {
                evaluator.instanceBindings = instance.bindings
                var record = record(for: block, instanceKey: blockInstances == nil ? "" : instance.key, scope: scopeName, evaluator: &evaluator)
                record.resource.suppressionDirectives = directives
                records.append(record)
            }
            evaluator.instanceBindings = [:]
            if blockInstances == nil, let argument = TerraformInstances.argument(of: block) {
                loaded.diagnostics.append(LoadDiagnostic(
                    .warning, "the instances of \(block.address) are not known before plan (\(argument)); it is checked as one resource",
                    at: SourceLocation(file: block.file, position: block.keyPosition)
                ))
            }
        }
        let moduleCallResources = module.moduleCalls.map { resource(for: $0, scope: scopeName, evaluator: &evaluator) }
        var indexByAddress: [String: Int] = [:]
        for (index, record) in records.enumerated() { indexByAddress[record.resource.id.name] = index }

        var referencedTargets: [Int: Int] = [:]
        for (index, record) in records.enumerated() {
            guard let (_, companion) = SchemaIndex.shared.companionsByType[record.type],
                  let target = record.body[companion.linkAttribute]?.node.value.referenceValue?.target.name else { continue }
            referencedTargets[index] = indexByAddress[target]
        }
        TerraformCompanions.join(&records, referencedTargets: referencedTargets)

        loaded.policies = policies(records: records, diagnostics: &loaded.diagnostics)

        for output in module.outputs {
            var hidden: [TerraformHiddenReference] = []
            let value = evaluator.evaluate(json: output.value, file: output.file, path: "output.\(output.name)",
                                           keyPosition: output.keyPosition, hidden: &hidden)
            for reference in value.value.references + hidden.map(\.reference) {
                loaded.exported.insert(reference.target)
            }
        }

        loaded.resources = records.map(\.resource) + moduleCallResources
        loaded.diagnostics += evaluator.diagnostics
        return loaded
    }

    /// Literal `Environment`, `Env` or `Stage` values among the `default_tags` of the AWS
    /// provider blocks of one Terraform JSON file (every resource of the module gets them).
    private static func defaultTagHints(in root: Node, file: String) -> [EnvironmentHint] {
        guard let providers = root["provider"] else { return [] }
        // Each level may be an object or an array of objects (JSON configuration syntax).
        func objects(_ node: Node?) -> [Node] {
            guard let node else { return [] }
            return node.isSequence ? node.elements.filter(\.isMapping) : (node.isMapping ? [node] : [])
        }
        var hints: [EnvironmentHint] = []
        for group in objects(providers) {
            for aws in objects(group["aws"]) {
                for defaults in objects(aws["default_tags"]) {
                    for tags in objects(defaults["tags"]) {
                        for tag in tags.entries {
                            guard let hint = EnvironmentHint.named(
                                tag.key, origin: "provider default tag \(tag.key)", value: tag.value,
                                location: SourceLocation(file: file, position: tag.keyPosition)
                            ), !hint.value.contains("${") else { continue }
                            hints.append(hint)
                        }
                    }
                }
            }
        }
        return hints
    }

    /// Whether the module directory has configuration files that are not among the loaded
    /// ones (a `.tf` that could not be read, an excluded one): what they declare is unknown,
    /// so a name the loaded files use may well be declared there.
    static func hasUnloadedConfigurationFiles(directory: String, loaded: [String]) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        let loadedNames = Set(loaded.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
        return names.contains { name in
            (name.hasSuffix(".tf") || name.hasSuffix(".tf.json") || name.hasSuffix(".tofu")) && !loadedNames.contains(name)
        }
    }

    /// The directory part of a path; `.` for a bare file name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    // MARK: Resources

    private func record(for block: TerraformBlock, instanceKey: String, scope: String, evaluator: inout TerraformEvaluator) -> TerraformResourceRecord {
        let id = ResourceID(scope: scope, name: block.address + instanceKey)
        let file = block.file
        func location(_ position: SourcePosition) -> SourceLocation { SourceLocation(file: file, position: position) }
        // Data sources look things up; they are not the resources they describe.
        let spec = block.isDataSource ? nil : SchemaIndex.shared.byTerraformType[block.type]

        let arguments = Self.expandingJSONDocuments(
            Node(.mapping(block.body.entries.filter { !Self.metaArguments.contains($0.key) }), position: block.body.position),
            type: block.type
        )
        var hidden: [TerraformHiddenReference] = []
        let body = evaluator.evaluate(json: arguments, file: file, path: "", keyPosition: block.keyPosition, hidden: &hidden)

        var attributes = spec.map { SchemaMapper.attributes(of: $0, body: body, dialect: .terraform, file: file) } ?? [:]
        var links = LinkCollector.links(in: body, file: file)
        links += hidden.map { Link(path: $0.path, reference: $0.reference, location: location($0.keyPosition)) }

        if let comment = block.body.entry("//") {
            let text = ResolvedNode.terraformLiteral(comment.value)?.value ?? .unresolved("(nested too deeply)")
            attributes[.terraformComment] = .explicit(text, at: location(comment.keyPosition))
        }
        for (key, name) in [("count", AttributeName.terraformCount), ("for_each", .terraformForEach)] {
            if let entry = body[key] {
                attributes[name] = .explicit(entry.node.value, at: location(entry.keyPosition), via: entry.node.via)
            }
        }
        if let lifecycle = block.body["lifecycle"] {
            for settings in lifecycle.isSequence ? lifecycle.elements : [lifecycle] {
                guard let entry = settings.entry("prevent_destroy") else { continue }
                var ignored: [TerraformHiddenReference] = []
                let value = evaluator.evaluate(json: entry.value, file: file, path: "lifecycle.prevent_destroy",
                                               keyPosition: entry.keyPosition, hidden: &ignored)
                attributes[.terraformPreventDestroy] = .explicit(value.value, at: location(entry.keyPosition), via: value.via)
            }
        }
        if let dependsOn = block.body.entry("depends_on") {
            let items = dependsOn.value.isSequence ? dependsOn.value.elements : [dependsOn.value]
            for item in items {
                guard let text = item.scalarText,
                      let reference = evaluator.reference(named: text, at: item.position, file: file) else { continue }
                links.append(Link(path: "depends_on", reference: reference, location: location(dependsOn.keyPosition)))
            }
        }

        let resource = Resource(
            id: id, kind: spec?.kind ?? .other, sourceType: block.type, location: location(block.keyPosition),
            attributes: attributes, links: TerraformLinkAttributes.completed(links, type: block.type),
            tags: TerraformTags.literalTags(body["tags"]?.node)
        )
        return TerraformResourceRecord(resource: resource, body: body, file: file, isDataSource: block.isDataSource)
    }

    /// A module call as a resource of its own, so that resources passed to the module
    /// have a referrer (a NAT gateway given to a module is not unused). It is implicit:
    /// a model artifact, not a resource the file declares, so scans do not count it.
    private func resource(for call: TerraformModuleCall, scope: String, evaluator: inout TerraformEvaluator) -> Resource {
        var hidden: [TerraformHiddenReference] = []
        let inputs = Node(.mapping(call.body.entries.filter { $0.key != "source" && $0.key != "version" && $0.key != "providers" }),
                          position: call.body.position)
        let body = evaluator.evaluate(json: inputs, file: call.file, path: "", keyPosition: call.keyPosition, hidden: &hidden)
        var links = LinkCollector.links(in: body, file: call.file)
        links += hidden.map { Link(path: $0.path, reference: $0.reference, location: SourceLocation(file: call.file, position: $0.keyPosition)) }
        return Resource(
            id: ResourceID(scope: scope, name: "module.\(call.name)"), kind: .other, sourceType: "module",
            location: SourceLocation(file: call.file, position: call.keyPosition), links: TerraformLinkAttributes.completed(links, type: "module"),
            isImplicit: true
        )
    }

    // MARK: JSON documents in strings

    /// Replaces JSON-document strings (`policy`, `redrive_policy`) by the JSON they hold,
    /// so their values are evaluated one by one. Positions inside a string are not file
    /// positions: the document is located at the attribute's key.
    private static func expandingJSONDocuments(_ body: Node, type: String) -> Node {
        let keys = TerraformJSONDocuments.attributes[type] ?? []
        let blocks = TerraformJSONDocuments.blockAttributes[type] ?? [:]
        guard !keys.isEmpty || !blocks.isEmpty else { return body }
        func expand(_ block: Node, keys: Set<String>) -> Node {
            Node(.mapping(block.entries.map { entry in
                var entry = entry
                if keys.contains(entry.key) { entry.value = jsonDocument(in: entry.value, at: entry.keyPosition) ?? entry.value }
                return entry
            }), position: block.position)
        }
        var expanded = expand(body, keys: keys)
        guard !blocks.isEmpty else { return expanded }
        expanded = Node(.mapping(expanded.entries.map { entry in
            guard let blockKeys = blocks[entry.key] else { return entry }
            var entry = entry
            if entry.value.isSequence {
                entry.value = Node(.sequence(entry.value.elements.map { $0.isMapping ? expand($0, keys: blockKeys) : $0 }),
                                   position: entry.value.position)
            } else if entry.value.isMapping {
                entry.value = expand(entry.value, keys: blockKeys)
            }
            return entry
        }), position: expanded.position)
        return expanded
    }

    /// The JSON object or array a string holds; `nil` for anything else, including a
    /// single interpolation such as `${jsonencode(…)}`, which the evaluator reads.
    private static func jsonDocument(in node: Node, at keyPosition: SourcePosition) -> Node? {
        guard case .scalar(let text, .string) = node.content,
              let json = TerraformPolicies.parseJSON(text), json.isMapping || json.isSequence else { return nil }
        return relocated(json, to: keyPosition)
    }

    // MARK: Policies

    /// What a policy attribute holds once evaluated.
    private enum PolicyValue {
        case document(ResolvedNode)
        case unresolved(String)
        /// `${data.aws_iam_policy_document.x.json}`: the data source owns the document.
        case dataSource(String)
        case invalid
        case none
    }

    private func policies(records: [TerraformResourceRecord], diagnostics: inout [LoadDiagnostic]) -> [PolicyDocument] {
        var documents: [PolicyDocument] = []
        var dataSourceKinds: [String: PolicyKind] = [:]

        func add(_ entry: ResolvedEntry, kind: PolicyKind, owner: ResourceID, path: String, name: String, file: String) {
            let location = SourceLocation(file: file, position: entry.keyPosition)
            let id = TerraformPolicies.documentID(owner: owner, path: path)
            switch policyValue(entry.node, keyPosition: entry.keyPosition) {
            case .document(let node):
                documents.append(PolicyReader.document(node, id: id, kind: kind, owner: owner, name: name, file: file, location: location))
            case .unresolved(let expression):
                documents.append(PolicyDocument(id: id, kind: kind, owner: owner, name: name, location: location,
                                                statements: [], unresolvedExpression: expression))
            case .dataSource(let address):
                if dataSourceKinds[address] == nil { dataSourceKinds[address] = kind }
            case .invalid:
                diagnostics.append(LoadDiagnostic(.warning, "\(path) of \(owner.name) is not a JSON policy document", at: location))
            case .none:
                break
            }
        }

        for record in records where !record.isDataSource {
            let owner = record.resource.id
            for source in TerraformPolicies.sources[record.type] ?? [] {
                guard let entry = record.body[source.attribute] else { continue }
                add(entry, kind: source.kind, owner: owner, path: source.attribute,
                    name: TerraformPolicies.documentName(owner: owner, attribute: source.attribute), file: record.file)
            }
            guard TerraformPolicies.inlinePolicyTypes.contains(record.type),
                  let inline = record.body[TerraformPolicies.inlinePolicyBlock] else { continue }
            for (offset, block) in TerraformPolicies.blocks(inline.node).enumerated() {
                guard let entry = block["policy"] else { continue }
                add(entry, kind: .identity, owner: owner, path: "\(TerraformPolicies.inlinePolicyBlock)[\(offset)].policy",
                    name: TerraformPolicies.inlineDocumentName(owner: owner, policyName: block["name"]?.node.value.stringValue),
                    file: record.file)
            }
        }

        for record in records where record.isDataSource && record.type == TerraformPolicies.documentDataSourceType {
            documents.append(TerraformPolicies.dataSourceDocument(
                body: record.body, id: record.resource.id, kind: dataSourceKinds[record.resource.id.name] ?? .standalone,
                file: record.file, location: record.resource.location
            ))
        }
        return documents
    }

    /// Reads an evaluated policy attribute; the document is relocated to the attribute's
    /// key because positions inside a string or an expression are not file positions.
    private func policyValue(_ node: ResolvedNode, keyPosition: SourcePosition) -> PolicyValue {
        switch node.content {
        case .map:
            return .document(TerraformEvaluator.relocated(node, to: keyPosition, via: nil))
        case .list:
            return .invalid
        case .leaf(let value):
            switch value {
            case .string(let text):
                guard let json = TerraformPolicies.parseJSON(text), json.isMapping else { return .invalid }
                return .document(TerraformEvaluator.relocated(ResolvedNode(literal: json), to: keyPosition, via: node.via))
            case .reference(let reference):
                return TerraformPolicies.isDocumentDataSource(reference.target.name) ? .dataSource(reference.target.name) : .none
            case .unresolved(let expression):
                return .unresolved(expression)
            case .null:
                return .none
            default:
                return .invalid
            }
        }
    }

    /// A syntax subtree with every position moved to `position`.
    private static func relocated(_ node: Node, to position: SourcePosition) -> Node {
        switch node.content {
        case .scalar:
            return Node(node.content, tag: node.tag, position: position)
        case .sequence(let items):
            return Node(.sequence(items.map { relocated($0, to: position) }), tag: node.tag, position: position)
        case .mapping(let entries):
            return Node(.mapping(entries.map {
                MappingEntry(key: $0.key, keyPosition: position, value: relocated($0.value, to: position))
            }), tag: node.tag, position: position)
        }
    }
}
