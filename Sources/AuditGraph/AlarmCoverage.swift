import AuditModel

/// Which alarm watches which resource on which metric, and which alarms are mis-wired
/// (rule-catalog §4.1), computed once per model. Every AS-ALARM rule asks it.
///
/// Every alarm shape counts: a metric alarm's own `Namespace`/`MetricName`/`Dimensions`,
/// each metric of a metric-math alarm (`Metrics[]` / `metric_query[]`), and a composite
/// alarm covers what any of its children covers. A dimension value names a resource by
/// reference (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `${aws_x.y.attr}`, plan `references`), by
/// the same literal name, or by the same unresolved expression (`!Ref AWS::StackName`, the
/// name SAM gives an API without `Name`). A reference to the wrong attribute (a queue's
/// URL, a REST API's id, Terraform's `aws_db_instance.id`) is a mis-wired alarm: it never
/// receives data, so it covers nothing and is reported.
public final class AlarmCoverage: Sendable {
    /// One alarm watching one resource on one metric.
    public struct Watch: Sendable, Hashable {
        public var alarm: ResourceID
        public var namespace: String
        public var metricName: String
        /// Actions present and not disabled (through the composite alarm, for a child).
        public var isActionable: Bool
        /// The composite alarm through which the watch notifies, when there is one.
        public var composite: ResourceID?
    }

    /// An alarm whose dimension names a resource by a value the metric is not keyed by.
    public struct MisWiring: Sendable, Hashable {
        public var alarm: ResourceID
        public var alarmType: String
        public var namespace: String
        public var metricName: String
        public var dimension: String
        /// The dimension's line in the alarm.
        public var location: SourceLocation
        /// What the reference gives instead ("its queue URL (…)").
        public var gives: String
    }

    /// An alarm on a metric whose dimension could not be resolved to a resource.
    public struct Undecided: Sendable, Hashable {
        public var alarm: ResourceID
        public var metricName: String
        public var dimension: String
        public var expression: String
        public var location: SourceLocation
        /// True for a literal name that matched no scanned resource (it may be a resource
        /// whose own name is not known statically); false for an unresolved value.
        public var isLiteral: Bool
    }

    /// The answer for one subject and one set of metrics.
    public enum Verdict: Sendable {
        case covered(Watch)
        /// Only alarms that notify nobody watch it (AS-ALARM-014 reports them).
        case notActionable(Watch)
        /// Only mis-wired alarms name it.
        case misWired([MisWiring])
        /// Nothing certain watches it, but an alarm's dimension could not be resolved.
        case unknown(Undecided)
        case missing
    }

    private let watches: [ResourceID: [Watch]]
    private let misWirings: [ResourceID: [MisWiring]]
    /// By namespace + metric + dimension name.
    private let undecided: [String: [Undecided]]
    /// Per scope: the SNS topic its actionable alarms notify most often.
    private let topics: [String: ResourceReference]

    private static let index = PerModelIndex { AlarmCoverage(model: $0) }

    public static func of(_ model: CloudModel) -> AlarmCoverage {
        index.of(model)
    }

    /// Whether an actionable alarm on one of `metrics` of `namespace` watches `subject`; the
    /// best answer otherwise (non-actionable, mis-wired, unknown, missing).
    ///
    /// `subjectNameIsLiteral`: false when the subject's name is generated or unresolved, so
    /// an alarm naming an unmatched literal may still be watching it (unknown, not missing).
    public func verdict(for subject: Resource, namespace: String, metrics: Set<String>) -> Verdict {
        let relevant = (watches[subject.id] ?? []).filter { $0.namespace == namespace && metrics.contains($0.metricName) }
        if let actionable = relevant.first(where: \.isActionable) { return .covered(actionable) }
        let wrong = (misWirings[subject.id] ?? []).filter { $0.namespace == namespace && metrics.contains($0.metricName) }
        if !wrong.isEmpty { return .misWired(wrong) }
        if let quiet = relevant.first { return .notActionable(quiet) }
        guard let dimension = AlarmMetricDimensions.dimension(keying: subject.kind) else { return .missing }
        let literalName = AlarmMetricDimensions.nameAttribute(of: dimension).map { subject[$0].string }
        let nameIsLiteral: Bool
        if case .value(_)? = literalName { nameIsLiteral = true } else { nameIsLiteral = false }
        for metric in metrics.sorted() {
            for candidate in undecided[Self.key(namespace, metric, dimension)] ?? [] where !candidate.isLiteral || !nameIsLiteral {
                return .unknown(candidate)
            }
        }
        return .missing
    }

