import AuditCore
import AuditModel
import AuditReporters

extension ReportInput {
    /// The scan's results as plain report values: what the CLI renders, and what tests of
    /// the reports over a real scan render. With `settings`, the environments resources
    /// were judged as are described too (the launch review says what was scanned and why).
    public init(_ result: ScanResult, settings: RuleSettings? = nil) {
        let model = result.model
        let statements = StatementRootCause(model)
        self.init(
            findings: result.outcome.findings.map(statements.filled),
            suppressed: result.suppressed.map { SuppressedFinding(finding: statements.filled($0.finding), suppression: $0.suppression) },
            evaluations: result.outcome.evaluated,
            unknowns: result.outcome.unknowns,
            rulesRun: result.outcome.rulesRun,
            fileCount: result.files.count,
            skipped: result.skipped.map { ReportSkippedFile(path: $0.path, reason: $0.reason) },
            // Resources SAM would create are checked but not counted: users count what they wrote.
            resourceCount: model.declaredResourceCount,
            policyCount: model.policies.count,
            errors: result.errors,
            warnings: result.warnings.map {
                ReportWarning(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
            },
            seconds: result.seconds,
            files: result.files.map { ReportFile(path: $0.path, format: $0.format.displayName) },
            statefulResources: Self.statefulResources(of: model),
            environments: settings.map { Self.environments(of: model, settings: $0) } ?? []
        )
        costSummary = result.costSummary
    }

    /// What a reader calls each kind of resource that holds data.
    static let statefulCategories: [ResourceKind: String] = [
        .databaseInstance: "database", .databaseCluster: "database cluster", .documentDBCluster: "database cluster",
        .table: "table", .bucket: "bucket", .queue: "queue", .stream: "stream",
        .cacheReplicationGroup: "cache", .cacheCluster: "cache", .fileSystem: "file system",
    ]

    static func statefulResources(of model: CloudModel) -> [ReportResource] {
        var resources: [ReportResource] = []
        for (kind, category) in statefulCategories {
            for index in model.resourceIndices(of: kind) where !model.resources[index].isImplicit {
                let resource = model.resources[index]
                resources.append(ReportResource(id: resource.id, type: resource.sourceType, category: category, location: resource.location))
            }
        }
        return resources.sorted { $0.location < $1.location }
    }

    /// Each environment with its reason and how many written resources it was decided for.
    static func environments(of model: CloudModel, settings: RuleSettings) -> [ReportEnvironment] {
        let context = RuleContext(settings: settings, model: model)
        var counts: [EnvironmentVerdict: Int] = [:]
        for resource in model.resources where !resource.isImplicit {
            counts[context.environment(of: resource), default: 0] += 1
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.reason < $1.key.reason }.map {
            ReportEnvironment(environment: $0.key.environment.rawValue, reason: $0.key.reason, resourceCount: $0.value)
        }
    }
}

/// The policy statement a finding is about, as its root cause, for findings whose rule did
/// not name one.
///
/// Several least-privilege rules report the same statement (`Action: "*"` breaks AS-IAM-001,
/// 003, 004, 005, 010 and 011), each at its own position inside it (the `Action` key, the
/// `"*"` entry) and with attribute paths that differ (`Statement[DeployFromCI]`,
/// `Statement[DeployFromCI].Action[0]`, `deploy-policy.json Statement[0]`). Such findings
/// are one problem. The statement is the one whose start is the last at or before the
/// finding's position in the same file; when several statements start at one position (a
/// policy written as one string), the `Statement[…]` of the attribute path (a Sid or an
/// index) picks among them. Only findings whose attribute path names a statement are
/// considered; a rule-given `rootCause` is kept.
struct StatementRootCause {
    private struct Start {
        var location: SourceLocation
        var document: ResourceID
        var index: Int
        var sid: String?
    }

    /// Statement starts per file, in position order.
    private var startsByFile: [String: [Start]] = [:]

    init(_ model: CloudModel) {
        for policy in model.policies {
            for (index, statement) in policy.statements.enumerated() {
                startsByFile[statement.location.file, default: []].append(
                    Start(location: statement.location, document: policy.id, index: index, sid: statement.sid)
                )
            }
        }
        for file in startsByFile.keys { startsByFile[file]?.sort { $0.location < $1.location } }
    }

    func filled(_ finding: Finding) -> Finding {
        guard finding.rootCause == nil, let token = Self.statementToken(finding.attributePath),
              let starts = startsByFile[finding.location.file] else { return finding }
        // The last start at or before the finding (binary search over the sorted starts).
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle].location <= finding.location { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return finding }
        let position = starts[low - 1].location
        let candidates = starts[..<low].reversed().prefix { $0.location == position }
        let chosen = candidates.count == 1
            ? candidates.first
            : candidates.first { $0.sid == token || String($0.index) == token } ?? candidates.last
        guard let chosen else { return finding }
        var copy = finding
        copy.rootCause = "policy statement \(chosen.document.scope)|\(chosen.document.name)|\(chosen.index)"
        return copy
    }

    /// `DeployFromCI` from `Statement[DeployFromCI].Action[0]` or `policy.json Statement[DeployFromCI]`.
    static func statementToken(_ path: String?) -> String? {
        guard let path, let open = path.firstRange(of: "Statement[") else { return nil }
        let rest = path[open.upperBound...]
        guard let close = rest.firstIndex(of: "]") else { return nil }
        return String(rest[..<close])
    }
}
