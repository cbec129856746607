import AuditCore

extension Finding {
    /// The resource as a reader recognises it: a Terraform address alone (it starts with
    /// its type), otherwise type and name (`AWS::SNS::Topic AlertsTopic`).
    var resourceLabel: String? {
        guard let resource else { return nil }
        guard let type = resourceType, !resource.name.hasPrefix(type + ".") else { return resource.name }
        return type + " " + resource.name
    }
}
