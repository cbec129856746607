import AuditCore
import AuditGraph
import AuditModel

/// The scan summary's money line: every NAT gateway of the scanned set priced in its
/// Region, and the findings' savings (each root cause once).
public enum NatSpend {
    public static func summary(of model: CloudModel, findings: [Finding], settings: RuleSettings) -> CostSummary? {
        let estimated = findings.filter { $0.estimate != nil }
        let gatewayIndices = model.resourceIndices(of: .natGateway)
        guard !gatewayIndices.isEmpty || !estimated.isEmpty else { return nil }
        let graph = NetworkGraph.of(model)
        var fixed = 0.0
        var perGB: Double?
        var regions: [String] = []
        var assumed = false
        for index in gatewayIndices {
            let resource = model.resources[index]
            guard let gateway = graph.natGateways[resource.id] else { continue }
            let quote = NatCostPricing.quote(for: resource, in: model, settings: settings)
            fixed += NatCostPricing.natFixed([gateway], quote: quote).dollars
            perGB = max(perGB ?? 0, quote.dollars(.natGatewayGB))
            if !regions.contains(quote.region) { regions.append(quote.region) }
            assumed = assumed || quote.regionAssumed
        }
        var seen: Set<String> = []
        var avoidable = 0.0
        for finding in estimated where seen.insert(finding.groupKey).inserted {
            avoidable += finding.estimate?.monthlyAvoidable ?? 0
            if let region = finding.estimate?.region, !regions.contains(region) { regions.append(region) }
            assumed = assumed || (finding.estimate?.regionAssumed ?? false)
        }
        let traffic = settings.traffic["nat"].map { $0 * (perGB ?? 0) }
        return CostSummary(
            natGateways: gatewayIndices.count, monthlyNATFixed: fixed, monthlyNATTraffic: gatewayIndices.isEmpty ? nil : traffic,
            natPerGB: perGB, monthlyAvoidable: avoidable, findingsWithEstimate: estimated.count,
            regions: regions, regionAssumed: assumed
        )
    }
}
