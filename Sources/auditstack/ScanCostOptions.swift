import ArgumentParser
import AuditCore

/// The options that price cost findings: the Region where the files name none, and the
/// monthly traffic the configuration cannot know. Shared by `scan` and `report`.
struct ScanCostOptions: ParsableArguments {
    @Option(name: .customLong("region"), help: ArgumentHelp(
        "Price cost findings in this AWS Region where the files name none (CloudFormation never does; a Terraform provider's region wins). Default: us-east-1, said so in every estimate.",
        valueName: "region"
    ))
    var region: String?

    @Option(name: .customLong("assume-gb"), help: ArgumentHelp(
        "Monthly traffic for cost estimates, KEY=GB comma-separated: nat (all traffic through NAT gateways), s3, dynamodb, or an endpoint service (sqs, secretsmanager, ecr.dkr…). Without it, estimates give the fixed part and a per-100-GB line.",
        valueName: "key=gb,…"
    ))
    var assumeGB: String?

    func validate() throws {
        if let region, !RegionName.isPlausible(region) {
            throw ValidationError("--region must be an AWS Region name such as us-east-1, not \"\(region)\"")
        }
        if let assumeGB, case .failure(let error) = TrafficAssumption.parse(assumeGB) {
            throw ValidationError("--assume-gb: \(error)")
        }
    }

    /// `base` (the configuration file's settings) with these options on top, key by key.
    func settings(over base: RuleSettings) -> RuleSettings {
        var settings = base
        if let region { settings.region = region }
        if let assumeGB, case .success(let traffic) = TrafficAssumption.parse(assumeGB) {
            settings.traffic.gigabytes.merge(traffic.gigabytes) { _, fromCommandLine in fromCommandLine }
        }
        return settings
    }
}
