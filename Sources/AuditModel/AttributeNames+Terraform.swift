/// Attributes that only Terraform writes: meta-arguments and comments that rules and
/// suppressions may read. Raw values carry a `terraform.` prefix so they never collide
/// with the AWS vocabulary of the other names.
extension AttributeName {
    /// The `"//"` comment of a resource in Terraform JSON, kept for inline suppressions.
    public static let terraformComment: AttributeName = "//"
    /// `count`: the resource may exist zero or many times.
    public static let terraformCount: AttributeName = "terraform.count"
    /// `for_each`: the resource exists once per key.
    public static let terraformForEach: AttributeName = "terraform.for_each"
    /// `lifecycle.prevent_destroy` (only visible in configuration; plans do not export it).
    public static let terraformPreventDestroy: AttributeName = "terraform.lifecycle.prevent_destroy"
}
