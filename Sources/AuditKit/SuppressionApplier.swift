import AuditCore
import AuditModel
import AuditRules
import Foundation

extension AuditRules {
    /// The metadata of every rule auditstack ships, run or not: suppressions and the
    /// configuration file may name any of them.
    public static var catalog: [RuleMetadata] { all.map { type(of: $0).metadata } }
}

extension RuleMetadata {
    /// Whether a name written by the user stands for this rule: its id in any case, or its
    /// slug. One test for the command line, the configuration file and suppressions.
    public func isNamed(_ name: String) -> Bool {
        id.caseInsensitiveCompare(name) == .orderedSame || slug == name
    }
}

/// What a scan applies after the rules ran: the configuration file, the baseline, and the
/// day against which suppressions expire.
public struct ScanPolicy: Sendable {
    public var config: ConfigFile?
    public var baseline: Baseline?
    /// `yyyy-mm-dd` (UTC): a suppression expiring on or before this day no longer applies.
    public var today: String
    /// Files named on the command line that are not recognisable cloud configuration are
    /// skipped as in a folder scan instead of failing it (the pre-commit hook passes every
    /// changed YAML and JSON file).
    public var skipUnrecognized: Bool
    /// `--skip-path` globs, relative to the working directory; the same syntax as the
    /// configuration file's `exclude`.
    public var skipPaths: [PathGlob] = []

    public init(config: ConfigFile? = nil, baseline: Baseline? = nil, today: String = ScanPolicy.currentDate(), skipUnrecognized: Bool = false) {
        self.config = config
        self.baseline = baseline
        self.today = today
        self.skipUnrecognized = skipUnrecognized
    }

    /// The rules to run: the command line's choice, completed by the configuration file.
    public func selection(over commandLine: RuleSelection) -> RuleSelection {
        config?.selection(over: commandLine, catalog: AuditRules.catalog) ?? commandLine
    }

    /// The environment and thresholds the configuration file sets (command-line options
    /// are applied on top of these).
    public var settings: RuleSettings { config?.settings() ?? RuleSettings() }

    /// Whether a suppression needs a reason to apply (the default; see `ConfigFile.requireReason`).
    public var requiresReason: Bool { config?.requireReason ?? true }

    /// Today in UTC as `yyyy-mm-dd`.
    public static func currentDate() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    /// A real calendar day written `yyyy-mm-dd`.
    public static func isValidDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month) else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    /// The candidates to read, and those the configuration excludes (reported as skipped).
    /// With `skipUnrecognized`, named files are treated like files found in a folder.
    func partition(_ candidates: [FileDiscovery.Candidate]) -> (kept: [FileDiscovery.Candidate], excluded: [SkippedFile]) {
        var kept: [FileDiscovery.Candidate] = []
        var excluded: [SkippedFile] = []
        kept.reserveCapacity(candidates.count)
        for var candidate in candidates {
            if let reason = exclusion(of: candidate.path) {
                excluded.append(SkippedFile(path: candidate.path, reason: reason))
                continue
            }
            if skipUnrecognized { candidate.isExplicit = false }
            kept.append(candidate)
        }
        return (kept, excluded)
    }

    /// Files to leave out because the configuration excludes them (named files included:
    /// the configuration says what is not the repository's own), with the reason.
    func exclusion(of path: String) -> String? {
        if !skipPaths.isEmpty, let relative = RelativePath.relative(path, to: FileManager.default.currentDirectoryPath),
           let glob = skipPaths.first(where: { $0.matches(relative) }) {
            return "excluded by --skip-path \(glob.pattern)"
        }
        guard let config, !config.excludes.isEmpty,
              let relative = RelativePath.relative(path, to: config.directory) else { return nil }
        guard let glob = config.excludes.first(where: { $0.matches(relative) }) else { return nil }
        return "excluded by \(config.path) (\(glob.pattern))"
    }
}

