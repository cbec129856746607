/// Decides what kind of document a parsed file is, from its content alone: file names
/// are unreliable (`template.yaml`, `main.json`, `policy.txt` are all common).
///
/// Returning `nil` means "not ours": the caller skips the file, so the checks lean towards
/// missing an odd file rather than auditing a `package.json` or a CI workflow.
public enum FormatSniffer {
    public static func sniff(_ root: Node) -> DocumentFormat? {
        guard root.isMapping else { return nil }
        if isSAM(root) { return .sam }
        if isCloudFormation(root) { return .cloudFormation }
        if let terraformFormat = terraformJSONFormat(root) { return terraformFormat }
        if isIAMPolicy(root) { return .iamPolicy }
        return nil
    }

    private static let samTransform = "AWS::Serverless-2016-10-31"

    private static func isSAM(_ root: Node) -> Bool {
        guard let transform = root["Transform"] else { return false }
        if transform.scalarText == samTransform { return true }
        return transform.elements.contains { $0.scalarText == samTransform }
    }

    private static let resourceTypePrefixes = ["AWS::", "Custom::", "Alexa::"]

    private static func isCloudFormation(_ root: Node) -> Bool {
        if root.entry("AWSTemplateFormatVersion") != nil { return true }
        guard let resources = root["Resources"] else { return false }
        return resources.entries.contains { resource in
            guard let type = resource.value["Type"]?.scalarText else { return false }
            return resourceTypePrefixes.contains { type.hasPrefix($0) }
        }
    }

    private static let planSections = ["planned_values", "resource_changes", "prior_state", "configuration"]

    /// Top-level blocks of Terraform's JSON configuration syntax (`*.tf.json`).
    private static let configurationBlocks: Set<String> = [
        "resource", "data", "variable", "module", "provider", "terraform", "locals", "output",
    ]
    /// Also allowed at the top of a `*.tf.json`, but not enough on their own.
    private static let configurationExtras: Set<String> = ["moved", "import", "check", "removed", "//"]

    private static func terraformJSONFormat(_ root: Node) -> DocumentFormat? {
        if root.entry("format_version") != nil {
            // `terraform show -json` output: a plan, or a state snapshot.
            if planSections.contains(where: { root.entry($0) != nil }) { return .terraformPlan }
            if root.entry("values") != nil { return .terraformState }
        }
        // A raw `terraform.tfstate` file.
        if root.entry("version") != nil, root.entry("terraform_version") != nil, root["resources"]?.isSequence == true {
            return .terraformState
        }
        let keys = root.entries.map(\.key)
        if keys.contains(where: configurationBlocks.contains),
           keys.allSatisfy({ configurationBlocks.contains($0) || configurationExtras.contains($0) }) {
            return .terraformConfig
        }
        return nil
    }

    private static let policyKeys: Set<String> = ["Version", "Id", "Statement"]

    /// A bare policy document, or an `aws iam get-policy-version` response whose
    /// `PolicyVersion.Document` is a mapping or a URL-encoded JSON string.
    private static func isIAMPolicy(_ root: Node) -> Bool {
        if isPolicyDocument(root) { return true }
        guard let document = root["PolicyVersion"]?["Document"] else { return false }
        return document.isMapping ? isPolicyDocument(document) : document.scalarText != nil
    }

    private static func isPolicyDocument(_ node: Node) -> Bool {
        guard let statement = node["Statement"], statement.isMapping || statement.isSequence else { return false }
        return node.entries.allSatisfy { policyKeys.contains($0.key) }
    }
}
