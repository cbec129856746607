import AuditCore

/// Presentation choices that apply to every format (a format ignores what it cannot use).
public struct ReportOptions: Sendable, Hashable {
    /// ANSI colour; the CLI decides (TTY, `TERM`, `NO_COLOR`, `--no-color`).
    public var color: Bool
    /// List every unknown, skipped file and loader warning, not only their counts.
    public var verbose: Bool
    /// Where relative paths start and where the repository is, for the CI formats'
    /// repository-relative paths (SARIF, annotations, JUnit).
    public var paths: SourcePaths
    /// SARIF `automationDetails.id` (`--sarif-category`); unset by default so that the
    /// upload action's own `category:` applies.
    public var sarifCategory: String?
    /// SARIF: also list suppressed findings, marked with `suppressions`.
    public var includeSuppressed: Bool
    /// The exit-status policy, so reports can say what fails the build.
    public var gate: GatePolicy
    /// JUnit: only failures, errors and skipped checks, no passing cases
    /// (`--junit-failures-only`), for repositories whose report would be too large.
    public var junitFailuresOnly = false
    /// Text: the findings and input errors only, no notes and no summary (`--quiet`).
    public var quiet = false
    /// Text: one line per finding, without the per-file headings (`--compact`).
    public var compact = false

    public init(
        color: Bool = false, verbose: Bool = false, paths: SourcePaths = SourcePaths(), sarifCategory: String? = nil,
        includeSuppressed: Bool = false, gate: GatePolicy = GatePolicy()
    ) {
        self.color = color
        self.verbose = verbose
        self.paths = paths
        self.sarifCategory = sarifCategory
        self.includeSuppressed = includeSuppressed
        self.gate = gate
    }
}

/// Turns a scan into the bytes of one output format.
public protocol Reporter: Sendable {
    /// The value of `--format` that picks this reporter.
    static var identifier: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    init(options: ReportOptions)
    func render(_ input: ReportInput) -> String
}

extension Reporter {
    public var identifier: String { Self.identifier }
}

/// Every output format, by identifier; a new format is one type added here.
public enum ReporterRegistry {
    public static let all: [any Reporter.Type] = [
        TextReporter.self,
        JSONReporter.self,
        SARIFReporter.self,
        JUnitReporter.self,
        GitHubReporter.self,
        MarkdownReporter.self,
    ]

    public static var identifiers: [String] { all.map { $0.identifier } }

    /// Other names users bring from peer tools (checkov's `-o cli`, `-o junitxml`).
    public static let aliases: [String: String] = ["cli": TextReporter.identifier, "junitxml": JUnitReporter.identifier]

    /// The identifier a name stands for, aliases resolved; `nil` when no format has it.
    public static func canonicalIdentifier(_ name: String) -> String? {
        let wanted = name.lowercased()
        let resolved = aliases[wanted] ?? wanted
        return identifiers.contains(resolved) ? resolved : nil
    }

    public static func reporter(for identifier: String, options: ReportOptions = ReportOptions()) -> (any Reporter)? {
        guard let canonical = canonicalIdentifier(identifier) else { return nil }
        return all.first { $0.identifier == canonical }.map { $0.init(options: options) }
    }
}