    /// The root cause shared by an alarm that notifies nobody (AS-ALARM-014) and the
    /// missing-alarm findings it fails to cover: one problem, fixed by adding actions.
    public static func silentAlarmCause(_ alarm: ResourceID) -> String {
        "alarm-notifies-nobody|\(alarm.scope)|\(alarm.name)"
    }

    /// Every mis-wired alarm naming `subject`, whatever else covers it.
    public func misWirings(of subject: ResourceID) -> [MisWiring] {
        misWirings[subject] ?? []
    }

    /// The SNS topic the alarms of `scope` already notify (by reference), for suggested alarms.
    public func alarmTopic(inScope scope: String) -> ResourceReference? {
        topics[scope]
    }

    private static func key(_ namespace: String, _ metric: String, _ dimension: String) -> String {
        namespace + "\u{1}" + metric + "\u{1}" + dimension
    }

    // MARK: Building

    /// One metric an alarm uses, with its dimensions.
    private struct MetricUse {
        var namespace: String
        var metricName: String
        /// Name, value and where it is written; `index` is the position in a CloudFormation list.
        var dimensions: [(name: String, value: Value?, index: Int?)]
        /// The path of the dimensions in the source spelling, lowercased (`dimensions`,
        /// `metrics[0].metricstat.metric.dimensions`), to find their links.
        var dimensionsPath: String
    }

    private init(model: CloudModel) {
        let nameIndex = LiteralNameIndex(model: model)
        var watches: [ResourceID: [Watch]] = [:]
        var misWirings: [ResourceID: [MisWiring]] = [:]
        var undecided: [String: [Undecided]] = [:]
        var topicCounts: [String: [ResourceReference: Int]] = [:]
        var alarmsByName: [String: ResourceID] = [:]

        for index in model.resourceIndices(of: .alarm) {
            let alarm = model.resources[index]
            if case .value(let name) = alarm[.alarmName].string { alarmsByName[name] = alarm.id }
            let actionable = Self.isActionable(alarm)
            if actionable { Self.countTopics(of: alarm, in: model, into: &topicCounts) }
            let dimensionLinks = alarm.links.filter { $0.path.lowercased().hasPrefix("dimensions") || $0.path.lowercased().contains(".dimensions") }
            for use in Self.metricUses(of: alarm, links: dimensionLinks, in: model) {
                for (position, dimension) in use.dimensions.enumerated() {
                    let expected = AlarmMetricDimensions.kinds(of: dimension.name)
                    guard !expected.isEmpty else { continue }
                    let links = Self.links(for: dimension, at: position, of: use, in: dimensionLinks)
                    let location = links.first?.location ?? alarm.location(of: .dimensions)
                    var decided = false
                    // References: the value itself, or the links behind an expression.
                    var references = dimension.value?.references ?? []
                    if references.isEmpty { references = links.map(\.reference) }
                    for reference in references {
                        guard let target = model.resolve(reference), expected.contains(target.kind) else { continue }
                        switch AlarmMetricDimensions.fit(of: reference, to: target, dimension: dimension.name) {
                        case .fits:
                            watches[target.id, default: []].append(Watch(
                                alarm: alarm.id, namespace: use.namespace, metricName: use.metricName, isActionable: actionable))
                            decided = true
                        case .misWired(let gives):
                            misWirings[target.id, default: []].append(MisWiring(
                                alarm: alarm.id, alarmType: alarm.sourceType, namespace: use.namespace, metricName: use.metricName,
                                dimension: dimension.name, location: location, gives: gives))
                            decided = true
                        case .unrelated:
                            continue
                        }
                    }
                    if decided { continue }
                    switch dimension.value {
                    case .string(let text)?:
                        let named = nameIndex.resources(named: text, dimension: dimension.name)
                        for target in named {
                            watches[target, default: []].append(Watch(
                                alarm: alarm.id, namespace: use.namespace, metricName: use.metricName, isActionable: actionable))
                        }
                        if named.isEmpty {
                            undecided[Self.key(use.namespace, use.metricName, dimension.name), default: []].append(Undecided(
                                alarm: alarm.id, metricName: use.metricName, dimension: dimension.name,
                                expression: "\(dimension.name) = \(text)", location: location, isLiteral: true))
                        }
                    case .unresolved(let expression)?:
                        let named = nameIndex.resources(withExpression: expression, dimension: dimension.name, scope: alarm.id.scope)
                        for target in named {
                            watches[target, default: []].append(Watch(
                                alarm: alarm.id, namespace: use.namespace, metricName: use.metricName, isActionable: actionable))
                        }
                        if named.isEmpty {
                            undecided[Self.key(use.namespace, use.metricName, dimension.name), default: []].append(Undecided(
                                alarm: alarm.id, metricName: use.metricName, dimension: dimension.name,
                                expression: "\(dimension.name) = \(expression)", location: location, isLiteral: false))
                        }
                    default:
                        if dimension.value != nil {
                            undecided[Self.key(use.namespace, use.metricName, dimension.name), default: []].append(Undecided(
                                alarm: alarm.id, metricName: use.metricName, dimension: dimension.name,
                                expression: "\(dimension.name) = \(dimension.value?.displayText ?? "?")", location: location, isLiteral: false))
                        }
                    }
                }
            }
        }

        // Composite alarms cover what their children cover, notifying through themselves.
        var childWatches: [ResourceID: [(subject: ResourceID, watch: Watch)]] = [:]
        for (subject, list) in watches {
            for watch in list { childWatches[watch.alarm, default: []].append((subject, watch)) }
        }
        for index in model.resourceIndices(of: .compositeAlarm) {
            let composite = model.resources[index]
            let actionable = Self.isActionable(composite)
            if actionable { Self.countTopics(of: composite, in: model, into: &topicCounts) }
            var children = Set(composite.links.compactMap { link -> ResourceID? in
                guard let target = model.resolve(link.reference), target.kind == .alarm || target.kind == .compositeAlarm else { return nil }
                return target.id
            })
            if let rule = composite[.alarmRule].value?.stringValue ?? {
                if case .unresolved(let text)? = composite[.alarmRule].value { return text }
                return nil
            }() {
                for name in Self.alarmNames(inRule: rule) { if let child = alarmsByName[name] { children.insert(child) } }
            }
            for child in children.sorted() {
                for (subject, watch) in childWatches[child] ?? [] {
                    var through = watch
                    through.isActionable = actionable
                    through.composite = composite.id
                    watches[subject, default: []].append(through)
                }
            }
        }

        self.watches = watches
        self.misWirings = misWirings
        self.undecided = undecided
        topics = topicCounts.compactMapValues { counts in
            counts.max { ($0.value, $1.key.description) < ($1.value, $0.key.description) }?.key
        }
    }

