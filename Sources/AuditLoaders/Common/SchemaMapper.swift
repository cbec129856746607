import AuditModel
import AuditSyntax

/// Which spelling of the schema a loader reads.
enum SchemaDialect: Sendable {
    case cloudFormation
    case terraform
}

/// Turns a resolved resource body into canonical attributes using `ResourceSchema`,
/// recording for each one whether it was written, defaulted (and by whom), unresolved
/// or absent.
enum SchemaMapper {
    static func attributes(
        of spec: KindSpec, body: ResolvedNode?, dialect: SchemaDialect, file: String
    ) -> [AttributeName: Attr] {
        var attributes = mappedAttributes(of: spec, body: body, dialect: dialect, file: file)
        if dialect == .cloudFormation, let body, !spec.cloudFormationBlockDefaults.isEmpty {
            applyWrittenBlockDefaults(&attributes, spec: spec, body: body, file: file)
        }
        return attributes
    }

    /// An attribute left out of a block that is written takes the block's default.
    private static func applyWrittenBlockDefaults(
        _ attributes: inout [AttributeName: Attr], spec: KindSpec, body: ResolvedNode, file: String
    ) {
        for index in spec.cloudFormationBlockDefaults {
            let attribute = spec.attributes[index]
            guard let absent = attribute.absentInWrittenCloudFormationBlock, let steps = attribute.cloudFormationPath?.steps,
                  steps.count > 1 else { continue }
            if let existing = attributes[attribute.name], !existing.isDefaulted, !existing.isAbsent { continue }
            let parent = AttributePath(steps.dropLast().map { $0.key }.joined(separator: "."))
            guard let block = read(parent.steps[...], in: body, keyPosition: nil, file: file, conversion: nil),
                  !block.isUnresolved, case .map? = block.value else { continue }
            var defaulted = defaulted(absent)
            defaulted.location = block.location
            attributes[attribute.name] = defaulted
        }
    }

    private static func mappedAttributes(
        of spec: KindSpec, body: ResolvedNode?, dialect: SchemaDialect, file: String
    ) -> [AttributeName: Attr] {
        if var attributes = spec.defaults(for: dialect) {
            // Start from the defaults, copied whole (no hashing), and hash only what is written.
            guard let body else { return attributes }
            if case .map(let entries) = body.content {
                // Walk the body's keys once and read the attributes whose path starts there,
                // rather than searching the body for each attribute of the kind.
                fill(&attributes, spec: spec, body: body, entries: entries, dialect: dialect, file: file)
                return attributes
            }
            for index in spec.attributes.indices {
                let path = dialect == .cloudFormation ? spec.attributes[index].cloudFormationPath : spec.attributes[index].terraformPath
                guard let path else { continue }
                let conversion = dialect == .cloudFormation
                    ? spec.attributes[index].cloudFormationConversion : spec.attributes[index].terraformConversion
                if let found = read(path.steps[...], in: body, keyPosition: nil, file: file, conversion: conversion) {
                    attributes[spec.attributes[index].name] = found
                }
            }
            return attributes
        }
        var attributes: [AttributeName: Attr] = [:]
        // Fields are read in place: binding each spec would copy all of its strings.
        for index in spec.attributes.indices {
            let path: AttributePath?
            let absent: AbsentValue?
            let conversion: ValueConversion?
            switch dialect {
            case .cloudFormation:
                path = spec.attributes[index].cloudFormationPath
                absent = spec.attributes[index].absentInCloudFormation
                conversion = spec.attributes[index].cloudFormationConversion
            case .terraform:
                path = spec.attributes[index].terraformPath
                absent = spec.attributes[index].absentInTerraform
                conversion = spec.attributes[index].terraformConversion
            }
            guard let path else {
                if let absent { attributes[spec.attributes[index].name] = defaulted(absent) }
                continue
            }
            if let body, let found = read(path.steps[...], in: body, keyPosition: nil, file: file, conversion: conversion) {
                attributes[spec.attributes[index].name] = found
            } else if let absent {
                attributes[spec.attributes[index].name] = defaulted(absent)
            }
        }
        return attributes
    }

