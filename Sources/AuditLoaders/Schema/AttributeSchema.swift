import AuditModel

/// What a loader records when an attribute is not written (rule-catalog §0.2).
public enum AbsentValue: Sendable {
    /// The tool sends this value when the attribute is unset (Terraform provider default).
    case tool(Value, note: String)
    /// Nothing is sent; the AWS service applies this default.
    case service(Value, note: String)
}

/// Converts a format's spelling of a value into the canonical one, where the two formats
/// disagree on shape (Terraform's legacy `versioning.enabled = true` versus
/// CloudFormation's `Status: Enabled`).
public enum ValueConversion: Sendable {
    /// `true` → `"Enabled"`, `false` → `"Suspended"`.
    case boolToEnabledSuspended
    /// A JSON document held in a string (Terraform `redrive_policy`, `policy`) → its value.
    case jsonString
    /// DynamoDB replicas (CloudFormation global-table `Replicas`, Terraform `replica` blocks)
    /// → entries with the canonical keys `Region`, `PointInTimeRecoveryEnabled` and
    /// `DeletionProtectionEnabled`, so rules read one shape.
    case cloudFormationTableReplicas, terraformTableReplicas
    /// A CloudFormation global table keeps some settings only per replica: the table-level
    /// flag is true when every replica sets the one at this dotted path true.
    case everyReplica(String)
    /// Terraform `aws_budgets_budget` `notification` blocks → CloudFormation's
    /// `NotificationsWithSubscribers` shape (`Notification` + `Subscribers` with
    /// `SubscriptionType` `EMAIL`/`SNS` and `Address`), so rules read one shape.
    case terraformBudgetNotifications
}

/// One canonical attribute and where each format writes it.
///
/// Paths are dotted, relative to the resource body (CloudFormation `Properties`,
/// Terraform's resource object). Terraform nested blocks are lists of one object; the
/// path walker steps into them transparently. `[*]` collects a field from every element
/// of a list, yielding a list.
public struct AttributeSpec: Sendable {
    public var name: AttributeName
    public var cloudFormation: String? {
        didSet { cloudFormationPath = cloudFormation.map(AttributePath.init) }
    }
    public var terraform: String? {
        didSet { terraformPath = terraform.map(AttributePath.init) }
    }
    /// The paths split into steps once, not on every resource read.
    private(set) var cloudFormationPath: AttributePath?
    private(set) var terraformPath: AttributePath?
    public var absentInCloudFormation: AbsentValue?
    public var absentInTerraform: AbsentValue?
    /// CloudFormation only: the value when the attribute's enclosing block is written but
    /// the attribute is not (an S3 `PublicAccessBlockConfiguration` with a flag left out
    /// turns that flag off, while no block at all keeps the service default on).
    public var absentInWrittenCloudFormationBlock: AbsentValue?
    public var terraformConversion: ValueConversion?
    public var cloudFormationConversion: ValueConversion?

    public init(
        _ name: AttributeName, cfn: String? = nil, tf: String? = nil,
        cfnAbsent: AbsentValue? = nil, tfAbsent: AbsentValue? = nil,
        tfConversion: ValueConversion? = nil, cfnConversion: ValueConversion? = nil,
        cfnAbsentInWrittenBlock: AbsentValue? = nil
    ) {
        self.absentInWrittenCloudFormationBlock = cfnAbsentInWrittenBlock
        self.name = name
        self.cloudFormation = cfn
        self.terraform = tf
        self.cloudFormationPath = cfn.map(AttributePath.init)
        self.terraformPath = tf.map(AttributePath.init)
        self.absentInCloudFormation = cfnAbsent
        self.absentInTerraform = tfAbsent
        self.terraformConversion = tfConversion
        self.cloudFormationConversion = cfnConversion
    }

    /// The same attribute name and path in both formats, e.g. a `Tags`-like pass-through.
    public static func same(_ name: AttributeName, cfn: String, tf: String, absent: AbsentValue? = nil) -> AttributeSpec {
        AttributeSpec(name, cfn: cfn, tf: tf, cfnAbsent: absent, tfAbsent: absent)
    }
}

/// A Terraform resource that configures another one (the S3 split resources): its
/// attributes are joined into the target resource found through `linkAttribute`.
public struct TerraformCompanion: Sendable {
    public var type: String
    /// The companion's attribute that names the target (`bucket`).
    public var linkAttribute: String
    /// Canonical attributes the companion sets, with their paths inside the companion.
    public var attributes: [(name: AttributeName, path: String, conversion: ValueConversion?)]

    public init(type: String, linkAttribute: String, attributes: [(name: AttributeName, path: String, conversion: ValueConversion?)]) {
        self.type = type
        self.linkAttribute = linkAttribute
        self.attributes = attributes
    }
}

/// A dotted schema path (`A.B`, `rule[*].x`) split into its steps.
struct AttributePath: Sendable {
    struct Step: Sendable {
        var key: String
        /// Written `key[*]`: collect the rest of the path from every element of a list.
        var collectsEachElement: Bool
    }

    var steps: [Step]

    init(_ path: String) {
        steps = path.split(separator: ".").map { segment in
            segment.hasSuffix("[*]")
                ? Step(key: String(segment.dropLast(3)), collectsEachElement: true)
                : Step(key: String(segment), collectsEachElement: false)
        }
    }
}

/// One cloud concept and how each format spells it.
public struct KindSpec: Sendable {
    public var kind: ResourceKind
    public var cloudFormationTypes: [String]
    public var terraformTypes: [String]
    public var attributes: [AttributeSpec] {
        didSet { derived = Derived(attributes) }
    }
    public var companions: [TerraformCompanion]
    /// Tables computed from `attributes` once, not for every resource.
    private var derived: Derived

