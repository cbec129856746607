/// The money side of a scan, for the summary of every report: what the scanned set's NAT
/// gateways cost per month, and what the cost findings would save.
public struct CostSummary: Sendable, Hashable {
    /// NAT gateways in the scanned set (each Terraform `count` instance of a plan counts).
    public var natGateways: Int
    /// Their hours and public IPv4 addresses per month.
    public var monthlyNATFixed: Double
    /// Their processing charge for the traffic the user assumed (`--assume-gb nat=…`).
    public var monthlyNATTraffic: Double?
    /// Per GB through NAT, for the sensitivity line when no traffic was assumed.
    public var natPerGB: Double?
    /// What the findings would save per month, each root cause counted once.
    public var monthlyAvoidable: Double
    /// Findings that carry an estimate.
    public var findingsWithEstimate: Int
    /// The Regions whose prices were used, and whether us-east-1 had to be assumed.
    public var regions: [String]
    public var regionAssumed: Bool

    public init(
        natGateways: Int, monthlyNATFixed: Double, monthlyNATTraffic: Double?, natPerGB: Double?,
        monthlyAvoidable: Double, findingsWithEstimate: Int, regions: [String], regionAssumed: Bool
    ) {
        self.natGateways = natGateways
        self.monthlyNATFixed = monthlyNATFixed
        self.monthlyNATTraffic = monthlyNATTraffic
        self.natPerGB = natPerGB
        self.monthlyAvoidable = monthlyAvoidable
        self.findingsWithEstimate = findingsWithEstimate
        self.regions = regions
        self.regionAssumed = regionAssumed
    }

    /// "estimate, us-east-1 list price" (several Regions are listed).
    public var label: String {
        "estimate, \(regions.isEmpty ? PriceTable.defaultRegion : regions.joined(separator: "/")) list price"
            + (regionAssumed ? " (no Region in the configuration)" : "")
    }

    /// `2 NAT gateways ≈ $73.00/month fixed + $4.50 per 100 GB; findings would save $13.50/month (estimate, …)`.
    public var text: String {
        var parts: [String] = []
        if natGateways > 0 {
            var nat = "\(natGateways) NAT gateway\(natGateways == 1 ? "" : "s") ≈ "
            if let traffic = monthlyNATTraffic {
                nat += "\(CostEstimate.dollars(monthlyNATFixed + traffic))/month (\(CostEstimate.dollars(monthlyNATFixed)) fixed + \(CostEstimate.dollars(traffic)) traffic)"
            } else {
                nat += "\(CostEstimate.dollars(monthlyNATFixed))/month fixed"
                if let perGB = natPerGB { nat += " + \(CostEstimate.dollars(perGB * 100)) per 100 GB" }
            }
            parts.append(nat)
        }
        if findingsWithEstimate > 0 {
            parts.append("cost findings would save \(CostEstimate.dollars(monthlyAvoidable))/month")
        }
        return parts.joined(separator: "; ") + " (\(label))"
    }
}
