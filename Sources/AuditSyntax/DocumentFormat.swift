/// The kinds of document auditstack understands, decided from content.
public enum DocumentFormat: String, Sendable, Hashable, CaseIterable {
    case cloudFormation
    case sam
    case terraformConfig
    case terraformPlan
    case terraformState
    case iamPolicy

    public var displayName: String {
        switch self {
        case .cloudFormation: "CloudFormation"
        case .sam: "SAM"
        case .terraformConfig: "Terraform JSON"
        case .terraformPlan: "Terraform plan"
        case .terraformState: "Terraform state"
        case .iamPolicy: "IAM policy"
        }
    }
}

/// The surface syntax of a file.
public enum SyntaxKind: String, Sendable, Hashable {
    case yaml
    case json
    /// HCL native syntax (Terraform `.tf`, `.tofu`, `.tfvars`), read into the shape of
    /// HCL's JSON syntax.
    case hcl
}
