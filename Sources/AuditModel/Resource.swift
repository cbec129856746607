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
public struct Resource: Sendable {
    public var id: ResourceID
    public var kind: ResourceKind
    /// The type as written: `AWS::RDS::DBInstance`, `aws_db_instance`, `AWS::Serverless::Function`.
    public var sourceType: String
    /// The resource's key: logical id in a template, resource name in Terraform JSON,
    /// the `address` entry in a plan.
    public var location: SourceLocation
    public var attributes: [AttributeName: Attr]
    public var links: [Link]
    /// True for resources that SAM or a similar transform would create (a function's
    /// implicit execution role, `ServerlessRestApi`). Their location is the resource
    /// that implies them.
    public var isImplicit: Bool
    /// Tags as literal key/value pairs, where resolvable.
    public var tags: [String: String]

    public init(
        id: ResourceID, kind: ResourceKind, sourceType: String, location: SourceLocation,
        attributes: [AttributeName: Attr] = [:], links: [Link] = [], isImplicit: Bool = false,
        tags: [String: String] = [:]
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

    /// The attribute, or `.absent` when the loader recorded nothing for it.
    public subscript(name: AttributeName) -> Attr {
        attributes[name] ?? .absent
    }

    /// Where a finding about `name` should land: the attribute's key when it is written,
    /// otherwise the resource's key.
    public func location(of name: AttributeName) -> SourceLocation {
        attributes[name]?.location ?? location
    }
}
