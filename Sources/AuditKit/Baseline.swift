import AuditCore
import AuditModel
import AuditReporters
import AuditSyntax
import Foundation

/// The findings a repository had when it adopted auditstack as a gate (`--create-baseline`),
/// accepted so that later scans (`--baseline`) fail only on new findings.
///
/// The file is JSON, sorted, and carries no date, so regenerating it gives a readable diff:
///
///     {
///       "schemaVersion": 2,
///       "tool": { "name": "auditstack", "version": "0.1.0" },
///       "findings": [
///         { "fingerprint": "AS-ENC-001|infra/app.yaml|Database|StorageEncrypted",
///           "rule": "AS-ENC-001", "resource": "Database", "file": "infra/app.yaml" }
///       ]
///     }
///
/// Only `fingerprint` is compared: the finding's fingerprint (rule | template, policy file
/// or Terraform module folder | resource | attribute) with the path made relative to the
/// baseline file's folder, so it survives line moves and does not depend on the folder
/// auditstack runs in. `rule`, `resource` and `file` are there for the reader.
///
/// Version 2 names a policy finding's statement by its document and `Sid` (else a digest of
/// what the statement says) instead of its position. A version 1 baseline is still read:
/// its entries for resources match as before, its entries for policy statements can no
/// longer match (`staleEntries`), so those findings come back and the user is told to
/// regenerate the file — an accepted `sqs:*` must never hide a new `iam:*`.
public struct Baseline: Sendable {
    public static let schemaVersion = 2
    static let supportedVersions = ["1", "2"]

    public struct Entry: Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        /// Where the entry is in the baseline file (for `auditstack suppressions`).
        public var location: SourceLocation
    }

    public var path: String
    /// The baseline file's folder, absolute.
    public var directory: String
    public let entries: [Entry]
    /// Entries of a version 1 baseline whose policy-statement fingerprints no longer match.
    public var staleEntries = 0
    /// The first entry of each fingerprint: every finding of a scan is looked up here.
    private let entryByFingerprint: [String: Entry]

    public init(path: String, entries: [Entry]) {
        self.path = path
        self.directory = RelativePath.folder(of: path)
        self.entries = entries
        entryByFingerprint = Dictionary(entries.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The suppression that accepts `finding`, when the baseline records it.
    public func acceptance(of finding: Finding) -> Suppression? {
        guard let entry = entryByFingerprint[fingerprint(of: finding)] else { return nil }
        return Suppression(
            ruleID: finding.ruleID, writtenID: entry.rule.isEmpty ? finding.ruleID : entry.rule,
            reason: "accepted in the baseline \(path)", location: entry.location, origin: .baseline
        )
    }

    /// The fingerprint a finding is recorded under in a baseline kept in `directory`.
    public static func fingerprint(of finding: Finding, relativeTo directory: String) -> String {
        var rebased = finding
        if let resource = finding.resource {
            rebased.resource = ResourceID(scope: rebase(resource.scope, to: directory), name: resource.name)
        } else {
            rebased.location.file = rebase(finding.location.file, to: directory)
        }
        return rebased.fingerprint
    }

    public func fingerprint(of finding: Finding) -> String {
        Self.fingerprint(of: finding, relativeTo: directory)
    }

    // MARK: Writing

    /// The baseline file for `findings`, to be written at `path`.
    public static func render(_ findings: [Finding], path: String) -> String {
        let directory = RelativePath.folder(of: path)
        var seen: Set<String> = []
        var rows: [(fingerprint: String, finding: Finding)] = []
        for finding in findings {
            let fingerprint = fingerprint(of: finding, relativeTo: directory)
            if seen.insert(fingerprint).inserted { rows.append((fingerprint, finding)) }
        }
        rows.sort { $0.fingerprint < $1.fingerprint }
        var text = "{\n"
        text += "  \"schemaVersion\": \(schemaVersion),\n"
        text += "  \"tool\": { \"name\": \(quoted(ToolInfo.name)), \"version\": \(quoted(ToolInfo.version)) },\n"
        text += "  \"findings\": ["
        for (index, row) in rows.enumerated() {
            let file = rebase(row.finding.location.file, to: directory)
            text += index == 0 ? "\n" : ",\n"
            text += "    { \"fingerprint\": \(quoted(row.fingerprint)), \"rule\": \(quoted(row.finding.ruleID)), "
            text += "\"resource\": \(quoted(row.finding.resource?.name ?? "")), \"file\": \(quoted(file)) }"
        }
        text += rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return text
    }

    /// A path as the baseline records it: relative to the baseline's folder, or absolute
    /// when it lies outside.
    private static func rebase(_ path: String, to directory: String) -> String {
        RelativePath.relative(path, to: directory) ?? RelativePath.absolute(path)
    }

    /// A JSON string literal, escaped by the reports' own JSON writer.
    private static func quoted(_ text: String) -> String {
        String(JSONValue.string(text).rendered().dropLast())
    }

    // MARK: Reading

    public static func load(path: String) throws(ConfigFileError) -> Baseline {
        let bytes: [UInt8]
        switch Scanner.contents(atPath: path) {
        case .read(let read): bytes = read
        case .tooLarge, .failed: throw ConfigFileError(file: path, line: 0, column: 0, message: "cannot read the baseline file")
        }
        return try parse(bytes, path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(ConfigFileError) -> Baseline {
        let root: Node
        do {
            root = try JSONReader.parse(bytes).root
        } catch {
            throw ConfigFileError(file: path, line: error.position.line, column: error.position.column, message: error.message)
        }
        func fail(_ message: String, _ position: SourcePosition) -> ConfigFileError {
            ConfigFileError(file: path, line: position.line, column: position.column, message: message)
        }
        guard root.isMapping else { throw fail("a baseline is a JSON object with schemaVersion and findings", root.position) }
        guard let version = root["schemaVersion"] else { throw fail("this is not an auditstack baseline (no schemaVersion)", root.position) }
        guard let written = version.scalarText, supportedVersions.contains(written) else {
            throw fail("baseline schemaVersion \(version.scalarText ?? "?") is not supported (expected \(schemaVersion)); "
                + "regenerate it with `auditstack scan --create-baseline \(path)`", version.position)
        }
        guard let findings = root["findings"], findings.isSequence else {
            throw fail("the baseline has no findings list", root.position)
        }
        var entries: [Entry] = []
        for item in findings.elements {
            guard let fingerprint = item["fingerprint"]?.scalarText else {
                throw fail("each baseline finding needs a fingerprint", item.position)
            }
            entries.append(Entry(fingerprint: fingerprint, rule: item["rule"]?.scalarText ?? "",
                                 location: SourceLocation(file: path, position: item.position)))
        }
        var baseline = Baseline(path: path, entries: entries)
        if written == "1" { baseline.staleEntries = entries.filter { $0.fingerprint.contains("Statement[") }.count }
        return baseline
    }

    /// What to tell the user about a version 1 baseline, if anything.
    public var staleWarning: String? {
        guard staleEntries > 0 else { return nil }
        return "\(staleEntries) entr\(staleEntries == 1 ? "y" : "ies") of the baseline \(path) name IAM policy statements by position, "
            + "as auditstack did before baseline version 2; they no longer match, so those findings are reported again. "
            + "Regenerate the file with `auditstack scan --create-baseline \(path)` after reviewing them."
    }
}
