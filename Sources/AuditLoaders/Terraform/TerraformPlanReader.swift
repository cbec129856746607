import AuditModel
import AuditSyntax

/// Reads one plan or state file. Every lookup goes through dictionaries built once
/// (instance address, configuration address, module call), so plans with thousands of
/// resources load in linear time.
struct TerraformPlanReader {
    /// A resource instance as the plan or state lists it.
    private struct Instance {
        var address: String
        var type: String
        var isDataSource: Bool
        var values: Node?
        var position: SourcePosition
        /// Raw state `dependencies`: addresses this instance depends on.
        var dependencies: [Node] = []
    }

    /// A resource block of the `configuration` section (shared by its instances).
    private struct ConfiguredResource {
        var node: Node
        /// `module.a.module.b.` for a resource of a child module; `""` at the root.
        var modulePrefix: String
    }

    private struct ModuleCall {
        var node: Node
        var parentPrefix: String
    }

    struct Result {
        var resources: [Resource] = []
        var policies: [PolicyDocument] = []
        var exported: Set<ResourceID> = []
        var diagnostics: [LoadDiagnostic] = []
    }

    static let knownAfterApply = "(known after apply)"
    private static let maxModuleDepth = 64
    private static let maxReferenceDepth = 16
    /// Links read from `configuration` references in one file at most: a reference to a
    /// resource with many instances links every one of them, so instances that all refer
    /// to each other would otherwise grow quadratically.
    static let maxLinks = 500_000

    private let path: String
    private let root: Node
    private var instances: [Instance] = []
    private var instanceIndex: [String: Int] = [:]
    private var instancesByConfigAddress: [String: [Int]] = [:]
    /// Links still allowed from `configuration` references (see `maxLinks`).
    private var remainingLinks = TerraformPlanReader.maxLinks
    private var reportedLinkLimit = false
    private var unknownByAddress: [String: Node] = [:]
    private var configuredResources: [String: ConfiguredResource] = [:]
    private var moduleCalls: [String: ModuleCall] = [:]
    private var hasConfiguration = false
    private var resolvedReferences: [String: [(instance: Int, attribute: String?)]] = [:]
    private var diagnostics: [LoadDiagnostic] = []

    init(path: String, root: Node) {
        self.path = path
        self.root = root
    }

    mutating func load() -> Result {
        readInstances()
        readConfiguration()
        for (index, instance) in instances.enumerated() {
            if instanceIndex[instance.address] != nil {
                diagnose("\(instance.address) is listed more than once", at: instance.position)
                continue
            }
            instanceIndex[instance.address] = index
            instancesByConfigAddress[Self.configAddress(of: instance.address), default: []].append(index)
        }

        var records: [TerraformResourceRecord] = []
        var configLinks: [[Link]] = []
        records.reserveCapacity(instances.count)
        for index in instances.indices where instanceIndex[instances[index].address] == index {
            let (record, links) = self.record(for: index)
            records.append(record)
            configLinks.append(links)
        }

        var recordIndex: [String: Int] = [:]
        for (offset, record) in records.enumerated() { recordIndex[record.resource.id.name] = offset }
        var referencedTargets: [Int: Int] = [:]
        for (offset, record) in records.enumerated() {
            guard let (_, companion) = SchemaIndex.shared.companionsByType[record.type],
                  let link = configLinks[offset].first(where: { $0.path == companion.linkAttribute }) else { continue }
            referencedTargets[offset] = recordIndex[link.target.name]
        }
        TerraformCompanions.join(&records, referencedTargets: referencedTargets)

        var result = Result()
        result.policies = policies(records: records, links: configLinks)
        result.exported = exportedResources()
        result.resources = records.map(\.resource)
        result.diagnostics = diagnostics
        return result
    }

    // MARK: Instances

    private mutating func readInstances() {
        if let planned = root["planned_values"] {
            readModule(planned["root_module"], depth: 0)
            let leaving = readResourceChanges(useAfterValues: false)
            if !leaving.isEmpty { instances.removeAll { leaving.contains($0.address) } }
            // Data sources read while planning are in the prior state, not in the planned values.
            let planned = Set(instances.map(\.address))
            readModule(root["prior_state"]?["values"]?["root_module"], depth: 0) { $0.isDataSource && !planned.contains($0.address) }
        } else if let values = root["values"] {
            readModule(values["root_module"], depth: 0)
        } else if let resources = root["resources"], root.entry("terraform_version") != nil {
            readRawState(resources)
        } else if root["resource_changes"] != nil {
            // A plan without `planned_values`: the changes carry the same values.
            readResourceChanges(useAfterValues: true)
        }
    }

