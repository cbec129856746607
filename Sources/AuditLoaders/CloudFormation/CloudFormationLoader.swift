import AuditModel
import AuditSyntax

/// CloudFormation and SAM templates (YAML or JSON), one template per scope.
///
/// Intrinsics are evaluated as far as the template alone allows (see `IntrinsicResolver`),
/// SAM is emulated rather than run (see `SAMTransform`), properties are mapped to canonical
/// attributes with `ResourceSchema`, references become links, and embedded IAM documents
/// become `PolicyDocument`s.
public struct CloudFormationLoader: Loader {
    public static let formats: Set<DocumentFormat> = [.cloudFormation, .sam]
    public static let groupsByDirectory = false

    public init() {}

    public func load(_ files: [ParsedFile]) -> LoadedScope {
        guard let first = files.first else {
            return LoadedScope(scope: Scope(name: "", format: .cloudFormation, files: []))
        }
        // The pipeline hands one template per call; several are still loaded, one by one.
        var loaded = TemplateLoader.load(first)
        for file in files.dropFirst() {
            let next = TemplateLoader.load(file)
            loaded.scope.files += next.scope.files
            loaded.resources += next.resources
            loaded.policies += next.policies
            loaded.exported.formUnion(next.exported)
            loaded.diagnostics += next.diagnostics
        }
        return loaded
    }
}

/// Loads one template file.
private struct TemplateLoader {
    let file: ParsedFile
    private var path: String { file.path }
    private var diagnostics: [LoadDiagnostic] = []

    private init(file: ParsedFile) {
        self.file = file
    }

    static func load(_ file: ParsedFile) -> LoadedScope {
        var loader = TemplateLoader(file: file)
        return loader.load()
    }

    private mutating func warn(_ message: String, at position: SourcePosition) {
        diagnostics.append(LoadDiagnostic(.warning, message, at: SourceLocation(file: path, position: position)))
    }

