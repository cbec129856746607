/// Attributes that exist only in CloudFormation templates: resource-level attributes that
/// sit beside `Properties` rather than inside them.
extension AttributeName {
    /// What CloudFormation does with the resource when it leaves the stack (`Delete`, `Retain`,
    /// `Snapshot`, `RetainExceptOnCreate`).
    public static let deletionPolicy: AttributeName = "DeletionPolicy"
    /// What CloudFormation does with the old resource when an update replaces it.
    public static let updateReplacePolicy: AttributeName = "UpdateReplacePolicy"
    /// The resource's `Metadata` block as a map value, kept so suppressions written there
    /// (cfn-lint, cfn_nag, checkov, auditstack) can be read.
    public static let metadata: AttributeName = "Metadata"
}
