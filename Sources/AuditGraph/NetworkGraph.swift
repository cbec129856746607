import AuditModel

/// The network of the scanned set, built once per model from its links: VPCs, subnets and
/// their zones, the route table each subnet uses and where its default routes go, NAT and
/// internet gateways, VPC endpoints, Elastic IPs, and which workloads sit in which subnets.
/// What workloads talk to is `WorkloadReach` (NetworkGraph+Reach.swift).
///
/// Unknown stays unknown: a route whose target or table cannot be resolved is kept as
/// such, so no question is answered with a guess (an unresolved route target never makes a
/// NAT gateway idle, an unresolved subnet never makes a workload "not behind NAT").
public struct NetworkGraph: Sendable {
    // MARK: Parts

    /// Where an attribute points: a resource of the model, a literal id (`subnet-0abc`,
    /// `vpc-0abc`), or an expression nobody can evaluate before deploy.
    public enum Target: Sendable, Hashable {
        case resource(ResourceID)
        case literal(String)
        case unresolved(String)

        public var resourceID: ResourceID? {
            if case .resource(let id) = self { return id }
            return nil
        }

        public var displayText: String {
            switch self {
            case .resource(let id): id.name
            case .literal(let text): text
            case .unresolved(let expression): expression
            }
        }
    }

    /// An availability zone as the configuration gives it.
    public enum Zone: Sendable, Hashable {
        /// A zone name (`us-east-1a`) or zone id (`use1-az1`).
        case name(String)
        /// The i-th zone of the Region, name unknown: CloudFormation
        /// `Fn::Select [i, Fn::GetAZs ""]`, Terraform `data.aws_availability_zones.x.names[i]`.
        case index(Int)
        /// The zone at `count.index` of a list (Terraform configuration before expansion):
        /// each instance sits in a different zone of that list.
        case perInstance(String)
        /// Not known statically (payload: the expression), or not written.
        case unknown(String)

        /// Whether two zones are the same one; `nil` when the configuration cannot tell.
        public func isSame(as other: Zone) -> Bool? {
            switch (self, other) {
            case (.name(let a), .name(let b)): a == b
            case (.index(let a), .index(let b)): a == b
            case (.perInstance(let a), .perInstance(let b)) where a == b: true
            default: nil
            }
        }

        public var displayText: String {
            switch self {
            case .name(let name): name
            case .index(let index): "zone #\(index) of the Region"
            case .perInstance(let list): "\(list)[count.index]"
            case .unknown(let expression): expression
            }
        }
    }

    public struct Subnet: Sendable {
        public let id: ResourceID
        public let vpc: Target?
        public let zone: Zone
        public let location: SourceLocation
    }

    /// Where a route sends traffic.
    public enum RouteTarget: Sendable, Hashable {
        case natGateway(Target)
        case internetGateway(Target)
        /// A transit gateway, peering connection, instance, interface, virtual private gateway…
        case other(String)
        case unknown(String)
    }

    /// A route to `0.0.0.0/0` or `::/0` (or whose destination is unresolved and so may be one).
    public struct DefaultRoute: Sendable, Hashable {
        /// `0.0.0.0/0`, `::/0`, or the unresolved expression.
        public let destination: String
        public let isIPv4: Bool
        public let destinationKnown: Bool
        public let target: RouteTarget
        /// The `AWS::EC2::Route` / `aws_route`, or the table that carries the inline route.
        public let source: ResourceID
        public let location: SourceLocation
    }

    public struct RouteTable: Sendable {
        public let id: ResourceID
        public let vpc: Target?
        /// True for the VPC's main table (`aws_default_route_table`, `aws_main_route_table_association`).
        public let isMain: Bool
        public let defaultRoutes: [DefaultRoute]
        public let location: SourceLocation
    }

