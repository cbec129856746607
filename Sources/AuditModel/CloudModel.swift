import AuditSyntax

/// A problem a loader met that is not fatal for the file: a `Ref` to nothing, an
/// intrinsic it does not know, a resource type it cannot adapt.
public struct LoadDiagnostic: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable { case error, warning }
    public var level: Level
    public var message: String
    public var location: SourceLocation

    public init(_ level: Level, _ message: String, at location: SourceLocation) {
        self.level = level
        self.message = message
        self.location = location
    }
}

/// A unit of naming: one template, one Terraform module directory, one plan or policy file.
public struct Scope: Sendable, Hashable {
    public var name: String
    public var format: DocumentFormat
    public var files: [String]

    public init(name: String, format: DocumentFormat, files: [String]) {
        self.name = name
        self.format = format
        self.files = files
    }
}

/// What one loader call produces; the pipeline merges these into a `CloudModel`.
public struct LoadedScope: Sendable {
    public var scope: Scope
    public var resources: [Resource]
    public var policies: [PolicyDocument]
    /// Resources named by an output or export, i.e. possibly used outside this scope.
    public var exported: Set<ResourceID>
    public var diagnostics: [LoadDiagnostic]

    public init(
        scope: Scope, resources: [Resource] = [], policies: [PolicyDocument] = [],
        exported: Set<ResourceID> = [], diagnostics: [LoadDiagnostic] = []
    ) {
        self.scope = scope
        self.resources = resources
        self.policies = policies
        self.exported = exported
        self.diagnostics = diagnostics
    }
}

/// The normalized model of everything scanned, with the indexes rules need to follow
/// links in both directions. Immutable once built, so rules can read it concurrently.
public final class CloudModel: Sendable {
    public let scopes: [Scope]
    public let resources: [Resource]
    public let policies: [PolicyDocument]
    public let exported: Set<ResourceID>
    private let indexByID: [ResourceID: Int]
    private let resourcesByKind: [ResourceKind: [Resource]]
    private let resourcesByScopeAndKind: [ScopeKind: [Resource]]
    private let incoming: [ResourceID: [IncomingLink]]

    /// A link seen from its target.
    public struct IncomingLink: Sendable {
        public var sourceIndex: Int
        public var link: Link
    }

    private struct ScopeKind: Hashable {
        var scope: String
        var kind: ResourceKind
    }

    public init(_ loaded: [LoadedScope]) {
        scopes = loaded.map(\.scope)
        resources = loaded.flatMap(\.resources)
        policies = loaded.flatMap(\.policies)
        exported = loaded.reduce(into: Set()) { $0.formUnion($1.exported) }
        var byID: [ResourceID: Int] = [:]
        var byKind: [ResourceKind: [Resource]] = [:]
        var byScopeAndKind: [ScopeKind: [Resource]] = [:]
        var incoming: [ResourceID: [IncomingLink]] = [:]
        byID.reserveCapacity(resources.count)
        for (index, resource) in resources.enumerated() {
            byID[resource.id] = index
            byKind[resource.kind, default: []].append(resource)
            byScopeAndKind[ScopeKind(scope: resource.id.scope, kind: resource.kind), default: []].append(resource)
            for link in resource.links where link.target != resource.id {
                incoming[link.target, default: []].append(IncomingLink(sourceIndex: index, link: link))
            }
        }
        indexByID = byID
        resourcesByKind = byKind
        resourcesByScopeAndKind = byScopeAndKind
        self.incoming = incoming
    }

    public func resource(_ id: ResourceID) -> Resource? {
        indexByID[id].map { resources[$0] }
    }

    /// Resources of one kind; the array is built once with the model, so this is free.
    public func resources(of kind: ResourceKind) -> [Resource] {
        resourcesByKind[kind] ?? []
    }

    /// Resources of one kind within one scope (a template, a Terraform module, a plan):
    /// the unit inside which names and routes refer to each other.
    public func resources(of kind: ResourceKind, inScope scope: String) -> [Resource] {
        resourcesByScopeAndKind[ScopeKind(scope: scope, kind: kind)] ?? []
    }

    /// Every resource that references `id`, with the link it uses.
    public func referrers(of id: ResourceID) -> [(resource: Resource, link: Link)] {
        (incoming[id] ?? []).map { (resources[$0.sourceIndex], $0.link) }
    }

    /// Whether a resource of one of `kinds` references `id` (no allocation).
    public func isReferenced(_ id: ResourceID, byAnyOf kinds: Set<ResourceKind>) -> Bool {
        (incoming[id] ?? []).contains { kinds.contains(resources[$0.sourceIndex].kind) }
    }

    /// The resource a link points to, when it is in the model.
    public func resolve(_ reference: ResourceReference) -> Resource? {
        resource(reference.target)
    }

    /// The policy documents carried by a resource (inline policies, trust policy, …).
    public func policies(ownedBy id: ResourceID) -> [PolicyDocument] {
        policies.filter { $0.owner == id }
    }
}
