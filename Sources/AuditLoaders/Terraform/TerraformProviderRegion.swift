import AuditModel
import AuditSyntax

/// The Region a Terraform module or plan deploys to, for pricing cost findings: the
/// default (unaliased) AWS provider's `region`, when it is a literal or a variable with a
/// literal default (configuration), or a constant or planned variable (plan).
enum TerraformProviderRegion {
    /// `provider.aws.region` across the module's JSON files.
    static func configuration(_ roots: [Node], variables: [String: TerraformVariable]) -> ScopeRegion? {
        for root in roots {
            for provider in objects(root["provider"]).flatMap({ objects($0["aws"]) }) where provider["alias"] == nil {
                guard let text = provider["region"]?.scalarText else { continue }
                if !text.contains("${") { return ScopeRegion(name: text, origin: "provider \"aws\" region") }
                if let name = variableName(text), let value = variables[name]?.defaultValue?.scalarText, !value.contains("${") {
                    return ScopeRegion(name: value, origin: "provider \"aws\" region (var.\(name) default)")
                }
            }
        }
        return nil
    }

    /// `configuration.provider_config.aws.expressions.region` of a plan.
    static func plan(_ root: Node) -> ScopeRegion? {
        for entry in root["configuration"]?["provider_config"]?.entries ?? [] {
            let provider = entry.value
            guard provider["name"]?.scalarText == "aws", provider["alias"] == nil,
                  let region = provider["expressions"]?["region"] else { continue }
            if let text = region["constant_value"]?.scalarText { return ScopeRegion(name: text, origin: "plan provider \"aws\" region") }
            for reference in region["references"]?.elements.compactMap(\.scalarText) ?? [] where reference.hasPrefix("var.") {
                let name = String(reference.dropFirst(4))
                if let value = root["variables"]?[name]?["value"]?.scalarText {
                    return ScopeRegion(name: value, origin: "plan provider \"aws\" region (var.\(name))")
                }
            }
        }
        return nil
    }

    /// `${var.region}` → `region`.
    private static func variableName(_ text: String) -> String? {
        guard text.hasPrefix("${var."), text.hasSuffix("}") else { return nil }
        let name = text.dropFirst(6).dropLast()
        return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) && !name.isEmpty ? String(name) : nil
    }

    private static func objects(_ node: Node?) -> [Node] {
        guard let node else { return [] }
        return node.isSequence ? node.elements.filter(\.isMapping) : (node.isMapping ? [node] : [])
    }
}
