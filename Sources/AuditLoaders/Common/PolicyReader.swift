import AuditModel
import AuditSyntax

/// Reads an IAM policy document (JSON policy grammar) from a resolved node, wherever it
/// came from: a standalone file, a CloudFormation `PolicyDocument`, a Terraform `policy`
/// string. Normalizes string-or-list elements and keeps every entry's position.
enum PolicyReader {
    static func document(
        _ node: ResolvedNode, id: ResourceID, kind: PolicyKind, owner: ResourceID?, name: String,
        file: String, location: SourceLocation
    ) -> PolicyDocument {
        if let expression = node.unresolvedExpression {
            return PolicyDocument(id: id, kind: kind, owner: owner, name: name, location: location,
                                  statements: [], unresolvedExpression: expression)
        }
        var statements: [PolicyStatement] = []
        var unresolved: String?
        if let entry = node["Statement"] {
            switch entry.node.content {
            case .list(let items):
                for item in items {
                    if let expression = item.unresolvedExpression { unresolved = expression; continue }
                    statements.append(statement(item, file: file, defaultEffect: nil))
                }
            case .map:
                statements.append(statement(entry.node, file: file, defaultEffect: nil))
            case .leaf(let value):
                if case .unresolved(let expression) = value { unresolved = expression }
            }
        }
        return PolicyDocument(id: id, kind: kind, owner: owner, name: name, location: location,
                              statements: statements, unresolvedExpression: unresolved)
    }

    /// One statement. `defaultEffect` is used by Terraform's `aws_iam_policy_document`,
    /// whose omitted `effect` means Allow.
    static func statement(_ node: ResolvedNode, file: String, defaultEffect: AbsentValue?) -> PolicyStatement {
        func location(_ position: SourcePosition) -> SourceLocation { SourceLocation(file: file, position: position) }
        let effect: Attr
        if let entry = node["Effect"] {
            effect = Attr.explicit(entry.node.value, at: location(entry.keyPosition), via: entry.node.via)
        } else if let defaultEffect {
            effect = SchemaMapper.defaulted(defaultEffect)
        } else {
            effect = .absent
        }
        return PolicyStatement(
            sid: node["Sid"]?.node.value.stringValue,
            effect: effect,
            actions: element(node["Action"], file: file),
            notActions: element(node["NotAction"], file: file),
            resources: element(node["Resource"], file: file),
            notResources: element(node["NotResource"], file: file),
            principals: principals(node["Principal"], file: file),
            notPrincipals: principals(node["NotPrincipal"], file: file),
            conditions: conditions(node["Condition"], file: file),
            location: location(node.position)
        )
    }

    static func element(_ entry: ResolvedEntry?, file: String) -> PolicyElement? {
        guard let entry else { return nil }
        let keyLocation = SourceLocation(file: file, position: entry.keyPosition)
        if let expression = entry.node.unresolvedExpression {
            return PolicyElement(entries: [], location: keyLocation, unresolvedExpression: expression)
        }
        return PolicyElement(entries: entries(of: entry.node, file: file), location: keyLocation)
    }

    /// The entries of an element, each kept on its own: a string, a reference or an
    /// unresolved expression next to literal ARNs leaves the literals readable. A list
    /// inside the list (a list variable written among strings) is flattened, as IAM reads
    /// one level.
    private static func entries(of node: ResolvedNode, file: String, depth: Int = 0) -> [PolicyEntry] {
        let location = SourceLocation(file: file, position: node.position)
        switch node.content {
        case .list(let items) where depth < 4:
            return items.flatMap { entries(of: $0, file: file, depth: depth + 1) }
        case .leaf(.list(let values)) where depth < 4:
            return values.flatMap { value -> [PolicyEntry] in
                if case .list = value { return entries(of: .leaf(value, at: node.position), file: file, depth: depth + 1) }
                return [PolicyEntry(value: value, location: location)]
            }
        default:
            return [PolicyEntry(value: node.value, location: location)]
        }
    }

    static func principals(_ entry: ResolvedEntry?, file: String) -> [PolicyPrincipal] {
        guard let entry else { return [] }
        switch entry.node.content {
        case .leaf(let value):
            // `"Principal": "*"` is the only legal scalar form.
            return [PolicyPrincipal(type: "*", value: value, location: SourceLocation(file: file, position: entry.keyPosition))]
        case .list:
            return []
        case .map(let typed):
            return typed.flatMap { principalType -> [PolicyPrincipal] in
                let items: [ResolvedNode]
                if case .list(let list) = principalType.node.content { items = list } else { items = [principalType.node] }
                return items.map {
                    PolicyPrincipal(type: principalType.key, value: $0.value, location: SourceLocation(file: file, position: $0.position))
                }
            }
        }
    }

    static func conditions(_ entry: ResolvedEntry?, file: String) -> [PolicyCondition] {
        guard let entry, case .map(let operators) = entry.node.content else { return [] }
        return operators.flatMap { conditionOperator -> [PolicyCondition] in
            guard case .map(let keys) = conditionOperator.node.content else {
                return [PolicyCondition(conditionOperator: conditionOperator.key, key: "", values: [conditionOperator.node.value],
                                        location: SourceLocation(file: file, position: conditionOperator.keyPosition))]
            }
            return keys.map { key in
                let values: [Value]
                if case .list(let list) = key.node.value { values = list } else { values = [key.node.value] }
                return PolicyCondition(conditionOperator: conditionOperator.key, key: key.key, values: values,
                                       location: SourceLocation(file: file, position: key.keyPosition))
            }
        }
    }
}
