import ArgumentParser
import AuditCore
import AuditKit
import AuditReporters
import Foundation

/// `auditstack report`: the launch review, one self-contained page a team reads (or prints)
/// before launch: the verdict, the launch checklist, the claims per data store, the money,
/// and the findings grouped by root cause.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the launch review: one self-contained HTML page (or Markdown, or its data as JSON).",
        discussion: """
            Scans like `scan` and writes the review to --output, by default \(LaunchReviewFormat.html.defaultFileName) \
            in the current directory (in the temporary directory when the current directory is itself being \
            scanned: the report never lands in a scanned folder). The path is printed on standard error.

            Exit codes as for `scan`: 0 no findings (at or above --fail-on), 1 findings, 2 usage error, an input \
            that could not be read, or a report that could not be written; --soft-fail exits 0 on findings.
            """
    )

    @Argument(help: ArgumentHelp("Files or folders to scan.", valueName: "path"))
    var paths: [String] = ["."]

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Report format: html (default), markdown, or json (the data the page is drawn from).", valueName: "format"
    ))
    var format: LaunchReviewFormat?

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write the review to this file ('-' for standard output). Its extension (.html, .md, .json) picks the format when --format is not given.",
        valueName: "file"
    ))
    var output: String?

    @Option(name: .customLong("blocking"), help: ArgumentHelp(
        "The least severe finding that blocks the launch: critical, high, medium or low (default high: critical and high findings block).",
        valueName: "severity"
    ))
    var blocking: Severity = .high

    @OptionGroup(title: "Exit status")
    var exitStatus: GateOptions

    @OptionGroup(title: "Rule selection")
    var ruleSelection: RuleSelectionOptions

    @OptionGroup(title: "Rule settings")
    var ruleSettings: RuleSettingsOptions

    @OptionGroup(title: "Cost estimates")
    var cost: ScanCostOptions

    @OptionGroup(title: "Configuration, suppressions and baseline")
    var scanPolicy: ScanPolicyOptions

    mutating func validate() throws {
        if paths.isEmpty { paths = ["."] }
        if output?.isEmpty == true { throw ValidationError("--output needs a file name ('-' for standard output)") }
        if let output, let implied = LaunchReviewFormat(fileName: output), let format, format != implied {
            throw ValidationError("--output \(output) names a \(implied.rawValue) file, but --format is \(format.rawValue)")
        }
    }

    var resolvedFormat: LaunchReviewFormat {
        format ?? output.flatMap(LaunchReviewFormat.init(fileName:)) ?? .html
    }

    func run() async throws {
        let policy = try scanPolicy.policy(for: paths)
        let settings = cost.settings(over: ruleSettings.settings(over: policy.settings))
        var scanOptions = ScanOptions(paths: paths, selection: policy.selection(over: try ruleSelection.selection()), settings: settings)
        scanOptions.policy = policy
        var scanner = Scanner()
        // The checklist and the claims table tell "passes" from "nothing to check" by the
        // checks each rule made.
        scanner.recordsEvaluations = true
        let result = try scanPolicy.recordingBaseline(await scanner.scan(scanOptions))
        let input = ReportInput(result, settings: settings)
        let gate = try exitStatus.gate(configured: policy.config?.failOn, configuredFailOnEmpty: policy.config?.failOnEmpty ?? false)
        let workingDirectory = FileManager.default.currentDirectoryPath
        let options = LaunchReviewOptions(
            blockingSeverity: blocking, knownRules: RuleCatalog.metadata,
            paths: SourcePaths(workingDirectory: workingDirectory, sourceRoot: ScanOutputOptions.repositoryRoot(from: workingDirectory)),
            gate: gate
        )
        let review = LaunchReview(input, options: options)
        let text = resolvedFormat.render(review)

        for error in input.errors { Terminal.writeInputError(error) }
        scanPolicy.tellIneffectiveSuppressions(result, verbose: false)
        var written = true
        var destination = output ?? defaultDestination(workingDirectory: workingDirectory)
        // `--output site/` (a folder): the default name inside it.
        var isDirectory: ObjCBool = false
        if destination != "-", destination.hasSuffix("/") || (FileManager.default.fileExists(atPath: destination, isDirectory: &isDirectory) && isDirectory.boolValue) {
            destination = URL(fileURLWithPath: destination, isDirectory: true).appendingPathComponent(resolvedFormat.defaultFileName).path
        }
        if destination == "-" {
            Terminal.writeOut(text)
        } else if let failure = FileOutput.write(text, to: destination) {
            Terminal.writeError("auditstack: cannot write the launch review to \(destination): \(failure)\n")
            written = false
        } else {
            Terminal.writeError("auditstack: launch review written to \(destination)\n")
        }
        Terminal.writeError("auditstack: \(review.verdict.headline). \(review.verdict.summary)\n")

        let status: Int32
        if !written {
            status = ExitStatus.failure
        } else {
            switch gate.verdict(findings: input.findings, inputErrors: input.errors.count, filesLoaded: input.fileCount) {
            case .pass: status = ExitStatus.clean
            case .failedOnFindings: status = ExitStatus.findings
            case .unreadableInput: status = ExitStatus.failure
            case .nothingScanned:
                Terminal.writeError("auditstack: no file to check was found (--fail-on-empty)\n")
                status = ExitStatus.failure
            }
        }
        if status != ExitStatus.clean { throw ExitCode(status) }
    }

    /// `auditstack-report.html` in the current directory, unless the current directory is
    /// inside a scanned folder: then the temporary directory, so a scan never writes into
    /// what it reads.
    func defaultDestination(workingDirectory: String) -> String {
        let name = resolvedFormat.defaultFileName
        let here = URL(fileURLWithPath: workingDirectory, isDirectory: true).standardizedFileURL.path
        let scannedFolders = paths.compactMap { path -> String? in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            return URL(fileURLWithPath: path, isDirectory: true, relativeTo: URL(fileURLWithPath: here, isDirectory: true))
                .standardizedFileURL.path
        }
        let insideScanned = scannedFolders.contains { folder in here == folder || here.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") }
        guard insideScanned else { return name }
        return URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true).appendingPathComponent(name).path
    }
}

