/// The relationship graph: the cross-resource questions every pack asks, answered once per
/// scan from the model's links and cached per model (`PerModelIndex`). Rules ask it; they
/// never walk the model or the syntax to rebuild a relationship.
///
/// Each part is its own type with a static `of(_ model:)`, so a pack pays only for the
/// parts it asks:
///
/// - `NetworkGraph`: VPCs, subnets (AZ), route tables and their default routes, NAT and
///   internet gateways, endpoints, Elastic IPs, workload placement and what workloads talk to.
/// - `AlarmCoverage`: which actionable alarm watches which resource on which metric, and
///   which alarms are mis-wired.
/// - `InvocationGraph`: which functions an API invokes, which are invoked asynchronously
///   or consume a queue or stream, and which log group belongs to which function, API or
///   state machine.
public enum RelationshipGraph {}
