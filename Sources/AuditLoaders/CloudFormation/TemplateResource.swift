import AuditModel
import AuditSyntax

/// A resource ready to be adapted into the model: as declared in the template, or as the SAM
/// emulation produced it (a translated body, or a resource SAM generates). Properties are
/// still syntax: intrinsics are resolved once, when the resource is built.
struct TemplateResource {
    var logicalID: String
    /// The CloudFormation type whose schema and embedded policies apply
    /// (`AWS::Lambda::Function` for a SAM function).
    var type: String
    /// The type as written (`AWS::Serverless::Function`), or the generated type for implicit resources.
    var sourceType: String
    /// The logical id's key; for implicit resources, the key of what implies them.
    var location: SourcePosition
    var properties: Node?
    var conditionName: String?
    var conditionPosition: SourcePosition
    var dependsOn: MappingEntry?
    var deletionPolicy: MappingEntry?
    var updateReplacePolicy: MappingEntry?
    var metadata: MappingEntry?
    /// For a resource SAM generates: the `Metadata` of the resource that implies it, whose
    /// suppressions cover what SAM generates from it.
    var impliedByMetadata: MappingEntry?
    var isImplicit = false
    /// Attributes the SAM transform sets whatever the body says (a generated role reference,
    /// SimpleTable's billing mode).
    var attributeOverrides: [AttributeName: Attr] = [:]
    /// Attributes the transform writes into the generated body: mapped from the body, but
    /// recorded as tool defaults with this note because the user did not write them.
    var generatedAttributes: [AttributeName: String] = [:]
    var extraLinks: [Link] = []
    var extraTags: [String: String] = [:]

    init(logicalID: String, type: String, sourceType: String, location: SourcePosition, properties: Node?) {
        self.logicalID = logicalID
        self.type = type
        self.sourceType = sourceType
        self.location = location
        self.properties = properties
        self.conditionPosition = location
    }

    /// A resource SAM generates because of this one: same condition and deletion policies
    /// (SAM passes those through), positioned at `location`.
    func implied(logicalID: String, type: String, location: SourcePosition, properties: Node?) -> TemplateResource {
        var resource = TemplateResource(logicalID: logicalID, type: type, sourceType: type, location: location, properties: properties)
        resource.conditionName = conditionName
        resource.conditionPosition = conditionPosition
        resource.deletionPolicy = deletionPolicy
        resource.updateReplacePolicy = updateReplacePolicy
        resource.isImplicit = true
        resource.impliedByMetadata = metadata ?? impliedByMetadata
        return resource
    }
}
