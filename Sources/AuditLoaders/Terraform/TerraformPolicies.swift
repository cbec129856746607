import AuditModel
import AuditSyntax

/// Where Terraform resources carry IAM policy documents (rule-catalog §0.5) and how the
/// documents are read, shared by the configuration and plan loaders.
enum TerraformPolicies {
    struct Source: Sendable {
        var attribute: String
        var kind: PolicyKind
    }

    static let documentDataSourceType = "aws_iam_policy_document"

    /// Resource type → its policy attributes. `aws_iam_role.inline_policy[]` is handled
    /// apart because it is a list of named blocks.
    static let sources: [String: [Source]] = {
        var sources: [String: [Source]] = [
            "aws_iam_policy": [Source(attribute: "policy", kind: .identity)],
            "aws_iam_role_policy": [Source(attribute: "policy", kind: .identity)],
            "aws_iam_user_policy": [Source(attribute: "policy", kind: .identity)],
            "aws_iam_group_policy": [Source(attribute: "policy", kind: .identity)],
            "aws_iam_role": [Source(attribute: "assume_role_policy", kind: .trust)],
        ]
        let resourcePolicyTypes = [
            "aws_s3_bucket_policy", "aws_s3_bucket", "aws_sqs_queue_policy", "aws_sqs_queue", "aws_sns_topic_policy",
            "aws_sns_topic", "aws_kms_key", "aws_secretsmanager_secret_policy", "aws_ecr_repository_policy",
        ]
        for type in resourcePolicyTypes { sources[type] = [Source(attribute: "policy", kind: .resourceBased)] }
        return sources
    }()

    static let inlinePolicyBlock = "inline_policy"
    static let inlinePolicyTypes: Set<String> = ["aws_iam_role"]

    /// Whether an address (possibly inside a module) names an `aws_iam_policy_document`.
    static func isDocumentDataSource(_ address: String) -> Bool {
        address.hasPrefix("data.\(documentDataSourceType).") || address.contains(".data.\(documentDataSourceType).")
    }

    static func documentID(owner: ResourceID, path: String) -> ResourceID {
        ResourceID(scope: owner.scope, name: "\(owner.name).\(path)")
    }

    static func documentName(owner: ResourceID, attribute: String) -> String {
        attribute == "policy" ? owner.name : "\(owner.name) \(attribute)"
    }

    static func inlineDocumentName(owner: ResourceID, policyName: String?) -> String {
        policyName.map { "\(owner.name) inline policy \"\($0)\"" } ?? "\(owner.name) inline policy"
    }

    /// Parses a policy held in a string. Positions inside the string are not file
    /// positions, so the caller relocates the result to the attribute's key.
    static func parseJSON(_ text: String) -> Node? {
        let first = text.unicodeScalars.first { $0 != " " && $0 != "\n" && $0 != "\t" && $0 != "\r" }
        guard first == "{" || first == "[" else { return nil }
        // Documents are shallow; a low nesting limit keeps hostile strings cheap.
        return try? JSONReader.parse(Array(text.utf8), limits: ReaderLimits(maxDepth: 32)).root
    }

    /// The document of an `aws_iam_policy_document` data source, from its `statement`
    /// blocks, keeping the positions of the keys as written.
    static func dataSourceDocument(
        body: ResolvedNode, id: ResourceID, kind: PolicyKind, file: String, location: SourceLocation
    ) -> PolicyDocument {
        var statements: [PolicyStatement] = []
        var unresolved: String?
        if let entry = body["statement"] {
            switch entry.node.content {
            case .list(let items):
                for item in items {
                    if let expression = item.unresolvedExpression { unresolved = expression; continue }
                    statements.append(statement(item, file: file))
                }
            case .map:
                statements.append(statement(entry.node, file: file))
            case .leaf(let value):
                if case .unresolved(let expression) = value { unresolved = expression }
            }
        }
        return PolicyDocument(id: id, kind: kind, owner: id, name: id.name, location: location,
                              statements: statements, unresolvedExpression: unresolved)
    }

    private static let defaultEffect = AbsentValue.tool(.string("Allow"), note: "aws_iam_policy_document effect defaults to Allow")

