import ArgumentParser
import AuditCore
import AuditReporters

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, severity, pack, on by default, slug, title.")

    @Option(name: [.short, .long], help: ArgumentHelp("Output format: text, json.", valueName: "format"))
    var format = "text"

    @Flag(name: .customLong("no-color"), help: "No ANSI colour.")
    var noColor = false

    mutating func validate() throws {
        format = format.lowercased()
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unknown format '\(format)'; choose one of: text, json")
        }
    }

    func run() {
        let renderer = RuleCatalogRenderer(color: !noColor && Terminal.standardOutputWantsColor)
        let rules = RuleCatalog.metadata
        Terminal.writeOut(format == "json" ? renderer.json(rules) : renderer.table(rules))
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one rule: why it matters, how to fix it, and its examples."
    )

    @Argument(help: ArgumentHelp("A rule id (AS-ENC-001) or slug (rds-storage-not-encrypted).", valueName: "id"))
    var id: String

    @Flag(name: .customLong("no-color"), help: "No ANSI colour.")
    var noColor = false

    func validate() throws {
        guard RuleCatalog.rule(named: id) != nil else {
            let suggestions = RuleCatalog.suggestions(for: id)
            var message = "no rule named '\(id)'"
            if !suggestions.isEmpty { message += " (did you mean \(suggestions.joined(separator: " or "))?)" }
            message += "; `auditstack rules` lists them all"
            throw ValidationError(message)
        }
    }

    func run() throws {
        guard let rule = RuleCatalog.rule(named: id) else { throw ExitCode(ExitStatus.failure) }
        let renderer = RuleCatalogRenderer(color: !noColor && Terminal.standardOutputWantsColor)
        Terminal.writeOut(renderer.explanation(of: type(of: rule).metadata, examples: type(of: rule).examples))
    }
}
