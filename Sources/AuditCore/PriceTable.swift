/// The one price table: every dollar figure auditstack prints comes from here, with its
/// source and the date it was read. List prices in US dollars, without discounts, free
/// tiers or taxes. Re-check before a release (rule-catalog §10).
///
/// us-east-1 is the catalog's §3.1. Other Regions are listed only for the items a source
/// gives; an item a Region lacks is priced at the us-east-1 figure, and the estimate says so.
public enum PriceTable {
    /// When the figures below were last checked against their sources.
    public static let retrieved = "2026-12-07"
    /// Hours in the billing month the estimates assume (AWS pricing examples use 730).
    public static let hoursPerMonth = 730.0
    /// The Region whose prices apply when the configuration names none.
    public static let defaultRegion = "us-east-1"

    /// One priced item.
    public enum Item: String, Sendable, Hashable, CaseIterable {
        /// Per NAT gateway per hour it is provisioned (partial hours billed as full).
        case natGatewayHour = "NAT gateway hour"
        /// Per GB processed by a NAT gateway, either direction, any destination.
        case natGatewayGB = "NAT gateway GB processed"
        /// Per interface endpoint per AZ per hour.
        case interfaceEndpointHour = "interface endpoint AZ-hour"
        /// Per GB processed by an interface endpoint (first PB of the month).
        case interfaceEndpointGB = "interface endpoint GB processed"
        /// Per public IPv4 address per hour (an Elastic IP, a public NAT gateway's address).
        case publicIPv4Hour = "public IPv4 address hour"
        /// Per GB between AZs of a Region, billed in each direction.
        case crossAZGB = "cross-AZ GB"
        /// Gateway endpoints (S3, DynamoDB): no charge.
        case gatewayEndpoint = "gateway endpoint"
    }

    public struct Price: Sendable, Hashable {
        public let dollars: Double
        /// Where the figure comes from (catalog §9 keys or a page).
        public let source: String
    }

    private static let vpcPricing = "AWS VPC pricing page aws.amazon.com/vpc/pricing, as reproduced by secondary pages [NAT-price]"

    /// us-east-1, rule-catalog §3.1.
    private static let usEast1: [Item: Price] = [
        .natGatewayHour: Price(dollars: 0.045, source: vpcPricing),
        .natGatewayGB: Price(dollars: 0.045, source: vpcPricing),
        .interfaceEndpointHour: Price(dollars: 0.01, source: "AWS PrivateLink pricing (per endpoint per AZ per hour) [PL-price][PL-rate]"),
        .interfaceEndpointGB: Price(dollars: 0.01, source: "AWS PrivateLink pricing, first 1 PB per month [PL-price]"),
        .publicIPv4Hour: Price(dollars: 0.005, source: "AWS public IPv4 charge since 1 February 2024, every Region [IPV4]"),
        .crossAZGB: Price(dollars: 0.01, source: "AWS EC2 data transfer pricing, in each direction [XAZ]"),
        .gatewayEndpoint: Price(dollars: 0, source: "\"There is no additional charge for using gateway endpoints\" [GWE-free]"),
    ]

    /// The other Regions a source prices (NAT gateway hour and GB are always equal there).
    private static let natByRegion: [String: (dollars: Double, source: String)] = [
        "us-east-2": (0.045, "rajesh.medampudi.com/blog/aws-nat-gateway-hidden-tax: us-east-1 and us-east-2 $0.045 per NAT gateway-hour and per GB"),
        "us-west-2": (0.045, "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026: US West (Oregon) $0.045"),
        "ca-central-1": (0.05, "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026: Canada (Central) $0.05"),
        "eu-west-1": (0.048, "AWS VPC pricing page, Europe (Ireland) $0.048 per hour and per GB; cloudpipelines.pages.dev gives Europe $0.048–$0.052"),
        "ap-southeast-1": (0.059, "basavytix.com/blog/aws-nat-gateway-pricing: ap-southeast-1 (Singapore) $0.059/hr and $0.059/GB"),
    ]

    /// The Regions the table prices NAT gateways in, us-east-1 first.
    public static var pricedRegions: [String] { [defaultRegion] + natByRegion.keys.sorted() }

    /// The price of `item` in `region`; `fromRegion` is false when the table has no figure
    /// for that Region and the us-east-1 one is used.
    public static func price(_ item: Item, in region: String) -> (price: Price, fromRegion: Bool) {
        if region != defaultRegion, item == .natGatewayHour || item == .natGatewayGB, let regional = natByRegion[region] {
            return (Price(dollars: regional.dollars, source: regional.source), true)
        }
        let base = usEast1[item]!
        // The IPv4 charge and the free gateway endpoints are the same everywhere.
        let everywhere: Set<Item> = [.publicIPv4Hour, .gatewayEndpoint]
        return (base, region == defaultRegion || everywhere.contains(item))
    }
}

/// The prices a cost finding uses: one Region's, with what had to be assumed.
public struct PriceQuote: Sendable, Hashable {
    public let region: String
    /// No Region in the configuration or settings: us-east-1 prices.
    public let regionAssumed: Bool
    /// Where the Region came from ("provider region", "--region").
    public let regionSource: String?

    public init(region: String?, source: String?) {
        if let region, !region.isEmpty {
            self.region = region
            regionAssumed = false
            regionSource = source
        } else {
            self.region = PriceTable.defaultRegion
            regionAssumed = true
            regionSource = nil
        }
    }

