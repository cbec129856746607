import AuditCore

/// How every reporter shows money: one shape for a finding's estimate and one for the
/// scan's totals (README, "Cost estimates").
extension CostEstimate {
    /// The `estimate` object of a JSON finding (and SARIF result `properties`).
    var jsonValue: JSONValue {
        .object([
            ("monthlyFixed", .decimal(monthlyFixed)),
            ("monthlyTraffic", .optional(monthlyTraffic)),
            ("monthlyTotal", .decimal(monthlyTotal)),
            ("perGB", .optional(perGB)),
            ("monthlyAvoidable", .optional(monthlyAvoidable)),
            ("currency", .string("USD")),
            ("region", .string(region)),
            ("regionAssumed", .bool(regionAssumed)),
            ("label", .string(label)),
            ("basis", .array(basis.map(JSONValue.string))),
        ])
    }
}

extension CostSummary {
    /// The `cost` object of the JSON summary.
    var jsonValue: JSONValue {
        .object([
            ("natGateways", .int(natGateways)),
            ("monthlyNATFixed", .decimal(monthlyNATFixed)),
            ("monthlyNATTraffic", .optional(monthlyNATTraffic)),
            ("natPerGB", .optional(natPerGB)),
            ("monthlyAvoidable", .decimal(monthlyAvoidable)),
            ("findingsWithEstimate", .int(findingsWithEstimate)),
            ("currency", .string("USD")),
            ("regions", .array(regions.map(JSONValue.string))),
            ("regionAssumed", .bool(regionAssumed)),
            ("label", .string(label)),
        ])
    }
}
