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
    /// Values in the scope that name its environment (parameter and variable defaults).
    public var environmentHints: [EnvironmentHint]
    /// The AWS Region the scope deploys to, when it says (a Terraform provider's literal
    /// `region`, a plan's provider configuration), with where it was read.
    public var region: ScopeRegion?

    public init(name: String, format: DocumentFormat, files: [String], environmentHints: [EnvironmentHint] = []) {
        self.name = name
        self.format = format
        self.files = files
        self.environmentHints = environmentHints
    }
}

/// The AWS Region a scope names, and where it names it ("provider \"aws\" region").
public struct ScopeRegion: Sendable, Hashable {
    public var name: String
    public var origin: String

    public init(name: String, origin: String) {
        self.name = name
        self.origin = origin
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

/// A loaded scope together with the part of the model's indexes that depends on it alone.
///
/// Built right where the scope was loaded (the scanner does it on the worker that loaded
/// the file, while the resources are still in cache), so joining thousands of scopes into
/// one `CloudModel` is little more than concatenation.
public struct IndexedScope: Sendable {
    public let loaded: LoadedScope
    /// Resources written in the scope, implicit ones (`Resource.isImplicit`) not counted.
    public let declaredResourceCount: Int
    fileprivate let kinds: [ResourceKind]
    /// Per scope name of the resources' ids (nearly always one), positions local to `loaded`.
    fileprivate let scopeIndexes: [(name: String, index: ScopeIndex)]
    /// Links to a resource of another scope than their source's (rare), local positions.
    fileprivate let crossScope: [(target: ResourceID, link: LinkPosition)]

    public init(_ loaded: LoadedScope) {
        self.loaded = loaded
        let resources = loaded.resources
        var kinds: [ResourceKind] = []
        kinds.reserveCapacity(resources.count)
        var scopeIndexes: [(name: String, index: ScopeIndex)] = []
        var crossScope: [(target: ResourceID, link: LinkPosition)] = []
        var current = -1
        var declared = 0
        // Fields are read in place: binding each element would copy the resource.
        for index in resources.indices {
            kinds.append(resources[index].kind)
            if !resources[index].isImplicit { declared += 1 }
            let id = resources[index].id
            // Resources of one scope are nearly always consecutive, and comparing a string
            // with itself is a pointer check: the scope name is looked up once per run.
            if current < 0 || scopeIndexes[current].name != id.scope {
                current = scopeIndexes.firstIndex { $0.name == id.scope } ?? {
                    scopeIndexes.append((id.scope, ScopeIndex(base: 0)))
                    return scopeIndexes.count - 1
                }()
            }
            scopeIndexes[current].index.members.append(index)
            scopeIndexes[current].index.indexByName[id.name] = index
            for (linkIndex, link) in resources[index].links.enumerated() where link.target != id {
                let position = LinkPosition(source: index, link: linkIndex)
                if link.target.scope == id.scope {
                    scopeIndexes[current].index.incoming[link.target.name, default: []].append(position)
                } else {
                    crossScope.append((link.target, position))
                }
            }
        }
        for position in scopeIndexes.indices {
            scopeIndexes[position].index.splitByKindIfLarge { kinds[$0] }
        }
        self.kinds = kinds
        declaredResourceCount = declared
        self.scopeIndexes = scopeIndexes
        self.crossScope = crossScope
    }
}

/// A link by position: its source resource and its place among that resource's links.
fileprivate struct LinkPosition: Sendable {
    var source: Int
    var link: Int

    func offset(by base: Int) -> LinkPosition {
        LinkPosition(source: source + base, link: link)
    }
}

/// The resources whose ids have one scope name. Positions are relative to `base`, so an
/// index built for one loaded scope is adopted by the model without rewriting it.
fileprivate struct ScopeIndex: Sendable {
    var base: Int
    /// In model order.
    var members: [Int] = []
    /// The members split by kind, for large scopes only (a plan of thousands of resources):
    /// a rule may ask for one kind of a scope once per resource, and a small scope is
    /// cheaper to filter than to split.
    var membersByKind: [ResourceKind: [Int]]?
    /// The last resource with each name wins, as for any repeated id.
    var indexByName: [String: Int] = [:]
    /// Links from this scope to resources of this scope, by target name, in model order.
    var incoming: [String: [LinkPosition]] = [:]

    static let smallScope = 64

    init(base: Int) {
        self.base = base
    }

    /// Splits the members by kind when the scope is large; `kindOf` gives the kind of a
    /// position as `members` holds it.
    mutating func splitByKindIfLarge(_ kindOf: (Int) -> ResourceKind) {
        guard members.count > Self.smallScope else {
            membersByKind = nil
            return
        }
        var split: [ResourceKind: [Int]] = [:]
        for member in members { split[kindOf(member), default: []].append(member) }
        membersByKind = split
    }

    /// Adds a later part of the same scope (a scope name that two loaded scopes share).
    /// The split by kind is dropped; the caller splits the joined members again.
    mutating func absorb(_ later: ScopeIndex) {
        membersByKind = nil
        if base != 0 {
            members = members.map { $0 + base }
            indexByName = indexByName.mapValues { $0 + base }
            incoming = incoming.mapValues { $0.map { $0.offset(by: base) } }
            base = 0
        }
        members += later.members.map { $0 + later.base }
        for (name, index) in later.indexByName { indexByName[name] = index + later.base }
        for (name, links) in later.incoming { incoming[name, default: []] += links.map { $0.offset(by: later.base) } }
    }
}

/// The normalized model of everything scanned, with the indexes rules need to follow
/// links in both directions. Immutable once built, so rules can read it concurrently.
///
/// The indexes hold positions in `resources`, not copies of resources or links. Names are
/// indexed per scope, the unit inside which names are unique and nearly every link stays:
/// a lookup hashes a short name rather than a file path and a name.
public final class CloudModel: Sendable {
    public let scopes: [Scope]
    public let resources: [Resource]
    public let policies: [PolicyDocument]
    public let exported: Set<ResourceID>
    /// Resources written in the scanned files: those a transform such as SAM would create
    /// (`Resource.isImplicit`) are checked but not counted.
    public let declaredResourceCount: Int
    private let scopeIndexByName: [String: Int]
    private let scopeIndexes: [ScopeIndex]
    private let indicesByKind: [ResourceKind: [Int]]
    /// Links to a resource of another scope than their source's (rare).
    private let crossScopeIncoming: [ResourceID: [LinkPosition]]

    /// A link seen from its target.
    public struct IncomingLink: Sendable {
        public var sourceIndex: Int
        public var link: Link
    }

    public convenience init(_ loaded: [LoadedScope]) {
        self.init(indexed: loaded.map(IndexedScope.init))
    }

    public init(indexed: [IndexedScope]) {
        scopes = indexed.map(\.loaded.scope)
        var all: [Resource] = []
        all.reserveCapacity(indexed.reduce(0) { $0 + $1.loaded.resources.count })
        var allPolicies: [PolicyDocument] = []
        allPolicies.reserveCapacity(indexed.reduce(0) { $0 + $1.loaded.policies.count })
        var exported: Set<ResourceID> = []
        exported.reserveCapacity(indexed.reduce(0) { $0 + $1.loaded.exported.count })
        var scopeIndexByName: [String: Int] = [:]
        scopeIndexByName.reserveCapacity(indexed.count)
        var scopeIndexes: [ScopeIndex] = []
        var byKind: [ResourceKind: [Int]] = [:]
        var crossScope: [ResourceID: [LinkPosition]] = [:]
        var declared = 0
        for part in indexed {
            declared += part.declaredResourceCount
            let base = all.count
            all += part.loaded.resources
            allPolicies += part.loaded.policies
            exported.formUnion(part.loaded.exported)
            for (name, local) in part.scopeIndexes {
                var index = local
                index.base = base
                if let existing = scopeIndexByName[name] {
                    scopeIndexes[existing].absorb(index)
                    scopeIndexes[existing].splitByKindIfLarge { all[$0].kind }
                } else {
                    scopeIndexByName[name] = scopeIndexes.count
                    scopeIndexes.append(index)
                }
            }
            for (offset, kind) in part.kinds.enumerated() {
                byKind[kind, default: []].append(base + offset)
            }
            for (target, link) in part.crossScope {
                crossScope[target, default: []].append(link.offset(by: base))
            }
        }
        resources = all
        policies = allPolicies
        self.exported = exported
        declaredResourceCount = declared
        self.scopeIndexByName = scopeIndexByName
        self.scopeIndexes = scopeIndexes
        indicesByKind = byKind
        crossScopeIncoming = crossScope
    }

    public func resource(_ id: ResourceID) -> Resource? {
        guard let scope = scopeIndexByName[id.scope], let index = scopeIndexes[scope].indexByName[id.name] else { return nil }
        return resources[scopeIndexes[scope].base + index]
    }

    /// Resources of one kind, in model order (the positions are indexed once, with the model).
    public func resources(of kind: ResourceKind) -> [Resource] {
        (indicesByKind[kind] ?? []).map { resources[$0] }
    }

    /// Positions in `resources` of the resources of one kind, ascending.
    public func resourceIndices(of kind: ResourceKind) -> [Int] {
        indicesByKind[kind] ?? []
    }

    /// Resources of one kind within one scope (a template, a Terraform module, a plan):
    /// the unit inside which names and routes refer to each other.
    public func resources(of kind: ResourceKind, inScope scope: String) -> [Resource] {
        guard let position = scopeIndexByName[scope] else { return [] }
        let base = scopeIndexes[position].base
        if let byKind = scopeIndexes[position].membersByKind {
            return (byKind[kind] ?? []).map { self.resources[base + $0] }
        }
        return scopeIndexes[position].members.lazy.filter { self.resources[base + $0].kind == kind }.map { self.resources[base + $0] }
    }

    /// The links that point at `id`, as absolute positions in model order of their sources.
    private func incoming(_ id: ResourceID) -> [LinkPosition] {
        var local: [LinkPosition] = []
        if let scope = scopeIndexByName[id.scope], let links = scopeIndexes[scope].incoming[id.name] {
            let base = scopeIndexes[scope].base
            local = base == 0 ? links : links.map { $0.offset(by: base) }
        }
        guard let crossing = crossScopeIncoming[id] else { return local }
        // One source's links to one target are all local or all crossing, so merging by
        // source keeps the order a single list would have.
        var merged: [LinkPosition] = []
        merged.reserveCapacity(local.count + crossing.count)
        var localIndex = 0
        var crossingIndex = 0
        while localIndex < local.count || crossingIndex < crossing.count {
            if crossingIndex == crossing.count
                || (localIndex < local.count && local[localIndex].source < crossing[crossingIndex].source) {
                merged.append(local[localIndex])
                localIndex += 1
            } else {
                merged.append(crossing[crossingIndex])
                crossingIndex += 1
            }
        }
        return merged
    }

    /// Every resource that references `id`, with the link it uses.
    public func referrers(of id: ResourceID) -> [(resource: Resource, link: Link)] {
        incoming(id).map { (resources[$0.source], resources[$0.source].links[$0.link]) }
    }

    /// Whether a resource of one of `kinds` references `id` (no allocation).
    public func isReferenced(_ id: ResourceID, byAnyOf kinds: Set<ResourceKind>) -> Bool {
        if let scope = scopeIndexByName[id.scope], let links = scopeIndexes[scope].incoming[id.name] {
            let base = scopeIndexes[scope].base
            if links.contains(where: { kinds.contains(resources[base + $0.source].kind) }) { return true }
        }
        return (crossScopeIncoming[id] ?? []).contains { kinds.contains(resources[$0.source].kind) }
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