/// One suppression as written, with what became of it: the audit view of
/// `auditstack suppressions`.
public struct SuppressionRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Suppressed at least one finding of this scan.
        case active
        /// Valid, but no finding of this scan matched (the problem was fixed, or the
        /// directive is on the wrong resource).
        case matchedNothing = "matched-nothing"
        /// Valid, but the rule did not run (switched off, or not selected).
        case ruleNotRun = "rule-not-run"
        /// Its `expires` day has come: it no longer suppresses.
        case expired
        /// An auditstack id that no rule has.
        case unknownRule = "unknown-rule"
        /// A peer tool's id that the catalog maps to no auditstack rule (nothing to suppress).
        case noEquivalent = "no-equivalent"
        /// No reason given: it does not suppress.
        case missingReason = "missing-reason"
        /// `expires` is not a `yyyy-mm-dd` day: it does not suppress.
        case invalidExpiry = "invalid-expiry"

        /// Whether the directive suppresses findings at all.
        public var isEffective: Bool { self == .active || self == .matchedNothing || self == .ruleNotRun }
    }

    /// As written: `AS-ENC-001`, `CKV_AWS_16`, `checkov:CKV_AWS_16` (config file).
    public var writtenID: String
    /// `auditstack`, `checkov`, `cfn_nag`, `cfn-lint`: whose syntax the directive used.
    public var syntax: String
    public var origin: Suppression.Origin
    /// The auditstack rules it stands for (several when a peer id maps to several).
    public var ruleIDs: [String]
    public var peerID: String?
    /// The resource it is written on, or the config entry's patterns.
    public var target: String
    public var reason: String?
    public var expires: String?
    public var location: SourceLocation
    public var status: Status
    public var suppressedCount: Int
    /// Why it does not apply, as the scan's warning says it (expired, no reason, unknown id).
    public var problem: String? = nil
}

/// Applies severity overrides, suppressions and the baseline to the engine's findings.
///
/// Order: a directive on the resource, then the configuration file, then the baseline; the
/// first that matches is the one reported. Directives that cannot apply say why, at their
/// position, as warnings (an expired one, one without a reason, an unknown auditstack id);
/// a peer id without an auditstack equivalent is only listed by `auditstack suppressions`,
/// because templates often carry many of them for checks auditstack does not have.
struct SuppressionApplier {
    let catalog: [RuleMetadata]
    let policy: ScanPolicy

    struct Applied {
        var outcome: EngineResult
        var suppressed: [SuppressedFinding]
        var records: [SuppressionRecord]
        var warnings: [LoadDiagnostic]
    }

    /// One directive (resource or config), resolved once.
    private struct Candidate {
        var record: SuppressionRecord
        var suppressions: [Suppression]
        var resources: [ResourceID]
        var config: ConfigSuppression? = nil
        /// For a template's own `Metadata`: the template, whose model-wide findings it covers too.
        var templateFile: String? = nil
    }

