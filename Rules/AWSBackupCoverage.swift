import AuditCore
import Foundation
import AuditModel

/// Whether an AWS Backup selection in the model picks a resource: by a reference in its
/// resource list, by a wildcard ARN for the resource's type, or by a tag it carries.
/// Shared by the backup rules that relax when AWS Backup also protects the resource.
enum AWSBackupCoverage: Sendable, Equatable {
    case covered(by: ResourceID)
    case notCovered
    /// A selection's resource list depends on something unknown before deploy.
    case unknown(String)

    /// Whether the plan of `selection` has a rule that runs at least once a day: a cron
    /// expression with `*` or `?` for both day fields, or `rate(…)` of at most 24 hours.
    /// A plan that cannot be found or read counts as less often (it proves nothing).
    static func runsDaily(_ selection: ResourceID, in model: CloudModel) -> Bool {
        guard let selectionResource = model.resource(selection),
              case .reference(let reference)? = selectionResource[.backupPlanID].value,
              let plan = model.resolve(reference),
              case .value(let rules) = plan[.backupPlanRules].list else { return false }
        return rules.contains { rule in
            guard let schedule = (rule["ScheduleExpression"] ?? rule["schedule"])?.stringValue else { return false }
            return isDailyOrMoreOften(schedule)
        }
    }

    static func isDailyOrMoreOften(_ schedule: String) -> Bool {
        let text = schedule.trimmingCharacters(in: .whitespaces).lowercased()
        func inner(_ prefix: String) -> String? {
            guard text.hasPrefix(prefix + "("), text.hasSuffix(")") else { return nil }
            return String(text.dropFirst(prefix.count + 1).dropLast())
        }
        if let cron = inner("cron") {
            let fields = cron.split(separator: " ")
            // minutes hours day-of-month month day-of-week year
            guard fields.count == 6 else { return false }
            return ["*", "?"].contains(fields[2]) && ["*", "?"].contains(fields[4])
        }
        if let rate = inner("rate") {
            let parts = rate.split(separator: " ")
            guard parts.count == 2, let amount = Int(parts[0]) else { return false }
            switch parts[1] {
            case "minute", "minutes": return amount <= 24 * 60
            case "hour", "hours": return amount <= 24
            case "day", "days": return amount <= 1
            default: return false
            }
        }
        return false
    }

    /// ARN fragments that name every resource of a kind (`arn:aws:rds:*:*:db:*`).
    private static let wildcardMarkers: [ResourceKind: [String]] = [
        .databaseInstance: [":rds:", ":db:"],
        .databaseCluster: [":rds:", ":cluster:"],
        .table: [":dynamodb:", ":table/"],
        .fileSystem: [":elasticfilesystem:", ":file-system/"],
        .bucket: [":s3:"],
    ]

    static func of(_ resource: Resource, in model: CloudModel) -> AWSBackupCoverage {
        // A selection that names the resource anywhere in its resource list (`!Sub` with the
        // resource's name, a reference to its ARN), but not in the list it excludes.
        for (source, link) in model.referrers(of: resource.id) where source.kind == .backupSelection {
            let path = link.path.lowercased()
            if path.contains("resources"), !path.contains("notresources"), !path.contains("not_resources") {
                return .covered(by: source.id)
            }
        }
        var unresolved: String?
        for selection in model.resources(of: .backupSelection) {
            if excludes(selection, resource) { continue }
            switch picks(selection, resource) {
            case .covered: return .covered(by: selection.id)
            case .unknown(let expression): unresolved = unresolved ?? expression
            case .notCovered: break
            }
        }
        return unresolved.map(AWSBackupCoverage.unknown) ?? .notCovered
    }

    private static func excludes(_ selection: Resource, _ resource: Resource) -> Bool {
        guard case .value(let items) = selection[.backupSelectionNotResources].list else { return false }
        return items.contains { $0.referenceValue?.target == resource.id }
    }

    private static func picks(_ selection: Resource, _ resource: Resource) -> AWSBackupCoverage {
        var result = AWSBackupCoverage.notCovered
        switch selection[.backupSelectionResources].list {
        case .value(let items):
            for item in items {
                switch item {
                case .reference(let reference) where reference.target == resource.id:
                    return .covered(by: selection.id)
                case .string(let arn) where matchesEveryOfKind(arn, resource.kind):
                    return .covered(by: selection.id)
                case .unresolved(let expression):
                    result = .unknown(expression)
                default:
                    continue
                }
            }
        case .unknown(let expression):
            result = .unknown(expression)
        case .absent:
            break
        }
        if matchesTags(selection[.backupSelectionTags], resource.tags) { return .covered(by: selection.id) }
        return result
    }

    /// `*`, or an ARN pattern of the resource's service and type whose name part is `*`.
    private static func matchesEveryOfKind(_ arn: String, _ kind: ResourceKind) -> Bool {
        if arn == "*" { return true }
        guard arn.hasSuffix("*"), let markers = wildcardMarkers[kind] else { return false }
        return markers.allSatisfy { arn.contains($0) } && (arn.hasSuffix(":*") || arn.hasSuffix("/*"))
    }

    /// CloudFormation `ListOfTags` ({ConditionKey, ConditionValue}) or Terraform
    /// `selection_tag` ({key, value}), STRINGEQUALS being the only condition type.
    private static func matchesTags(_ attribute: Attr, _ tags: [String: String]) -> Bool {
        guard !tags.isEmpty, case .value(let conditions) = attribute.list else { return false }
        return conditions.contains { condition in
            guard let key = (condition["ConditionKey"] ?? condition["key"])?.stringValue,
                  let value = (condition["ConditionValue"] ?? condition["value"])?.stringValue else { return false }
            return tags[key] == value
        }
    }
}