    private mutating func load() -> LoadedScope {
        var loaded = LoadedScope(scope: Scope(name: path, format: file.format, files: [path]))
        let root = file.document.root
        guard root.isMapping else {
            warn("a template must be a mapping of sections", at: root.position)
            loaded.diagnostics = diagnostics
            return loaded
        }

        let (parameters, environmentHints) = readParameters(root.entry("Parameters"))
        loaded.scope.environmentHints = environmentHints
        let mappings = section(root.entry("Mappings"))
        let conditions = section(root.entry("Conditions"))
        let declared = readResources(root.entry("Resources"))
        let isSAM = file.format == .sam

        var conditionDefinitions: [String: MappingEntry] = [:]
        for entry in conditions?.entries ?? [] where conditionDefinitions[entry.key] == nil {
            conditionDefinitions[entry.key] = entry
        }
        let declaredNames = Set(declared.names)
        let resolver = IntrinsicResolver(
            file: path, isSAM: isSAM, parameters: parameters, mappings: mappings, conditions: conditionDefinitions,
            resourceNames: declaredNames
        )
        resolver.setServerlessNames(declared.resources.filter { $0.sourceType.hasPrefix("AWS::Serverless::") }.map(\.logicalID))
        resolver.evaluateAllConditions()

        var templateResources = declared.resources
        var linksToAdd: [String: [Link]] = [:]
        if isSAM {
            var transform = SAMTransform(file: path, resolver: resolver, globals: section(root.entry("Globals")),
                                         declaredNames: declaredNames)
            templateResources = transform.expand(declared.resources)
            diagnostics += transform.diagnostics
            linksToAdd = transform.linksToAdd
            resolver.addResourceNames(templateResources.map(\.logicalID))
        }

        loaded.resources.reserveCapacity(templateResources.count)
        // Through a buffer, so each resource is handed to `build` without copying its fields.
        templateResources.withUnsafeBufferPointer { items in
            for index in items.indices {
                if let condition = items[index].conditionName,
                   resolver.condition(named: condition, at: items[index].conditionPosition) == false {
                    continue
                }
                let (built, policies) = build(items[index], resolver: resolver)
                loaded.resources.append(built)
                loaded.policies += policies
            }
        }
        // Built resources by logical id (the last one wins), only when some need links added.
        var indexByName: [String: Int] = [:]
        if !linksToAdd.isEmpty {
            for (index, resource) in loaded.resources.enumerated() { indexByName[resource.id.name] = index }
        }
        for (name, links) in linksToAdd.sorted(by: { $0.key < $1.key }) {
            guard let index = indexByName[name] else { continue }
            loaded.resources[index].links = Self.deduplicated(loaded.resources[index].links + links)
        }

        // Suppressions in the template's own Metadata cover each of its resources.
        let templateSuppressions = SuppressionDirectiveReader.cloudFormation(
            root["Metadata"], file: path, place: .templateMetadata, diagnostics: &diagnostics
        )
        if !templateSuppressions.isEmpty {
            for index in loaded.resources.indices {
                // Assigned where the resource has none of its own, so those resources share one array.
                if loaded.resources[index].suppressionDirectives.isEmpty {
                    loaded.resources[index].suppressionDirectives = templateSuppressions
                } else {
                    loaded.resources[index].suppressionDirectives += templateSuppressions
                }
            }
        }

        loaded.exported = exportedResources(section(root.entry("Outputs")), resolver: resolver)
        loaded.diagnostics = (diagnostics + resolver.diagnostics).enumerated()
            .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element)
        return loaded
    }

    /// A top-level section that must be a mapping; anything else is reported and ignored.
    private mutating func section(_ entry: MappingEntry?) -> Node? {
        guard let entry, !entry.value.isNull else { return nil }
        guard entry.value.isMapping else {
            warn("\(entry.key) must be a mapping", at: entry.keyPosition)
            return nil
        }
        return entry.value
    }

    /// The parameters (the first of a repeated name wins) and the environment hints among
    /// their defaults (every entry, repeated names included), from one pass over the section.
    private mutating func readParameters(_ entry: MappingEntry?) -> ([String: TemplateParameter], [EnvironmentHint]) {
        var parameters: [String: TemplateParameter] = [:]
        var hints: [EnvironmentHint] = []
        for parameter in section(entry)?.entries ?? [] {
            let definition = parameter.value
            let defaultEntry = definition.entry("Default")
            if let hint = EnvironmentHint.fromDefault(named: parameter.key, kind: "parameter", value: defaultEntry?.value,
                                                      file: path, keyPosition: defaultEntry?.keyPosition) {
                hints.append(hint)
            }
            guard parameters[parameter.key] == nil else { continue }
            if !definition.isMapping {
                warn("parameter \(parameter.key) must be a mapping", at: parameter.keyPosition)
            }
            let noEcho = definition["NoEcho"].map { $0.scalarText?.lowercased() == "true" } ?? false
            parameters[parameter.key] = TemplateParameter(
                name: parameter.key, type: definition["Type"]?.scalarText, defaultValue: defaultEntry?.value, isNoEcho: noEcho
            )
        }
        return (parameters, hints)
    }

    /// The declared resources, in template order. Every logical id is a known name (so a
    /// `Ref` to a broken resource is not reported twice), but only well-formed ones load.
    private mutating func readResources(_ entry: MappingEntry?) -> (resources: [TemplateResource], names: [String]) {
        guard let entry else { return ([], []) }
        guard let resourcesNode = section(entry) else { return ([], []) }
        var resources: [TemplateResource] = []
        var names: [String] = []
        var seen: Set<String> = []
        let declarations = resourcesNode.entries
        resources.reserveCapacity(declarations.count)
        names.reserveCapacity(declarations.count)
        seen.reserveCapacity(declarations.count)
        for declaration in declarations {
            // Duplicate keys were reported by the reader; the first one wins, as in `Node.entry`.
            guard seen.insert(declaration.key).inserted else { continue }
            names.append(declaration.key)
            if declaration.key.hasPrefix("Fn::ForEach::") {
                warn("\(declaration.key) (AWS::LanguageExtensions) is not expanded; its resources are not audited", at: declaration.keyPosition)
                continue
            }
            let definition = declaration.value
            guard case .mapping(let attributes) = definition.content else {
                warn("resource \(declaration.key) must be a mapping with a Type", at: declaration.keyPosition)
                continue
            }
            // One pass over the resource's keys, keeping the first of each (as `Node.entry` does).
            var typeEntry, propertiesEntry, conditionEntry: MappingEntry?
            var dependsOn, deletionPolicy, updateReplacePolicy, metadata: MappingEntry?
            for attribute in attributes {
                switch attribute.key {
                case "Type": if typeEntry == nil { typeEntry = attribute }
                case "Properties": if propertiesEntry == nil { propertiesEntry = attribute }
                case "Condition": if conditionEntry == nil { conditionEntry = attribute }
                case "DependsOn": if dependsOn == nil { dependsOn = attribute }
                case "DeletionPolicy": if deletionPolicy == nil { deletionPolicy = attribute }
                case "UpdateReplacePolicy": if updateReplacePolicy == nil { updateReplacePolicy = attribute }
                case "Metadata": if metadata == nil { metadata = attribute }
                default: break
                }
            }
            guard let type = typeEntry?.value.scalarText, typeEntry?.value.tag == nil else {
                warn("resource \(declaration.key) has no Type", at: declaration.keyPosition)
                continue
            }
            var properties: Node?
            if let propertiesEntry, !propertiesEntry.value.isNull {
                if propertiesEntry.value.isMapping || IntrinsicCall.isCall(propertiesEntry.value) {
                    properties = propertiesEntry.value
                } else {
                    warn("Properties of \(declaration.key) must be a mapping", at: propertiesEntry.keyPosition)
                }
            }
            var conditionName: String?
            var conditionPosition: SourcePosition?
            if let condition = conditionEntry {
                if let name = condition.value.scalarText, condition.value.tag == nil {
                    conditionName = name
                    conditionPosition = condition.value.position
                } else {
                    warn("Condition of \(declaration.key) must be a condition name", at: condition.keyPosition)
                }
            }
            // Filled in place in the array: a finished local would be copied into it whole.
            resources.append(TemplateResource(logicalID: declaration.key, type: type, sourceType: type,
                                              location: declaration.keyPosition, properties: properties))
            let last = resources.count - 1
            resources[last].conditionName = conditionName
            if let conditionPosition { resources[last].conditionPosition = conditionPosition }
            resources[last].dependsOn = dependsOn
            resources[last].deletionPolicy = deletionPolicy
            resources[last].updateReplacePolicy = updateReplacePolicy
            resources[last].metadata = metadata
        }
        return (resources, names)
    }

    // MARK: Building model resources

    private mutating func build(_ item: TemplateResource, resolver: IntrinsicResolver) -> (Resource, [PolicyDocument]) {
        let id = ResourceID(scope: path, name: item.logicalID)
        let shared = SchemaIndex.shared.sharedByCloudFormationType[item.type]

        var properties: ResolvedNode?
        var hiddenLinks: [Link] = []
        if let node = item.properties {
            (properties, hiddenLinks) = resolver.resolveBody(node, keyPosition: item.location)
        }

        var attributes = shared.map { SchemaMapper.attributes(of: $0.spec, body: properties, dialect: .cloudFormation, file: path) } ?? [:]
        for (name, note) in item.generatedAttributes {
            if var attribute = attributes[name], attribute.provenance == .explicit {
                attribute.provenance = .defaultedByTool(note)
                attributes[name] = attribute
            }
        }
        if !item.attributeOverrides.isEmpty {
            attributes.merge(item.attributeOverrides) { _, override in override }
        }
        attributes[.deletionPolicy] = resourcePolicy(item.deletionPolicy, resolver: resolver)
            ?? Self.defaultDeletionPolicy(type: item.type, properties: properties)
        attributes[.updateReplacePolicy] = resourcePolicy(item.updateReplacePolicy, resolver: resolver)
            ?? Attr(value: .string("Delete"), provenance: .defaultedByService(
                "without UpdateReplacePolicy CloudFormation deletes a replaced resource [CFN-UG aws-attribute-updatereplacepolicy]"))
        if let metadata = item.metadata, let value = resolver.resolveDetached(metadata.value)?.value {
            attributes[.metadata] = Attr.explicit(value, at: location(metadata.keyPosition))
        }

        let paths = AttributePaths(exact: shared?.spec.cloudFormationAttributeByPath ?? [:])
        var links = LinkCollector.links(in: properties, file: path, attributeForPath: paths.exact)
        links += hiddenLinks
        for index in links.indices where links[index].attribute == nil {
            links[index].attribute = paths.attribute(containing: links[index].path)
        }
        links += item.extraLinks
        if item.dependsOn != nil { links += dependsOnLinks(item, resolver: resolver) }

        var tags = Self.literalTags(properties?["Tags"]?.node)
        if !item.extraTags.isEmpty {
            tags.merge(item.extraTags) { _, generated in generated }
        }

        let policies = CloudFormationPolicies.documents(
            type: item.type, logicalID: item.logicalID, properties: properties, file: path, diagnostics: &diagnostics
        )
        var resource = Resource(
            id: id, kind: shared?.spec.kind ?? .other, sourceType: item.sourceType, location: location(item.location),
            attributes: attributes, links: Self.deduplicated(links), isImplicit: item.isImplicit, tags: tags
        )
        // A generated resource inherits its parent's suppressions; the parent reports their mistakes.
        var inheritedRemarks: [LoadDiagnostic] = []
        resource.suppressionDirectives = item.metadata.map {
            SuppressionDirectiveReader.cloudFormation($0.value, file: path, diagnostics: &diagnostics)
        } ?? SuppressionDirectiveReader.cloudFormation(item.impliedByMetadata?.value, file: path, diagnostics: &inheritedRemarks)
        return (resource, policies)
    }

    private func location(_ position: SourcePosition) -> SourceLocation {
        SourceLocation(file: path, position: position)
    }

    /// `DeletionPolicy` / `UpdateReplacePolicy` as written (CloudFormation accepts `Ref` to a
    /// parameter and `Fn::If` there), or `nil` when absent.
    private func resourcePolicy(_ entry: MappingEntry?, resolver: IntrinsicResolver) -> Attr? {
        guard let entry, let resolved = resolver.resolveDetached(entry.value), resolved.value != .null else { return nil }
        return Attr.explicit(resolved.value, at: location(entry.keyPosition), via: resolved.via)
    }

    /// CloudFormation snapshots RDS clusters and stand-alone DB instances by default and
    /// deletes everything else (rule-catalog AS-BACKUP-003).
    private static func defaultDeletionPolicy(type: String, properties: ResolvedNode?) -> Attr {
        let snapshots = type == "AWS::RDS::DBCluster" || (type == "AWS::RDS::DBInstance" && properties?["DBClusterIdentifier"] == nil)
        if snapshots {
            return Attr(value: .string("Snapshot"), provenance: .defaultedByService(
                "without DeletionPolicy CloudFormation snapshots DB clusters and DB instances outside a cluster [CFN-UG aws-attribute-deletionpolicy]"))
        }
        return Attr(value: .string("Delete"), provenance: .defaultedByService(
            "without DeletionPolicy CloudFormation deletes the resource [CFN-UG aws-attribute-deletionpolicy]"))
    }

    private mutating func dependsOnLinks(_ item: TemplateResource, resolver: IntrinsicResolver) -> [Link] {
        guard let entry = item.dependsOn else { return [] }
        let names: [Node] = entry.value.isSequence ? entry.value.elements : [entry.value]
        var links: [Link] = []
        for name in names {
            guard let text = name.scalarText, name.tag == nil else {
                warn("DependsOn of \(item.logicalID) must name resources", at: name.position)
                continue
            }
            guard resolver.isResourceName(text) else {
                warn("\(item.logicalID) depends on \"\(text)\", which is not a resource of this template", at: name.position)
                continue
            }
            links.append(Link(path: "DependsOn", reference: ResourceReference(target: ResourceID(scope: path, name: text)),
                              location: location(name.position)))
        }
        return links
    }

    /// Resources named by an output's value or export name may be used outside the stack.
    private func exportedResources(_ outputs: Node?, resolver: IntrinsicResolver) -> Set<ResourceID> {
        var exported: Set<ResourceID> = []
        for output in outputs?.entries ?? [] {
            if let condition = output.value["Condition"]?.scalarText,
               resolver.condition(named: condition, at: output.keyPosition) == false {
                continue
            }
            for key in ["Value", "Export"] {
                guard let entry = output.value.entry(key) else { continue }
                let (resolved, hidden) = resolver.resolveBody(entry.value, keyPosition: entry.keyPosition)
                exported.formUnion((resolved?.references ?? []).map(\.target))
                exported.formUnion(hidden.map(\.target))
            }
        }
        return exported
    }

    /// Tags as literal pairs, from CloudFormation's `[{Key, Value}]` list or SAM's map.
    static func literalTags(_ node: ResolvedNode?) -> [String: String] {
        guard let node else { return [:] }
        var tags: [String: String] = [:]
        switch node.content {
        case .list(let items):
            for item in items {
                guard case .leaf(let key)? = item["Key"]?.node.content, let keyText = IntrinsicResolver.literalText(key),
                      case .leaf(let value)? = item["Value"]?.node.content, let valueText = IntrinsicResolver.literalText(value)
                else { continue }
                tags[keyText] = valueText
            }
        case .map(let entries):
            for entry in entries {
                guard case .leaf(let value) = entry.node.content, let text = IntrinsicResolver.literalText(value) else { continue }
                tags[entry.key] = text
            }
        case .leaf:
            break
        }
        return tags
    }

    static func deduplicated(_ links: [Link]) -> [Link] {
        // A resource has a handful of links: comparing them pairwise is cheaper than
        // hashing every field of each.
        if links.count <= 16 {
            var unique: [Link] = []
            unique.reserveCapacity(links.count)
            for link in links where !unique.contains(link) { unique.append(link) }
            return unique
        }
        var seen: Set<Link> = []
        return links.filter { seen.insert($0).inserted }
    }
}

