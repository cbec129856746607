import AuditModel
import AuditSyntax

/// `terraform show -json` output of a plan or a state, and raw `terraform.tfstate` files.
///
/// Values come from `planned_values` (or the state's `values`), which already hold what
/// the provider computed, so a known value is explicit. Values only known after apply
/// (`resource_changes[].change.after_unknown`) are unresolved when the user wrote an
/// expression for them; attributes with neither a value nor an expression get the
/// schema's Terraform default, exactly as in `*.tf.json`. Relationships come from the
/// `configuration` section's `references`.
public struct TerraformPlanLoader: Loader {
    public static let formats: Set<DocumentFormat> = [.terraformPlan, .terraformState]
    public static let groupsByDirectory = false

    public init() {}

    public func load(_ files: [ParsedFile]) -> LoadedScope {
        var loaded = LoadedScope(scope: Scope(
            name: files.first?.path ?? "", format: files.first?.format ?? .terraformPlan, files: files.map(\.path)
        ))
        for file in files {
            var reader = TerraformPlanReader(path: file.path, root: file.document.root)
            let result = reader.load()
            loaded.resources += result.resources
            loaded.policies += result.policies
            loaded.exported.formUnion(result.exported)
            loaded.diagnostics += result.diagnostics
            if loaded.scope.region == nil { loaded.scope.region = TerraformProviderRegion.plan(file.document.root) }
            // The plan records the value each root variable was planned with.
            loaded.scope.environmentHints += (file.document.root["variables"]?.entries ?? []).compactMap {
                EnvironmentHint.named($0.key, origin: "plan variable \($0.key)", value: $0.value["value"],
                                      location: SourceLocation(file: file.path, position: $0.keyPosition))
            }
        }
        return loaded
    }
}
