import AuditCore
import AuditIAM
import AuditLoaders
import AuditModel
import AuditRules
import AuditSyntax
import Foundation
import Synchronization

/// An input that could not be read; reported with its position, and the scan goes on.
public typealias InputError = InputProblem

/// A file that was looked at and left alone, with the reason (shown with `--verbose`).
public struct SkippedFile: Sendable, Hashable {
    public var path: String
    public var reason: String
}

public struct ScanOptions: Sendable {
    public var paths: [String]
    public var selection: RuleSelection
    public var limits: ReaderLimits
    /// The environment and rule thresholds (`--environment`, `--min-…`).
    public var settings: RuleSettings
    /// Files and folders read for context only (`--context`): loaded and checked with
    /// `paths`, but only findings in `paths` are reported.
    public var contextPaths: [String] = []

    public init(
        paths: [String], selection: RuleSelection = RuleSelection(), limits: ReaderLimits = .standard,
        settings: RuleSettings = RuleSettings()
    ) {
        self.paths = paths
        self.selection = selection
        self.limits = limits
        self.settings = settings
    }

    /// The configuration file, baseline and suppression date (see `ScanPolicy`).
    public var policy = ScanPolicy()
}

/// Everything a scan found, for the reporters.
public struct ScanResult: Sendable {
    /// Files loaded into the model, with their format.
    public var files: [(path: String, format: DocumentFormat)]
    public var skipped: [SkippedFile]
    public var errors: [InputError]
    public var warnings: [LoadDiagnostic]
    public var model: CloudModel
    public var outcome: EngineResult
    /// Findings accepted by a suppression or the baseline; `outcome.findings` no longer
    /// holds them (see `SuppressionApplier`).
    public var suppressed: [SuppressedFinding] = []
    /// Every suppression written on a resource or in the configuration file, with its status.
    public var suppressionRecords: [SuppressionRecord] = []
    public var bytesRead: Int
    public var seconds: Double
    /// NAT spend and what the cost findings save; `nil` when the scan has neither.
    public var costSummary: CostSummary?
}

/// The pipeline: discover → read and sniff (concurrently) → load (concurrently, Terraform
/// directories as one module) → check → results. It never writes anywhere.
public struct Scanner: Sendable {
    public let rules: [any Rule]
    public let loaders: [any Loader]
    /// Keep every rule × subject verdict in `outcome.evaluated` (JUnit lists passing checks);
    /// off by default, as it costs memory on large scans.
    public var recordsEvaluations = false

    public init(rules: [any Rule] = AuditRules.all, loaders: [any Loader] = Scanner.defaultLoaders) {
        self.rules = rules
        self.loaders = loaders
    }

    public static let defaultLoaders: [any Loader] = loaders()

    /// The loaders, with `--var` and `--var-file` values for Terraform modules.
    public static func loaders(terraformVariables: TerraformVariableValues = TerraformVariableValues()) -> [any Loader] {
        [CloudFormationLoader(), TerraformConfigLoader(variableValues: terraformVariables), TerraformPlanLoader(), IAMPolicyLoader()]
    }

    public func scan(_ options: ScanOptions) async -> ScanResult {
        let clock = ContinuousClock()
        let start = clock.now
        PhaseTimer.start()
        var (discovered, problems) = FileDiscovery().candidates(for: options.paths)
        var context: ScanContext?
        var contextProblems: [FileDiscovery.Problem] = []
        if !options.contextPaths.isEmpty {
            let found = FileDiscovery().candidates(for: options.contextPaths)
            let merged = ScanContext.merge(named: discovered, context: found.candidates)
            discovered = merged.candidates
            context = merged.context
            contextProblems = found.problems
        }
        let (candidates, excluded) = options.policy.partition(discovered)
        let limits = options.limits
        PhaseTimer.mark("discover")
        let outcomes = await withTaskGroup(of: (Int, FileOutcome).self) { group in
            var results = [FileOutcome?](repeating: nil, count: candidates.count)
            var next = 0
            // Bound the work in flight: every file in memory at once would defeat the size limit.
            let width = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
            func addNext() {
                guard next < candidates.count else { return }
                let index = next
                let candidate = candidates[index]
                group.addTask { (index, self.loadIfStandalone(Self.read(candidate, limits: limits))) }
                next += 1
            }
            for _ in 0..<width { addNext() }
            for await (index, outcome) in group {
                results[index] = outcome
                addNext()
            }
            return results.compactMap { $0 }
        }
        PhaseTimer.mark("read+parse+load files")
        let problemErrors = problems.map { InputError(file: $0.path, line: 0, column: 0, message: $0.message) }
        let result = await finish(outcomes, extraErrors: problemErrors, selection: options.selection, settings: options.settings,
                                  policy: options.policy, excluded: excluded, startedAt: start, clock: clock)
        guard let context else { return result }
        var restricted = context.restrict(result)
        // A context path that does not exist is a mistake in the command; a folder inside
        // one that cannot be listed only narrows the context.
        let roots = Set(options.contextPaths)
        for problem in contextProblems {
            if roots.contains(problem.path) {
                restricted.errors.append(InputError(file: problem.path, line: 0, column: 0, message: problem.message))
            } else {
                restricted.warnings.append(LoadDiagnostic(.warning, "context not read: \(problem.message)",
                                                          at: SourceLocation(file: problem.path, line: 0, column: 0)))
            }
        }
        return restricted
    }

