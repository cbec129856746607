import ArgumentParser
import AuditCore
import Foundation

/// Standard streams: the report goes to standard output, everything meant for a person
/// reading along (status, input errors, usage errors) to standard error.
enum Terminal {
    static func writeOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// An input that could not be read, as `auditstack: file:line:column: message`.
    static func writeInputError(_ error: InputProblem) {
        let position = error.line > 0 ? "\(error.file):\(error.line):\(error.column)" : error.file
        writeError("auditstack: \(position): \(error.message)\n")
    }

    /// Colour when standard output is a terminal that understands it and the user has not
    /// opted out through `NO_COLOR` (any non-empty value, per no-color.org).
    static var standardOutputWantsColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}

/// `--color`: colour on a terminal that wants it, always, or never.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never

    /// Whether a report on standard output gets colour.
    var applies: Bool {
        switch self {
        case .auto: Terminal.standardOutputWantsColor
        case .always: true
        case .never: false
        }
    }
}
