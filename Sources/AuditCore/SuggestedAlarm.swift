import AuditModel

/// The alarm a missing-alarm finding asks for, for that very resource, independent of the
/// input format: rules build it, and the pipeline renders it in the format the resource was
/// found in (`SuggestedAlarmRenderer` in AuditKit), so the user can paste it next to the
/// resource. Dimension values are references to the resource, never copied names, so the
/// alarm keeps watching it if it is renamed.
public struct SuggestedAlarm: Sendable, Hashable {
    /// A dimension of the alarm's metric.
    public struct Dimension: Sendable, Hashable {
        public var name: String
        public var value: DimensionValue
        public init(name: String, value: DimensionValue) {
            self.name = name
            self.value = value
        }
    }

    /// How a dimension gets its value.
    public enum DimensionValue: Sendable, Hashable {
        /// An attribute of a resource of the model, in that resource's own spelling
        /// (`ResourceReference.attribute` `nil` is CloudFormation's `Ref`), optionally with
        /// literal text after it (`<replication group>-001`).
        case reference(ResourceReference, suffix: String = "")
        /// Fixed text (`Region: Global`) or a name that is only known as a literal.
        case literal(String)
        /// The stack's name (SAM titles an API without `Name` with it).
        case stackName
    }

    /// Where notifications go.
    public enum Action: Sendable, Hashable {
        /// The SNS topic the scanned set's alarms already notify (by reference).
        case topic(ResourceReference)
        /// No topic found: a placeholder the user fills in (a parameter or variable).
        case placeholder
    }

    /// The resource watched; the rendered alarm sits in its scope.
    public var subject: ResourceID
    /// A name for the alarm resource: `<subject><Metric>Alarm` style, unique enough to paste.
    public var logicalName: String
    public var description: String
    public var namespace: String
    public var metricName: String
    public var dimensions: [Dimension]
    public var statistic: String
    public var period: Int
    public var evaluationPeriods: Int
    public var threshold: Double
    public var comparisonOperator: String
    /// `notBreaching` for error counts (quiet functions must not sit in INSUFFICIENT_DATA),
    /// `breaching` where no data means trouble, `missing` otherwise.
    public var treatMissingData: String
    public var action: Action

    public init(
        subject: ResourceID, logicalName: String, description: String, namespace: String, metricName: String,
        dimensions: [Dimension], statistic: String, period: Int, evaluationPeriods: Int, threshold: Double,
        comparisonOperator: String, treatMissingData: String, action: Action
    ) {
        self.subject = subject
        self.logicalName = logicalName
        self.description = description
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.statistic = statistic
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.treatMissingData = treatMissingData
        self.action = action
    }

    /// CloudWatch list price of one standard-resolution alarm metric, per month, beyond the
    /// ten free ones of the free tier (aws.amazon.com/cloudwatch/pricing [CW-price]; the
    /// per-alarm rate from a secondary source [CW-rates], rule-catalog §3.1).
    public static let monthlyPrice = 0.10
    public static let freeAlarms = 10

    /// The alarm in words, the generic form `auditstack explain` shows.
    public var genericText: String {
        let dimensionText = dimensions.map { "\($0.name)=\($0.value.genericText)" }.joined(separator: ", ")
        return "\(namespace) \(metricName) [\(dimensionText)] \(statistic) over \(period) s, \(comparisonOperator) \(threshold.compactText) "
            + "for \(evaluationPeriods) period\(evaluationPeriods == 1 ? "" : "s"), TreatMissingData \(treatMissingData), "
            + "notifying \(action.genericText)"
    }
}

extension SuggestedAlarm.DimensionValue {
    public var genericText: String {
        switch self {
        case .reference(let reference, let suffix): "<\(reference)>\(suffix)"
        case .literal(let text): text
        case .stackName: "<stack name>"
        }
    }
}

extension SuggestedAlarm.Action {
    public var genericText: String {
        switch self {
        case .topic(let reference): "the alarm topic \(reference.target.name)"
        case .placeholder: "your alarm topic"
        }
    }
}

extension Double {
    /// `1` rather than `1.0`, `0.5` as is.
    public var compactText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

/// A configuration fragment to paste, in the language of the file it belongs with.
public struct RenderedSnippet: Sendable, Hashable {
    /// `yaml` (CloudFormation) or `json` (Terraform JSON), for Markdown fences and SARIF.
    public var language: String
    /// Where it goes, in words ("under Resources: in template.yaml", "a new alarms.tf.json beside main.tf.json").
    public var placement: String
    public var text: String
    public init(language: String, placement: String, text: String) {
        self.language = language
        self.placement = placement
        self.text = text
    }
}
