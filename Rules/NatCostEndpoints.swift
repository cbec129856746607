import AuditCore
import AuditGraph
import AuditModel

/// The check AS-COST-001 (S3) and AS-COST-002 (DynamoDB) share: a VPC-attached workload
/// that calls the service from NAT-routed subnets whose route tables no gateway endpoint
/// for the service serves pays NAT processing on every GB of it.
enum GatewayEndpointCoverage {
    /// Whether a gateway endpoint for `service` serves `use` (a subnet's route table);
    /// `nil` when an endpoint's type or route tables cannot be read.
    static func isServed(_ use: NetworkGraph.RouteTableUse, service: String, scope: String, graph: NetworkGraph) -> Bool? {
        let table: NetworkGraph.Target
        switch use {
        case .table(let id): table = .resource(id)
        // `!GetAtt VPC.MainRouteTableId` and `aws_vpc.x.main_route_table_id` link to the VPC.
        case .mainOf(let vpc): table = .resource(vpc)
        case .unknown: return nil
        }
        var undecided = false
        for endpoint in graph.endpoints(forService: service, inScope: scope) {
            switch endpoint.isGateway {
            case false?: continue
            case nil: undecided = true
            case true?:
                if endpoint.routeTables.contains(table) { return true }
                if endpoint.routeTables.contains(where: { $0.resourceID == nil }) { undecided = true }
            }
        }
        // An endpoint whose service name cannot be read may be this service's.
        if graph.endpoints(inScope: scope).contains(where: { $0.service == nil }) { undecided = true }
        return undecided ? nil : false
    }

    static func check(
        _ function: Resource, service: String, serviceName: String, in model: CloudModel, _ report: inout RuleReport
    ) {
        let graph = NetworkGraph.of(model)
        guard let placement = graph.placement(of: function.id), let reach = WorkloadReach.of(model).reach(of: function.id) else { return }
        let evidence = reach.evidence(for: service)
        let location = function.location(of: .vpcSubnetIDs)
        guard let shown = evidence.first else {
            if let unknown = reach.unknownPolicies.first ?? reach.roleUnknown {
                report.unknown("whether it calls \(serviceName) depends on \(unknown)", resource: function, at: location)
            } else {
                report.pass()
            }
            return
        }
        if let reason = placement.placementUnknown {
            report.unknown("subnets \(reason)", resource: function, at: location)
            return
        }
        var natRouted: [ResourceID] = []
        var unservedTables: [String] = []
        for subnet in placement.subnets {
            guard let subnetID = subnet.resourceID else { continue }
            switch graph.egress(of: subnetID) {
            case .natGateway:
                natRouted.append(subnetID)
                let use = graph.routeTableUse(of: subnetID)
                switch isServed(use, service: service, scope: function.id.scope, graph: graph) {
                case true?: continue
                case nil:
                    report.unknown("a \(serviceName) endpoint's type or route tables cannot be read", resource: function, at: location)
                    return
                case false?:
                    let name = switch use {
                    case .table(let id): id.name
                    case .mainOf(let vpc): "the main route table of \(vpc.name)"
                    case .unknown(let reason): reason
                    }
                    if !unservedTables.contains(name) { unservedTables.append(name) }
                }
            case .unknown(let reason):
                report.unknown("the route of subnet \(subnetID.name): \(reason)", resource: function, at: location)
                return
            default:
                continue
            }
        }
        guard !unservedTables.isEmpty else {
            report.pass()
            return
        }
        let quote = NatCostPricing.quote(for: function, in: model, settings: report.settings)
        let perGB = quote.dollars(.natGatewayGB)
        let assumed = report.settings.traffic[service]
        let traffic = assumed.map { $0 * perGB }
        var basis = ["\(serviceName) traffic through NAT at \(CostEstimate.rate(perGB))/GB; a gateway endpoint is free"]
        if let assumed { basis.append("\(TrafficAssumption.number(assumed)) GB/month of \(serviceName) (--assume-gb \(service)=…)") }
        let estimate = quote.estimate(monthlyFixed: 0, monthlyTraffic: traffic, perGB: perGB, monthlyAvoidable: traffic,
                                      basis: basis, items: [.natGatewayGB])
        let cost = traffic.map { "at \(TrafficAssumption.number(assumed ?? 0)) GB/month that is \(CostEstimate.dollars($0))/month" }
            ?? "\(estimate.sensitivity ?? "")"
        let tables = unservedTables.joined(separator: ", ")
        report.fail(
            "\(function.id.name) calls \(serviceName) (\(shown.reason)) from NAT-routed subnet\(natRouted.count == 1 ? "" : "s") "
                + "\(natRouted.map(\.name).joined(separator: ", ")), and no \(serviceName) gateway endpoint serves \(tables): "
                + "every GB pays \(CostEstimate.rate(perGB)) NAT processing that a free gateway endpoint removes "
                + "(\(cost); \(estimate.label))",
            resource: function, at: location, attribute: AttributeName.vpcSubnetIDs.rawValue, estimate: estimate,
            rootCause: "\(function.id.scope)|no \(service) gateway endpoint|\(tables)"
        )
    }
}
