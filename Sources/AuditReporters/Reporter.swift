/// Presentation choices that apply to every format (a format ignores what it cannot use).
public struct ReportOptions: Sendable, Hashable {
    /// ANSI colour; the CLI decides (TTY, `TERM`, `NO_COLOR`, `--no-color`).
    public var color: Bool
    /// List every unknown, skipped file and loader warning, not only their counts.
    public var verbose: Bool

    public init(color: Bool = false, verbose: Bool = false) {
        self.color = color
        self.verbose = verbose
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
    ]

    public static var identifiers: [String] { all.map { $0.identifier } }

    public static func reporter(for identifier: String, options: ReportOptions = ReportOptions()) -> (any Reporter)? {
        all.first { $0.identifier == identifier.lowercased() }.map { $0.init(options: options) }
    }
}
