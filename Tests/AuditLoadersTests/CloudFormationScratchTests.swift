import AuditModel
import Testing
@testable import AuditLoaders

func dump(_ loaded: LoadedScope) {
    for resource in loaded.resources {
        print(resource.id.name, resource.kind, resource.sourceType, resource.location, resource.isImplicit ? "implicit" : "", resource.tags)
        for (name, attr) in resource.attributes.sorted(by: { $0.key < $1.key }) where !["DeletionPolicy", "UpdateReplacePolicy"].contains(name.rawValue) {
            print("   ", name, attr.value?.displayText ?? "nil", attr.provenance, attr.location.map(\.description) ?? "-", attr.via ?? "")
        }
        for link in resource.links { print("   link", link.path, link.attribute?.rawValue ?? "-", link.reference, link.location?.description ?? "-") }
    }
    for policy in loaded.policies {
        print("policy", policy.id.name, policy.kind, policy.name, policy.location, policy.unresolvedExpression ?? "")
        for statement in policy.statements {
            print("   stmt", statement.location, statement.effect.value?.displayText ?? "-", statement.actions?.entries.map(\.value.displayText) ?? [], statement.resources?.entries.map { "\($0.value.displayText)@\($0.location!)" } ?? [], statement.principals.map { "\($0.type):\($0.value.displayText)" })
        }
    }
    print("exported:", loaded.exported.map(\.name).sorted())
    for d in loaded.diagnosticMessages { print("diag", d) }
}

@Test func scratchDump() throws {
    dump(try TemplateFixture.loadFixture("broken-shapes.yaml"))
    dump(try TemplateFixture.loadFixture("network-nat.json"))
}