    func apply(_ outcome: EngineResult, model: CloudModel) -> Applied {
        var outcome = outcome
        if let overrides = policy.config?.severityOverrides, !overrides.isEmpty {
            for index in outcome.findings.indices {
                if let severity = overrides[outcome.findings[index].ruleID] { outcome.findings[index].severity = severity }
            }
            for index in outcome.rulesRun.indices {
                if let severity = overrides[outcome.rulesRun[index].id] { outcome.rulesRun[index].severity = severity }
            }
        }

        var warnings: [LoadDiagnostic] = []
        let ranRules = Set(outcome.rulesRun.map(\.id))
        var candidates = resourceCandidates(model) + configCandidates()
        for index in candidates.indices {
            let status = initialStatus(candidates[index].record)
            candidates[index].record.status = status
            if let warning = warning(for: candidates[index].record) {
                candidates[index].record.problem = warning
                warnings.append(LoadDiagnostic(.warning, warning, at: candidates[index].record.location))
            }
        }

        // (resource, rule) → the first effective resource directive that covers it.
        var byResource: [ResourceID: [String: (candidate: Int, suppression: Suppression)]] = [:]
        var byTemplate: [String: [String: (candidate: Int, suppression: Suppression)]] = [:]
        // Rule → the effective config entries naming it, in file order: a finding is only
        // tried against the entries of its own rule.
        var byConfigRule: [String: [(candidate: Int, suppression: Suppression)]] = [:]
        for (index, candidate) in candidates.enumerated() where candidate.record.status.isEffective {
            if candidate.config != nil {
                for suppression in candidate.suppressions { byConfigRule[suppression.ruleID, default: []].append((index, suppression)) }
                continue
            }
            if let file = candidate.templateFile {
                for suppression in candidate.suppressions where byTemplate[file]?[suppression.ruleID] == nil {
                    byTemplate[file, default: [:]][suppression.ruleID] = (index, suppression)
                }
            }
            for resource in candidate.resources {
                for suppression in candidate.suppressions where byResource[resource]?[suppression.ruleID] == nil {
                    byResource[resource, default: [:]][suppression.ruleID] = (index, suppression)
                }
            }
        }

        var kept: [Finding] = []
        var suppressed: [SuppressedFinding] = []
        kept.reserveCapacity(outcome.findings.count)
        for finding in outcome.findings {
            let match: (candidate: Int, suppression: Suppression)?
            if let resource = finding.resource {
                match = byResource[resource]?[finding.ruleID]
            } else {
                // About the template as a whole: only the template's own Metadata covers it.
                match = byTemplate[finding.location.file]?[finding.ruleID]
            }
            if let match {
                candidates[match.candidate].record.suppressedCount += 1
                suppressed.append(SuppressedFinding(finding: finding, suppression: match.suppression))
            } else if let entry = byConfigRule[finding.ruleID]?.first(where: { matches(candidates[$0.candidate], finding) }) {
                candidates[entry.candidate].record.suppressedCount += 1
                suppressed.append(SuppressedFinding(finding: finding, suppression: entry.suppression))
            } else if let suppression = policy.baseline?.acceptance(of: finding) {
                suppressed.append(SuppressedFinding(finding: finding, suppression: suppression))
            } else {
                kept.append(finding)
            }
        }
        outcome.findings = kept

        var records = candidates.map(\.record)
        for index in records.indices where records[index].status.isEffective {
            if records[index].suppressedCount > 0 {
                records[index].status = .active
            } else if records[index].ruleIDs.allSatisfy({ !ranRules.contains($0) }) {
                records[index].status = .ruleNotRun
            } else {
                records[index].status = .matchedNothing
            }
        }
        records.sort { ($0.location, $0.writtenID) < ($1.location, $1.writtenID) }
        return Applied(outcome: outcome, suppressed: suppressed, records: records, warnings: warnings)
    }

    // MARK: Candidates

    /// Directives on resources. A SAM resource's directives are copied onto what SAM
    /// generates from it; those copies are one directive, listed once.
    private func resourceCandidates(_ model: CloudModel) -> [Candidate] {
        var candidates: [Candidate] = []
        var indexByDirective: [SuppressionDirective: Int] = [:]
        for resource in model.resources {
            for directive in resource.suppressionDirectives {
                if let index = indexByDirective[directive] {
                    candidates[index].resources.append(resource.id)
                    // Name the resource the user wrote the directive on, not a generated one.
                    if !resource.isImplicit, directive.place != .templateMetadata, candidates[index].record.target != resource.id.name {
                        candidates[index].record.target = resource.id.name
                    }
                    continue
                }
                let origin: Suppression.Origin = directive.place == .terraformComment ? .terraformComment : .cloudFormationMetadata
                let resolved = resolve(directive.ruleID, syntax: directive.syntax)
                let record = SuppressionRecord(
                    writtenID: directive.ruleID, syntax: directive.syntax.rawValue, origin: origin, ruleIDs: resolved.ids,
                    peerID: resolved.peerID, target: directive.place == .templateMetadata ? "the whole template" : resource.id.name,
                    reason: directive.reason, expires: directive.expires, location: directive.location, status: .active,
                    suppressedCount: 0
                )
                indexByDirective[directive] = candidates.count
                candidates.append(Candidate(
                    record: record, suppressions: suppressions(for: record), resources: [resource.id],
                    templateFile: directive.place == .templateMetadata ? directive.location.file : nil
                ))
            }
        }
        return candidates
    }

    private func configCandidates() -> [Candidate] {
        guard let config = policy.config else { return [] }
        return config.suppressions.map { entry in
            let resolved = resolveConfigID(entry.ruleID)
            var target: [String] = []
            if let resource = entry.resource { target.append("resource \(resource.pattern)") }
            if let path = entry.path { target.append("path \(path.pattern)") }
            let record = SuppressionRecord(
                writtenID: entry.ruleID, syntax: "auditstack", origin: .configFile, ruleIDs: resolved.ids, peerID: resolved.peerID,
                target: target.isEmpty ? "everywhere" : target.joined(separator: ", "), reason: entry.reason?.nilIfBlank,
                expires: entry.expires, location: entry.location, status: .active, suppressedCount: 0
            )
            return Candidate(record: record, suppressions: suppressions(for: record), resources: [], config: entry)
        }
    }

