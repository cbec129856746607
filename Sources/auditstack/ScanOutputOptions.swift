import ArgumentParser
import AuditCore
import AuditKit
import AuditReporters
import Foundation

/// Report formats, where each goes, and what fails the build.
///
/// Several formats in one run pair up as checkov's `-o cli -o sarif --output-file-path
/// console,results.sarif` does: the n-th `--output` belongs to the n-th `--format`, a
/// format without an `--output` (or with `-`) writes to standard output. So
/// `--format sarif --output auditstack.sarif --format text` writes SARIF to the file and
/// text to the terminal.
struct ScanOutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp(
        "Report format: \(ReporterRegistry.identifiers.joined(separator: ", ")) (default text). Repeat it, or separate with commas, for several reports in one run.",
        valueName: "format"
    ))
    var format: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write a report to this file instead of standard output. The n-th --output goes with the n-th --format; '-' is standard output.",
        valueName: "file"
    ))
    var output: [String] = []

    @Option(name: .customLong("fail-on"), help: ArgumentHelp(
        "The least severe finding that fails the scan: \(FailThreshold.names.joined(separator: ", ")) (default low: any finding fails; none never fails on findings).",
        valueName: "severity"
    ))
    var failOn: String?

    @Flag(name: .customLong("soft-fail"), help: "Report findings but exit 0 on them; an input that cannot be read still exits 2.")
    var softFail = false

    @Flag(name: .customLong("fail-on-empty"), help: "Exit 2 when the scan found no file to check (a mistyped path, or only files auditstack does not read); also `fail-on-empty: true` in the configuration file.")
    var failOnEmpty = false

    @Option(name: .customLong("sarif-category"), help: ArgumentHelp(
        "SARIF automationDetails.id, to tell several uploads for one commit apart (written as CATEGORY/). Leave it unset with github/codeql-action/upload-sarif, whose category: input applies then.",
        valueName: "category"
    ))
    var sarifCategory: String?

    @Flag(name: .customLong("sarif-include-suppressed"), help: "List suppressed findings in SARIF too, marked with suppressions (GitHub shows them as open alerts).")
    var sarifIncludeSuppressed = false

    @Flag(name: [.short, .customLong("quiet")], help: "Text report: only the findings and unreadable inputs, no notes and no summary line (a clean scan prints nothing).")
    var quiet = false

    @Flag(name: .customLong("compact"), help: "Text report: one line per finding, without the per-file headings.")
    var compact = false

    @Flag(name: .customLong("junit-failures-only"), help: "JUnit: list failures, errors and skipped checks only, not every passing check (smaller reports for large repositories; passing cases are also dropped, with a notice, above GitLab's 30 MB limit).")
    var junitFailuresOnly = false

    /// One report and where it goes (`nil`: standard output).
    struct Destination: Equatable {
        var format: String
        var file: String?
    }

    /// Reports pair with their files; the problems a user can make are usage errors.
    func destinations() throws -> [Destination] {
        var formats: [String] = []
        for name in format.flatMap({ $0.split(separator: ",") }).map({ String($0).trimmingSpaces }) where !name.isEmpty {
            guard let canonical = ReporterRegistry.canonicalIdentifier(name) else {
                throw ValidationError("unknown format '\(name)'; choose one of: \(ReporterRegistry.identifiers.joined(separator: ", "))")
            }
            formats.append(canonical)
        }
        if formats.isEmpty { formats = [TextReporter.identifier] }
        guard output.count <= formats.count else {
            throw ValidationError(
                "\(output.count) --output but \(formats.count) --format: each --output belongs to the --format in the same position"
            )
        }
        var destinations: [Destination] = []
        for (index, format) in formats.enumerated() {
            var file = index < output.count ? output[index] : nil
            if file?.isEmpty == true { throw ValidationError("--output needs a file name ('-' for standard output)") }
            // A folder gets the report under the format's usual name, as trivy's and
            // checkov's output folders do.
            if let folder = file, folder != "-", FileOutput.namesFolder(folder) {
                file = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/" + Self.defaultFileName(for: format)
            }
            // checkov's `-o` picks the format; here it names a file. `-o sarif` is that habit.
            if let file, !file.contains("/"), !file.contains("."), ReporterRegistry.canonicalIdentifier(file) != nil {
                throw ValidationError("--output \(file) names a file; for the \(file) format use --format \(file) (-f, not -o)")
            }
            let toStandardOutput = file == nil || file == "-" || file == "console"
            destinations.append(Destination(format: format, file: toStandardOutput ? nil : file))
        }
        let onStandardOutput = destinations.filter { $0.file == nil }.map(\.format)
        if onStandardOutput.count > 1 {
            throw ValidationError(
                "\(onStandardOutput.joined(separator: " and ")) would both write to standard output; give all but one an --output file (the n-th --output goes with the n-th --format)"
            )
        }
        var seen = Set<String>()
        for case let file? in destinations.map(\.file) where !seen.insert(file).inserted {
            throw ValidationError("two reports would be written to \(file)")
        }
        for destination in destinations {
            guard let file = destination.file, let expected = Self.formatImplied(byFileName: file),
                  expected != destination.format else { continue }
            throw ValidationError(
                "--output \(file) is paired with --format \(destination.format), but its name says \(expected); the n-th --output goes with the n-th --format"
            )
        }
        return destinations
    }

    /// The name a report gets when `--output` names a folder.
    static func defaultFileName(for format: String) -> String {
        let extensions = [
            TextReporter.identifier: "txt", JSONReporter.identifier: "json", SARIFReporter.identifier: "sarif",
            JUnitReporter.identifier: "xml", GitHubReporter.identifier: "txt", MarkdownReporter.identifier: "md",
        ]
        return "auditstack." + (extensions[format] ?? format)
    }

    /// Extensions that only one format writes, to catch a file paired with the wrong format.
    static func formatImplied(byFileName file: String) -> String? {
        let lower = file.lowercased()
        if lower.hasSuffix(".sarif") || lower.hasSuffix(".sarif.json") { return SARIFReporter.identifier }
        if lower.hasSuffix(".json") { return JSONReporter.identifier }
        if lower.hasSuffix(".xml") { return JUnitReporter.identifier }
        if lower.hasSuffix(".md") { return MarkdownReporter.identifier }
        return nil
    }

    func threshold() throws -> FailThreshold? {
        guard let failOn else { return nil }
        guard let threshold = FailThreshold(rawValue: failOn.lowercased()) else {
            throw ValidationError("--fail-on must be one of: \(FailThreshold.names.joined(separator: ", "))")
        }
        return threshold
    }

    func validate() throws {
        _ = try destinations()
        _ = try threshold()
    }

    /// The exit-status policy: `--fail-on` wins over the configuration file's `fail-on`.
    func gate(configured: FailThreshold? = nil, configuredFailOnEmpty: Bool = false) throws -> GatePolicy {
        GatePolicy(threshold: try threshold() ?? configured ?? .standard, softFail: softFail,
                   failOnEmpty: failOnEmpty || configuredFailOnEmpty)
    }

    /// JUnit lists every check made, so the engine has to keep them.
    var needsEvaluations: Bool {
        !junitFailuresOnly && ((try? destinations()) ?? []).contains { $0.format == JUnitReporter.identifier }
    }

    /// Renders every report and writes it; input errors and a summary go to standard error
    /// when no text report is on standard output. Returns the exit status.
    func writeReports(_ input: ReportInput, gate: GatePolicy, verbose: Bool, color: ColorChoice) throws -> Int32 {
        let destinations = try destinations()
        let paths = SourcePaths(
            workingDirectory: FileManager.default.currentDirectoryPath,
            sourceRoot: Self.repositoryRoot(from: FileManager.default.currentDirectoryPath)
        )
        var writeFailed = false
        for destination in destinations {
            var options = ReportOptions(
                color: destination.file == nil && color.applies, verbose: verbose, paths: paths,
                sarifCategory: sarifCategory, includeSuppressed: sarifIncludeSuppressed, gate: gate
            )
            options.junitFailuresOnly = junitFailuresOnly
            options.quiet = quiet
            options.compact = compact
            guard let reporter = ReporterRegistry.reporter(for: destination.format, options: options) else { continue }
            let report = reporter.render(input)
            guard let file = destination.file else {
                Terminal.writeOut(report)
                continue
            }
            if let failure = FileOutput.write(report, to: file) {
                Terminal.writeError("auditstack: cannot write the \(destination.format) report to \(file): \(failure)\n")
                writeFailed = true
            }
        }
        PhaseTimer.mark("render and write reports")

        // When no text report is on the terminal, a person watching still learns about
        // inputs that could not be read, and how the scan went.
        let textOnStandardOutput = destinations.contains { $0.file == nil && $0.format == TextReporter.identifier }
        if !textOnStandardOutput {
            for error in input.errors { Terminal.writeInputError(error) }
        }
        if !quiet, !destinations.contains(where: { $0.file == nil }) {
            Terminal.writeError(TextReporter(options: ReportOptions(gate: gate)).summaryLine(input) + "\n")
        }
        if writeFailed { return ExitStatus.failure }
        switch gate.verdict(findings: input.findings, inputErrors: input.errors.count, filesLoaded: input.fileCount) {
        case .pass: return ExitStatus.clean
        case .failedOnFindings: return ExitStatus.findings
        case .unreadableInput: return ExitStatus.failure
        case .nothingScanned:
            Terminal.writeError("auditstack: no file to check was found (--fail-on-empty)\n")
            return ExitStatus.failure
        }
    }

    /// The nearest folder upwards that holds `.git` (a folder, or a file in a worktree);
    /// SARIF and annotation paths are relative to it. Without one, the working directory.
    static func repositoryRoot(from directory: String) -> String {
        var url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return directory }
            url = parent
        }
    }
}
