import ArgumentParser
import AuditCore
import AuditKit
import Foundation

/// Which configuration file applies: the one found from the scanned paths, a named one, or none.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "Read settings from this file instead of the .auditstack.yml (or .auditstack.yaml) found by walking up from the scanned paths to the repository root.",
        valueName: "file"
    ))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Do not read a configuration file.")
    var noConfig = false

    func validate() throws {
        if config != nil && noConfig { throw ValidationError("--config and --no-config exclude each other") }
        if config?.isEmpty == true { throw ValidationError("--config needs a file name") }
    }

    /// The configuration for a scan of `paths`, if any. A mistake in it is printed with its
    /// position and ends the run with exit status 2.
    func load(for paths: [String]) throws -> ConfigFile? {
        guard let path = config ?? (noConfig ? nil : ConfigFile.discover(for: paths)) else { return nil }
        do {
            return try ConfigFile.load(path: path)
        } catch {
            Terminal.writeError("auditstack: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// The options that decide what a scan holds against the repository: its configuration
/// file, its baseline, and how named files that are not cloud configuration are treated.
struct ScanPolicyOptions: ParsableArguments {
    @OptionGroup var configuration: ConfigOptions

    @Option(name: .customLong("baseline"), help: ArgumentHelp(
        "Accept the findings recorded in this baseline file: they are reported as suppressed, and only new findings fail.",
        valueName: "file"
    ))
    var baseline: String?

    @Option(name: .customLong("create-baseline"), help: ArgumentHelp(
        "Record every finding of this scan in a baseline file (to adopt the gate on an existing repository); the run reports them as accepted.",
        valueName: "file"
    ))
    var createBaseline: String?

    @Flag(name: .customLong("skip-unrecognized"), help: ArgumentHelp(
        "Skip named files that are not recognisable cloud configuration, as a folder scan does, instead of reporting unreadable ones (for pre-commit hooks)."
    ))
    var skipUnrecognized = false

    func validate() throws {
        for (option, value) in [("--baseline", baseline), ("--create-baseline", createBaseline)] where value?.isEmpty == true {
            throw ValidationError("\(option) needs a file name")
        }
    }

    /// The configuration file and baseline for a scan of `paths`. A mistake in either is
    /// printed with its position and ends the run with exit status 2.
    func policy(for paths: [String]) throws -> ScanPolicy {
        var policy = ScanPolicy(config: try configuration.load(for: paths), skipUnrecognized: skipUnrecognized)
        policy.baseline = try baseline.map(Self.loadBaseline)
        return policy
    }

    /// The baseline file at `path`. A mistake in it is printed with its position and ends
    /// the run with exit status 2.
    static func loadBaseline(_ path: String) throws -> Baseline {
        do {
            let baseline = try Baseline.load(path: path)
            if let warning = baseline.staleWarning { Terminal.writeError("auditstack: \(warning)\n") }
            return baseline
        } catch {
            Terminal.writeError("auditstack: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
    }

    /// Suppressions that do not apply (expired, without a reason, naming no rule) are told
    /// on standard error, whatever the report format: a reviewer must not miss that a
    /// finding is back because its suppression expired. `--verbose` lists them in the text
    /// report instead.
    func tellIneffectiveSuppressions(_ result: ScanResult, verbose: Bool) {
        guard !verbose else { return }
        for record in result.suppressionRecords {
            guard let problem = record.problem else { continue }
            Terminal.writeError("auditstack: \(record.location): \(problem)\n")
        }
    }

    /// With `--create-baseline`: writes every remaining finding to the baseline file and
    /// returns the result with those findings accepted, so this run passes the gate.
    func recordingBaseline(_ result: ScanResult) throws -> ScanResult {
        guard let createBaseline else { return result }
        let recorded = result.outcome.findings + result.suppressed.filter { $0.suppression.origin == .baseline }.map(\.finding)
        let text = Baseline.render(recorded, path: createBaseline)
        if let failure = FileOutput.write(text, to: createBaseline) {
            Terminal.writeError("auditstack: cannot write the baseline to \(createBaseline): \(failure)\n")
            throw ExitCode(ExitStatus.failure)
        }
        Terminal.writeError("auditstack: recorded \(recorded.count) finding\(recorded.count == 1 ? "" : "s") in \(createBaseline)\n")
        let baseline = try Baseline.parse(Array(text.utf8), path: createBaseline)
        var accepted = result
        accepted.suppressed += result.outcome.findings.compactMap { finding in
            baseline.acceptance(of: finding).map { SuppressedFinding(finding: finding, suppression: $0) }
        }
        accepted.outcome.findings = []
        return accepted
    }
}
