import ArgumentParser
import AuditCore
import AuditKit
import AuditReporters
import Foundation

/// `auditstack suppressions`: every suppression in the scanned files and the configuration
/// file, with its reason, expiry and what became of it — the audit view a reviewer needs
/// to see what the gate has been told to accept.
struct Suppressions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every suppression with its rule, resource, position, reason, expiry and status.",
        discussion: """
            Reads the same files and configuration as `scan` and runs the rules, so each \
            suppression's status says what it does today: active (suppresses findings), \
            matched-nothing, rule-not-run, expired, unknown-rule, no-equivalent (a peer \
            tool's id that no auditstack rule maps), missing-reason or invalid-expiry. \
            With --baseline, the baseline's use is summarised.

            Exit codes: 0 listed, 2 usage error, bad configuration or an input that could not be read.
            """
    )

    @Argument(help: ArgumentHelp("Files or folders to scan.", valueName: "path"))
    var paths: [String] = ["."]

    @Option(name: [.short, .long], help: ArgumentHelp("Output format: text, json.", valueName: "format"))
    var format = "text"

    @OptionGroup var configuration: ConfigOptions

    @Option(name: .customLong("baseline"), help: ArgumentHelp("Also summarise this baseline file's use.", valueName: "file"))
    var baseline: String?

    mutating func validate() throws {
        format = format.lowercased()
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unknown format '\(format)'; choose one of: text, json")
        }
        if paths.isEmpty { paths = ["."] }
    }

    func run() async throws {
        var policy = ScanPolicy(config: try configuration.load(for: paths))
        policy.baseline = try baseline.map(ScanPolicyOptions.loadBaseline)
        var options = ScanOptions(paths: paths, selection: policy.selection(over: RuleSelection()), settings: policy.settings)
        options.policy = policy
        let result = await Scanner().scan(options)
        let baselineUse = policy.baseline.map { baseline in
            (path: baseline.path, entries: baseline.entries.count,
             matched: result.suppressed.count { $0.suppression.origin == .baseline })
        }
        Terminal.writeOut(format == "json"
            ? Self.json(result.suppressionRecords, baseline: baselineUse)
            : Self.text(result.suppressionRecords, baseline: baselineUse))
        for error in result.errors { Terminal.writeInputError(error) }
        if !result.errors.isEmpty { throw ExitCode(ExitStatus.failure) }
    }

    typealias BaselineUse = (path: String, entries: Int, matched: Int)

    /// One aligned line per suppression, then a count per status.
    static func text(_ records: [SuppressionRecord], baseline: BaselineUse?) -> String {
        let rows = records.map { record -> [String] in
            var rule = record.writtenID
            if record.ruleIDs != [record.writtenID], !record.ruleIDs.isEmpty {
                rule += " → " + record.ruleIDs.joined(separator: ", ")
            }
            var status = record.status.rawValue
            if record.status == .active { status += " (\(record.suppressedCount) finding\(record.suppressedCount == 1 ? "" : "s"))" }
            return [
                record.location.description, rule, "on " + record.target, status, "expires " + (record.expires ?? "never"),
                "reason: " + (record.reason.map { "\"\($0)\"" } ?? "none"),
            ]
        }
        // Every column but the last padded to its widest cell.
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var output = ""
        for row in rows {
            for column in 0..<5 {
                output += row[column] + String(repeating: " ", count: widths[column] - row[column].count + 2)
            }
            output += row[5] + "\n"
        }
        if let baseline {
            output += "baseline \(baseline.path): \(baseline.entries) recorded finding\(baseline.entries == 1 ? "" : "s"), "
                + "\(baseline.matched) still present\n"
        }
        output += summary(records) + "\n"
        return output
    }

    static func summary(_ records: [SuppressionRecord]) -> String {
        guard !records.isEmpty else { return "No suppressions." }
        let counts = SuppressionRecord.Status.allCases.compactMap { status -> String? in
            let count = records.count { $0.status == status }
            return count == 0 ? nil : "\(count) \(status.rawValue)"
        }
        return "\(records.count) suppression\(records.count == 1 ? "" : "s"): " + counts.joined(separator: ", ")
    }

    static func json(_ records: [SuppressionRecord], baseline: BaselineUse?) -> String {
        var members: [(String, JSONValue)] = [
            ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))])),
            ("suppressions", .array(records.map { record in
                .object([
                    ("rule", .string(record.writtenID)),
                    ("rules", .array(record.ruleIDs.map(JSONValue.string))),
                    ("peerId", .optional(record.peerID)),
                    ("syntax", .string(record.syntax)),
                    ("origin", .string(record.origin.rawValue)),
                    ("target", .string(record.target)),
                    ("file", .string(record.location.file)),
                    ("line", .int(record.location.line)),
                    ("column", .int(record.location.column)),
                    ("reason", .optional(record.reason)),
                    ("expires", .optional(record.expires)),
                    ("status", .string(record.status.rawValue)),
                    ("problem", .optional(record.problem)),
                    ("suppressedFindings", .int(record.suppressedCount)),
                ])
            })),
        ]
        if let baseline {
            members.append(("baseline", .object([
                ("file", .string(baseline.path)), ("entries", .int(baseline.entries)), ("matched", .int(baseline.matched)),
            ])))
        }
        return JSONValue.object(members).rendered()
    }
}
