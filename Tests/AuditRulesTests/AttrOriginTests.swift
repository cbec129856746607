import AuditCore
import AuditModel
import Testing

/// How findings say where a value came from.
@Suite struct AttrOriginTests {
    @Test func explicitValue() {
        #expect(Attr(value: .bool(false), provenance: .explicit).origin == "is false")
        #expect(Attr(value: .number(0), provenance: .explicit, via: "parameter Days default").origin == "is 0 (parameter Days default)")
    }

    @Test func defaultsAreQuotedWithoutTheirCitation() {
        let service = Attr(value: .bool(false), provenance: .defaultedByService("By default, deletion protection is disabled [CFN-UG x]"))
        #expect(service.origin == "is not set (By default, deletion protection is disabled)")
        let acronym = Attr(value: .number(1), provenance: .defaultedByService("RDS API default retention is 1 day [CFN-UG]"))
        #expect(acronym.origin == "is not set (RDS API default retention is 1 day)")
    }

    @Test func unresolvedAndAbsent() {
        #expect(Attr(value: .unresolved("!Ref Days"), provenance: .unresolved("!Ref Days")).origin == "depends on !Ref Days")
        #expect(Attr.absent.origin == "is not set")
    }
}
