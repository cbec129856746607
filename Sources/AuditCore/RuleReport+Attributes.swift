import AuditModel

extension RuleReport {
    /// Judges one attribute of a resource the three-valued way every attribute rule needs:
    /// a finding on the attribute's key (or the resource's, when the value is a default)
    /// when `failsWhen` holds, a pass otherwise, and an unknown when the value cannot be
    /// known before deploy. `message` receives the attribute so it can say where the value
    /// came from (`Attr.origin`).
    public mutating func judge<Value>(
        _ name: AttributeName, of resource: Resource, reading read: (Attr) -> Resolved<Value>,
        failsWhen fails: (Value) -> Bool, severity: Severity? = nil, message: (Attr) -> String
    ) {
        let attribute = resource[name]
        switch read(attribute) {
        case .value(let value) where fails(value):
            fail(message(attribute), resource: resource, at: resource.location(of: name), attribute: name.rawValue, severity: severity)
        case .value:
            pass()
        case .unknown(let expression):
            unknown(expression, resource: resource, at: resource.location(of: name))
        case .absent:
            // Neither written nor defaulted by the loader: the model cannot say.
            unknown("\(name) is not known", resource: resource)
        }
    }

    /// `judge` for a flag that must be `true` (encryption, deletion protection, …).
    public mutating func requireTrue(
        _ name: AttributeName, of resource: Resource, severity: Severity? = nil, message: (Attr) -> String
    ) {
        judge(name, of: resource, reading: \.bool, failsWhen: { !$0 }, severity: severity, message: message)
    }
}