    /// Which route table a subnet uses.
    public enum RouteTableUse: Sendable, Hashable {
        /// An explicit association (or, for `isMain`, the VPC's main table declared in the scan).
        case table(ResourceID)
        /// No explicit association and no main table in the scan: the VPC's main table as the
        /// VPC creates it (only the local route), plus the routes written against it.
        case mainOf(ResourceID)
        case unknown(String)
    }

    /// Where a subnet's IPv4 internet-bound traffic goes.
    public enum Egress: Sendable, Hashable {
        case natGateway(Target, route: DefaultRoute)
        case internetGateway(route: DefaultRoute)
        case other(route: DefaultRoute)
        /// No default route: the subnet is isolated.
        case none
        case unknown(String)

        public var isNAT: Bool {
            if case .natGateway = self { return true }
            return false
        }
    }

    public struct NatGateway: Sendable {
        public let id: ResourceID
        public let subnet: Target?
        public let zone: Zone
        public let vpc: Target?
        /// `connectivity_type` / `ConnectivityType`, public by default in both formats.
        public let isPublic: Resolved<Bool>
        /// The Elastic IP it is given (`allocation_id` / `AllocationId`).
        public let elasticIP: Target?
        /// Routes and tables that send traffic to it.
        public let routedBy: [ResourceID]
        public let location: SourceLocation
    }

    public struct Endpoint: Sendable {
        public let id: ResourceID
        /// The last dot-separated part of the service name (`s3`, `dynamodb`, `sqs`), or `nil`
        /// when the name cannot be read (payload of `serviceUnresolved`).
        public let service: String?
        public let serviceUnresolved: String?
        /// `Gateway` unless written (both formats' default), `Interface`, `GatewayLoadBalancer`.
        public let type: Resolved<String>
        public let vpc: Target?
        /// From the endpoint and from `aws_vpc_endpoint_route_table_association`.
        public let routeTables: [Target]
        public let subnets: [Target]
        public let privateDNS: Resolved<Bool>
        public let location: SourceLocation

        public var isGateway: Bool? {
            if case .value(let type) = type { return type.lowercased() == "gateway" }
            return nil
        }

        public var isInterface: Bool? {
            if case .value(let type) = type { return type.lowercased() == "interface" }
            return nil
        }
    }

    public enum AddressUse: Sendable, Hashable {
        /// Given to a NAT gateway, an instance, an interface, an association or a load balancer.
        case attached(ResourceID?)
        /// Named by something that may attach it where the scan cannot see (an output, a module).
        case unknown(String)
        case unattached
    }

    public struct ElasticIP: Sendable {
        public let id: ResourceID
        public let use: AddressUse
        public let location: SourceLocation
    }

    /// A resource that runs inside subnets: a function, database, cache, service, instance,
    /// group, launch template or mount target.
    public struct Workload: Sendable {
        public let id: ResourceID
        public let kind: ResourceKind
        /// The subnets it sits in, through its subnet group where it has one.
        public let subnets: [Target]
        /// Why the placement cannot be read, when it cannot.
        public let placementUnknown: String?
        public let location: SourceLocation
    }

    // MARK: Contents

    public let subnets: [ResourceID: Subnet]
    public let routeTables: [ResourceID: RouteTable]
    public let natGateways: [ResourceID: NatGateway]
    public let endpoints: [ResourceID: Endpoint]
    public let elasticIPs: [ResourceID: ElasticIP]
    public let workloads: [ResourceID: Workload]
    /// Route resources whose table cannot be resolved, by scope: they may add a default
    /// route to any table of the scope.
    public let routesWithUnknownTable: [String: [ResourceID]]
    /// Default routes written against a VPC's main table (`!GetAtt VPC.MainRouteTableId`,
    /// `aws_vpc.x.main_route_table_id`), by VPC.
    public let mainTableRoutes: [ResourceID: [DefaultRoute]]
    /// Routes whose NAT gateway target cannot be resolved, by scope.
    public let unresolvedNATRoutes: [String: [ResourceID]]
    private let associationBySubnet: [ResourceID: [Target]]
    private let mainTableByVPC: [ResourceID: ResourceID]
    private let workloadsBySubnet: [ResourceID: [ResourceID]]
    /// Indexes so rules never filter every part of the model per resource.
    private let endpointsByScope: [String: [Endpoint]]
    private let routeTablesByScope: [String: [RouteTable]]
    private let natGatewaysByGroup: [String: [NatGateway]]

