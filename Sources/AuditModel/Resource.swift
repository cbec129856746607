/// A link from one resource to another, found anywhere in the source resource's
/// configuration (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `${aws_x.y.attr}`, plan `references`).
public struct Link: Sendable, Hashable {
    /// Where the reference sits in the source resource, in the source's own spelling
    /// (`NatGatewayId`, `route[0].nat_gateway_id`); for messages and debugging.
    public var path: String
    /// The canonical attribute that holds the reference, when the loader mapped it.
    public var attribute: AttributeName?
    public var reference: ResourceReference
    public var location: SourceLocation?

    public init(path: String, attribute: AttributeName? = nil, reference: ResourceReference, location: SourceLocation?) {
        self.path = path
        self.attribute = attribute
        self.reference = reference
        self.location = location
    }

    public var target: ResourceID { reference.target }
}

/// One resource of the normalized model.
///
/// A value type whose fields live in one shared, copy-on-write box: a scan copies
/// resources into the model, into index results and through the rules, and copying one
/// reference is far cheaper than retaining each of its strings and collections.
public struct Resource: Sendable {
    /// The fields. Only ever mutated through `Resource`'s setters, which first make the
    /// box unique (`isKnownUniquelyReferenced`), so a box is never written while another
    /// value, possibly on another thread, can read it: that is what makes it Sendable.
    private final class Storage: @unchecked Sendable {
        var id: ResourceID
        var kind: ResourceKind
        var sourceType: String
        var location: SourceLocation
        var attributes: [AttributeName: Attr]
        var links: [Link]
        var isImplicit: Bool
        var tags: [String: String]
        var suppressionDirectives: [SuppressionDirective] = []

        init(
            id: ResourceID, kind: ResourceKind, sourceType: String, location: SourceLocation,
            attributes: [AttributeName: Attr], links: [Link], isImplicit: Bool, tags: [String: String]
        ) {
            self.id = id
            self.kind = kind
            self.sourceType = sourceType
            self.location = location
            self.attributes = attributes
            self.links = links
            self.isImplicit = isImplicit
            self.tags = tags
        }

        func copy() -> Storage {
            let copy = Storage(id: id, kind: kind, sourceType: sourceType, location: location, attributes: attributes,
                               links: links, isImplicit: isImplicit, tags: tags)
            copy.suppressionDirectives = suppressionDirectives
            return copy
        }
    }

    private var storage: Storage

    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: ResourceID {
        get { storage.id }
        set { uniqueStorage().id = newValue }
    }

    public var kind: ResourceKind {
        get { storage.kind }
        set { uniqueStorage().kind = newValue }
    }

    /// The type as written: `AWS::RDS::DBInstance`, `aws_db_instance`, `AWS::Serverless::Function`.
    public var sourceType: String {
        get { storage.sourceType }
        set { uniqueStorage().sourceType = newValue }
    }

    /// The resource's key: logical id in a template, resource name in Terraform JSON,
    /// the `address` entry in a plan.
    public var location: SourceLocation {
        get { storage.location }
        set { uniqueStorage().location = newValue }
    }

    public var attributes: [AttributeName: Attr] {
        get { storage.attributes }
        _modify { yield &uniqueStorage().attributes }
    }

    public var links: [Link] {
        get { storage.links }
        _modify { yield &uniqueStorage().links }
    }

    /// True for resources that SAM or a similar transform would create (a function's
    /// implicit execution role, `ServerlessRestApi`). Their location is the resource
    /// that implies them.
    public var isImplicit: Bool {
        get { storage.isImplicit }
        set { uniqueStorage().isImplicit = newValue }
    }

    /// Tags as literal key/value pairs, where resolvable.
    public var tags: [String: String] {
        get { storage.tags }
        _modify { yield &uniqueStorage().tags }
    }

    /// Suppressions written on the resource (its `Metadata`, or its Terraform `"//"`
    /// comment); a resource SAM generates carries those of the resource that implies it.
    public var suppressionDirectives: [SuppressionDirective] {
        get { storage.suppressionDirectives }
        _modify { yield &uniqueStorage().suppressionDirectives }
    }

    public init(
        id: ResourceID, kind: ResourceKind, sourceType: String, location: SourceLocation,
        attributes: [AttributeName: Attr] = [:], links: [Link] = [], isImplicit: Bool = false,
        tags: [String: String] = [:]
    ) {
        storage = Storage(id: id, kind: kind, sourceType: sourceType, location: location, attributes: attributes,
                          links: links, isImplicit: isImplicit, tags: tags)
    }

    /// The attribute, or `.absent` when the loader recorded nothing for it.
    public subscript(name: AttributeName) -> Attr {
        storage.attributes[name] ?? .absent
    }

    /// Where a finding about `name` should land: the attribute's key when it is written,
    /// otherwise the resource's key.
    public func location(of name: AttributeName) -> SourceLocation {
        storage.attributes[name]?.location ?? storage.location
    }
}
