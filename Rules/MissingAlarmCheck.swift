import AuditCore
import AuditGraph
import AuditModel

/// The alarm an AS-ALARM rule requires of its subject: which metrics count as coverage and
/// the alarm it suggests when there is none (rule-catalog §4).
struct AlarmRequirement: Sendable {
    var namespace: String
    /// Any of these counts (`ReadThrottleEvents`, `WriteThrottleEvents`, …).
    var metrics: Set<String>
    /// What the message calls the signal ("5XX errors").
    var signal: String
    /// The suggested alarm.
    var metricName: String
    var nameSuffix: String
    var statistic: String
    var period: Int = 300
    var evaluationPeriods: Int = 1
    var threshold: Double
    var comparisonOperator: String = "GreaterThanOrEqualToThreshold"
    var treatMissingData: String
    var extraDimensions: [SuggestedAlarm.Dimension] = []
    /// Text after the subject's value in its dimension (`-001`: the first replication group member).
    var dimensionSuffix: String = ""
}

extension AlarmRequirement {
    /// The suggested alarm in words, for `explain` and the rule docs.
    var genericText: String {
        let comparison = comparisonOperator.hasPrefix("LessThan") ? "≤" : "≥"
        let dimensionText = ([dimensionSuffix.isEmpty ? "the resource, by reference" : "the resource's first member (<id>\(dimensionSuffix)), by reference"]
            + extraDimensions.map { "\($0.name) = \($0.value.genericText)" }).joined(separator: ", ")
        return "\(namespace) \(metricName) keyed by \(dimensionText); \(statistic) over \(period / 60) minutes \(comparison) "
            + "\(threshold.compactText) for \(evaluationPeriods) period\(evaluationPeriods == 1 ? "" : "s"); TreatMissingData \(treatMissingData); "
            + "notifying the SNS topic the stack's alarms already use (a placeholder when there is none)."
    }
}

extension RuleReport {
    /// Judges one subject against one requirement: pass when an actionable alarm watches it,
    /// a finding on each mis-wired alarm's dimension line, a finding with a suggested alarm
    /// when nothing watches it, unknown when an alarm's dimension cannot be resolved.
    mutating func requireAlarm(
        _ requirement: AlarmRequirement, on subject: Resource, in model: CloudModel,
        kindName: String, severity: Severity? = nil, why: String? = nil, alsoWatchedThrough alternatives: [Resource] = []
    ) {
        let coverage = AlarmCoverage.of(model)
        // An Aurora instance is also watched by an alarm on its cluster.
        for alternative in alternatives {
            if case .covered = coverage.verdict(for: alternative, namespace: requirement.namespace, metrics: requirement.metrics) {
                pass()
                return
            }
        }
        let metricText = "\(requirement.namespace) \(requirement.metrics.sorted().joined(separator: "/"))"
        let because = why.map { ", \($0)" } ?? ""
        let attribute = "alarm/\(requirement.namespace)/\(requirement.metricName)"
        switch coverage.verdict(for: subject, namespace: requirement.namespace, metrics: requirement.metrics) {
        case .covered:
            pass()
        case .misWired(let wrong):
            let suggestion = suggestedAlarm(requirement, for: subject, coverage: coverage)
            for wiring in wrong {
                fail(
                    "Alarm \(wiring.alarm.name) will never fire: its \(wiring.dimension) dimension is \(kindName) \(subject.id.name)'s "
                        + "\(wiring.gives.hasPrefix("its ") ? String(wiring.gives.dropFirst(4)) : wiring.gives), not the \(wiring.dimension) "
                        + "the \(wiring.namespace) \(wiring.metricName) metric is keyed by, "
                        + "so it sits in INSUFFICIENT_DATA forever and \(subject.id.name) has no working alarm on \(requirement.signal)\(because)",
                    resource: subject, at: wiring.location, attribute: "\(attribute)/mis-wired/\(wiring.dimension)", severity: severity,
                    suggestedAlarm: suggestion
                )
            }
        case .notActionable(let watch):
            fail(
                "\(kindName.capitalizedFirst) has no alarm on \(requirement.signal) that notifies anyone: \(watch.composite?.name ?? watch.alarm.name) "
                    + "watches \(metricText) but has no actions or has them disabled (AS-ALARM-014)\(because)",
                resource: subject, attribute: attribute, severity: severity,
                rootCause: AlarmCoverage.silentAlarmCause(watch.composite ?? watch.alarm)
            )
        case .unknown(let undecided):
            unknown("\(undecided.expression) in alarm \(undecided.alarm.name) may name this \(kindName)", resource: subject)
        case .missing:
            let suggestion = suggestedAlarm(requirement, for: subject, coverage: coverage)
            var message = "\(kindName.capitalizedFirst) has no alarm on \(requirement.signal) (\(metricText))\(because)"
            message += suggestion == nil
                ? "; its \(AlarmMetricDimensions.dimension(keying: subject.kind) ?? "dimension") is not known statically, so no alarm can be suggested"
                : "; add the suggested alarm (CloudWatch: $0.10 per alarm-month beyond the 10 free)"
            fail(message, resource: subject, attribute: attribute, severity: severity, suggestedAlarm: suggestion)
        }
    }