    private static let cache = PerModelIndex { NetworkGraph(model: $0) }

    /// The graph of `model`, built on first use and kept for the model.
    public static func of(_ model: CloudModel) -> NetworkGraph { cache.of(model) }

    // MARK: Questions

    /// The route table a subnet uses: its explicit association, else the VPC's main table.
    public func routeTableUse(of subnetID: ResourceID) -> RouteTableUse {
        let associated = associationBySubnet[subnetID] ?? []
        if let first = associated.first {
            if associated.count > 1 { return .unknown("subnet \(subnetID.name) has \(associated.count) route table associations") }
            switch first {
            case .resource(let table): return .table(table)
            case .literal(let text): return .unknown("route table \(text) is outside the scanned files")
            case .unresolved(let expression): return .unknown(expression)
            }
        }
        guard let subnet = subnets[subnetID] else { return .unknown("subnet \(subnetID.name) is not in the scanned files") }
        switch subnet.vpc {
        case .resource(let vpc)?:
            if let main = mainTableByVPC[vpc] { return .table(main) }
            return .mainOf(vpc)
        case .literal(let text)?: return .unknown("the main route table of \(text) is outside the scanned files")
        case .unresolved(let expression)?: return .unknown(expression)
        case nil: return .unknown("subnet \(subnetID.name) names no VPC")
        }
    }

    /// The default routes (`0.0.0.0/0`, `::/0`) a subnet's traffic follows, or why they
    /// cannot be known.
    public func defaultRoutes(of subnetID: ResourceID) -> Result<[DefaultRoute], UnknownNetwork> {
        switch routeTableUse(of: subnetID) {
        case .unknown(let reason): return .failure(UnknownNetwork(reason))
        case .table(let table):
            if let undecided = routesWithUnknownTable[table.scope]?.first {
                return .failure(UnknownNetwork("route \(undecided.name) names a route table that cannot be resolved"))
            }
            return .success(routeTables[table]?.defaultRoutes ?? [])
        case .mainOf(let vpc):
            if let undecided = routesWithUnknownTable[vpc.scope]?.first {
                return .failure(UnknownNetwork("route \(undecided.name) names a route table that cannot be resolved"))
            }
            return .success(mainTableRoutes[vpc] ?? [])
        }
    }

    /// Where a subnet's IPv4 internet-bound traffic goes.
    public func egress(of subnetID: ResourceID) -> Egress {
        let routes: [DefaultRoute]
        switch defaultRoutes(of: subnetID) {
        case .failure(let unknown): return .unknown(unknown.reason)
        case .success(let found): routes = found.filter { $0.isIPv4 || !$0.destinationKnown }
        }
        guard let route = routes.first(where: \.destinationKnown) ?? routes.first else { return .none }
        if !route.destinationKnown { return .unknown("route \(route.source.name) has destination \(route.destination)") }
        switch route.target {
        case .natGateway(let nat): return .natGateway(nat, route: route)
        case .internetGateway: return .internetGateway(route: route)
        case .other: return .other(route: route)
        case .unknown(let expression): return .unknown(expression)
        }
    }

    /// Whether a subnet is public: its default IPv4 route goes to an internet gateway.
    public func isPublic(_ subnetID: ResourceID) -> Resolved<Bool> {
        switch egress(of: subnetID) {
        case .internetGateway: .value(true)
        case .unknown(let reason): .unknown(reason)
        default: .value(false)
        }
    }

    /// The egress of a subnet given as a target (a literal or unresolved subnet is unknown).
    public func egress(of subnet: Target) -> Egress {
        switch subnet {
        case .resource(let id) where subnets[id] != nil: egress(of: id)
        case .resource(let id): .unknown("\(id.name) is not a subnet")
        case .literal(let text): .unknown("subnet \(text) is outside the scanned files")
        case .unresolved(let expression): .unknown(expression)
        }
    }