    /// `planned_values.root_module` / `values.root_module` and their `child_modules`.
    private mutating func readModule(_ module: Node?, depth: Int, including isIncluded: (Instance) -> Bool = { _ in true }) {
        guard let module else { return }
        guard depth < Self.maxModuleDepth else {
            diagnose("modules are nested too deeply", at: module.position)
            return
        }
        for resource in elements(module["resources"], context: "resources") {
            guard let address = resource.entry("address"), let addressText = address.value.scalarText,
                  let type = resource["type"]?.scalarText else {
                diagnose("a resource without address or type", at: resource.position)
                continue
            }
            let instance = Instance(
                address: addressText, type: type, isDataSource: resource["mode"]?.scalarText == "data",
                values: resource["values"], position: address.value.position
            )
            if isIncluded(instance) { instances.append(instance) }
        }
        for child in elements(module["child_modules"], context: "child_modules") {
            readModule(child, depth: depth + 1, including: isIncluded)
        }
    }

    /// Reads `after_unknown` (and, without planned values, `after`); returns the addresses
    /// that leave the configuration (deleted, or forgotten by a `removed` block).
    @discardableResult
    private mutating func readResourceChanges(useAfterValues: Bool) -> Set<String> {
        var leaving: Set<String> = []
        for change in elements(root["resource_changes"], context: "resource_changes") {
            guard let address = change.entry("address"), let addressText = address.value.scalarText,
                  let details = change["change"] else { continue }
            let actions = details["actions"]?.elements.compactMap(\.scalarText) ?? []
            if actions == ["delete"] || actions == ["forget"] {
                leaving.insert(addressText)
                continue
            }
            if let unknown = details["after_unknown"] { unknownByAddress[addressText] = unknown }
            if useAfterValues, let type = change["type"]?.scalarText {
                instances.append(Instance(
                    address: addressText, type: type, isDataSource: change["mode"]?.scalarText == "data",
                    values: details["after"], position: address.value.position
                ))
            }
        }
        return leaving
    }

    /// A raw state file: `resources[].instances[].attributes`.
    private mutating func readRawState(_ resources: Node) {
        for resource in elements(resources, context: "resources") {
            guard let type = resource["type"]?.scalarText, let name = resource.entry("name"),
                  let nameText = name.value.scalarText else {
                diagnose("a resource without type or name", at: resource.position)
                continue
            }
            let isDataSource = resource["mode"]?.scalarText == "data"
            let modulePrefix = resource["module"]?.scalarText.map { "\($0)." } ?? ""
            let base = modulePrefix + (isDataSource ? "data." : "") + "\(type).\(nameText)"
            for instance in elements(resource["instances"], context: "instances") {
                var address = base
                if let key = instance["index_key"] {
                    switch key.content {
                    case .scalar(let text, .string): address += "[\"\(text)\"]"
                    case .scalar(let text, _): address += "[\(text)]"
                    default: break
                    }
                }
                instances.append(Instance(
                    address: address, type: type, isDataSource: isDataSource, values: instance["attributes"],
                    position: name.value.position, dependencies: instance["dependencies"]?.elements ?? []
                ))
            }
        }
    }

    // MARK: Configuration

    private mutating func readConfiguration() {
        guard let rootModule = root["configuration"]?["root_module"] else { return }
        hasConfiguration = true
        readConfigurationModule(rootModule, prefix: "", depth: 0)
    }

    private mutating func readConfigurationModule(_ module: Node, prefix: String, depth: Int) {
        guard depth < Self.maxModuleDepth else { return }
        for resource in elements(module["resources"], context: "configuration resources") {
            guard let address = resource["address"]?.scalarText else { continue }
            configuredResources[prefix + address] = ConfiguredResource(node: resource, modulePrefix: prefix)
        }
        for call in module["module_calls"]?.entries ?? [] {
            let callAddress = prefix + "module.\(call.key)"
            moduleCalls[callAddress] = ModuleCall(node: call.value, parentPrefix: prefix)
            if let child = call.value["module"] {
                readConfigurationModule(child, prefix: callAddress + ".", depth: depth + 1)
            }
        }
    }

