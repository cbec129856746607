import AuditModel
import AuditSyntax

/// Finds the IAM policy documents embedded in CloudFormation resources (rule-catalog §0.5)
/// and reads them with `PolicyReader`, one `PolicyDocument` per embedded document.
enum CloudFormationPolicies {
    /// Types whose `PolicyDocument` property grants a principal permissions.
    private static let identityPolicyTypes: Set<String> = [
        "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy",
    ]
    /// Resource-based policies and the property that holds them.
    private static let resourcePolicyProperties: [String: String] = [
        "AWS::S3::BucketPolicy": "PolicyDocument",
        "AWS::SQS::QueuePolicy": "PolicyDocument",
        "AWS::SNS::TopicPolicy": "PolicyDocument",
        "AWS::KMS::Key": "KeyPolicy",
    ]
    /// Principals with a `Policies` list of `{PolicyName, PolicyDocument}`.
    private static let inlinePolicyListTypes: Set<String> = ["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"]

    static func documents(
        type: String, logicalID: String, properties: ResolvedNode?, file: String,
        diagnostics: inout [LoadDiagnostic]
    ) -> [PolicyDocument] {
        // Every type that embeds a document is an IAM type or one of the resource-policy
        // types: one prefix test spares the other resources three hashed look-ups.
        guard let properties, type.hasPrefix("AWS::IAM::") || resourcePolicyProperties[type] != nil else { return [] }
        let owner = ResourceID(scope: file, name: logicalID)
        var documents: [PolicyDocument] = []

        func add(_ entry: ResolvedEntry, path: String, kind: PolicyKind, name: String) {
            let location = SourceLocation(file: file, position: entry.keyPosition)
            guard let node = documentNode(entry, location: location, diagnostics: &diagnostics) else { return }
            documents.append(PolicyReader.document(
                node, id: ResourceID(scope: file, name: "\(logicalID)/\(path)"), kind: kind, owner: owner,
                name: name, file: file, location: location
            ))
        }

        if identityPolicyTypes.contains(type), let entry = properties["PolicyDocument"] {
            let policyName = literalString(properties["ManagedPolicyName"]) ?? literalString(properties["PolicyName"])
            add(entry, path: "PolicyDocument", kind: .identity, name: policyName.map { "\(logicalID) policy \"\($0)\"" } ?? "\(logicalID) policy")
        }
        if let property = resourcePolicyProperties[type], let entry = properties[property] {
            let noun = type == "AWS::KMS::Key" ? "key policy" : "resource policy"
            add(entry, path: property, kind: .resourceBased, name: "\(logicalID) \(noun)")
        }
        if type == "AWS::IAM::Role", let entry = properties["AssumeRolePolicyDocument"] {
            add(entry, path: "AssumeRolePolicyDocument", kind: .trust, name: "\(logicalID) trust policy")
        }
        if inlinePolicyListTypes.contains(type), let policies = properties["Policies"] {
            switch policies.node.content {
            case .list(let items):
                for (index, item) in items.enumerated() {
                    let path = "Policies[\(index)]"
                    let policyName = literalString(item["PolicyName"])
                    let name = "\(logicalID) policy \"\(policyName ?? path)\""
                    if let document = item["PolicyDocument"] {
                        add(document, path: path, kind: .identity, name: name)
                        if let policyName, let template = SAMPolicyTemplates.template(named: policyName),
                           let nameEntry = item["PolicyName"], documents.last?.id.name == "\(logicalID)/\(path)" {
                            documents[documents.count - 1].samPolicyTemplate = SAMPolicyTemplateUse(
                                name: policyName, location: SourceLocation(file: file, position: nameEntry.node.position),
                                wildcardResources: broadenedResources(documents[documents.count - 1], template: template)
                            )
                        }
                    } else if let expression = item.unresolvedExpression {
                        // A whole entry behind an undecidable `Fn::If`: the document is unknown.
                        documents.append(PolicyDocument(
                            id: ResourceID(scope: file, name: "\(logicalID)/\(path)"), kind: .identity, owner: owner, name: name,
                            location: SourceLocation(file: file, position: item.position), statements: [],
                            unresolvedExpression: expression
                        ))
                    }
                }
            case .leaf(.unresolved(let expression)):
                documents.append(PolicyDocument(
                    id: ResourceID(scope: file, name: "\(logicalID)/Policies"), kind: .identity, owner: owner,
                    name: "\(logicalID) policies", location: SourceLocation(file: file, position: policies.keyPosition),
                    statements: [], unresolvedExpression: expression
                ))
            default:
                break
            }
        }
        return documents
    }

    /// The document as a tree: written inline, or a JSON string (parsed; positions inside it
    /// collapse onto the property key, because they are relative to the string).
    private static func documentNode(
        _ entry: ResolvedEntry, location: SourceLocation, diagnostics: inout [LoadDiagnostic]
    ) -> ResolvedNode? {
        guard case .leaf(let value) = entry.node.content else { return entry.node }
        switch value {
        case .string(let text):
            guard let parsed = try? JSONReader.parse(Array(text.utf8)), parsed.root.isMapping else {
                diagnostics.append(LoadDiagnostic(.warning, "\(entry.key) is a string that is not a JSON policy document", at: location))
                return nil
            }
            return ResolvedNode(literal: parsed.root).relocated(to: entry.keyPosition)
        case .unresolved:
            return entry.node
        case .null:
            return nil
        default:
            // A reference or a scalar where a document belongs: nothing can be read from it.
            return .leaf(.unresolved(value.displayText), at: entry.node.position)
        }
    }

    /// The resources of an expanded SAM policy template that hold more `*` than the
    /// template's own text: the user passed a wildcard where a resource name belongs
    /// (`TableName: "*"`). SAM names its generated inline policies after the template, which
    /// is how the expansion is recognised here.
    private static func broadenedResources(_ document: PolicyDocument, template: SAMPolicyTemplates.Template) -> [String] {
        let templateStatements = template.definition["Statement"]?.elements ?? []
        var broadened: [String] = []
        for (statement, templateStatement) in zip(document.statements, templateStatements) {
            guard let resources = statement.resources, let templateResource = templateStatement["Resource"] else { continue }
            let templateTexts = (templateResource.isSequence ? templateResource.elements : [templateResource]).map(subText)
            for (entry, templateText) in zip(resources.entries, templateTexts) {
                // Pseudo parameters (`${AWS::Region}`) leave the text unresolved; its stars still count.
                let text: String
                switch entry.value {
                case .string(let literal), .unresolved(let literal): text = literal
                default: continue
                }
                guard let templateText else { continue }
                if text.filter({ $0 == "*" }).count > templateText.filter({ $0 == "*" }).count { broadened.append(text) }
            }
        }
        return broadened
    }

    /// The text of a template resource: a string, or the first argument of its `Fn::Sub`.
    private static func subText(_ node: Node) -> String? {
        if let text = node.scalarText { return text }
        guard let sub = node["Fn::Sub"] else { return nil }
        return sub.isSequence ? sub.elements.first?.scalarText : sub.scalarText
    }

    private static func literalString(_ entry: ResolvedEntry?) -> String? {
        guard let entry, case .leaf(let value) = entry.node.content else { return nil }
        return IntrinsicResolver.literalText(value)
    }
}