    /// CloudFormation path as written in the schema → attribute (the first one wins), for
    /// giving links their canonical attribute.
    var cloudFormationAttributeByPath: [String: AttributeName] { derived.cloudFormationAttributeByPath }

    /// The attributes of a resource that writes none of them: every attribute with a path
    /// in the dialect and a default for its absence. `nil` when two attributes with a path
    /// share a name (the mapper then decides attribute by attribute, in order).
    func defaults(for dialect: SchemaDialect) -> [AttributeName: Attr]? {
        switch dialect {
        case .cloudFormation: derived.cloudFormationDefaults
        case .terraform: derived.terraformDefaults
        }
    }

    /// Positions in `attributes` of those with `absentInWrittenCloudFormationBlock`.
    var cloudFormationBlockDefaults: [Int] { derived.cloudFormationBlockDefaults }

    /// Positions in `attributes` by the first key of their path in the dialect, so a body
    /// is matched by walking its keys once; attributes with an empty path are not listed.
    func attributesByFirstKey(for dialect: SchemaDialect) -> [String: [Int]] {
        switch dialect {
        case .cloudFormation: derived.cloudFormationByFirstKey
        case .terraform: derived.terraformByFirstKey
        }
    }

    private struct Derived: Sendable {
        var cloudFormationAttributeByPath: [String: AttributeName] = [:]
        var cloudFormationDefaults: [AttributeName: Attr]?
        var terraformDefaults: [AttributeName: Attr]?
        var cloudFormationByFirstKey: [String: [Int]] = [:]
        var terraformByFirstKey: [String: [Int]] = [:]
        var cloudFormationBlockDefaults: [Int] = []

        init(_ attributes: [AttributeSpec]) {
            for (index, attribute) in attributes.enumerated() {
                if attribute.absentInWrittenCloudFormationBlock != nil, attribute.cloudFormationPath != nil {
                    cloudFormationBlockDefaults.append(index)
                }
                if let key = attribute.cloudFormationPath?.steps.first?.key {
                    cloudFormationByFirstKey[key, default: []].append(index)
                }
                if let key = attribute.terraformPath?.steps.first?.key {
                    terraformByFirstKey[key, default: []].append(index)
                }
                guard let path = attribute.cloudFormation, cloudFormationAttributeByPath[path] == nil else { continue }
                cloudFormationAttributeByPath[path] = attribute.name
            }
            cloudFormationDefaults = Self.defaults(attributes, path: \.cloudFormation, absent: \.absentInCloudFormation)
            terraformDefaults = Self.defaults(attributes, path: \.terraform, absent: \.absentInTerraform)
        }

        private static func defaults(
            _ attributes: [AttributeSpec], path: KeyPath<AttributeSpec, String?>, absent: KeyPath<AttributeSpec, AbsentValue?>
        ) -> [AttributeName: Attr]? {
            var entries: [(AttributeName, Attr)] = []
            var names: Set<AttributeName> = []
            // An attribute the dialect has no path for still takes its default there (a
            // bucket's public-access flags, which Terraform sets only through a split resource).
            for attribute in attributes where attribute[keyPath: path] != nil || attribute[keyPath: absent] != nil {
                guard names.insert(attribute.name).inserted else { return nil }
                if let value = attribute[keyPath: absent] { entries.append((attribute.name, SchemaMapper.defaulted(value))) }
            }
            // Room for the few attributes a loader adds after mapping (deletion policies,
            // metadata), not for every attribute of the kind: most are not written, and every
            // resource keeps its dictionary.
            var defaults = [AttributeName: Attr](minimumCapacity: entries.count + 3)
            for (name, attribute) in entries { defaults[name] = attribute }
            return defaults
        }
    }

    public init(
        _ kind: ResourceKind, cfn: [String], tf: [String], attributes: [AttributeSpec] = [],
        companions: [TerraformCompanion] = []
    ) {
        self.kind = kind
        self.cloudFormationTypes = cfn
        self.terraformTypes = tf
        self.attributes = attributes
        self.companions = companions
        self.derived = Derived(attributes)
    }
}

/// Lookup tables over `ResourceSchema.kinds`, built once.
public struct SchemaIndex: Sendable {
    public let byCloudFormationType: [String: KindSpec]
    public let byTerraformType: [String: KindSpec]
    /// Companion type → (target kind spec, companion).
    public let companionsByType: [String: (target: KindSpec, companion: TerraformCompanion)]
    /// `byCloudFormationType` with each spec behind one reference: the CloudFormation loader
    /// looks a spec up per resource, and copying a spec retains every table it holds.
    let sharedByCloudFormationType: [String: SharedKindSpec]

    public init(_ kinds: [KindSpec]) {
        var cfn: [String: KindSpec] = [:]
        var tf: [String: KindSpec] = [:]
        var companions: [String: (KindSpec, TerraformCompanion)] = [:]
        for spec in kinds {
            for type in spec.cloudFormationTypes { cfn[type] = spec }
            for type in spec.terraformTypes { tf[type] = spec }
            for companion in spec.companions { companions[companion.type] = (spec, companion) }
        }
        byCloudFormationType = cfn
        sharedByCloudFormationType = cfn.mapValues(SharedKindSpec.init)
        byTerraformType = tf
        companionsByType = companions
    }

    public static let shared = SchemaIndex(ResourceSchema.kinds)
}

/// An immutable kind spec shared by reference.
final class SharedKindSpec: Sendable {
    let spec: KindSpec

    init(_ spec: KindSpec) {
        self.spec = spec
    }
}
