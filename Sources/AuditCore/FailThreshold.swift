/// The least severe finding that fails a scan (`--fail-on`, or `fail_on` in the
/// configuration file; the command line wins).
public enum FailThreshold: String, Sendable, Hashable, CaseIterable, Codable {
    case critical, high, medium, low
    /// Findings never fail the scan (report only); unreadable input still does.
    case none

    /// Any finding fails a scan unless the user says otherwise.
    public static let standard = FailThreshold.low

    /// The severity at and above which findings fail; `nil` for `.none`.
    public var minimumSeverity: Severity? {
        switch self {
        case .critical: .critical
        case .high: .high
        case .medium: .medium
        case .low: .low
        case .none: nil
        }
    }

    public func fails(on severity: Severity) -> Bool {
        guard let minimumSeverity else { return false }
        return severity >= minimumSeverity
    }

    /// The accepted spellings, for help texts and error messages.
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// How a scan turns into an exit status. Unreadable input is decided apart from findings:
/// neither `--fail-on none` nor `--soft-fail` hides a file that could not be read.
public struct GatePolicy: Sendable, Hashable {
    public var threshold: FailThreshold
    /// Report findings but never fail on them (`--soft-fail`).
    public var softFail: Bool
    /// A scan that loaded no file to check fails (`--fail-on-empty`): a mistyped CI path
    /// or a folder of files auditstack cannot read must not pass as "no findings".
    public var failOnEmpty: Bool

    public init(threshold: FailThreshold = .standard, softFail: Bool = false, failOnEmpty: Bool = false) {
        self.threshold = threshold
        self.softFail = softFail
        self.failOnEmpty = failOnEmpty
    }

    public enum Verdict: Sendable, Hashable {
        /// Nothing at or above the threshold (or soft-fail): exit 0.
        case pass
        /// Findings at or above the threshold: exit 1.
        case failedOnFindings
        /// At least one input could not be read: exit 2, whatever the findings.
        case unreadableInput
        /// No file was loaded and `failOnEmpty` is set: exit 2.
        case nothingScanned
    }

    /// The verdict for the findings that are still active (suppressed and baselined
    /// ones are not passed here) and the number of inputs that could not be read.
    public func verdict(findings: [Finding], inputErrors: Int, filesLoaded: Int? = nil) -> Verdict {
        if inputErrors > 0 { return .unreadableInput }
        if failOnEmpty, filesLoaded == 0 { return .nothingScanned }
        if softFail { return .pass }
        return findings.contains { threshold.fails(on: $0.severity) } ? .failedOnFindings : .pass
    }

    /// Findings that count towards failing, for the closing summary.
    public func failingCount(_ findings: [Finding]) -> Int {
        softFail ? 0 : findings.count { threshold.fails(on: $0.severity) }
    }
}
