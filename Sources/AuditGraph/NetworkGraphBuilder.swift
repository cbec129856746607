import AuditModel

/// Builds a `NetworkGraph` in one pass per network kind (each kind's positions are indexed
/// by the model, so no pass walks every resource).
struct NetworkGraphBuilder {
    typealias Target = NetworkGraph.Target

    let model: CloudModel
    var subnets: [ResourceID: NetworkGraph.Subnet] = [:]
    var routeTables: [ResourceID: NetworkGraph.RouteTable] = [:]
    var natGateways: [ResourceID: NetworkGraph.NatGateway] = [:]
    var endpoints: [ResourceID: NetworkGraph.Endpoint] = [:]
    var elasticIPs: [ResourceID: NetworkGraph.ElasticIP] = [:]
    var workloads: [ResourceID: NetworkGraph.Workload] = [:]
    var routesWithUnknownTable: [String: [ResourceID]] = [:]
    var mainTableRoutes: [ResourceID: [NetworkGraph.DefaultRoute]] = [:]
    var unresolvedNATRoutes: [String: [ResourceID]] = [:]
    var associationBySubnet: [ResourceID: [Target]] = [:]
    var mainTableByVPC: [ResourceID: ResourceID] = [:]
    var workloadsBySubnet: [ResourceID: [ResourceID]] = [:]

    init(model: CloudModel) {
        self.model = model
    }

    mutating func build() {
        for subnet in model.resources(of: .subnet) {
            subnets[subnet.id] = NetworkGraph.Subnet(
                id: subnet.id, vpc: Self.targets(subnet, .vpcID).first, zone: Self.zone(of: subnet), location: subnet.location
            )
        }
        buildRouteTables()
        buildNatGateways()
        buildEndpoints()
        buildElasticIPs()
        buildWorkloads()
    }

    // MARK: Routes

    private mutating func buildRouteTables() {
        var routesByTable: [ResourceID: [NetworkGraph.DefaultRoute]] = [:]
        var natRouters: [ResourceID: [ResourceID]] = [:]
        for table in model.resources(of: .routeTable) {
            for route in inlineRoutes(of: table) {
                routesByTable[table.id, default: []].append(route)
            }
            // Every NAT a table's inline routes name counts as routed, whatever the destination.
            // A plan has one expression for all `route` blocks, so its links are the table's.
            var namesNAT = false
            for link in table.links where link.attribute == .inlineRoutes || link.attribute == .inlineRouteNatGateways {
                guard model.resource(link.target)?.kind == .natGateway else { continue }
                namesNAT = true
                natRouters[link.target, default: []].append(table.id)
            }
            if !namesNAT, Self.targets(table, .inlineRouteNatGateways).contains(where: { if case .unresolved = $0 { true } else { false } }) {
                unresolvedNATRoutes[table.id.scope, default: []].append(table.id)
            }
        }
        for route in model.resources(of: .route) {
            let tables = Self.targets(route, .routeTableID)
            // Any route naming a NAT gateway uses it, default route or not.
            for target in Self.targets(route, .natGatewayID) {
                switch target {
                case .resource(let nat): natRouters[nat, default: []].append(route.id)
                case .unresolved: unresolvedNATRoutes[route.id.scope, default: []].append(route.id)
                case .literal: break
                }
            }
            guard let defaultRoute = Self.defaultRoute(route) else { continue }
            guard let table = tables.first else {
                routesWithUnknownTable[route.id.scope, default: []].append(route.id)
                continue
            }
            switch table {
            case .resource(let id):
                if let target = model.resource(id), target.kind == .vpc {
                    mainTableRoutes[id, default: []].append(defaultRoute)
                } else {
                    routesByTable[id, default: []].append(defaultRoute)
                }
            case .unresolved:
                routesWithUnknownTable[route.id.scope, default: []].append(route.id)
            case .literal:
                break
            }
        }
        for association in model.resources(of: .routeTableAssociation) {
            let tables = Self.targets(association, .routeTableID)
            guard let table = tables.first else { continue }
            if let vpc = Self.targets(association, .vpcID).first?.resourceID, let tableID = table.resourceID {
                mainTableByVPC[vpc] = tableID
                continue
            }
            for subnet in Self.targets(association, .subnetID) {
                guard let subnetID = subnet.resourceID else { continue }
                associationBySubnet[subnetID, default: []].append(table)
            }
        }
        for table in model.resources(of: .routeTable) {
            var vpc = Self.targets(table, .vpcID).first
            var isMain = false
            if let mainOf = Self.targets(table, .defaultRouteTableID).first {
                isMain = true
                if case .resource(let id) = mainOf, model.resource(id)?.kind == .vpc {
                    vpc = mainOf
                    if mainTableByVPC[id] == nil { mainTableByVPC[id] = table.id }
                }
            }
            if let id = vpc?.resourceID, mainTableByVPC[id] == table.id { isMain = true }
            var routes = routesByTable[table.id] ?? []
            if isMain, let id = vpc?.resourceID { routes += mainTableRoutes[id] ?? [] }
            routeTables[table.id] = NetworkGraph.RouteTable(
                id: table.id, vpc: vpc, isMain: isMain, defaultRoutes: routes, location: table.location
            )
        }
        self.natRouters = natRouters
    }