    /// `module.db[0].aws_db_instance.this["a"]` → `module.db.aws_db_instance.this`.
    static func configAddress(of address: String) -> String {
        var result = ""
        var bracketDepth = 0
        var inQuote = false
        var escaped = false
        for character in address {
            if bracketDepth > 0 {
                if inQuote {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inQuote = false }
                } else if character == "\"" {
                    inQuote = true
                } else if character == "[" {
                    bracketDepth += 1
                } else if character == "]" {
                    bracketDepth -= 1
                }
                continue
            }
            if character == "[" { bracketDepth = 1 } else { result.append(character) }
        }
        return result
    }

    // MARK: Resources

    private mutating func record(for index: Int) -> (TerraformResourceRecord, [Link]) {
        let instance = instances[index]
        let id = ResourceID(scope: path, name: instance.address)
        let location = SourceLocation(file: path, position: instance.position)
        let spec = instance.isDataSource ? nil : SchemaIndex.shared.byTerraformType[instance.type]
        let configured = configuredResources[Self.configAddress(of: instance.address)]

        let cursor: ExpressionCursor
        if let configured {
            cursor = .block(configured.node["expressions"] ?? Node(.mapping([]), position: configured.node.position))
        } else {
            cursor = hasConfiguration && !instance.isDataSource ? .block(Node(.mapping([]), position: instance.position)) : .unknown
        }
        let body = self.body(of: instance, keys: TerraformPlanRelevance.keys(type: instance.type, isDataSource: instance.isDataSource),
                             cursor: cursor)

        var links: [Link] = []
        if let configured {
            links = configurationLinks(configured, instanceKey: Self.instanceKey(of: instance.address), body: body, location: location)
        }
        for dependency in instance.dependencies {
            // Absolute addresses (`module.net.aws_nat_gateway.main`), not module-relative references.
            guard let text = dependency.scalarText else { continue }
            let targets = instanceIndex[text].map { [$0] } ?? instancesByConfigAddress[Self.configAddress(of: text)] ?? []
            for target in targets {
                links.append(Link(path: "dependencies", reference: ResourceReference(target: instanceID(target)), location: location))
            }
        }
        links = TerraformLinkAttributes.completed(links, type: instance.type)
        let linkedBody = substitutingReferences(in: body, links: links)

        var attributes = spec.map { SchemaMapper.attributes(of: $0, body: linkedBody, dialect: .terraform, file: path) } ?? [:]
        if let configured {
            for (key, argument, name) in [("count_expression", "count", AttributeName.terraformCount),
                                          ("for_each_expression", "for_each", .terraformForEach)] {
                guard let expression = configured.node[key] else { continue }
                // The plan has expanded the instances; only a constant expression has a value to show.
                if let constant = expression["constant_value"].flatMap(ResolvedNode.terraformLiteral) {
                    attributes[name] = .explicit(constant.value, at: location)
                } else {
                    attributes[name] = Attr(value: .unresolved(argument), provenance: .unresolved(argument), location: location)
                }
            }
        }
        let tagsNode = linkedBody["tags_all"]?.node ?? linkedBody["tags"]?.node
        let resource = Resource(
            id: id, kind: spec?.kind ?? .other, sourceType: instance.type, location: location,
            attributes: attributes, links: links, tags: TerraformTags.literalTags(tagsNode)
        )
        return (TerraformResourceRecord(resource: resource, body: linkedBody, file: path, isDataSource: instance.isDataSource), links)
    }

    private func instanceID(_ index: Int) -> ResourceID {
        ResourceID(scope: path, name: instances[index].address)
    }

    // MARK: Values

    /// Whether the configuration has an expression at a place of the values tree.
    private enum ExpressionCursor {
        /// No configuration to tell: unknown values stay unresolved.
        case unknown
        /// A single expression sets this value (and everything below it).
        case covered
        /// Nested-block expressions (an object per block, a list per repeated block).
        case block(Node)
        /// The configuration is known and writes nothing here.
        case notWritten

        // A single nested block may be written as an object on one side and as a
        // one-element list on the other; both steps accept either.
        func step(_ key: String) -> ExpressionCursor {
            guard case .block(let node) = self else { return self }
            if node.isSequence, node.elements.count == 1 { return Self.cursor(for: node.elements[0][key]) }
            return Self.cursor(for: node[key])
        }

        func step(_ offset: Int) -> ExpressionCursor {
            guard case .block(let node) = self else { return self }
            if node.isMapping { return offset == 0 ? self : .notWritten }
            let elements = node.elements
            return Self.cursor(for: elements.indices.contains(offset) ? elements[offset] : nil)
        }

        private static func cursor(for node: Node?) -> ExpressionCursor {
            guard let node else { return .notWritten }
            return isExpression(node) ? .covered : .block(node)
        }

        /// `{"constant_value": …}`, `{"references": […]}` or `{}`.
        static func isExpression(_ node: Node) -> Bool {
            guard case .mapping(let entries) = node.content else { return false }
            return entries.allSatisfy { $0.key == "constant_value" || $0.key == "references" }
        }

        var keepsUnknown: Bool {
            if case .notWritten = self { return false }
            return true
        }
    }

    /// The instance's values for `keys`, with unknown values merged in from `after_unknown`.
    private func body(of instance: Instance, keys: Set<String>, cursor: ExpressionCursor) -> ResolvedNode {
        let unknown = unknownByAddress[instance.address]
        var entries: [ResolvedEntry] = []
        var seen: Set<String> = []
        for entry in instance.values?.entries ?? [] where keys.contains(entry.key) {
            seen.insert(entry.key)
            if let merged = merge(entry.value, unknown: unknown?[entry.key], cursor: cursor.step(entry.key), position: entry.value.position) {
                entries.append(ResolvedEntry(key: entry.key, keyPosition: entry.keyPosition, node: merged))
            }
        }
        // Unknown values are omitted from the planned values; they exist only in `after_unknown`.
        for entry in unknown?.entries ?? [] where keys.contains(entry.key) && !seen.contains(entry.key) {
            if let merged = merge(nil, unknown: entry.value, cursor: cursor.step(entry.key), position: instance.position) {
                entries.append(ResolvedEntry(key: entry.key, keyPosition: instance.position, node: merged))
            }
        }
        return ResolvedNode(.map(entries), at: instance.values?.position ?? instance.position)
    }

    private func merge(_ value: Node?, unknown: Node?, cursor: ExpressionCursor, position: SourcePosition, depth: Int = 0) -> ResolvedNode? {
        // Deeper values are never read by a rule; a bound keeps hostile input off the stack.
        guard depth < TerraformEvaluator.maxDepth else { return .leaf(.unresolved("(nested too deeply)"), at: value?.position ?? position) }
        if let unknown, case .scalar("true", .boolean) = unknown.content {
            // Unknown and never written: the provider computes it, the user did not choose it.
            guard cursor.keepsUnknown else { return nil }
            return .leaf(.unresolved(Self.knownAfterApply), at: value?.position ?? position)
        }
        guard let value else {
            guard let unknown else { return nil }
            switch unknown.content {
            case .mapping(let entries):
                let merged = entries.compactMap { entry in
                    merge(nil, unknown: entry.value, cursor: cursor.step(entry.key), position: position, depth: depth + 1).map {
                        ResolvedEntry(key: entry.key, keyPosition: position, node: $0)
                    }
                }
                return merged.isEmpty ? nil : ResolvedNode(.map(merged), at: position)
            case .sequence(let items):
                let merged = items.enumerated().map { offset, item in
                    merge(nil, unknown: item, cursor: cursor.step(offset), position: position, depth: depth + 1)
                }
                guard merged.contains(where: { $0 != nil }) else { return nil }
                return ResolvedNode(.list(merged.map { $0 ?? .leaf(.null, at: position) }), at: position)
            case .scalar:
                return nil
            }
        }
        switch value.content {
        case .scalar(let text, let kind):
            return .leaf(Value(scalar: text, kind: kind), at: value.position)
        case .sequence(let items):
            let unknownItems = unknown?.elements ?? []
            let merged = items.enumerated().map { offset, item in
                merge(item, unknown: unknownItems.indices.contains(offset) ? unknownItems[offset] : nil,
                      cursor: cursor.step(offset), position: item.position, depth: depth + 1) ?? .leaf(.null, at: item.position)
            }
            return ResolvedNode(.list(merged), at: value.position)
        case .mapping(let entries):
            var merged: [ResolvedEntry] = []
            var seen: Set<String> = []
            for entry in entries {
                seen.insert(entry.key)
                if let child = merge(entry.value, unknown: unknown?[entry.key], cursor: cursor.step(entry.key),
                                     position: entry.value.position, depth: depth + 1) {
                    merged.append(ResolvedEntry(key: entry.key, keyPosition: entry.keyPosition, node: child))
                }
            }
            for entry in unknown?.entries ?? [] where !seen.contains(entry.key) {
                if let child = merge(nil, unknown: entry.value, cursor: cursor.step(entry.key), position: value.position, depth: depth + 1) {
                    merged.append(ResolvedEntry(key: entry.key, keyPosition: value.position, node: child))
                }
            }
            return ResolvedNode(.map(merged), at: value.position)
        }
    }

    // MARK: References

    /// Links from the `references` of every expression of the resource's configuration.
    /// `instanceKey` is the instance's own key (`[2]`, `["a"]`), for `count.index` and
    /// `each.key` (see `alignedInstances`).
    private mutating func configurationLinks(
        _ configured: ConfiguredResource, instanceKey: String?, body: ResolvedNode, location: SourceLocation
    ) -> [Link] {
        var links: [Link] = []
        func linkLocation(_ path: String) -> SourceLocation {
            let key = String(path.prefix { $0 != "." && $0 != "[" })
            return body[key].map { SourceLocation(file: self.path, position: $0.keyPosition) } ?? location
        }
        var found: [(path: String, references: [String])] = []
        if let expressions = configured.node["expressions"] {
            collectReferences(expressions, path: "", depth: 0, into: &found)
        }
        for (key, path) in [("count_expression", "count"), ("for_each_expression", "for_each")] {
            if let expression = configured.node[key] { collectReferences(expression, path: path, depth: 0, into: &found) }
        }
        if let dependsOn = configured.node["depends_on"] {
            found.append(("depends_on", dependsOn.elements.compactMap(\.scalarText)))
        }
        for (path, references) in found {
            guard remainingLinks > 0 else {
                if !reportedLinkLimit {
                    reportedLinkLimit = true
                    diagnostics.append(LoadDiagnostic(
                        .warning, "resources refer to each other more than \(Self.maxLinks) times; this and further references are not read",
                        at: location
                    ))
                }
                break
            }
            let aligned = instanceKey.map { alignedInstances(references: references, prefix: configured.modulePrefix, instanceKey: $0) } ?? [:]
            let targets = resolve(references: references, prefix: configured.modulePrefix, depth: 0, aligned: aligned)
            remainingLinks -= targets.count
            for target in targets {
                links.append(Link(
                    path: path, reference: ResourceReference(target: instanceID(target.instance), attribute: target.attribute),
                    location: linkLocation(path)
                ))
            }
        }
        return links
    }

    private func collectReferences(_ node: Node, path: String, depth: Int, into found: inout [(path: String, references: [String])]) {
        guard depth < Self.maxModuleDepth else { return }
        if ExpressionCursor.isExpression(node) {
            let references = node["references"]?.elements.compactMap(\.scalarText) ?? []
            if !references.isEmpty { found.append((path, references)) }
            return
        }
        switch node.content {
        case .mapping(let entries):
            for entry in entries {
                collectReferences(entry.value, path: path.isEmpty ? entry.key : "\(path).\(entry.key)", depth: depth + 1, into: &found)
            }
        case .sequence(let items):
            for (offset, item) in items.enumerated() {
                collectReferences(item, path: "\(path)[\(offset)]", depth: depth + 1, into: &found)
            }
        case .scalar:
            break
        }
    }

    /// The instances a `references` list points at. Terraform lists a reference at several
    /// lengths (`aws_nat_gateway.main.id`, `aws_nat_gateway.main`); the longest one per
    /// resource decides the instance and attribute. Module inputs (`var.x` inside a module)
    /// and outputs (`module.m.out`) are followed to the resources behind them.
    private mutating func resolve(
        references: [String], prefix: String, depth: Int, aligned: [String: (instance: Int, attribute: String?)] = [:]
    ) -> [(instance: Int, attribute: String?)] {
        guard depth < Self.maxReferenceDepth else { return [] }
        var longest: [String: String] = [:]
        for reference in references {
            let key = prefix + Self.configAddress(of: Self.resourcePart(of: reference))
            if let current = longest[key], current.count >= reference.count { continue }
            longest[key] = reference
        }
        var targets: [(instance: Int, attribute: String?)] = []
        var seen: Set<Int> = []
        for reference in references {
            let key = prefix + Self.configAddress(of: Self.resourcePart(of: reference))
            guard longest[key] == reference else { continue }
            if let (index, attribute) = aligned[reference] {
                if seen.insert(index).inserted { targets.append((index, attribute)) }
                continue
            }
            for target in resolve(reference: reference, prefix: prefix, depth: depth) where seen.insert(target.instance).inserted {
                targets.append(target)
            }
        }
        return targets
    }

    /// Terraform lists `aws_nat_gateway.main[count.index].id` as the references
    /// `aws_nat_gateway.main` and `count.index`: every instance of the target. When the
    /// expression uses the referrer's own index (`count.index` in a counted instance,
    /// `each.key` in a `for_each` instance) and the target has an instance with that same
    /// key, that instance is the one meant (`aws_route.private[1]` → `aws_nat_gateway.main[1]`);
    /// linking every instance to every instance would also grow quadratically. Returns the
    /// aligned instance and attribute by reference, so each reference is parsed once.
    private func alignedInstances(
        references: [String], prefix: String, instanceKey: String
    ) -> [String: (instance: Int, attribute: String?)] {
        let isNumericKey = !instanceKey.hasPrefix("[\"")
        guard references.contains(isNumericKey ? "count.index" : "each.key") else { return [:] }
        var aligned: [String: (instance: Int, attribute: String?)] = [:]
        for reference in references {
            guard let (configAddress, attribute) = Self.unkeyedResource(reference, prefix: prefix),
                  let index = instanceIndex[configAddress + instanceKey] else { continue }
            aligned[reference] = (index, attribute)
        }
        return aligned
    }

    /// `aws_x.y.id` → (`prefix` + `aws_x.y`, `id`) for a reference to a resource of this
    /// module written without an instance key; `nil` otherwise.
    private static func unkeyedResource(_ reference: String, prefix: String) -> (configAddress: String, attribute: String?)? {
        guard let traversal = HCLTraversal.parse(reference), instanceKey(of: traversal) == nil,
              let (address, attribute) = TerraformEvaluator.resourceAddress(of: traversal) else { return nil }
        return (prefix + address, attribute)
    }

    /// The key of the last resource instance in an address (`module.m[0].aws_x.y["a"]` →
    /// `["a"]`); `nil` for an instance without a key.
    static func instanceKey(of address: String) -> String? {
        guard address.hasSuffix("]") else { return nil }
        // The key starts at the `[` that closes the resource name, outside quotes.
        var bracketStart: String.Index?
        var depth = 0
        var inQuote = false
        var escaped = false
        for index in address.indices {
            let character = address[index]
            if inQuote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inQuote = false }
                continue
            }
            switch character {
            case "\"" where depth > 0: inQuote = true
            case "[":
                if depth == 0 { bracketStart = index }
                depth += 1
            case "]": depth -= 1
            default: break
            }
        }
        guard let bracketStart else { return nil }
        return String(address[bracketStart...])
    }

    /// `aws_x.y[0].id` → `aws_x.y[0]`; `data.a.b.json` → `data.a.b`; others unchanged.
    private static func resourcePart(of reference: String) -> String {
        var labels = reference.hasPrefix("data.") ? 3 : 2
        var end = reference.startIndex
        var bracketDepth = 0
        for index in reference.indices {
            let character = reference[index]
            if character == "[" { bracketDepth += 1 }
            if character == "]" { bracketDepth -= 1 }
            if character == ".", bracketDepth == 0 {
                labels -= 1
                if labels == 0 { break }
            }
            end = reference.index(after: index)
        }
        return String(reference[..<end])
    }

    private mutating func resolve(reference: String, prefix: String, depth: Int) -> [(instance: Int, attribute: String?)] {
        let cacheKey = prefix + "|" + reference
        if let cached = resolvedReferences[cacheKey] { return cached }
        var targets: [(instance: Int, attribute: String?)] = []
        if let traversal = HCLTraversal.parse(reference) {
            switch traversal.root {
            case "var":
                if case .attribute(let name)? = traversal.steps.first, !prefix.isEmpty,
                   let call = moduleCalls[String(prefix.dropLast())] {
                    let references = call.node["expressions"]?[name]?["references"]?.elements.compactMap(\.scalarText) ?? []
                    targets = resolve(references: references, prefix: call.parentPrefix, depth: depth + 1)
                }
            case "module":
                if traversal.steps.count >= 2, case .attribute(let module) = traversal.steps[0],
                   case .attribute(let output) = traversal.steps[1] {
                    let callAddress = prefix + "module.\(module)"
                    let expression = moduleCalls[callAddress]?.node["module"]?["outputs"]?[output]?["expression"]
                    let references = expression?["references"]?.elements.compactMap(\.scalarText) ?? []
                    targets = resolve(references: references, prefix: callAddress + ".", depth: depth + 1)
                }
            default:
                if let (address, attribute) = TerraformEvaluator.resourceAddress(of: traversal) {
                    targets = instances(of: prefix + address, instanceKey: Self.instanceKey(of: traversal)).map { ($0, attribute) }
                }
            }
        }
        resolvedReferences[cacheKey] = targets
        return targets
    }

    /// The literal instance key right after the resource name (`[0]`, `["a"]`).
    private static func instanceKey(of traversal: HCLTraversal) -> String? {
        let labels = traversal.root == "data" || traversal.root == "resource" ? 2 : 1
        guard traversal.steps.count > labels, case .index(let key) = traversal.steps[labels] else { return nil }
        if case .string(let text) = key { return "[\"\(text)\"]" }
        return "[\(key.displayText)]"
    }

    private func instances(of configAddress: String, instanceKey: String?) -> [Int] {
        if let instanceKey, let index = instanceIndex[configAddress + instanceKey] { return [index] }
        return instancesByConfigAddress[configAddress] ?? []
    }

    /// Where the configuration references a resource attribute and the planned value is
    /// that attribute's planned value, the value becomes a reference, as in `*.tf.json`
    /// (this resolves map-valued attributes such as alarm `dimensions`, whose single
    /// expression does not say which key holds the reference).
    private func substitutingReferences(in body: ResolvedNode, links: [Link]) -> ResolvedNode {
        var body = body
        for link in links {
            guard let attribute = link.reference.attribute, !attribute.contains("."), !attribute.contains("["),
                  let targetIndex = instanceIndex[link.target.name],
                  let targetValue = instances[targetIndex].values?[attribute]?.scalarText, !targetValue.isEmpty,
                  case .map(var entries) = body.content else { continue }
            let key = String(link.path.prefix { $0 != "." && $0 != "[" })
            guard let offset = entries.firstIndex(where: { $0.key == key }) else { continue }
            entries[offset].node = Self.replacing(targetValue, with: .reference(link.reference), in: entries[offset].node)
            body.content = .map(entries)
        }
        return body
    }

    private static func replacing(_ text: String, with replacement: Value, in node: ResolvedNode) -> ResolvedNode {
        var copy = node
        switch node.content {
        case .leaf(.string(let value)) where value == text:
            copy.content = .leaf(replacement)
        case .leaf:
            break
        case .list(let items):
            copy.content = .list(items.map { replacing(text, with: replacement, in: $0) })
        case .map(let entries):
            copy.content = .map(entries.map { ResolvedEntry(key: $0.key, keyPosition: $0.keyPosition, node: replacing(text, with: replacement, in: $0.node)) })
        }
        return copy
    }

    /// Root outputs name resources that may be used outside this configuration.
    private mutating func exportedResources() -> Set<ResourceID> {
        var exported: Set<ResourceID> = []
        for output in root["configuration"]?["root_module"]?["outputs"]?.entries ?? [] {
            let references = output.value["expression"]?["references"]?.elements.compactMap(\.scalarText) ?? []
            for target in resolve(references: references, prefix: "", depth: 0) {
                exported.insert(instanceID(target.instance))
            }
        }
        return exported
    }

    // MARK: Policies

    private mutating func policies(records: [TerraformResourceRecord], links: [[Link]]) -> [PolicyDocument] {
        var documents: [PolicyDocument] = []
        var dataSourceKinds: [String: PolicyKind] = [:]

        func add(_ node: ResolvedNode?, keyPosition: SourcePosition, kind: PolicyKind, owner: ResourceID, path: String, name: String,
                 linkPath: String, links: [Link]) {
            guard let node else { return }
            if let dataSource = links.first(where: { $0.path == linkPath && TerraformPolicies.isDocumentDataSource($0.target.name) }) {
                // The data source owns the document; this resource only links to it.
                if dataSourceKinds[dataSource.target.name] == nil { dataSourceKinds[dataSource.target.name] = kind }
                return
            }
            let location = SourceLocation(file: path, position: keyPosition)
            let id = TerraformPolicies.documentID(owner: owner, path: linkPath)
            if let document = document(from: node, id: id, kind: kind, owner: owner, name: name, location: location) {
                documents.append(document)
            }
        }

        for (record, recordLinks) in zip(records, links) where !record.isDataSource {
            let owner = record.resource.id
            for source in TerraformPolicies.sources[record.type] ?? [] {
                guard let entry = record.body[source.attribute] else { continue }
                add(entry.node, keyPosition: entry.keyPosition, kind: source.kind, owner: owner, path: self.path,
                    name: TerraformPolicies.documentName(owner: owner, attribute: source.attribute), linkPath: source.attribute, links: recordLinks)
            }
            guard TerraformPolicies.inlinePolicyTypes.contains(record.type),
                  let inline = record.body[TerraformPolicies.inlinePolicyBlock] else { continue }
            for (offset, block) in TerraformPolicies.blocks(inline.node).enumerated() {
                guard let policy = block["policy"] else { continue }
                add(policy.node, keyPosition: policy.keyPosition, kind: .identity, owner: owner, path: self.path,
                    name: TerraformPolicies.inlineDocumentName(owner: owner, policyName: block["name"]?.node.value.stringValue),
                    linkPath: "\(TerraformPolicies.inlinePolicyBlock)[\(offset)].policy", links: recordLinks)
            }
        }

        for record in records where record.isDataSource && record.type == TerraformPolicies.documentDataSourceType {
            let id = record.resource.id
            let kind = dataSourceKinds[id.name] ?? .standalone
            guard let json = record.body["json"],
                  let document = document(from: json.node, id: id, kind: kind, owner: id, name: id.name,
                                          location: SourceLocation(file: path, position: json.keyPosition)) else { continue }
            var located = document
            located.location = record.resource.location
            documents.append(located)
        }
        return documents
    }

    /// A policy held in a planned string value, relocated to its key.
    private mutating func document(
        from node: ResolvedNode, id: ResourceID, kind: PolicyKind, owner: ResourceID, name: String, location: SourceLocation
    ) -> PolicyDocument? {
        switch node.value {
        case .string(let text):
            guard let json = TerraformPolicies.parseJSON(text), json.isMapping else {
                diagnostics.append(LoadDiagnostic(.warning, "\(name) is not a JSON policy document", at: location))
                return nil
            }
            // `parseJSON` bounds the nesting, so the conversion stays shallow.
            let relocated = TerraformEvaluator.relocated(ResolvedNode(literal: json), to: SourcePosition(line: location.line, column: location.column), via: nil)
            return PolicyReader.document(relocated, id: id, kind: kind, owner: owner, name: name, file: path, location: location)
        case .unresolved(let expression):
            return PolicyDocument(id: id, kind: kind, owner: owner, name: name, location: location, statements: [], unresolvedExpression: expression)
        default:
            return nil
        }
    }

    // MARK: Helpers

    private mutating func elements(_ node: Node?, context: String) -> [Node] {
        guard let node, !node.isNull else { return [] }
        guard node.isSequence else {
            diagnose("\(context) must be a list", at: node.position)
            return []
        }
        return node.elements.filter { element in
            guard element.isMapping else {
                diagnose("an entry of \(context) is not an object", at: element.position)
                return false
            }
            return true
        }
    }

    private mutating func diagnose(_ message: String, at position: SourcePosition) {
        diagnostics.append(LoadDiagnostic(.warning, message, at: SourceLocation(file: path, position: position)))
    }
}

