/// What a cost finding puts a price on, in US dollars per month, with what the figure rests
/// on. Built by the cost rules from the one price table; printed by every reporter and
/// summed by the scan summary and the launch report.
public struct CostEstimate: Sendable, Hashable {
    /// Billed whatever the traffic (gateway hours, public IPv4, endpoint hours).
    public var monthlyFixed: Double
    /// The traffic-dependent part, only when the user gave traffic (`--assume-gb`).
    public var monthlyTraffic: Double?
    /// Dollars per GB that traffic through the finding's path costs (for the "+ $4.50 per
    /// 100 GB" sensitivity line when no traffic is given).
    public var perGB: Double?
    /// What fixing the finding saves per month, where the catalog gives one.
    public var monthlyAvoidable: Double?
    /// The Region whose list prices were used.
    public var region: String
    /// True when no Region was known and us-east-1 prices were used.
    public var regionAssumed: Bool
    /// The assumptions, one short phrase each ("730 h/month", "2 NAT gateways").
    public var basis: [String]

    public init(
        monthlyFixed: Double, monthlyTraffic: Double? = nil, perGB: Double? = nil, monthlyAvoidable: Double? = nil,
        region: String, regionAssumed: Bool, basis: [String] = []
    ) {
        self.monthlyFixed = monthlyFixed
        self.monthlyTraffic = monthlyTraffic
        self.perGB = perGB
        self.monthlyAvoidable = monthlyAvoidable
        self.region = region
        self.regionAssumed = regionAssumed
        self.basis = basis
    }

    /// Fixed plus traffic, the figure a reader compares with the bill.
    public var monthlyTotal: Double { monthlyFixed + (monthlyTraffic ?? 0) }

    /// "estimate, us-east-1 list price": every figure says what it is.
    public var label: String { "estimate, \(region) list price" + (regionAssumed ? " (no Region in the configuration)" : "") }
}