    private var natRouters: [ResourceID: [ResourceID]] = [:]

    /// The default route a route resource adds, or `nil` when it is not one.
    private static func defaultRoute(_ route: Resource) -> NetworkGraph.DefaultRoute? {
        let destination: (text: String, isIPv4: Bool, known: Bool)
        switch (route[.destinationCidrBlock].string, route[.destinationIPv6CidrBlock].string) {
        case (.value(let cidr), _) where cidr == "0.0.0.0/0": destination = (cidr, true, true)
        case (_, .value(let cidr)) where cidr == "::/0": destination = (cidr, false, true)
        case (.unknown(let expression), _), (_, .unknown(let expression)): destination = (expression, true, false)
        default: return nil
        }
        return NetworkGraph.DefaultRoute(
            destination: destination.text, isIPv4: destination.isIPv4, destinationKnown: destination.known,
            target: target(of: route), source: route.id, location: route.location
        )
    }

    /// Where a route resource sends traffic.
    private static func target(of route: Resource) -> NetworkGraph.RouteTarget {
        if let nat = targets(route, .natGatewayID).first { return .natGateway(nat) }
        if let gateway = targets(route, .gatewayID).first { return gatewayTarget(gateway, model: nil) }
        let others: [(AttributeName, String)] = [
            (.transitGatewayID, "transit gateway"), (.vpcPeeringConnectionID, "VPC peering connection"),
            (.egressOnlyInternetGatewayID, "egress-only internet gateway"), (.instanceID, "instance"),
            (.networkInterfaceID, "network interface"), (.vpcEndpointID, "VPC endpoint"),
            (.carrierGatewayID, "carrier gateway"), (.localGatewayID, "local gateway"), (.coreNetworkARN, "core network"),
        ]
        for (name, description) in others
        where (!route[name].isAbsent && route[name].value != .null) || route.links.contains(where: { $0.attribute == name }) {
            return .other(description)
        }
        return .unknown("route \(route.id.name) names no target")
    }

    /// `GatewayId` / `gateway_id`: an internet gateway, or a virtual private gateway.
    private static func gatewayTarget(_ gateway: Target, model: CloudModel?) -> NetworkGraph.RouteTarget {
        switch gateway {
        case .resource:
            // Resolved below against the model (the kind decides); a reference is an IGW
            // unless it names another kind.
            return .internetGateway(gateway)
        case .literal(let id):
            if id.hasPrefix("igw-") { return .internetGateway(gateway) }
            if id == "local" { return .other("local") }
            return .other(id.hasPrefix("vgw-") ? "virtual private gateway" : id)
        case .unresolved(let expression):
            return .unknown(expression)
        }
    }