    public func dollars(_ item: PriceTable.Item) -> Double {
        PriceTable.price(item, in: region).price.dollars
    }

    /// Per month for something billed by the hour.
    public func monthly(_ item: PriceTable.Item, count: Double = 1) -> Double {
        count * PriceTable.hoursPerMonth * dollars(item)
    }

    /// Basis notes for the items whose Region price the table lacks.
    public func fallbackNotes(_ items: [PriceTable.Item]) -> [String] {
        guard !regionAssumed else { return [] }
        return items.filter { !PriceTable.price($0, in: region).fromRegion }.map { "\($0.rawValue) at the us-east-1 price (no \(region) figure in the price table)" }
    }

    /// A base estimate in this quote's Region.
    public func estimate(
        monthlyFixed: Double, monthlyTraffic: Double? = nil, perGB: Double? = nil, monthlyAvoidable: Double? = nil,
        basis: [String], items: [PriceTable.Item]
    ) -> CostEstimate {
        var notes = ["\(Int(PriceTable.hoursPerMonth)) h/month"] + basis + fallbackNotes(items)
        if let regionSource { notes.append("Region from \(regionSource)") }
        return CostEstimate(
            monthlyFixed: monthlyFixed, monthlyTraffic: monthlyTraffic, perGB: perGB, monthlyAvoidable: monthlyAvoidable,
            region: region, regionAssumed: regionAssumed, basis: notes
        )
    }
}

/// Monthly traffic the user assumes (`--assume-gb nat=500,s3=300,dynamodb=50`): the
/// configuration cannot say how many bytes flow, so without it only fixed costs are summed.
public struct TrafficAssumption: Sendable, Hashable {
    /// GB per month by key: `nat` (all traffic through NAT), `s3`, `dynamodb`, or another
    /// service's endpoint suffix (`sqs`, `secretsmanager`, `ecr.dkr`).
    public var gigabytes: [String: Double] = [:]

    public init(gigabytes: [String: Double] = [:]) {
        self.gigabytes = gigabytes
    }

    public subscript(key: String) -> Double? { gigabytes[key] }

    public var isEmpty: Bool { gigabytes.isEmpty }

    /// Parses `nat=500,s3=300`; `nil` with the reason when it is not that shape.
    public static func parse(_ text: String) -> Result<TrafficAssumption, TrafficAssumptionError> {
        var result = TrafficAssumption()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            guard pair.count == 2, !pair[0].isEmpty else { return .failure(TrafficAssumptionError("\"\(part)\" is not KEY=GB")) }
            guard let value = Double(pair[1]), value >= 0, value.isFinite else {
                return .failure(TrafficAssumptionError("\"\(pair[1])\" is not a number of GB"))
            }
            result.gigabytes[pair[0].lowercased()] = value
        }
        return .success(result)
    }

    public var description: String {
        gigabytes.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.number($0.value))" }.joined(separator: ",")
    }

    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int(value)) : String(value)
    }
}

public struct TrafficAssumptionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension CostEstimate {
    /// `$32.85` (cents, no thousands separator, for messages and reports alike).
    public static func dollars(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        let remainder = abs(cents) % 100
        return "$\(cents / 100).\(remainder < 10 ? "0" : "")\(remainder)"
    }

    /// A per-unit rate: `$0.045`, `$0.01` (cents, or a tenth of a cent when it has one).
    public static func rate(_ amount: Double) -> String {
        let mills = Int((amount * 1000).rounded())
        if mills % 10 == 0 { return dollars(amount) }
        let remainder = mills % 1000
        let digits = String(remainder)
        return "$\(mills / 1000)." + String(repeating: "0", count: 3 - digits.count) + digits
    }

    /// The "+ $4.50 per 100 GB" sensitivity line, when the estimate has a per-GB rate.
    public var sensitivity: String? {
        perGB.map { "+ \(Self.dollars($0 * 100)) per 100 GB" }
    }

    /// One line for people: `$65.70/month fixed + $4.50 per 100 GB; fixing saves $13.50/month (estimate, us-east-1 list price)`.
    public var summaryText: String { figuresText + " (\(label))" }

    /// `summaryText` without the label, for places that print the label already.
    public var figuresText: String {
        var parts: [String] = []
        if let traffic = monthlyTraffic, monthlyFixed == 0 {
            parts.append("\(Self.dollars(traffic))/month traffic")
        } else if let traffic = monthlyTraffic {
            parts.append("\(Self.dollars(monthlyTotal))/month (\(Self.dollars(monthlyFixed)) fixed + \(Self.dollars(traffic)) traffic)")
        } else if monthlyFixed == 0, let perGB {
            parts.append("\(Self.dollars(perGB * 100)) per 100 GB")
        } else {
            parts.append("\(Self.dollars(monthlyFixed))/month fixed" + (sensitivity.map { " " + $0 } ?? ""))
        }
        if let avoidable = monthlyAvoidable { parts.append("fixing saves \(Self.dollars(avoidable))/month") }
        return parts.joined(separator: "; ")
    }
}

/// AWS Region names as users type them (`us-east-1`, `eu-central-2`, `us-gov-west-1`).
public enum RegionName {
    public static func isPlausible(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase && $0.isLetter } }
    }
}
