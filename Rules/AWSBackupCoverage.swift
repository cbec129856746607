import AuditCore
import Foundation
import AuditModel

/// Whether an AWS Backup selection in the model picks a resource, with the selection
/// matching of AS-BACKUP-009 (references, ARN patterns, tags, conditions, exclusions), so
/// every backup rule agrees on what AWS Backup protects.
enum AWSBackupCoverage: Sendable, Equatable {
    case covered(by: ResourceID)
    case notCovered
    /// A selection depends on something unknown before deploy.
    case unknown(String)

    /// The selection that picks `resource`, for AS-BACKUP-009 and for the rules that relax
    /// when AWS Backup protects the resource (AS-BACKUP-004, AS-BACKUP-005).
    static func of(_ resource: Resource, in model: CloudModel) -> AWSBackupCoverage {
        // Model links from selections to this resource, by the attribute that holds them.
        var linked: [ResourceID: Set<AttributeName>] = [:]
        for (source, link) in model.referrers(of: resource.id) where source.kind == .backupSelection {
            if let attribute = link.attribute { linked[source.id, default: []].insert(attribute) }
        }
        var undecided: String?
        for selection in model.resources(of: .backupSelection) {
            switch StatefulResourceNotInBackupPlan.selects(selection, resource, linkedBy: linked[selection.id] ?? [], in: model) {
            case .yes: return .covered(by: selection.id)
            case .unknown(let reason): undecided = undecided ?? "backup selection \(selection.id.name): \(reason)"
            case .no: continue
            }
        }
        return undecided.map(AWSBackupCoverage.unknown) ?? .notCovered
    }

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
}