    private func suggestedAlarm(_ requirement: AlarmRequirement, for subject: Resource, coverage: AlarmCoverage) -> SuggestedAlarm? {
        guard let dimension = AlarmMetricDimensions.dimension(keying: subject.kind) else { return nil }
        let value: SuggestedAlarm.DimensionValue
        if let reference = AlarmMetricDimensions.suggestedReference(to: subject, dimension: dimension) {
            value = .reference(reference, suffix: requirement.dimensionSuffix)
        } else if let attribute = AlarmMetricDimensions.nameAttribute(of: dimension), case .value(let name) = subject[attribute].string {
            value = .literal(name + requirement.dimensionSuffix)
        } else if let attribute = AlarmMetricDimensions.nameAttribute(of: dimension),
                  case .unresolved("!Ref AWS::StackName")? = subject[attribute].value {
            value = .stackName
        } else {
            return nil
        }
        let action: SuggestedAlarm.Action = coverage.alarmTopic(inScope: subject.id.scope).map { .topic($0) } ?? .placeholder
        let base = subject.id.name.alarmNameBase
        return SuggestedAlarm(
            subject: subject.id, logicalName: base + requirement.nameSuffix + "Alarm",
            description: "\(requirement.signal.capitalizedFirst) on \(subject.id.name) (suggested by auditstack)",
            namespace: requirement.namespace, metricName: requirement.metricName,
            dimensions: [SuggestedAlarm.Dimension(name: dimension, value: value)] + requirement.extraDimensions,
            statistic: requirement.statistic, period: requirement.period, evaluationPeriods: requirement.evaluationPeriods,
            threshold: requirement.threshold, comparisonOperator: requirement.comparisonOperator,
            treatMissingData: requirement.treatMissingData, action: action
        )
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    /// A resource name as the start of an alarm's name: `aws_lambda_function.api` → `Api`,
    /// `module.app.aws_sqs_queue.dlq[0]` → `Dlq0`, `OrdersFunction` as is.
    var alarmNameBase: String {
        let last = split(separator: ".").last.map(String.init) ?? self
        var result = ""
        var upperNext = true
        for character in last {
            if character.isLetter || character.isNumber {
                result.append(upperNext ? Character(character.uppercased()) : character)
                upperNext = false
            } else {
                upperNext = true
            }
        }
        return result.isEmpty ? "Resource" : result
    }
}

/// What the RDS alarm rules need to know about an instance.
enum DatabaseAlarmSubject {
    /// The Aurora cluster an instance belongs to, when the model has it: a cluster-level
    /// alarm (`DBClusterIdentifier`) watches its instances too.
    static func cluster(of instance: Resource, in model: CloudModel) -> Resource? {
        guard let reference = instance[.dbClusterIdentifier].value?.references.first,
              let cluster = model.resolve(reference), cluster.kind == .databaseCluster else { return nil }
        return cluster
    }

    /// Aurora instances belong to a cluster whose storage autoscales.
    static func isAurora(_ instance: Resource) -> Bool {
        if case .value(let engine) = instance[.engine].string, engine.lowercased().hasPrefix("aurora") { return true }
        return !instance[.dbClusterIdentifier].isAbsent
    }
}
