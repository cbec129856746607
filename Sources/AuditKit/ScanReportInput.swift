import AuditReporters

extension ReportInput {
    /// The scan's results as plain report values: what the CLI renders, and what tests of
    /// the reports over a real scan render.
    public init(_ result: ScanResult) {
        self.init(
            findings: result.outcome.findings,
            suppressed: result.suppressed,
            evaluations: result.outcome.evaluated,
            unknowns: result.outcome.unknowns,
            rulesRun: result.outcome.rulesRun,
            fileCount: result.files.count,
            skipped: result.skipped.map { ReportSkippedFile(path: $0.path, reason: $0.reason) },
            // Resources SAM would create are checked but not counted: users count what they wrote.
            resourceCount: result.model.declaredResourceCount,
            policyCount: result.model.policies.count,
            errors: result.errors,
            warnings: result.warnings.map {
                ReportWarning(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message)
            },
            seconds: result.seconds
        )
    }
}