/// Which top-level values of a planned resource the model reads; the rest of a large
/// plan is never converted.
enum TerraformPlanRelevance {
    private static let cache: [String: Set<String>] = {
        var cache: [String: Set<String>] = [:]
        for spec in ResourceSchema.kinds {
            let keys = Set(spec.attributes.compactMap { $0.terraform.map(firstSegment) })
            for type in spec.terraformTypes { cache[type, default: []].formUnion(keys) }
            for companion in spec.companions {
                cache[companion.type, default: []].insert(companion.linkAttribute)
                cache[companion.type, default: []].formUnion(companion.attributes.map { firstSegment($0.path) })
                // Companions naming their target by a literal are matched on these.
                for type in spec.terraformTypes { cache[type, default: []].formUnion(["bucket", "name"]) }
            }
        }
        for (type, sources) in TerraformPolicies.sources { cache[type, default: []].formUnion(sources.map(\.attribute)) }
        for type in TerraformPolicies.inlinePolicyTypes { cache[type, default: []].insert(TerraformPolicies.inlinePolicyBlock) }
        return cache
    }()

    private static let common: Set<String> = ["tags", "tags_all"]

    static func keys(type: String, isDataSource: Bool) -> Set<String> {
        if isDataSource { return type == TerraformPolicies.documentDataSourceType ? ["json"] : [] }
        return (cache[type] ?? []).union(common)
    }

    private static func firstSegment(_ path: String) -> String {
        let head = path.prefix { $0 != "." }
        return head.hasSuffix("[*]") ? String(head.dropLast(3)) : String(head)
    }
}