    private func suppressions(for record: SuppressionRecord) -> [Suppression] {
        record.ruleIDs.map {
            Suppression(ruleID: $0, writtenID: record.writtenID, peerID: record.peerID, reason: record.reason ?? "",
                        expires: record.expires, location: record.location, origin: record.origin)
        }
    }

    /// Whether a config entry's resource and path patterns cover the finding (the rule is
    /// already matched: entries are looked up by rule).
    private func matches(_ candidate: Candidate, _ finding: Finding) -> Bool {
        guard let entry = candidate.config, let config = policy.config else {
            return false
        }
        if let resource = entry.resource {
            guard let name = finding.resource?.name, resource.matches(name) else { return false }
        }
        if let path = entry.path {
            guard let relative = RelativePath.relative(finding.location.file, to: config.directory), path.matches(relative) else {
                return false
            }
        }
        return true
    }

    // MARK: Resolving ids

    /// The auditstack rules a written id stands for, and the catalog's peer id if it is one.
    private func resolve(_ written: String, syntax: SuppressionDirective.Syntax) -> (ids: [String], peerID: String?) {
        switch syntax {
        case .auditstack:
            let rule = catalog.first { $0.isNamed(written) }
            return (rule.map { [$0.id] } ?? [], nil)
        case .checkov, .cfnLint, .cfnNag:
            let peerID = "\(syntax.rawValue):\(written)"
            return (catalog.filter { $0.peerIDs.contains(peerID) }.map(\.id), peerID)
        }
    }

    /// A config entry's id: an auditstack id or slug, or `tool:ID` for a peer's id.
    private func resolveConfigID(_ written: String) -> (ids: [String], peerID: String?) {
        if let colon = written.firstIndex(of: ":"),
           let syntax = SuppressionDirective.Syntax(rawValue: String(written[..<colon])), syntax != .auditstack {
            return resolve(String(written[written.index(after: colon)...]), syntax: syntax)
        }
        return resolve(written, syntax: .auditstack)
    }

    // MARK: Status

    private func initialStatus(_ record: SuppressionRecord) -> SuppressionRecord.Status {
        if record.ruleIDs.isEmpty { return record.peerID == nil ? .unknownRule : .noEquivalent }
        if let expires = record.expires {
            guard ScanPolicy.isValidDate(expires) else { return .invalidExpiry }
            if expires <= policy.today { return .expired }
        }
        if record.reason == nil, policy.requiresReason { return .missingReason }
        return .active
    }

    private func warning(for record: SuppressionRecord) -> String? {
        let name = record.peerID ?? record.writtenID
        switch record.status {
        case .unknownRule:
            var message = "suppression names \(record.writtenID), which is no auditstack rule; it suppresses nothing"
            if let closest = ClosestName.find(record.writtenID, among: catalog.map(\.id)) { message += " (did you mean \(closest)?)" }
            return message
        case .expired:
            return "suppression of \(name) on \(record.target) expired on \(record.expires ?? "?"); its findings are reported again"
        case .missingReason:
            return "suppression of \(name) on \(record.target) has no reason, so it does not apply; "
                + (record.origin == .terraformComment ? "add reason=\"…\"" : "add a reason")
                + (record.syntax == SuppressionDirective.Syntax.cfnLint.rawValue
                    ? " (cfn-lint's ignore_checks have none: add an auditstack skip entry, or set require-reason: false in .auditstack.yml)"
                    : "")
        case .invalidExpiry:
            return "suppression of \(name) on \(record.target) has expires '\(record.expires ?? "")', not a yyyy-mm-dd day, so it does not apply"
        case .active, .matchedNothing, .ruleNotRun, .noEquivalent:
            return nil
        }
    }
}

extension String {
    fileprivate var nilIfBlank: String? {
        allSatisfy(\.isWhitespace) ? nil : self
    }
}