    /// The default routes of a Terraform table's inline `route` blocks.
    private func inlineRoutes(of table: Resource) -> [NetworkGraph.DefaultRoute] {
        let attribute = table[.inlineRoutes]
        guard !attribute.isAbsent else { return [] }
        var routes: [NetworkGraph.DefaultRoute] = []
        guard case .value(let items) = attribute.list else {
            if case .unknown(let expression) = attribute.list {
                return [NetworkGraph.DefaultRoute(destination: expression, isIPv4: true, destinationKnown: false,
                                                  target: .unknown(expression), source: table.id, location: table.location)]
            }
            return []
        }
        for (offset, item) in items.enumerated() {
            let destination: (text: String, isIPv4: Bool, known: Bool)
            switch (item["cidr_block"], item["ipv6_cidr_block"]) {
            case (.string(let cidr)?, _) where cidr == "0.0.0.0/0": destination = (cidr, true, true)
            case (_, .string(let cidr)?) where cidr == "::/0": destination = (cidr, false, true)
            case (.unresolved(let expression)?, _), (_, .unresolved(let expression)?): destination = (expression, true, false)
            default: continue
            }
            let prefix = "route[\(offset)]."
            func target(_ key: String) -> Target? {
                if let link = table.links.first(where: { $0.path == prefix + key }) { return .resource(link.target) }
                switch item[key] {
                case .reference(let reference)?: return .resource(reference.target)
                case .string(let text)? where !text.isEmpty: return .literal(text)
                case .unresolved(let expression)?:
                    // A plan links the `route` blocks as a whole: the one linked resource of
                    // the kind the key takes is the target.
                    let kinds: Set<ResourceKind> = key == "nat_gateway_id" ? [.natGateway] : key == "gateway_id" ? [.internetGateway] : []
                    let candidates = Set(table.links.filter { $0.path == "route" }.map(\.target).filter {
                        model.resource($0).map { kinds.contains($0.kind) } ?? false
                    })
                    if candidates.count == 1, let only = candidates.first { return .resource(only) }
                    return .unresolved(expression)
                default: return nil
                }
            }
            let routeTarget: NetworkGraph.RouteTarget
            if let nat = target("nat_gateway_id") {
                routeTarget = .natGateway(nat)
            } else if let gateway = target("gateway_id") {
                routeTarget = resolvedGateway(Self.gatewayTarget(gateway, model: model))
            } else if let other = ["transit_gateway_id", "vpc_peering_connection_id", "egress_only_gateway_id",
                                   "network_interface_id", "vpc_endpoint_id", "carrier_gateway_id", "local_gateway_id",
                                   "core_network_arn"].first(where: { target($0) != nil }) {
                routeTarget = .other(other)
            } else {
                routeTarget = .unknown("route \(offset) of \(table.id.name) names no target")
            }
            routes.append(NetworkGraph.DefaultRoute(
                destination: destination.text, isIPv4: destination.isIPv4, destinationKnown: destination.known,
                target: routeTarget, source: table.id, location: attribute.location ?? table.location
            ))
        }
        return routes
    }

    /// An internet-gateway guess from a reference is checked against the referenced kind.
    private func resolvedGateway(_ target: NetworkGraph.RouteTarget) -> NetworkGraph.RouteTarget {
        guard case .internetGateway(.resource(let id)) = target, let resource = model.resource(id) else { return target }
        return resource.kind == .internetGateway ? target : .other(resource.sourceType)
    }

    // MARK: Gateways, endpoints, addresses

    private mutating func buildNatGateways() {
        // Route resources' gateway targets were classified without the model: fix them now.
        for (id, table) in routeTables {
            routeTables[id] = NetworkGraph.RouteTable(
                id: table.id, vpc: table.vpc, isMain: table.isMain,
                defaultRoutes: table.defaultRoutes.map(resolved), location: table.location
            )
        }
        mainTableRoutes = mainTableRoutes.mapValues { $0.map(resolved) }
        for gateway in model.resources(of: .natGateway) {
            let subnet = Self.targets(gateway, .subnetID).first
            let placed = subnet?.resourceID.flatMap { subnets[$0] }
            let isPublic: Resolved<Bool> = switch gateway[.connectivityType].string {
            case .value(let type): .value(type.lowercased() == "public")
            case .unknown(let expression): .unknown(expression)
            case .absent: .value(true)
            }
            natGateways[gateway.id] = NetworkGraph.NatGateway(
                id: gateway.id, subnet: subnet, zone: placed?.zone ?? .unknown(subnet?.displayText ?? "no subnet"),
                vpc: placed?.vpc, isPublic: isPublic, elasticIP: Self.targets(gateway, .allocationID).first,
                routedBy: natRouters[gateway.id] ?? [], location: gateway.location
            )
        }
    }

