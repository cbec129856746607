import AuditSyntax

/// SAM's policy templates and AWS managed policy names, as the SAM transform expands them.
/// The data is generated from aws-sam-translator into `SAMPolicyTemplates+Generated.swift`.
enum SAMPolicyTemplates {
    struct Template: Sendable {
        var parameters: [String]
        /// The template's `Definition` (`{"Statement": […]}`), with `{"Ref": Parameter}` where
        /// the user's values go.
        var definition: Node
    }

    static func template(named name: String) -> Template? {
        parsedTemplates[name]
    }

    static func isTemplateName(_ name: String) -> Bool {
        generatedDefinitions[name] != nil
    }

    /// Parsed once, on first use.
    private static let parsedTemplates: [String: Template] = {
        var templates: [String: Template] = [:]
        for (name, entry) in generatedDefinitions {
            guard let document = try? JSONReader.parse(Array(entry.definitionJSON.utf8)) else { continue }
            templates[name] = Template(parameters: entry.parameters, definition: document.root)
        }
        return templates
    }()

    private static let managedPolicyPrefix = "arn:aws:iam::aws:policy/"

    /// The ARN SAM puts in `ManagedPolicyArns` for a `Policies` string: an ARN stays as it
    /// is, a known AWS managed policy name gets its path (`service-role/…`), any other name
    /// is taken as an AWS managed policy at the root path.
    static func managedPolicyARN(for nameOrARN: String) -> String {
        if nameOrARN.hasPrefix("arn:") { return nameOrARN }
        return managedPolicyPrefix + (nonRootManagedPolicies[nameOrARN] ?? nameOrARN)
    }

    /// The ARN of an AWS managed policy given its `path/Name` (`service-role/AWSLambdaBasicExecutionRole`).
    static func awsManagedPolicyARN(_ pathAndName: String) -> String {
        managedPolicyPrefix + pathAndName
    }

    /// Name → `path/Name` for the AWS managed policies outside the root path.
    private static let nonRootManagedPolicies: [String: String] = {
        var paths: [String: String] = [:]
        for line in generatedNonRootManagedPolicies.split(separator: "\n") {
            guard let slash = line.lastIndex(of: "/") else { continue }
            paths[String(line[line.index(after: slash)...])] = String(line)
        }
        return paths
    }()
}
