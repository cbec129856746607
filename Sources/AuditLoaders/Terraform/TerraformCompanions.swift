import AuditModel
import AuditSyntax

/// Joins Terraform's split resources (`aws_s3_bucket_versioning`, …, see
/// `KindSpec.companions`) into the resource they configure, so rules see one bucket.
///
/// The companion stays a resource of its own; the target receives the canonical
/// attributes, located at the companion's keys, because that is where the user wrote them.
/// Companion values override the target's inline (legacy) ones.
enum TerraformCompanions {
    /// Target keys compared with a companion that names its target by a literal string.
    private static let nameKeys = ["bucket", "name"]

    /// - Parameter referencedTargets: companion record → the record its link attribute
    ///   references, as the format knows it (an interpolation, a plan `references` list).
    static func join(_ records: inout [TerraformResourceRecord], referencedTargets: [Int: Int]) {
        var literalIndexes: [ResourceKind: [String: Int]] = [:]
        for index in records.indices {
            let companionRecord = records[index]
            guard !companionRecord.isDataSource,
                  let (targetSpec, companion) = SchemaIndex.shared.companionsByType[companionRecord.type] else { continue }
            var target = referencedTargets[index].flatMap { candidate in
                isTarget(records[candidate], of: targetSpec) ? candidate : nil
            }
            var joinedByName = false
            if target == nil, let name = companionRecord.body[companion.linkAttribute]?.node.value.stringValue {
                if literalIndexes[targetSpec.kind] == nil {
                    literalIndexes[targetSpec.kind] = literalIndex(records, spec: targetSpec)
                }
                target = literalIndexes[targetSpec.kind]?[name] ?? literalIndexes[targetSpec.kind]?[lastPathComponent(name)]
                joinedByName = target != nil
            }
            guard let target, target != index else { continue }
            for (name, path, conversion) in companion.attributes {
                if let written = SchemaMapper.read(path, in: companionRecord.body, file: companionRecord.file, conversion: conversion) {
                    records[target].resource.attributes[name] = written
                } else if var own = companionRecord.resource.attributes[name], own.isDefaulted {
                    // The companion's own schema default (an omitted public-access flag is false),
                    // located at the companion: that is where the user left it out.
                    own.location = own.location ?? companionRecord.resource.location
                    records[target].resource.attributes[name] = own
                }
            }
            if joinedByName {
                let location = companionRecord.body[companion.linkAttribute].map {
                    SourceLocation(file: companionRecord.file, position: $0.keyPosition)
                }
                records[index].resource.links.append(Link(
                    path: companion.linkAttribute,
                    attribute: TerraformLinkAttributes.attribute(forPath: companion.linkAttribute, type: companionRecord.type),
                    reference: ResourceReference(target: records[target].resource.id), location: location
                ))
            }
        }
    }

    private static func isTarget(_ record: TerraformResourceRecord, of spec: KindSpec) -> Bool {
        !record.isDataSource && spec.terraformTypes.contains(record.type)
    }

    /// Name → record for every target of a kind, keyed by its literal `bucket`/`name`.
    private static func literalIndex(_ records: [TerraformResourceRecord], spec: KindSpec) -> [String: Int] {
        var index: [String: Int] = [:]
        for (offset, record) in records.enumerated() where isTarget(record, of: spec) {
            for key in nameKeys {
                if let name = record.body[key]?.node.value.stringValue, index[name] == nil { index[name] = offset }
            }
        }
        return index
    }

    /// A queue URL names its queue in the last path component.
    private static func lastPathComponent(_ text: String) -> String {
        guard let slash = text.lastIndex(of: "/") else { return text }
        return String(text[text.index(after: slash)...])
    }
}