    /// Scans documents held in memory (rule examples, tests, editor integrations), exactly
    /// as if each had been named on the command line.
    public func scan(
        documents: [(path: String, text: String)], selection: RuleSelection = RuleSelection(), settings: RuleSettings = RuleSettings(),
        policy: ScanPolicy = ScanPolicy()
    ) async -> ScanResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = documents.map {
            loadIfStandalone(Self.parse(Array($0.text.utf8), path: $0.path, isExplicit: true, limits: .standard))
        }
        return await finish(outcomes, extraErrors: [], selection: selection, settings: settings, policy: policy, excluded: [],
                            startedAt: start, clock: clock)
    }

    private func finish(
        _ outcomes: [FileOutcome], extraErrors: [InputError], selection: RuleSelection, settings: RuleSettings,
        policy: ScanPolicy, excluded: [SkippedFile], startedAt start: ContinuousClock.Instant, clock: ContinuousClock
    ) async -> ScanResult {
        var errors = extraErrors
        var skipped = excluded
        var grouped: [ParsedFile] = []
        var loaded: [IndexedScope] = []
        var files: [(path: String, format: DocumentFormat)] = []
        var bytesRead = 0
        for outcome in outcomes {
            switch outcome {
            case .parsed(let file, let bytes):
                grouped.append(file)
                files.append((file.path, file.format))
                bytesRead += bytes
            case .loaded(let scope, let path, let format, let bytes):
                loaded.append(scope)
                files.append((path, format))
                bytesRead += bytes
            case .skipped(let file):
                skipped.append(file)
            case .failed(let error):
                errors.append(error)
            }
        }
        loaded += await loadGroups(grouped)
        let groupedWarnings = grouped.flatMap(Self.syntaxWarnings(of:))
        PhaseTimer.mark("load module groups")
        let model = CloudModel(indexed: loaded)
        PhaseTimer.mark("build model indexes")
        var outcome = Engine(rules: rules).run(model, selection: selection, settings: settings, recordEvaluations: recordsEvaluations)
        SuggestedAlarmRenderer.render(&outcome.findings, model: model)
        PhaseTimer.mark("run rules")
        let applied = SuppressionApplier(catalog: rules.map { type(of: $0).metadata }, policy: policy).apply(outcome, model: model)
        // Action entries that match no known action grant nothing: warn, as a loader would.
        let diagnostics = loaded.flatMap(\.loaded.diagnostics) + groupedWarnings + UnknownActionWarnings.diagnostics(for: model.policies)
        errors += diagnostics.filter { $0.level == .error }.map {
            InputError(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
        }
        errors.sort { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ScanResult(
            files: files, skipped: skipped.sorted { $0.path < $1.path }, errors: errors,
            warnings: diagnostics.filter { $0.level == .warning } + applied.warnings, model: model, outcome: applied.outcome,
            suppressed: applied.suppressed, suppressionRecords: applied.records, bytesRead: bytesRead, seconds: seconds,
            costSummary: NatSpend.summary(of: model, findings: applied.outcome.findings, settings: settings)
        )
    }

    enum FileOutcome: Sendable {
        /// Parsed, waiting for the other files of its group (a Terraform module).
        case parsed(ParsedFile, bytes: Int)
        /// Parsed and loaded at once, so its syntax tree is already freed; its part of the
        /// model's indexes is built too, on the same worker.
        case loaded(IndexedScope, path: String, format: DocumentFormat, bytes: Int)
        case skipped(SkippedFile)
        case failed(InputError)
    }

    /// Reads, parses and recognises one file. A broken file is an error when it was named
    /// explicitly or shows signs of being cloud configuration; otherwise (a Helm template,
    /// a stray fixture) it is skipped, so unrelated YAML in a repository does not fail a scan.
    static func read(_ candidate: FileDiscovery.Candidate, limits: ReaderLimits) -> FileOutcome {
        let path = candidate.path
        func tooLarge(_ size: Int) -> FileOutcome {
            .failed(InputError(file: path, line: 1, column: 1,
                               message: "file is \(byteCount(size)), above the \(byteCount(limits.maxFileBytes)) limit"))
        }
        // The size of the path itself (a symbolic link is not followed), checked before
        // reading. Files found in a directory are regular files, so the size the open file
        // reports is the same and costs no extra system call.
        var info = stat()
        if candidate.isExplicit, lstat(path, &info) == 0, Int(info.st_size) > limits.maxFileBytes {
            return tooLarge(Int(info.st_size))
        }
        let bytes: [UInt8]
        switch contents(atPath: path, refusingAbove: candidate.isExplicit ? nil : limits.maxFileBytes) {
        case .read(let read): bytes = read
        case .tooLarge(let size): return tooLarge(size)
        case .failed: return .failed(InputError(file: path, line: 0, column: 0, message: "cannot read file"))
        }
        return parse(bytes, path: path, isExplicit: candidate.isExplicit, limits: limits)
    }

    enum FileContents {
        case read([UInt8])
        case tooLarge(Int)
        case failed
    }

    /// The whole file, read straight into the byte array the readers take (no `Data` to
    /// copy from); refused unread when it is larger than `limit`.
    static func contents(atPath path: String, refusingAbove limit: Int? = nil) -> FileContents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failed }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failed }
        if let limit, Int(info.st_size) > limit { return .tooLarge(Int(info.st_size)) }
        // One byte more than the size, so an unchanged file is read, end included, in one
        // buffer; a file that grew meanwhile is still read to its end.
        var capacity = max(Int(info.st_size), 0) + 1
        var bytes: [UInt8] = []
        while true {
            guard let chunk = readChunk(descriptor, capacity: capacity) else { return .failed }
            if bytes.isEmpty { bytes = chunk } else { bytes += chunk }
            if chunk.count < capacity { return .read(bytes) }
            capacity = 64 * 1024
        }
    }

    static let terraformVariablesApplied = "Terraform variable values: applied to the module in this folder (terraform.tfvars, *.auto.tfvars) or with --var-file"

    static func parse(_ bytes: [UInt8], path: String, isExplicit: Bool, limits: ReaderLimits) -> FileOutcome {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        if fileName.lowercased().hasSuffix(".tfvars") || fileName.lowercased().hasSuffix(".tfvars.json") {
            // Not a document of its own: the module of its folder reads it (and `--var-file`).
            return .skipped(SkippedFile(path: path, reason: terraformVariablesApplied))
        }
        do {
            let (document, syntax) = try SyntaxReader.read(bytes, fileName: fileName, limits: limits)
            // A `.tf` file is Terraform configuration by its name, even one that declares nothing.
            let sniffed = syntax == .hcl ? .terraformConfig : FormatSniffer.sniff(document.root)
            guard let format = sniffed else {
                return .skipped(SkippedFile(path: path, reason: "not a CloudFormation, SAM, Terraform or IAM document"))
            }
            return .parsed(ParsedFile(path: path, document: document, syntax: syntax, format: format), bytes: bytes.count)
        } catch {
            // A `*.tf.json` name is a claim to be Terraform (HCL saved under that name is a real mistake).
            if isExplicit || path.hasSuffix(".tf.json") || SyntaxReader.isHCLFileName(fileName) || looksLikeCloudConfiguration(bytes) {
                return .failed(InputError(file: path, line: error.position.line, column: error.position.column, message: error.message))
            }
            return .skipped(SkippedFile(path: path, reason: "unreadable and not recognisable as cloud configuration (\(error.position): \(error.message))"))
        }
    }

    /// Markers that only cloud configuration carries; checked on raw bytes of broken files.
    static func looksLikeCloudConfiguration(_ bytes: [UInt8]) -> Bool {
        let markers = ["AWSTemplateFormatVersion", "AWS::", "\"resource\"", "\"format_version\"", "\"Statement\"", "Resources:"]
        let prefix = bytes.prefix(1 << 20)
        let text = String(decoding: prefix, as: UTF8.self)
        return markers.contains { text.contains($0) }
    }

    func loader(for format: DocumentFormat) -> (any Loader)? {
        loaders.first { type(of: $0).formats.contains(format) }
    }

    /// Loads a file right after parsing when its loader works file by file, so a scan
    /// never holds every syntax tree at once; files that form groups wait.
    func loadIfStandalone(_ outcome: FileOutcome) -> FileOutcome {
        guard case .parsed(let file, let bytes) = outcome, let loader = loader(for: file.format),
              !type(of: loader).groupsByDirectory else { return outcome }
        var scope = loader.load([file])
        scope.diagnostics += Self.syntaxWarnings(of: file)
        return .loaded(IndexedScope(scope), path: file.path, format: file.format, bytes: bytes)
    }

    /// Reader remarks (duplicate keys, extra YAML documents) reported like loader warnings.
    static func syntaxWarnings(of file: ParsedFile) -> [LoadDiagnostic] {
        file.document.warnings.map {
            LoadDiagnostic(.warning, $0.message, at: SourceLocation(file: file.path, position: $0.position))
        }
    }

    /// Loads the grouped files: Terraform configuration files of one directory form one
    /// module. Groups load concurrently.
    func loadGroups(_ files: [ParsedFile]) async -> [IndexedScope] {
        var groups: [(loader: any Loader, files: [ParsedFile])] = []
        var groupIndexByDirectory: [String: Int] = [:]
        for file in files {
            guard let loader = loader(for: file.format) else { continue }
            let directory = file.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            let key = "\(type(of: loader))|\(directory)"
            if let index = groupIndexByDirectory[key] {
                groups[index].files.append(file)
            } else {
                groupIndexByDirectory[key] = groups.count
                groups.append((loader, [file]))
            }
        }
        return await withTaskGroup(of: (Int, IndexedScope).self) { group in
            for (index, entry) in groups.enumerated() {
                let loader = entry.loader
                let files = entry.files
                group.addTask { (index, IndexedScope(loader.load(files))) }
            }
            var results = [IndexedScope?](repeating: nil, count: groups.count)
            for await (index, scope) in group { results[index] = scope }
            return results.compactMap { $0 }
        }
    }
}

