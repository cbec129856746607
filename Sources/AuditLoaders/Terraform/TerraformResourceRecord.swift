import AuditModel
import AuditSyntax

/// A resource being loaded from Terraform, with the resolved body the later passes
/// (companions, policies) read again.
struct TerraformResourceRecord: Sendable {
    var resource: Resource
    var body: ResolvedNode
    var file: String
    var isDataSource: Bool

    var type: String { resource.sourceType }
}

/// Maps a link's path inside a Terraform body (`route[0].nat_gateway_id`,
/// `dimensions.DBInstanceIdentifier`) to the canonical attribute whose Terraform path
/// holds it (`route[*].nat_gateway_id`, `dimensions`).
enum TerraformLinkAttributes {
    /// Terraform type → normalized path → attribute, built once from the schema.
    private static let tables: [String: [String: AttributeName]] = {
        var tables: [String: [String: AttributeName]] = [:]
        for spec in ResourceSchema.kinds {
            var table: [String: AttributeName] = [:]
            for attribute in spec.attributes {
                guard let path = attribute.terraform else { continue }
                table[normalized(path)] = attribute.name
            }
            for type in spec.terraformTypes { tables[type] = table }
        }
        return tables
    }()

    /// The path without list indexes and splats: `a[0].b[*].c` → `a.b.c`.
    static func normalized(_ path: String) -> String {
        var result = ""
        var bracketDepth = 0
        for character in path {
            switch character {
            case "[": bracketDepth += 1
            case "]": bracketDepth = max(0, bracketDepth - 1)
            default: if bracketDepth == 0 { result.append(character) }
            }
        }
        return result
    }

    /// The attribute for a path, matching its longest prefix that the schema names.
    static func attribute(forPath path: String, type: String) -> AttributeName? {
        guard let table = tables[type], !table.isEmpty else { return nil }
        var candidate = normalized(path)[...]
        while !candidate.isEmpty {
            if let name = table[String(candidate)] { return name }
            guard let dot = candidate.lastIndex(of: ".") else { return nil }
            candidate = candidate[..<dot]
        }
        return nil
    }

    /// Fills in the attribute of links that have none and drops duplicates.
    static func completed(_ links: [Link], type: String) -> [Link] {
        var seen: Set<Link> = []
        var result: [Link] = []
        for var link in links {
            if link.attribute == nil { link.attribute = attribute(forPath: link.path, type: type) }
            if seen.insert(link).inserted { result.append(link) }
        }
        return result
    }
}

/// Literal `key = value` tags of a resolved `tags` map (unresolved values are skipped).
enum TerraformTags {
    static func literalTags(_ node: ResolvedNode?) -> [String: String] {
        guard let node, case .map(let entries) = node.content else { return [:] }
        var tags: [String: String] = [:]
        for entry in entries {
            switch entry.node.value {
            case .string(let text): tags[entry.key] = text
            case .number, .bool: tags[entry.key] = entry.node.value.displayText
            default: continue
            }
        }
        return tags
    }
}

extension ResolvedNode {
    /// A literal syntax subtree as a resolved node, or `nil` when it nests deeper than
    /// `TerraformEvaluator.maxDepth` (conversion recurses; loaders may run on small stacks).
    static func terraformLiteral(_ node: Node) -> ResolvedNode? {
        var pending = [(node, 0)]
        while let (next, depth) = pending.popLast() {
            guard depth < TerraformEvaluator.maxDepth else { return nil }
            switch next.content {
            case .scalar: continue
            case .sequence(let items): pending += items.map { ($0, depth + 1) }
            case .mapping(let entries): pending += entries.map { ($0.value, depth + 1) }
            }
        }
        return ResolvedNode(literal: node)
    }
}
