import AuditCore
import AuditGraph
import AuditModel

/// How a cost rule prices a resource: the Region its scope deploys to (a Terraform
/// provider's `region`), else the one the user gave (`--region`, `region:`), else
/// us-east-1, said so in the estimate. One index of scope Regions per model.
enum NatCostPricing {
    private static let regionsByScope = PerModelIndex { model -> [String: ScopeRegion] in
        var regions: [String: ScopeRegion] = [:]
        for scope in model.scopes {
            if let region = scope.region, regions[scope.name] == nil { regions[scope.name] = region }
        }
        return regions
    }

    static func quote(for resource: Resource, in model: CloudModel, settings: RuleSettings) -> PriceQuote {
        if let region = regionsByScope.of(model)[resource.id.scope] {
            return PriceQuote(region: region.name, source: region.origin)
        }
        if let region = settings.region { return PriceQuote(region: region, source: "--region / configuration file") }
        return PriceQuote(region: nil, source: nil)
    }

    /// The fixed monthly cost of NAT gateways: hours, plus the public IPv4 address of each
    /// public one (rule-catalog §3.2 `nat_fixed + ipv4_fixed`).
    static func natFixed(_ gateways: [NetworkGraph.NatGateway], quote: PriceQuote) -> (dollars: Double, breakdown: String) {
        let hours = quote.monthly(.natGatewayHour, count: Double(gateways.count))
        let publicCount = gateways.filter { $0.isPublic != .value(false) }.count
        let ipv4 = quote.monthly(.publicIPv4Hour, count: Double(publicCount))
        var breakdown = "\(CostEstimate.dollars(hours)) NAT hours"
        if publicCount > 0 { breakdown += " + \(CostEstimate.dollars(ipv4)) public IPv4" }
        return (hours + ipv4, breakdown)
    }
}
