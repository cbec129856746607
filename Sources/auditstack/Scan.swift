import ArgumentParser
import AuditCore
import AuditKit
import AuditReporters
import Foundation

struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan files and folders for problems.",
        discussion: """
            Folders are searched for .yaml, .yml, .json, .template and Terraform (.tf, .tofu, \
            .tfvars) files; .git, .terraform, \
            node_modules, .aws-sam, cdk.out, .serverless and .build are skipped. A file named \
            on the command line is always read.

            Exit codes: 0 no findings (at or above --fail-on), 1 findings, 2 usage error or an \
            input that could not be read (the other inputs are still scanned and reported; \
            neither --soft-fail nor --fail-on none hides it).
            """
    )

    @Argument(help: ArgumentHelp("Files or folders to scan.", valueName: "path"))
    var paths: [String] = ["."]

    @OptionGroup(title: "Reports and exit status")
    var reports: ScanOutputOptions

    @Option(name: .customLong("check"), help: ArgumentHelp(
        "Run only these rules (ids or slugs, comma-separated or repeated); includes rules that are off by default.",
        valueName: "id"
    ))
    var checks: [String] = []

    @Option(name: .customLong("skip-check"), help: ArgumentHelp(
        "Do not run these rules (ids or slugs, comma-separated or repeated).", valueName: "id"
    ))
    var skippedChecks: [String] = []

    @OptionGroup(title: "Rule settings")
    var ruleSettings: RuleSettingsOptions

    @OptionGroup(title: "Configuration, suppressions and baseline")
    var scanPolicy: ScanPolicyOptions

    @Flag(name: [.short, .long], help: "Also list every unknown result, skipped files with the reason, suppressed findings with theirs, and loader warnings.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No ANSI colour (also: NO_COLOR set, TERM=dumb, or output not a terminal).")
    var noColor = false

    mutating func validate() throws {
        if paths.isEmpty { paths = ["."] }
        do {
            _ = try RuleCatalog.ids(from: checks, option: "--check")
            _ = try RuleCatalog.ids(from: skippedChecks, option: "--skip-check")
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let selection = RuleSelection(
            only: try RuleCatalog.ids(from: checks, option: "--check"),
            skip: try RuleCatalog.ids(from: skippedChecks, option: "--skip-check")
        )
        let policy = try scanPolicy.policy(for: paths)
        var scanOptions = ScanOptions(paths: paths, selection: policy.selection(over: selection),
                                      settings: ruleSettings.settings(over: policy.settings))
        scanOptions.policy = policy
        var scanner = Scanner()
        scanner.recordsEvaluations = reports.needsEvaluations
        let result = try scanPolicy.recordingBaseline(await scanner.scan(scanOptions))
        PhaseTimer.mark("finish scan")
        let input = ReportInput(result)
        PhaseTimer.mark("report input")

        let status = try reports.writeReports(
            input, gate: reports.gate(configured: policy.config?.failOn, configuredFailOnEmpty: policy.config?.failOnEmpty ?? false), verbose: verbose, noColor: noColor
        )
        scanPolicy.tellIneffectiveSuppressions(result, verbose: verbose)
        // Ends the process here, with the scan result still alive: freeing a large model
        // object by object is a measurable share of a big scan, and the OS reclaims it at
        // once. Every output above is written unbuffered, so nothing is lost.
        withExtendedLifetime((result, input)) { Foundation.exit(status) }
    }
}

extension Scan {
    /// Creates or truncates the file and writes `text` to it; false when any step fails.
    static func writeWhole(_ text: String, toPath path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return false }
        var text = text
        let written = text.withUTF8 { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let result = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += result
            }
            return true
        }
        return close(descriptor) == 0 && written
    }
}