    private func resolved(_ route: NetworkGraph.DefaultRoute) -> NetworkGraph.DefaultRoute {
        NetworkGraph.DefaultRoute(
            destination: route.destination, isIPv4: route.isIPv4, destinationKnown: route.destinationKnown,
            target: resolvedGateway(route.target), source: route.source, location: route.location
        )
    }

    private mutating func buildEndpoints() {
        var associated: [ResourceID: [Target]] = [:]
        for association in model.resources(of: .vpcEndpointRouteTableAssociation) {
            guard let endpoint = Self.targets(association, .vpcEndpointID).first?.resourceID else { continue }
            associated[endpoint, default: []] += Self.targets(association, .routeTableID)
        }
        for endpoint in model.resources(of: .vpcEndpoint) {
            let name: String?
            var unresolved: String?
            switch endpoint[.serviceName].string {
            case .value(let text): name = text
            case .unknown(let expression): name = expression
            case .absent: name = nil
            }
            let service = name.flatMap(Self.serviceSuffix)
            if service == nil { unresolved = name ?? "no service name" }
            endpoints[endpoint.id] = NetworkGraph.Endpoint(
                id: endpoint.id, service: service, serviceUnresolved: unresolved, type: endpoint[.vpcEndpointType].string,
                vpc: Self.targets(endpoint, .vpcID).first,
                routeTables: Self.targets(endpoint, .routeTableIDs) + (associated[endpoint.id] ?? []),
                subnets: Self.targets(endpoint, .subnetIDs), privateDNS: endpoint[.privateDNSEnabled].bool,
                location: endpoint.location
            )
        }
    }

