import Foundation

/// Runs the built `auditstack` binary as a child process, from the package root, so
/// reported paths are the relative ones the tests name.
struct CLIRunner {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `AUDITSTACK_BINARY` wins; otherwise the binary that `swift test` built next to the
    /// test bundle.
    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["AUDITSTACK_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testExecutable.deletingLastPathComponent()
        // On macOS the tests run inside an .xctest bundle; walk up until the products directory.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("auditstack")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/auditstack")
    }

    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], in directory: URL = packageRoot, standardInput: String? = nil
    ) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("auditstack-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        if let standardInput {
            let inURL = scratch.appendingPathComponent("stdin")
            try Data(standardInput.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    /// A fresh empty directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("auditstack-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file under `path` with its size and modification date, to prove a scan
    /// wrote nothing there.
    static func snapshot(of path: String) -> [String: String] {
        let root = packageRoot.appendingPathComponent(path).path
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + relative)
            result[relative] = "\(attributes?[.size] ?? 0) \(attributes?[.modificationDate] ?? "")"
        }
        return result
    }
}

/// The parts of the JSON report a test compares.
struct ReportedFinding: Equatable, CustomStringConvertible {
    var ruleID: String
    var file: String
    var line: Int
    var column: Int
    var resource: String?

    var description: String { "\(ruleID) \(file):\(line):\(column) (\(resource ?? "-"))" }
}

struct JSONReport {
    var root: [String: Any]

    init(_ text: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        root = object
    }

    var summary: [String: Any] { root["summary"] as? [String: Any] ?? [:] }

    var findings: [ReportedFinding] {
        (root["findings"] as? [[String: Any]] ?? []).map {
            ReportedFinding(
                ruleID: $0["ruleId"] as? String ?? "", file: $0["file"] as? String ?? "",
                line: $0["line"] as? Int ?? -1, column: $0["column"] as? Int ?? -1, resource: $0["resource"] as? String
            )
        }
    }

    var errors: [[String: Any]] { root["errors"] as? [[String: Any]] ?? [] }
}