/// The CloudFormation paths of a kind's attributes, for giving links their canonical attribute.
struct AttributePaths {
    /// Path as written in the schema → attribute (what `LinkCollector` matches exactly);
    /// built once per kind (`KindSpec.cloudFormationAttributeByPath`).
    let exact: [String: AttributeName]

    /// The attribute whose value contains the link at `path`: list indexes read as the
    /// schema's `[*]`, and the longest schema path that encloses the link wins, so a
    /// reference at `Dimensions[0].Value` belongs to `Dimensions`.
    func attribute(containing path: String) -> AttributeName? {
        guard !exact.isEmpty else { return nil }
        if path.utf8.allSatisfy({ $0 < 0x80 }) { return attribute(containingASCII: path) }
        var candidate = Self.wildcardingIndexes(path)
        while !candidate.isEmpty {
            if let name = exact[candidate] { return name }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            candidate = String(candidate[..<cut])
        }
        return nil
    }

    /// `attribute(containing:)` over bytes, for the usual ASCII path (each byte is a character).
    private func attribute(containingASCII path: String) -> AttributeName? {
        var candidate: [UInt8] = []
        candidate.reserveCapacity(path.utf8.count)
        var inIndex = false
        for byte in path.utf8 {
            if inIndex {
                if byte == UInt8(ascii: "]") {
                    candidate += [UInt8(ascii: "*"), UInt8(ascii: "]")]
                    inIndex = false
                }
                continue
            }
            candidate.append(byte)
            if byte == UInt8(ascii: "[") { inIndex = true }
        }
        while !candidate.isEmpty {
            if let name = exact[String(decoding: candidate, as: UTF8.self)] { return name }
            guard let cut = candidate.lastIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") }) else { return nil }
            candidate.removeSubrange(cut...)
        }
        return nil
    }

    /// `A[0].B[12]` → `A[*].B[*]`.
    private static func wildcardingIndexes(_ path: String) -> String {
        var result = ""
        var inIndex = false
        for character in path {
            if inIndex {
                if character == "]" {
                    result += "*]"
                    inIndex = false
                }
                continue
            }
            result.append(character)
            if character == "[" { inIndex = true }
        }
        return result
    }
}