    /// `com.amazonaws.us-east-1.s3` → `s3`; `com.amazonaws.${AWS::Region}.ecr.dkr` → `ecr.dkr`.
    static func serviceSuffix(_ name: String) -> String? {
        var text = Substring(name)
        if let brace = text.lastIndex(of: "}") {
            text = text[text.index(after: brace)...]
            guard text.hasPrefix(".") else { return nil }
            text = text.dropFirst()
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 4, parts[0] == "com" || parts[0] == "cn", parts[1].hasPrefix("amazonaws") else { return nil }
            text = parts[3...].joined(separator: ".")[...]
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
        return String(text)
    }

    private mutating func buildElasticIPs() {
        let attaching: Set<ResourceKind> = [.natGateway, .eipAssociation, .instance, .networkInterface, .loadBalancer]
        for address in model.resources(of: .elasticIP) {
            var use = NetworkGraph.AddressUse.unattached
            for name in [AttributeName.instanceID, .networkInterfaceID] {
                let attribute = address[name]
                if attribute.isAbsent || attribute.value == .null { continue }
                use = attribute.isUnresolved && !address.links.contains(where: { $0.attribute == name })
                    ? .unknown(attribute.value?.displayText ?? "\(name)") : .attached(nil)
            }
            if case .unattached = use {
                for (referrer, _) in model.referrers(of: address.id) {
                    if attaching.contains(referrer.kind) {
                        use = .attached(referrer.id)
                        break
                    }
                    // A module call may attach the address inside the module.
                    if referrer.kind == .other, referrer.isImplicit { use = .unknown("passed to \(referrer.id.name)") }
                }
            }
            if case .unattached = use, model.exported.contains(address.id) { use = .unknown("exported by an output") }
            elasticIPs[address.id] = NetworkGraph.ElasticIP(id: address.id, use: use, location: address.location)
        }
    }

    // MARK: Workloads

    private mutating func buildWorkloads() {
        let direct: [(ResourceKind, AttributeName)] = [
            (.function, .vpcSubnetIDs), (.ecsService, .awsvpcSubnets), (.instance, .subnetID),
            (.autoScalingGroup, .vpcZoneIdentifier), (.launchTemplate, .launchTemplateSubnetIDs),
            (.fileSystemMountTarget, .subnetID),
        ]
        for (kind, attribute) in direct {
            for resource in model.resources(of: kind) {
                let value = resource[attribute]
                if value.isAbsent || value.value == .null || value.value == .list([]) { continue }
                add(resource, subnets: Self.targets(resource, attribute), unknown: nil)
            }
        }
        let grouped: [(ResourceKind, AttributeName, ResourceKind)] = [
            (.databaseInstance, .dbSubnetGroupName, .dbSubnetGroup), (.databaseCluster, .dbSubnetGroupName, .dbSubnetGroup),
            (.cacheCluster, .cacheSubnetGroupName, .cacheSubnetGroup),
            (.cacheReplicationGroup, .cacheSubnetGroupName, .cacheSubnetGroup),
        ]
        for (kind, attribute, groupKind) in grouped {
            for resource in model.resources(of: kind) {
                guard let group = Self.targets(resource, attribute).first else { continue }
                switch group {
                case .resource(let id):
                    guard let groupResource = model.resource(id), groupResource.kind == groupKind else {
                        add(resource, subnets: [], unknown: "subnet group \(id.name) is not in the scanned files")
                        continue
                    }
                    add(resource, subnets: Self.targets(groupResource, .subnetIDs), unknown: nil)
                case .literal(let name):
                    add(resource, subnets: [], unknown: "subnet group \(name) is outside the scanned files")
                case .unresolved(let expression):
                    add(resource, subnets: [], unknown: expression)
                }
            }
        }
    }

    private mutating func add(_ resource: Resource, subnets: [Target], unknown: String?) {
        let reason = unknown ?? subnets.first { if case .resource = $0 { return false } else { return true } }.map(\.displayText)
        workloads[resource.id] = NetworkGraph.Workload(
            id: resource.id, kind: resource.kind, subnets: subnets, placementUnknown: reason, location: resource.location
        )
        for subnet in subnets {
            guard let id = subnet.resourceID else { continue }
            workloadsBySubnet[id, default: []].append(resource.id)
        }
    }

    // MARK: Reading attributes

    /// Where an attribute points: the model's links for it (which a plan has even when the
    /// value is known only after apply), then literal values; an unresolved value only
    /// when no link says where it goes.
    static func targets(_ resource: Resource, _ name: AttributeName) -> [Target] {
        var result: [Target] = []
        var seen: Set<Target> = []
        func add(_ target: Target) {
            if seen.insert(target).inserted { result.append(target) }
        }
        var unresolved: [String] = []
        func walk(_ value: Value) {
            switch value {
            case .reference(let reference): add(.resource(reference.target))
            case .string(let text) where !text.isEmpty: add(.literal(text))
            case .unresolved(let expression): unresolved.append(expression)
            case .list(let items): items.forEach(walk)
            default: break
            }
        }
        let attribute = resource[name]
        if let value = attribute.value {
            walk(value)
        } else if case .unresolved(let expression) = attribute.provenance {
            unresolved.append(expression)
        }
        var linked = false
        for link in resource.links where link.attribute == name {
            linked = true
            add(.resource(link.target))
        }
        if !linked { unresolved.forEach { add(.unresolved($0)) } }
        return result
    }

    /// A subnet's zone: a name, the index of `Fn::GetAZs` / `names[i]`, or unknown.
    static func zone(of subnet: Resource) -> NetworkGraph.Zone {
        for name in [AttributeName.availabilityZone, .availabilityZoneID] {
            switch subnet[name].string {
            case .value(let zone) where !zone.isEmpty: return .name(zone)
            case .unknown(let expression): return zone(expression: expression)
            default: continue
            }
        }
        return .unknown("no availability zone written (AWS chooses one)")
    }

    static func zone(expression: String) -> NetworkGraph.Zone {
        if expression.contains("count.index") {
            var list = expression
            for noise in ["${", "}", "element(", ", count.index)", ",count.index)", "[count.index]"] {
                list = list.replacing(noise, with: "")
            }
            return .perInstance(list)
        }
        if expression.contains("GetAZs"), let select = expression.firstRange(of: "Select") {
            let digits = expression[select.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }
            if let index = Int(digits) { return .index(index) }
        }
        if expression.contains("availability_zones"), let names = expression.firstRange(of: "names[") {
            let digits = expression[names.upperBound...].prefix { $0.isNumber }
            if let index = Int(digits), expression[names.upperBound...].dropFirst(digits.count).hasPrefix("]") { return .index(index) }
        }
        return .unknown(expression)
    }
}