    /// Where a workload sits, or `nil` when the resource is not placed in subnets (a
    /// function without `VpcConfig`, a database without a subnet group).
    public func placement(of resourceID: ResourceID) -> Workload? {
        workloads[resourceID]
    }

    /// The VPC of a workload: the one VPC its subnets share, when known.
    public func vpc(of workload: Workload) -> Target? {
        let vpcs = Set(workload.subnets.compactMap { $0.resourceID.flatMap { subnets[$0]?.vpc } })
        return vpcs.count == 1 ? vpcs.first : nil
    }

    /// The workloads that sit in a subnet.
    public func workloads(in subnetID: ResourceID) -> [Workload] {
        (workloadsBySubnet[subnetID] ?? []).compactMap { workloads[$0] }
    }

    /// The NAT gateways of one VPC (or, for gateways whose VPC is unknown, of one scope).
    /// The NAT gateways sharing a gateway's VPC (its scope's gateways without a VPC when it
    /// has none), in id order, the gateway included.
    public func natGatewayPeers(of gateway: NatGateway) -> [NatGateway] {
        natGatewaysByGroup[Self.groupKey(gateway)] ?? []
    }

    static func groupKey(_ gateway: NatGateway) -> String {
        switch gateway.vpc {
        case .resource(let id)?: "r|\(id.scope)|\(id.name)"
        case .literal(let text)?: "l|\(gateway.id.scope)|\(text)"
        case .unresolved(let text)?: "u|\(gateway.id.scope)|\(text)"
        case nil: "s|\(gateway.id.scope)"
        }
    }

    /// The endpoints for a service (`s3`, `dynamodb`) in a scope.
    public func endpoints(forService service: String, inScope scope: String) -> [Endpoint] {
        (endpointsByScope[scope] ?? []).filter { $0.service == service }
    }

    /// Every endpoint of a scope, in id order.
    public func endpoints(inScope scope: String) -> [Endpoint] { endpointsByScope[scope] ?? [] }

    /// Every route table of a scope, in id order.
    public func routeTables(inScope scope: String) -> [RouteTable] { routeTablesByScope[scope] ?? [] }

    public struct UnknownNetwork: Error, Sendable, Hashable {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    // MARK: Building

    init(model: CloudModel) {
        var builder = NetworkGraphBuilder(model: model)
        builder.build()
        subnets = builder.subnets
        routeTables = builder.routeTables
        natGateways = builder.natGateways
        endpoints = builder.endpoints
        elasticIPs = builder.elasticIPs
        workloads = builder.workloads
        routesWithUnknownTable = builder.routesWithUnknownTable
        mainTableRoutes = builder.mainTableRoutes
        unresolvedNATRoutes = builder.unresolvedNATRoutes
        associationBySubnet = builder.associationBySubnet
        mainTableByVPC = builder.mainTableByVPC
        workloadsBySubnet = builder.workloadsBySubnet
        endpointsByScope = Dictionary(grouping: builder.endpoints.values, by: \.id.scope).mapValues { $0.sorted { $0.id < $1.id } }
        routeTablesByScope = Dictionary(grouping: builder.routeTables.values, by: \.id.scope).mapValues { $0.sorted { $0.id < $1.id } }
        natGatewaysByGroup = Dictionary(grouping: builder.natGateways.values, by: Self.groupKey).mapValues { $0.sorted { $0.id < $1.id } }
    }
}

extension NetworkGraph {
    /// The service a VPC endpoint serves, from its service name's suffix
    /// (`com.amazonaws.us-east-1.s3` → `s3`); `nil` when it cannot be read.
    public static func serviceSuffix(_ serviceName: String) -> String? {
        NetworkGraphBuilder.serviceSuffix(serviceName)
    }
}
