import Foundation

// The process entry point: parse, run, and turn the outcome into the documented exit code.
let status = await CommandLineEntry.run(Array(CommandLine.arguments.dropFirst()))
exit(status)