    /// `attributes(of:…)` for a mapping body and attribute names that are unique: the same
    /// result as reading each attribute's path from the top of the body.
    private static func fill(
        _ attributes: inout [AttributeName: Attr], spec: KindSpec, body: ResolvedNode, entries: [ResolvedEntry],
        dialect: SchemaDialect, file: String
    ) {
        func path(_ index: Int) -> AttributePath? {
            dialect == .cloudFormation ? spec.attributes[index].cloudFormationPath : spec.attributes[index].terraformPath
        }
        func conversion(_ index: Int) -> ValueConversion? {
            dialect == .cloudFormation ? spec.attributes[index].cloudFormationConversion : spec.attributes[index].terraformConversion
        }
        let byFirstKey = spec.attributesByFirstKey(for: dialect)
        for (position, entry) in entries.enumerated() {
            guard let indexes = byFirstKey[entry.key],
                  // A path step takes the first entry with its key.
                  !entries[..<position].contains(where: { $0.key == entry.key }) else { continue }
            for index in indexes {
                guard let steps = path(index)?.steps, let first = steps.first else { continue }
                if let found = read(after: first, entry: entry, rest: steps.dropFirst(), file: file, conversion: conversion(index)) {
                    attributes[spec.attributes[index].name] = found
                }
            }
        }
        // A path without steps names the body itself.
        for index in spec.attributes.indices {
            guard let steps = path(index)?.steps, steps.isEmpty,
                  let found = read(steps[...], in: body, keyPosition: nil, file: file, conversion: conversion(index)) else { continue }
            attributes[spec.attributes[index].name] = found
        }
    }

    static func defaulted(_ absent: AbsentValue) -> Attr {
        switch absent {
        case .tool(let value, let note): Attr(value: value, provenance: .defaultedByTool(note))
        case .service(let value, let note): Attr(value: value, provenance: .defaultedByService(note))
        }
    }

    /// Reads a dotted path (`A.B`, `rule[*].x`) from a body; `nil` when it is not written.
    /// A `null` value counts as not written (Terraform JSON and plans write `null` for unset).
    static func read(_ path: String, in body: ResolvedNode?, file: String, conversion: ValueConversion?) -> Attr? {
        guard let body else { return nil }
        return read(AttributePath(path).steps[...], in: body, keyPosition: nil, file: file, conversion: conversion)
    }

    private static func read(
        _ steps: ArraySlice<AttributePath.Step>, in node: ResolvedNode, keyPosition: SourcePosition?, file: String,
        conversion: ValueConversion?
    ) -> Attr? {
        if let expression = node.unresolvedExpression {
            // Something above or at the attribute cannot be evaluated: the attribute is unknown.
            let location = keyPosition.map { SourceLocation(file: file, position: $0) }
            return Attr(value: .unresolved(expression), provenance: .unresolved(expression), location: location, via: node.via)
        }
        guard let step = steps.first else {
            var value = node.value
            if value == .null { return nil }
            if let conversion { value = convert(value, conversion) }
            let location = keyPosition.map { SourceLocation(file: file, position: $0) }
            return Attr.explicit(value, at: location, via: node.via)
        }
        guard let entry = self.step(step.key, in: node) else { return nil }
        return read(after: step, entry: entry, rest: steps.dropFirst(), file: file, conversion: conversion)
    }

    /// The rest of a read once `step` found `entry`.
    private static func read(
        after step: AttributePath.Step, entry: ResolvedEntry, rest: ArraySlice<AttributePath.Step>, file: String,
        conversion: ValueConversion?
    ) -> Attr? {
        if step.collectsEachElement {
            if let expression = entry.node.unresolvedExpression {
                let location = SourceLocation(file: file, position: entry.keyPosition)
                return Attr(value: .unresolved(expression), provenance: .unresolved(expression), location: location)
            }
            let items: [ResolvedNode]
            if case .list(let list) = entry.node.content { items = list } else { items = [entry.node] }
            var values: [Value] = []
            var sawUnresolved: String?
            for item in items {
                guard let found = read(rest, in: item, keyPosition: entry.keyPosition, file: file, conversion: conversion),
                      let value = found.value else { continue }
                if case .unresolved(let expression) = found.provenance { sawUnresolved = expression }
                values.append(value)
            }
            let location = SourceLocation(file: file, position: entry.keyPosition)
            if values.isEmpty { return nil }
            if let sawUnresolved {
                return Attr(value: .list(values), provenance: .unresolved(sawUnresolved), location: location)
            }
            return Attr.explicit(.list(values), at: location)
        }
        return read(rest, in: entry.node, keyPosition: entry.keyPosition, file: file, conversion: conversion)
    }

