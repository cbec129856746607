import ArgumentParser
import AuditCore
import AuditReporters
import Foundation

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, severity, pack, on by default, slug, title.")

    @Option(name: [.short, .long], help: ArgumentHelp("Output format: text, json.", valueName: "format"))
    var format = "text"

    @Flag(name: .customLong("no-color"), help: "No ANSI colour.")
    var noColor = false

    /// `make docs`: writes the rule reference pages instead of listing the rules.
    @Option(name: .customLong("write-docs"), help: ArgumentHelp(visibility: .hidden))
    var docsFolder: String?

    mutating func validate() throws {
        format = format.lowercased()
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unknown format '\(format)'; choose one of: text, json")
        }
    }

    func run() throws {
        if let docsFolder {
            try RuleDocsWriter.write(into: docsFolder)
            return
        }
        let renderer = RuleCatalogRenderer(color: !noColor && Terminal.standardOutputWantsColor)
        let rules = RuleCatalog.metadata
        Terminal.writeOut(format == "json" ? renderer.json(rules) : renderer.table(rules))
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one rule: why it matters, how to fix it, and its examples."
    )

    @Argument(help: ArgumentHelp("A rule id (AS-ENC-001), slug (rds-storage-not-encrypted), peer id (CKV_AWS_16) or wildcard (AS-IAM-*).", valueName: "id"))
    var id: String

    @Flag(name: .customLong("no-color"), help: "No ANSI colour.")
    var noColor = false

    func validate() throws {
        guard !RuleCatalog.rules(named: id).isEmpty else {
            let suggestions = RuleCatalog.suggestions(for: id)
            var message = "no rule named '\(id)'"
            if !suggestions.isEmpty { message += " (did you mean \(suggestions.joined(separator: " or "))?)" }
            message += "; `auditstack rules` lists them all"
            throw ValidationError(message)
        }
    }

    func run() throws {
        let named = RuleCatalog.rules(named: id)
        guard !named.isEmpty else { throw ExitCode(ExitStatus.failure) }
        let renderer = RuleCatalogRenderer(color: !noColor && Terminal.standardOutputWantsColor)
        // A peer id or a wildcard can stand for several rules: each is explained in turn.
        Terminal.writeOut(named.map { renderer.explanation(of: type(of: $0).metadata, examples: type(of: $0).examples) }
            .joined(separator: "\n"))
    }
}

/// Writes `docs/rules/` and removes pages of rules that no longer exist, so the folder
/// holds exactly what `RuleDocs` renders.
enum RuleDocsWriter {
    static func write(into folder: String) throws {
        let pages = RuleDocs.pages(for: RuleCatalog.rules.map {
            RuleDocs.Entry(metadata: type(of: $0).metadata, examples: type(of: $0).examples)
        })
        let manager = FileManager.default
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            let wanted = Set(pages.map(\.fileName))
            for name in try manager.contentsOfDirectory(atPath: root.path)
            where name.hasPrefix("AS-") && name.hasSuffix(".md") && !wanted.contains(name) {
                try manager.removeItem(at: root.appendingPathComponent(name))
            }
            var changed = 0
            for page in pages {
                let url = root.appendingPathComponent(page.fileName)
                let data = Data(page.text.utf8)
                if (try? Data(contentsOf: url)) == data { continue }
                try data.write(to: url)
                changed += 1
            }
            Terminal.writeError("auditstack: \(pages.count) pages in \(folder), \(changed) changed\n")
        } catch {
            Terminal.writeError("auditstack: cannot write the rule docs to \(folder): \(error.localizedDescription)\n")
            throw ExitCode(ExitStatus.failure)
        }
    }
}