    /// Actions present (or not known statically) and not disabled (§4.1: enabled by default).
    static func isActionable(_ alarm: Resource) -> Bool {
        if case .value(false) = alarm[.actionsEnabled].bool { return false }
        switch alarm[.alarmActions].list {
        case .value(let actions): return !actions.isEmpty
        case .unknown: return true
        case .absent: return false
        }
    }

    private static func countTopics(of alarm: Resource, in model: CloudModel, into counts: inout [String: [ResourceReference: Int]]) {
        var references = alarm[.alarmActions].value?.references ?? []
        if references.isEmpty {
            references = alarm.links.filter { $0.path.lowercased().hasPrefix("alarm_actions") || $0.path.hasPrefix("AlarmActions") }.map(\.reference)
        }
        for reference in references {
            guard let topic = model.resolve(reference), topic.kind == .topic, topic.id.scope == alarm.id.scope else { continue }
            counts[alarm.id.scope, default: [:]][reference, default: 0] += 1
        }
    }

    /// `ALARM("name")`, `ALARM(name)`, `OK(…)`, `INSUFFICIENT_DATA(…)` in a composite rule.
    static func alarmNames(inRule rule: String) -> [String] {
        var names: [String] = []
        var rest = Substring(rule)
        while let open = rest.firstIndex(of: "(") {
            let before = rest[..<open].reversed().drop { $0 == " " }
            let word = String(before.prefix { $0.isLetter || $0 == "_" }.reversed())
            let after = rest[rest.index(after: open)...]
            guard ["ALARM", "OK", "INSUFFICIENT_DATA"].contains(word.uppercased()), let close = after.firstIndex(of: ")") else {
                rest = after
                continue
            }
            var name = after[..<close].trimmingSpaces
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            if !name.isEmpty { names.append(name) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// The metrics an alarm uses: its own, and each one inside a metric-math expression.
    private static func metricUses(of alarm: Resource, links: [Link], in model: CloudModel) -> [MetricUse] {
        var uses: [MetricUse] = []
        if case .value(let namespace) = alarm[.metricNamespace].string, case .value(let metric) = alarm[.metricName].string {
            var written = dimensions(alarm[.dimensions].value)
            if written.isEmpty {
                // A plan leaves a map that depends on an unknown attribute out of the planned
                // values; its `references` still say which resource it names (§0.3), and the
                // target's kind says which dimension that is.
                for link in links where link.path.lowercased() == "dimensions" {
                    guard let target = model.resolve(link.reference),
                          let name = AlarmMetricDimensions.dimension(keying: target.kind),
                          !written.contains(where: { $0.name == name }) else { continue }
                    written.append((name, nil, nil))
                }
            }
            uses.append(MetricUse(namespace: namespace, metricName: metric, dimensions: written, dimensionsPath: "dimensions"))
        }
        guard case .value(let queries) = alarm[.metricQueries].list else { return uses }
        for (offset, query) in queries.enumerated() {
            // CloudFormation `Metrics[].MetricStat.Metric`, Terraform `metric_query[].metric`
            // (a nested block: a one-element list in JSON and plans).
            let cloudFormation = query["MetricStat"].flatMap { singleBlock($0)["Metric"] }.map(singleBlock)
            let terraform = query["metric"].map(singleBlock)
            guard let metric = cloudFormation ?? terraform else { continue }
            let namespace = metric["Namespace"] ?? metric["namespace"]
            let name = metric["MetricName"] ?? metric["metric_name"]
            guard let namespace = namespace?.stringValue, let name = name?.stringValue else { continue }
            let path = cloudFormation != nil
                ? "metrics[\(offset)].metricstat.metric.dimensions" : "metric_query[\(offset)].metric"
            uses.append(MetricUse(namespace: namespace, metricName: name, dimensions: dimensions(metric["Dimensions"] ?? metric["dimensions"]),
                                  dimensionsPath: path))
        }
        return uses
    }

    private static func singleBlock(_ value: Value) -> Value {
        if case .list(let items) = value, items.count == 1 { return items[0] }
        return value
    }

    /// CloudFormation's `[{Name, Value}]` list or Terraform's map.
    private static func dimensions(_ value: Value?) -> [(name: String, value: Value?, index: Int?)] {
        switch value {
        case .list(let items)?:
            return items.enumerated().compactMap { offset, item in
                guard let name = item["Name"]?.stringValue else { return nil }
                return (name, item["Value"], offset)
            }
        case .map(let entries)?:
            return entries.map { ($0.key, $0.value, nil) }
        default:
            return []
        }
    }

    /// The links written at one dimension; for a plan, whose map has one expression for all
    /// keys (§0.3), the links of the whole map.
    private static func links(
        for dimension: (name: String, value: Value?, index: Int?), at position: Int, of use: MetricUse, in links: [Link]
    ) -> [Link] {
        let base = use.dimensionsPath
        return links.filter { link in
            let path = link.path.lowercased()
            guard path.hasPrefix(base) else { return false }
            let rest = path.dropFirst(base.count)
            if let index = dimension.index { return rest.hasPrefix("[\(index)]") }
            let terraformKey = ".\(dimension.name.lowercased())"
            if base.hasPrefix("metric_query") {
                return rest.hasPrefix(".dimensions\(terraformKey)") || rest.hasPrefix("[0].dimensions\(terraformKey)")
                    || rest == ".dimensions" || rest == "[0].dimensions"
            }
            return rest == terraformKey || rest.hasPrefix(terraformKey + ".") || rest.isEmpty
        }
    }
}

/// Resources by their literal name (and by the unresolved expression that names them), per
/// dimension, for alarms that name their subject as text.
private struct LiteralNameIndex {
    private var byName: [String: [String: [ResourceID]]] = [:]
    private var byExpression: [String: [String: [ResourceID]]] = [:]
    /// Replication groups by id, for `CacheClusterId` members `<id>-NNN`.
    private var cacheGroups: [String: [ResourceID]] = [:]

    init(model: CloudModel) {
        for (dimension, spec) in AlarmMetricDimensions.specs {
            guard let attribute = spec.nameAttribute else { continue }
            for kind in spec.kinds {
                for index in model.resourceIndices(of: kind) {
                    let resource = model.resources[index]
                    switch resource[attribute].value {
                    case .string(let name)?:
                        if dimension == "CacheClusterId" {
                            cacheGroups[name, default: []].append(resource.id)
                        } else {
                            byName[dimension, default: [:]][name, default: []].append(resource.id)
                        }
                    case .unresolved(let expression)?:
                        byExpression[dimension, default: [:]][resource.id.scope + "\u{1}" + expression, default: []].append(resource.id)
                    default:
                        continue
                    }
                }
            }
        }
    }

    func resources(named name: String, dimension: String) -> [ResourceID] {
        if dimension == "CacheClusterId" {
            guard let dash = name.lastIndex(of: "-") else { return cacheGroups[name] ?? [] }
            return cacheGroups[String(name[..<dash])] ?? cacheGroups[name] ?? []
        }
        return byName[dimension]?[name] ?? []
    }

    func resources(withExpression expression: String, dimension: String, scope: String) -> [ResourceID] {
        byExpression[dimension]?[scope + "\u{1}" + expression] ?? []
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