    private static func statement(_ node: ResolvedNode, file: String) -> PolicyStatement {
        let effect: Attr
        if let entry = node["effect"], entry.node.value != .null {
            effect = Attr.explicit(entry.node.value, at: SourceLocation(file: file, position: entry.keyPosition), via: entry.node.via)
        } else {
            effect = SchemaMapper.defaulted(defaultEffect)
        }
        return PolicyStatement(
            sid: node["sid"]?.node.value.stringValue,
            effect: effect,
            actions: PolicyReader.element(node["actions"], file: file),
            notActions: PolicyReader.element(node["not_actions"], file: file),
            resources: PolicyReader.element(node["resources"], file: file),
            notResources: PolicyReader.element(node["not_resources"], file: file),
            principals: principals(node["principals"], file: file),
            notPrincipals: principals(node["not_principals"], file: file),
            conditions: conditions(node["condition"], file: file),
            location: SourceLocation(file: file, position: node.position)
        )
    }

    /// `principals { type = "AWS", identifiers = [...] }` blocks → one principal per identifier.
    private static func principals(_ entry: ResolvedEntry?, file: String) -> [PolicyPrincipal] {
        guard let entry else { return [] }
        return blocks(entry.node).flatMap { block -> [PolicyPrincipal] in
            let type = block["type"]?.node.value.displayText ?? "*"
            guard let identifiers = block["identifiers"] else { return [] }
            if case .list(let items) = identifiers.node.content {
                return items.map { PolicyPrincipal(type: type, value: $0.value, location: SourceLocation(file: file, position: $0.position)) }
            }
            return [PolicyPrincipal(type: type, value: identifiers.node.value,
                                    location: SourceLocation(file: file, position: identifiers.keyPosition))]
        }
    }

    /// `condition { test, variable, values }` blocks.
    private static func conditions(_ entry: ResolvedEntry?, file: String) -> [PolicyCondition] {
        guard let entry else { return [] }
        return blocks(entry.node).map { block in
            let values: [Value]
            switch block["values"]?.node.value {
            case .list(let items)?: values = items
            case let value?: values = [value]
            case nil: values = []
            }
            return PolicyCondition(
                conditionOperator: block["test"]?.node.value.displayText ?? "",
                key: block["variable"]?.node.value.displayText ?? "",
                values: values,
                location: SourceLocation(file: file, position: block.position)
            )
        }
    }

    /// A nested block written as one object or as a list of objects.
    static func blocks(_ node: ResolvedNode) -> [ResolvedNode] {
        switch node.content {
        case .list(let items): items.filter { if case .map = $0.content { true } else { false } }
        case .map: [node]
        case .leaf: []
        }
    }
}

/// Attributes whose strings hold JSON documents (policies, redrive policies). The
/// configuration loader reads such a string as JSON before evaluating it, so an
/// interpolation inside (`"Resource": "${aws_s3_bucket.b.arn}"`) stays a reference
/// instead of making the whole document unresolved.
enum TerraformJSONDocuments {
    /// Terraform type → top-level attributes.
    static let attributes: [String: Set<String>] = {
        var attributes: [String: Set<String>] = [:]
        for (type, sources) in TerraformPolicies.sources { attributes[type, default: []].formUnion(sources.map(\.attribute)) }
        for spec in ResourceSchema.kinds {
            for attribute in spec.attributes where attribute.terraformConversion.isJSONString {
                guard let path = attribute.terraform, !path.contains(".") else { continue }
                for type in spec.terraformTypes { attributes[type, default: []].insert(path) }
            }
            for companion in spec.companions {
                for attribute in companion.attributes where attribute.conversion.isJSONString && !attribute.path.contains(".") {
                    attributes[companion.type, default: []].insert(attribute.path)
                }
            }
        }
        return attributes
    }()

    /// Terraform type → nested block → attributes (`aws_iam_role.inline_policy[].policy`).
    static let blockAttributes: [String: [String: Set<String>]] = {
        var blocks: [String: [String: Set<String>]] = [:]
        for type in TerraformPolicies.inlinePolicyTypes { blocks[type] = [TerraformPolicies.inlinePolicyBlock: ["policy"]] }
        return blocks
    }()
}

extension Optional where Wrapped == ValueConversion {
    fileprivate var isJSONString: Bool {
        if case .jsonString? = self { return true }
        return false
    }
}
