import AuditCore
import AuditModel
import Foundation

/// A scan that reports on some files but reads others for context (`--context`): the
/// pre-commit hook gets only the staged files, yet a database whose AWS Backup selection
/// lives in `backup.yaml`, or a NAT gateway whose route sits in another file of its module,
/// is judged right only when those files are read too. Every file is loaded and checked;
/// only what lies in the named files is reported.
struct ScanContext: Sendable {
    /// The named files (canonical absolute paths) whose findings are reported.
    private let reported: Set<String>

    /// The candidates to load: the named ones, then the context files not named, every path
    /// spelt relative to the working directory when it lies inside it, so that the files
    /// of one Terraform module share one folder spelling and load as one module.
    static func merge(
        named: [FileDiscovery.Candidate], context: [FileDiscovery.Candidate]
    ) -> (candidates: [FileDiscovery.Candidate], context: ScanContext) {
        let workingDirectory = RelativePath.absolute(FileManager.default.currentDirectoryPath)
        func respelt(_ candidate: FileDiscovery.Candidate) -> FileDiscovery.Candidate {
            var candidate = candidate
            let absolute = canonical(candidate.path)
            if absolute.hasPrefix(workingDirectory + "/") { candidate.path = String(absolute.dropFirst(workingDirectory.count + 1)) }
            return candidate
        }
        var seen: Set<String> = []
        var candidates: [FileDiscovery.Candidate] = []
        for candidate in named where seen.insert(canonical(candidate.path)).inserted {
            candidates.append(respelt(candidate))
        }
        let reported = seen
        for candidate in context where seen.insert(canonical(candidate.path)).inserted {
            candidates.append(respelt(candidate))
        }
        return (candidates, ScanContext(reported: reported))
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    func isReported(_ file: String) -> Bool {
        reported.contains(Self.canonical(file))
    }

    /// The result as the user asked for it: findings, unknowns, suppressions and problems
    /// of the named files only. A context file that cannot be read does not block the
    /// commit: it becomes a warning on the named files' scan.
    func restrict(_ result: ScanResult) -> ScanResult {
        var restricted = result
        restricted.files = result.files.filter { isReported($0.path) }
        restricted.skipped = result.skipped.filter { isReported($0.path) }
        restricted.errors = result.errors.filter { isReported($0.file) }
        restricted.warnings = result.warnings.filter { isReported($0.location.file) }
            + result.errors.filter { !isReported($0.file) }.map { error in
                LoadDiagnostic(.warning, "context file not read: \(error.message)",
                               at: SourceLocation(file: error.file, line: error.line, column: error.column))
            }
        restricted.outcome.findings = result.outcome.findings.filter { isReported($0.location.file) }
        restricted.outcome.unknowns = result.outcome.unknowns.filter { isReported($0.location.file) }
        restricted.outcome.evaluated = result.outcome.evaluated.filter { $0.location.map { isReported($0.file) } ?? true }
        restricted.suppressed = result.suppressed.filter { isReported($0.finding.location.file) }
        // The configuration file's and the baseline's entries concern the whole repository.
        restricted.suppressionRecords = result.suppressionRecords.filter {
            $0.origin == .configFile || $0.origin == .baseline || isReported($0.location.file)
        }
        return restricted
    }
}