/// Up to `capacity` bytes from a file; fewer only at its end. `nil` on a read error.
private func readChunk(_ descriptor: Int32, capacity: Int) -> [UInt8]? {
    var failed = false
    let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
        while count < capacity {
            let result = read(descriptor, buffer.baseAddress! + count, capacity - count)
            if result > 0 {
                count += result
            } else if result == 0 || errno != EINTR {
                failed = result < 0
                return
            }
        }
    }
    return failed ? nil : chunk
}

/// `4.1 KB`, `80.0 MB`: sizes as a person reads them.
func byteCount(_ bytes: Int) -> String {
    if bytes >= 1 << 20 { return String(format: "%.1f MB", Double(bytes) / 1_048_576) }
    if bytes >= 1 << 10 { return String(format: "%.1f KB", Double(bytes) / 1024) }
    return "\(bytes) bytes"
}

/// Phase timings on stderr when `AUDITSTACK_TIMINGS` is set: a cheap profiler for the
/// pipeline's stages (the CLI adds its reporting phase), used by the benchmark notes.
public enum PhaseTimer {
    static let enabled = ProcessInfo.processInfo.environment["AUDITSTACK_TIMINGS"] != nil
    /// A lock, not a promise: two scans in one process (tests) may time at once.
    static let last = Mutex(ContinuousClock.now)

    /// Starts the clock (the first phase is measured from here, not from the first mark).
    public static func start() {
        guard enabled else { return }
        last.withLock { $0 = ContinuousClock.now }
    }

    public static func mark(_ phase: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed = last.withLock { previous in
            defer { previous = now }
            return now - previous
        }
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        FileHandle.standardError.write(Data("timing: \(phase): \(String(format: "%.1f", milliseconds)) ms\n".utf8))
    }
}
