/// The identity of a resource, stable across line moves (used for fingerprints and links).
///
/// `scope` is the unit in which names are unique: a CloudFormation template file, a
/// Terraform module directory, a plan file, or a policy file. `name` is the logical id
/// (`Database`), the Terraform address (`module.vpc.aws_nat_gateway.main`) or, for a
/// standalone policy, the file name.
public struct ResourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var scope: String
    public var name: String

    public init(scope: String, name: String) {
        self.scope = scope
        self.name = name
    }

    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
        (lhs.scope, lhs.name) < (rhs.scope, rhs.name)
    }

    public var description: String { name }
}
