import ArgumentParser
import Foundation

/// Exit codes, as documented in the README: 0 clean, 1 findings, 2 usage error or an
/// input that could not be read.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let failure: Int32 = 2
}

enum CommandLineEntry {
    /// Parses with `parseAsRoot` so that argument-parser's usage exit (64, EX_USAGE) can be
    /// mapped to our 2; help and `--version` still print to standard output with 0.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try Auditstack.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.clean
        } catch {
            return finish(with: error)
        }
    }

    private static func finish(with error: any Error) -> Int32 {
        let code = Auditstack.exitCode(for: error)
        let message = Auditstack.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Terminal.writeOut(message + "\n") }
            return ExitStatus.clean
        }
        if !message.isEmpty { Terminal.writeError(message + "\n") }
        if code == .validationFailure { return ExitStatus.failure }
        return code.rawValue
    }
}
