import AuditModel
import Testing

/// The model's indexes hold positions, are built per loaded scope and joined, and split
/// large scopes by kind; these tests hold them to a naive reading of the same resources,
/// including the rare shapes a scan seldom produces (a scope name shared by two loaded
/// scopes, ids of another scope inside a loaded scope, links across scopes).
@Suite struct CloudModelIndexTests {
    static let kinds: [ResourceKind] = [.route, .routeTable, .natGateway, .bucket, .role]

    /// `count` resources of several kinds, with repeated names, some ids in a second scope,
    /// and links inside the scope, to the second scope and to a scope not loaded.
    static func loadedScope(_ scope: String, count: Int, salt: Int) -> LoadedScope {
        var resources: [Resource] = []
        for index in 0..<count {
            let id = ResourceID(scope: index % 7 == 3 ? scope + "-other" : scope, name: "r\((index * 13 + salt) % (count / 2 + 1))")
            var links: [Link] = []
            for step in 0..<(index % 4) {
                let targetScope = step == 2 ? "elsewhere" : (step == 1 ? scope + "-other" : scope)
                let target = ResourceID(scope: targetScope, name: "r\((index + step * 5) % 40)")
                links.append(Link(path: "p\(step)", reference: ResourceReference(target: target), location: nil))
            }
            links.append(Link(path: "self", reference: ResourceReference(target: id), location: nil))
            resources.append(Resource(
                id: id, kind: kinds[(index + salt) % kinds.count], sourceType: "T",
                location: SourceLocation(file: scope, line: index, column: 1), links: links, isImplicit: index % 5 == 0
            ))
        }
        return LoadedScope(scope: Scope(name: scope, format: .cloudFormation, files: [scope]), resources: resources)
    }

    @Test func indexesAgreeWithNaiveLookups() {
        let loaded = [
            Self.loadedScope("a", count: 150, salt: 0), Self.loadedScope("b", count: 20, salt: 1),
            Self.loadedScope("a", count: 90, salt: 2), Self.loadedScope("c", count: 5, salt: 3),
            Self.loadedScope("b", count: 80, salt: 4),
        ]
        let model = CloudModel(loaded)
        let all = loaded.flatMap(\.resources)
        #expect(model.resources.count == all.count)
        #expect(model.declaredResourceCount == all.filter { !$0.isImplicit }.count)

        var ids: Set<ResourceID> = [ResourceID(scope: "not-loaded", name: "r1")]
        for resource in all {
            ids.insert(resource.id)
            for link in resource.links { ids.insert(link.target) }
        }
        for id in ids {
            // The last resource with an id wins.
            let expected = all.indices.last { all[$0].id == id }
            #expect(model.resource(id)?.location == expected.map { all[$0].location })
            let incoming = all.indices.flatMap { source in
                all[source].links.filter { $0.target == id && $0.target != all[source].id }.map { (source, $0) }
            }
            let referrers = model.referrers(of: id)
            #expect(referrers.map(\.resource.location) == incoming.map { all[$0.0].location })
            #expect(referrers.map(\.link) == incoming.map(\.1))
            for kinds: Set<ResourceKind> in [[.route], [.bucket, .role], [.natGateway]] {
                #expect(model.isReferenced(id, byAnyOf: kinds) == incoming.contains { kinds.contains(all[$0.0].kind) })
            }
        }
        for scope in ["a", "b", "c", "a-other", "b-other", "not-loaded"] {
            for kind in Self.kinds {
                let expected = all.filter { $0.id.scope == scope && $0.kind == kind }.map(\.location)
                #expect(model.resources(of: kind, inScope: scope).map(\.location) == expected)
            }
        }
        for kind in Self.kinds {
            #expect(model.resources(of: kind).map(\.location) == all.filter { $0.kind == kind }.map(\.location))
            #expect(model.resourceIndices(of: kind) == all.indices.filter { all[$0].kind == kind })
        }
    }

    /// `Resource` keeps its fields in a shared box; a changed copy must not change another.
    @Test func resourceCopiesAreIndependent() {
        let original = Resource(
            id: ResourceID(scope: "s", name: "n"), kind: .bucket, sourceType: "T",
            location: SourceLocation(file: "f", line: 1, column: 1)
        )
        var changed = original
        changed.attributes[.bucketName] = Attr(value: .string("x"), provenance: .explicit)
        changed.links.append(Link(path: "p", reference: ResourceReference(target: original.id), location: nil))
        changed.tags["k"] = "v"
        changed.kind = .role
        changed.isImplicit = true
        var changedAgain = changed
        changedAgain.attributes[.bucketName] = nil

        #expect(original.attributes.isEmpty && original.links.isEmpty && original.tags.isEmpty)
        #expect(original.kind == .bucket && !original.isImplicit && original[.bucketName].isAbsent)
        #expect(changed.attributes.count == 1 && changed.links.count == 1 && changed.tags == ["k": "v"])
        #expect(changed.kind == .role && changed.isImplicit && changed[.bucketName].value == .string("x"))
        #expect(changedAgain.attributes.isEmpty && changedAgain.links.count == 1)
    }
}
