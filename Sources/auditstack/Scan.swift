import ArgumentParser
import AuditCore
import AuditKit
import AuditLoaders
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

    @OptionGroup(title: "Rule selection")
    var rules: RuleSelectionOptions

    @Option(name: .customLong("context"), help: ArgumentHelp(
        "Also read these files and folders, for context only: rules see them (a backup plan, a route in another file of the module), findings are reported for the named paths alone. The pre-commit hooks pass --context . so a commit is judged as the whole repository would be.",
        valueName: "path"
    ))
    var context: [String] = []

    @OptionGroup(title: "Rule settings")
    var ruleSettings: RuleSettingsOptions

    @OptionGroup(title: "Cost estimates")
    var cost: ScanCostOptions

    @OptionGroup(title: "Configuration, suppressions and baseline")
    var scanPolicy: ScanPolicyOptions

    @Option(name: .customLong("var"), help: ArgumentHelp(
        "A Terraform variable's value for every scanned module, as terraform -var: NAME=VALUE (an HCL literal such as true, 3 or [\"a\"], else the text); repeatable, wins over --var-file.",
        valueName: "name=value"
    ))
    var terraformVariables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp(
        "A Terraform variables file (.tfvars or .tfvars.json) for every scanned module, after terraform.tfvars and *.auto.tfvars; repeatable.",
        valueName: "file"
    ))
    var terraformVariableFiles: [String] = []

    @Flag(name: [.short, .long], help: "Also list every unknown result, skipped files with the reason, suppressed findings with theirs, and loader warnings.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No ANSI colour (also: NO_COLOR set, TERM=dumb, or output not a terminal); the same as --color never.")
    var noColor = false

    @Option(name: .customLong("color"), help: ArgumentHelp(
        "auto (default: colour on a terminal unless NO_COLOR or TERM=dumb), always (also in a pipe, for CI logs that render ANSI) or never.",
        valueName: "when"
    ))
    var color: ColorChoice = .auto

    @Option(name: .customLong("stdin-filename"), help: ArgumentHelp(
        "With - as the path: the name the template read from standard input has in messages and reports (its extension also picks JSON or YAML).",
        valueName: "name"
    ))
    var stdinFilename = "stdin"

    @Option(name: .customLong("skip-path"), help: ArgumentHelp(
        "Do not scan files or folders matching this glob (relative to the working directory, the syntax of the configuration file's exclude: *, ?, **); repeatable.",
        valueName: "glob"
    ))
    var skipPaths: [String] = []

    mutating func validate() throws {
        if paths.isEmpty { paths = ["."] }
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("- (standard input) cannot be combined with other paths")
        }
        if let word = paths.first(where: Self.isMistypedSubcommand) {
            let names = Auditstack.configuration.subcommands.map { $0._commandName }
            throw ValidationError("'\(word)' is not a subcommand or a path; subcommands: \(names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let selection = try rules.selection()
        let readsStandardInput = paths == ["-"]
        let policy = try scanPolicy.policy(for: readsStandardInput ? ["."] : paths)
        var scanOptions = ScanOptions(paths: paths, selection: policy.selection(over: selection),
                                      settings: cost.settings(over: ruleSettings.settings(over: policy.settings)))
        scanOptions.policy = policy
        scanOptions.policy.skipPaths = skipPaths.map { PathGlob($0) }
        scanOptions.contextPaths = context
        var assignments: [TerraformVariableValues.Source] = terraformVariableFiles.map { .file($0) }
        for assignment in terraformVariables {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--var needs NAME=VALUE, not '\(assignment)'")
            }
            assignments.append(.assignment(name: String(assignment[..<equals]), value: String(assignment[assignment.index(after: equals)...])))
        }
        var scanner = Scanner(loaders: Scanner.loaders(terraformVariables: TerraformVariableValues(commandLine: assignments)))
        scanner.recordsEvaluations = reports.needsEvaluations
        let scanned: ScanResult
        if readsStandardInput {
            // `-`: one template piped in (an editor, `cfn-flip`, `terraform show -json`),
            // named for messages by --stdin-filename.
            // One piped document is part of a repository, not all of it: whether the account
            // has a budget or a trail is unknown from it, never a finding.
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            var settings = scanOptions.settings
            settings.scanIsPartial = true
            scanned = await scanner.scan(documents: [(stdinFilename, text)], selection: scanOptions.selection,
                                         settings: settings, policy: scanOptions.policy)
        } else {
            scanned = await scanner.scan(scanOptions)
        }
        let result = try scanPolicy.recordingBaseline(scanned)
        PhaseTimer.mark("finish scan")
        let input = ReportInput(result)
        PhaseTimer.mark("report input")

        let status = try reports.writeReports(
            input, gate: reports.gate(configured: policy.config?.failOn, configuredFailOnEmpty: policy.config?.failOnEmpty ?? false), verbose: verbose, color: noColor ? .never : color
        )
        scanPolicy.tellIneffectiveSuppressions(result, verbose: verbose)
        // Ends the process here, with the scan result still alive: freeing a large model
        // object by object is a measurable share of a big scan, and the OS reclaims it at
        // once. Every output above is written unbuffered, so nothing is lost.
        withExtendedLifetime((result, input)) { Foundation.exit(status) }
    }
}

extension Scan {
    /// A bare word that names nothing on disk (`auditstack reprot`): since `scan` is the
    /// default command, it would otherwise be a path "not found".
    static func isMistypedSubcommand(_ path: String) -> Bool {
        guard !path.isEmpty, path.allSatisfy({ $0.isLetter || $0 == "-" }), !path.hasPrefix("-") else { return false }
        return !FileManager.default.fileExists(atPath: path)
    }
}