/// The launch review's formats.
enum LaunchReviewFormat: String, ExpressibleByArgument, CaseIterable {
    case html, markdown, json

    init?(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
            self = .html
        } else if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
            self = .markdown
        } else if lower.hasSuffix(".json") {
            self = .json
        } else {
            return nil
        }
    }

    var defaultFileName: String {
        switch self {
        case .html: "auditstack-report.html"
        case .markdown: "auditstack-report.md"
        case .json: "auditstack-report.json"
        }
    }

    func render(_ review: LaunchReview) -> String {
        switch self {
        case .html: LaunchReviewHTML.render(review)
        case .markdown: LaunchReviewMarkdown.render(review)
        case .json: LaunchReviewJSON.render(review)
        }
    }
}

extension Severity: ExpressibleByArgument {}

/// `--fail-on`, `--soft-fail` and `--fail-on-empty` for `report`, meaning what they mean for `scan`.
struct GateOptions: ParsableArguments {
    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "The least severe finding that fails the run: \(FailThreshold.names.joined(separator: ", ")) (default low: any finding fails; none never fails on findings).",
        valueName: "severity"
    ))
    var failOn: String?

    @Flag(name: .customLong("soft-fail"), help: "Write the review but exit 0 on findings; an input that cannot be read still exits 2.")
    var softFail = false

    @Flag(name: .customLong("fail-on-empty"), help: "Exit 2 when the scan found no file to check; also `fail-on-empty: true` in the configuration file.")
    var failOnEmpty = false

    func threshold() throws -> FailThreshold? {
        guard let failOn else { return nil }
        guard let threshold = FailThreshold(rawValue: failOn.lowercased()) else {
            throw ValidationError("--fail-on must be one of: \(FailThreshold.names.joined(separator: ", "))")
        }
        return threshold
    }

    func validate() throws {
        _ = try threshold()
    }

    /// The exit-status policy: the command line wins over the configuration file.
    func gate(configured: FailThreshold? = nil, configuredFailOnEmpty: Bool = false) throws -> GatePolicy {
        GatePolicy(threshold: try threshold() ?? configured ?? .standard, softFail: softFail, failOnEmpty: failOnEmpty || configuredFailOnEmpty)
    }
}
