import AuditCore
import AuditGraph
import AuditModel

/// The one check behind AS-LAUNCH-005 (launch view) and AS-COST-011 (cost view): a log
/// group that keeps events forever, declared or created implicitly by Lambda.
enum LogRetention {
    static let subjects: Set<ResourceKind> = [.logGroup, .function]

    /// `purpose` ends the message: why a never-expiring group matters to the rule's reader.
    static func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport, purpose: String) {
        switch resource.kind {
        case .logGroup:
            report.judge(.retentionInDays, of: resource, reading: \.int, failsWhen: { $0 <= 0 }) { attribute in
                "Log group \(name(of: resource)) never expires its events: retention \(attribute.origin) (\(purpose))"
            }
        case .function:
            checkFunction(resource, in: model, &report, purpose: purpose)
        default:
            return
        }
    }

    private static func checkFunction(_ function: Resource, in model: CloudModel, _ report: inout RuleReport, purpose: String) {
        switch LogGroupOwnership.of(model).logGroup(ofFunction: function.id) {
        case .declared:
            // The declared group is judged on its own.
            report.pass()
        case .external(let name):
            report.unknown("log group \(name) is not in the scanned set", resource: function,
                           at: function.location(of: .loggingLogGroup))
        case .unknown(let expression):
            report.unknown("the function's log group depends on \(expression)", resource: function)
        case .implicit(let name):
            report.fail(
                "Function \(function.id.name) has no declared log group: Lambda creates \(name) on first invoke, and "
                    + "the implicit log group will never expire (\(purpose))",
                resource: function, attribute: "implicit-log-group"
            )
        }
    }

    private static func name(of group: Resource) -> String {
        if case .value(let name) = group[.logGroupName].string { return name }
        return group.id.name
    }
}
