import ArgumentParser
import AuditCore

struct Auditstack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ToolInfo.name,
        abstract: "Audit AWS configuration before it is deployed.",
        discussion: """
            Reads CloudFormation and SAM templates (YAML or JSON), Terraform JSON (*.tf.json, \
            `terraform show -json` plans and state) and IAM policy files, and reports security, \
            cost, backup and monitoring problems. Nothing leaves the machine.

            Exit codes: 0 no findings, 1 findings, 2 usage error or an input that could not be read.
            """,
        version: ToolInfo.version,
        subcommands: [Scan.self, Report.self, Rules.self, Explain.self, Suppressions.self, Version.self],
        defaultSubcommand: Scan.self
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() {
        Terminal.writeOut(ToolInfo.version + "\n")
    }
}