    /// Steps into a key, passing transparently through Terraform's one-element block lists.
    private static func step(_ key: String, in node: ResolvedNode) -> ResolvedEntry? {
        switch node.content {
        case .map:
            return node[key]
        case .list(let items):
            guard let first = items.first, items.count == 1 else {
                return items.lazy.compactMap { $0[key] }.first
            }
            return first[key]
        case .leaf:
            return nil
        }
    }

    static func convert(_ value: Value, _ conversion: ValueConversion) -> Value {
        switch conversion {
        case .boolToEnabledSuspended:
            switch value {
            case .bool(true): return .string("Enabled")
            case .bool(false): return .string("Suspended")
            case .string(let text) where text.lowercased() == "true": return .string("Enabled")
            case .string(let text) where text.lowercased() == "false": return .string("Suspended")
            default: return value
            }
        case .jsonString:
            guard case .string(let text) = value, let node = try? JSONReader.parse(Array(text.utf8)).root else { return value }
            return ResolvedNode(literal: node).value
        case .cloudFormationTableReplicas:
            return canonicalReplicas(value, region: ["Region"],
                                     recovery: ["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"],
                                     protection: ["DeletionProtectionEnabled"])
        case .terraformTableReplicas:
            return canonicalReplicas(value, region: ["region_name"], recovery: ["point_in_time_recovery"],
                                     protection: ["deletion_protection_enabled"])
        case .terraformBudgetNotifications:
            return canonicalBudgetNotifications(value)
        case .everyReplica(let path):
            guard case .list(let replicas) = value else { return value }
            let steps = path.split(separator: ".").map(String.init)
            for replica in replicas {
                switch steps.reduce(Optional(replica), { $0?[$1] }) {
                case .bool(true)?, .string("true")?, .string("True")?: continue
                case .unresolved(let expression)?: return .unresolved(expression)
                default: return .bool(false)
                }
            }
            return .bool(!replicas.isEmpty)
        }
    }

    private static let budgetNotificationKeys = [
        ("comparison_operator", "ComparisonOperator"), ("threshold", "Threshold"), ("threshold_type", "ThresholdType"),
        ("notification_type", "NotificationType"),
    ]

    private static func canonicalBudgetNotifications(_ value: Value) -> Value {
        let blocks: [Value]
        switch value {
        case .list(let items): blocks = items
        case .map: blocks = [value]
        default: return value
        }
        return .list(blocks.map { block in
            guard case .map = block else { return block }
            var notification: [Value.MapEntry] = []
            for (terraform, canonical) in budgetNotificationKeys {
                if let found = block[terraform] { notification.append(Value.MapEntry(key: canonical, value: found)) }
            }
            var subscribers: [Value] = []
            var unresolved: [Value] = []
            for (key, type) in [("subscriber_email_addresses", "EMAIL"), ("subscriber_sns_topic_arns", "SNS")] {
                switch block[key] {
                case .list(let addresses)?:
                    for address in addresses {
                        subscribers.append(.map([Value.MapEntry(key: "SubscriptionType", value: .string(type)),
                                                 Value.MapEntry(key: "Address", value: address)]))
                    }
                case .unresolved(let expression)?: unresolved.append(.unresolved(expression))
                case let single?: subscribers.append(.map([Value.MapEntry(key: "SubscriptionType", value: .string(type)),
                                                           Value.MapEntry(key: "Address", value: single)]))
                case nil: continue
                }
            }
            // A list of addresses known only at plan time keeps the subscribers unknown.
            let subscriberValue: Value = unresolved.isEmpty ? .list(subscribers) : unresolved[0]
            return .map([Value.MapEntry(key: "Notification", value: .map(notification)),
                         Value.MapEntry(key: "Subscribers", value: subscriberValue)])
        })
    }

    /// Each replica entry with the canonical keys, for the ones the replica sets.
    private static func canonicalReplicas(_ value: Value, region: [String], recovery: [String], protection: [String]) -> Value {
        let replicas: [Value]
        switch value {
        case .list(let list): replicas = list
        // One `replica` block (HCL) or object (JSON syntax allows either) is a list of one.
        case .map: replicas = [value]
        default: return value
        }
        return .list(replicas.map { replica in
            guard case .map = replica else { return replica }
            var entries: [Value.MapEntry] = []
            for (key, path) in [("Region", region), ("PointInTimeRecoveryEnabled", recovery), ("DeletionProtectionEnabled", protection)] {
                if let found = path.reduce(Optional(replica), { $0?[$1] }) { entries.append(Value.MapEntry(key: key, value: found)) }
            }
            return .map(entries)
        })
    }
}
