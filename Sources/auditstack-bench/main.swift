import CYAML
import Foundation

// auditstack-bench: generates a large, realistic corpus in a temporary directory and
// measures the built `auditstack` binary against libyaml's bare event parse of the same
// files. Run through `make bench` (release builds). Not a test: it prints a table.
//
//   auditstack-bench [--templates N] [--plan-resources N] [--policies N] [--runs N] [--seed N] [--keep]
//   auditstack-bench --libyaml-parse DIR     (internal: the libyaml baseline, as a child)
//   auditstack-bench --generate DIR [...]    (internal: writes the corpus, as a child)

struct BenchOptions {
    var templates = 2_000
    var planResources = 10_000
    /// Standalone IAM policy files (the least-privilege pack and the action catalog).
    var policies = 2_000
    var runs = 3
    var seed: UInt64 = 20_240_601
    var keep = false
    var templateBytes = 7_000
    /// Terraform modules, each written in HCL and in JSON.
    var modules = 400

    init(_ arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        func number(_ flag: String) throws -> Int {
            guard let text = iterator.next(), let value = Int(text), value >= 0 else { throw BenchError("\(flag) needs a number") }
            return value
        }
        while let argument = iterator.next() {
            switch argument {
            case "--templates": templates = try number(argument)
            case "--plan-resources": planResources = try number(argument)
            case "--policies": policies = try number(argument)
            case "--modules": modules = try number(argument)
            case "--runs": runs = max(1, try number(argument))
            case "--seed": seed = UInt64(try number(argument))
            case "--template-bytes": templateBytes = max(1_000, try number(argument))
            case "--keep": keep = true
            default: throw BenchError("unknown argument \(argument)")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What one child process cost.
struct Measurement {
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakRSSBytes: Int
    var status: Int32
}

/// Runs `executable` with `arguments` as a child, output discarded, and measures wall time,
/// CPU time and peak resident memory of that child alone (wait4's rusage).
func measure(_ executable: String, _ arguments: [String]) throws -> Measurement {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)

    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }

    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let elapsed = clock.now - start
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return Measurement(
        wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peakRSSBytes: Int(usage.ru_maxrss) * 1024,  // Linux reports kilobytes
        status: exitStatus
    )
}

/// The floor: libyaml's event loop over every file, no tree built. Exits 1 on a parse error.
func libyamlParse(directory: String) -> Int32 {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory).sorted() else { return 2 }
    var events = 0
    for name in names where name.hasSuffix(".yaml") {
        // libyaml reads the file itself: the floor should carry no Swift I/O overhead.
        guard let file = fopen(directory + "/" + name, "rb") else { return 2 }
        defer { fclose(file) }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else { return 2 }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_file(&parser, file)
        var event = yaml_event_t()
        var done = false
        while !done {
            guard yaml_parser_parse(&parser, &event) != 0 else {
                FileHandle.standardError.write(Data("libyaml cannot parse \(name)\n".utf8))
                return 1
            }
            done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            events += 1
        }
    }
    print("\(events) events")
    return 0
}

/// What auditstack's JSON report says about a run.
struct ScanSummary {
    var files = 0
    var resources = 0
    var findings = 0
    var errors = 0

    init(reportAt path: String) {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let summary = object["summary"] as? [String: Any] else { return }
        files = summary["files"] as? Int ?? 0
        resources = summary["resources"] as? Int ?? 0
        findings = summary["findings"] as? Int ?? 0
        errors = summary["errors"] as? Int ?? 0
    }
}

struct Row {
    var name: String
    var files: Int
    var bytes: Int
    var resources: Int
    var best: Measurement
    var peakRSS: Int
}

/// The corpus, as the generator child describes it in `manifest.txt`.
struct Manifest {
    var templates = 0
    var templateBytes = 0
    var templateResources = 0
    var planBytes = 0
    var planResources = 0

    static func read(from root: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: root + "/manifest.txt") else { throw BenchError("no manifest") }
        let numbers = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 5 else { throw BenchError("bad manifest") }
        return Manifest(templates: numbers[0], templateBytes: numbers[1], templateResources: numbers[2],
                        planBytes: numbers[3], planResources: numbers[4])
    }
}

/// Writes the corpus under `root` (runs as a child, so the measuring parent stays small).
func generateCorpus(into root: String, options: BenchOptions) throws {
    let templates = root + "/templates"
    try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root + "/plan", withIntermediateDirectories: true)
    var generator = CorpusGenerator(seed: options.seed)
    var manifest = Manifest(templates: options.templates, planResources: options.planResources)
    for index in 0..<options.templates {
        let target = options.templateBytes + Int.random(in: -1_500...1_500, using: &generator.random)
        let (text, count) = generator.template(index: index, targetBytes: target)
        try Data(text.utf8).write(to: URL(fileURLWithPath: String(format: "%@/stack-%05d.yaml", templates, index)))
        manifest.templateBytes += text.utf8.count
        manifest.templateResources += count
    }
    let plan = generator.plan(resources: options.planResources)
    try Data(plan.utf8).write(to: URL(fileURLWithPath: root + "/plan/plan.json"))
    manifest.planBytes = plan.utf8.count
    let line = [manifest.templates, manifest.templateBytes, manifest.templateResources, manifest.planBytes, manifest.planResources]
        .map(String.init).joined(separator: " ")
    try Data(line.utf8).write(to: URL(fileURLWithPath: root + "/manifest.txt"))
    try generatePolicies(into: root + "/policies", options: options)
    var terraformBytes = (hcl: 0, json: 0)
    for index in 0..<options.modules {
        let (hcl, json) = TerraformCorpusGenerator.module(index: index, groups: 4)
        let hclDirectory = String(format: "%@/terraform-hcl/module-%04d", root, index)
        let jsonDirectory = String(format: "%@/terraform-json/module-%04d", root, index)
        try FileManager.default.createDirectory(atPath: hclDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: jsonDirectory, withIntermediateDirectories: true)
        try Data(hcl.utf8).write(to: URL(fileURLWithPath: hclDirectory + "/main.tf"))
        try Data(json.utf8).write(to: URL(fileURLWithPath: jsonDirectory + "/main.tf.json"))
        terraformBytes.hcl += hcl.utf8.count
        terraformBytes.json += json.utf8.count
    }
    try Data("\(options.modules) \(terraformBytes.hcl) \(terraformBytes.json)".utf8).write(to: URL(fileURLWithPath: root + "/terraform-manifest.txt"))
}

/// What the policy corpus holds, from `policies/../policy-manifest.txt`.
struct PolicyManifest {
    var files = 0
    var bytes = 0
    var statements = 0

    static func read(from root: String) throws -> PolicyManifest {
        guard let data = FileManager.default.contents(atPath: root + "/policy-manifest.txt") else { throw BenchError("no policy manifest") }
        let numbers = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 3 else { throw BenchError("bad policy manifest") }
        return PolicyManifest(files: numbers[0], bytes: numbers[1], statements: numbers[2])
    }
}

func generatePolicies(into directory: String, options: BenchOptions) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var generator = PolicyCorpusGenerator(seed: options.seed &+ 1)
    var manifest = PolicyManifest(files: options.policies)
    for index in 0..<options.policies {
        let (text, statements) = generator.policy(index: index)
        try Data(text.utf8).write(to: URL(fileURLWithPath: String(format: "%@/policy-%05d.json", directory, index)))
        manifest.bytes += text.utf8.count
        manifest.statements += statements
    }
    let line = [manifest.files, manifest.bytes, manifest.statements].map(String.init).joined(separator: " ")
    try Data(line.utf8).write(to: URL(fileURLWithPath: directory + "/../policy-manifest.txt"))
}

/// Linux charges a spawned child with its parent's peak RSS (the address space it starts
/// from), so the parent resets its own peak to its current size before each launch.
func resetOwnPeakRSS() {
    if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
        handle.write(Data("5".utf8))
        try? handle.close()
    }
}

func ownResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return kilobytes * 1024
}

func runBenchmark(_ options: BenchOptions) throws {
    let benchBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let auditstack = benchBinary.deletingLastPathComponent().appendingPathComponent("auditstack").path
    guard FileManager.default.isExecutableFile(atPath: auditstack) else {
        throw BenchError("no auditstack binary next to \(benchBinary.path); build it first (make bench does)")
    }

    var template = Array("/tmp/auditstack-bench-XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw BenchError("cannot create a temporary directory") }
    let root = String(cString: created)
    defer {
        if options.keep {
            print("corpus kept in \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    let generation = try measure(benchBinary.path, [
        "--generate", root, "--templates", String(options.templates), "--plan-resources", String(options.planResources),
        "--policies", String(options.policies), "--modules", String(options.modules),
        "--seed", String(options.seed), "--template-bytes", String(options.templateBytes),
    ])
    guard generation.status == 0 else { throw BenchError("corpus generation failed (exit \(generation.status))") }
    let corpus = try Manifest.read(from: root)
    let policyCorpus = try PolicyManifest.read(from: root)
    let templates = root + "/templates"
    let planPath = root + "/plan/plan.json"
    print("corpus: \(corpus.templates) CloudFormation templates, \(megabytes(corpus.templateBytes)) MB, "
        + "\(corpus.templateResources) resources; plan.json \(megabytes(corpus.planBytes)) MB, "
        + "\(corpus.planResources) resources; \(policyCorpus.files) IAM policies, \(megabytes(policyCorpus.bytes)) MB, "
        + "\(policyCorpus.statements) statements (seed \(options.seed), generated in \(String(format: "%.1f", generation.wallSeconds)) s)")

    func best(_ executable: String, _ arguments: [String], accept: Set<Int32>) throws -> (Measurement, Int) {
        var runs: [Measurement] = []
        for _ in 0..<options.runs {
            resetOwnPeakRSS()
            let run = try measure(executable, arguments)
            guard accept.contains(run.status) else {
                throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited \(run.status)")
            }
            runs.append(run)
        }
        let fastest = runs.min { $0.wallSeconds < $1.wallSeconds }!
        return (fastest, runs.map(\.peakRSSBytes).max() ?? 0)
    }

    let spawnerRSS = ownResidentBytes()
    let (libyaml, libyamlRSS) = try best(benchBinary.path, ["--libyaml-parse", templates], accept: [0])
    let templatesReport = root + "/templates-report.json"
    let (scan, scanRSS) = try best(auditstack, ["scan", templates, "--format", "json", "--output", templatesReport], accept: [0, 1])
    let planReport = root + "/plan-report.json"
    let (planScan, planRSS) = try best(auditstack, ["scan", planPath, "--format", "json", "--output", planReport], accept: [0, 1])
    let policiesReport = root + "/policies-report.json"
    let (policyScan, policyRSS) = try best(
        auditstack, ["scan", root + "/policies", "--format", "json", "--output", policiesReport], accept: [0, 1]
    )

    let hclReport = root + "/hcl-report.json"
    let (hclScan, hclRSS) = try best(auditstack, ["scan", root + "/terraform-hcl", "--format", "json", "--output", hclReport], accept: [0, 1])
    let jsonReport = root + "/tfjson-report.json"
    let (jsonScan, jsonRSS) = try best(auditstack, ["scan", root + "/terraform-json", "--format", "json", "--output", jsonReport], accept: [0, 1])
    let terraformNumbers = (try? String(contentsOfFile: root + "/terraform-manifest.txt", encoding: .utf8))?
        .split(separator: " ").compactMap { Int($0) } ?? [0, 0, 0]

    // Reports are read only after every launch, so their size never reaches a measured peak.
    let templatesSummary = ScanSummary(reportAt: templatesReport)
    let planSummary = ScanSummary(reportAt: planReport)
    let policiesSummary = ScanSummary(reportAt: policiesReport)
    let hclSummary = ScanSummary(reportAt: hclReport)
    let jsonSummary = ScanSummary(reportAt: jsonReport)
    let rows = [
        Row(name: "(a) libyaml events, templates", files: corpus.templates, bytes: corpus.templateBytes,
            resources: corpus.templateResources, best: libyaml, peakRSS: libyamlRSS),
        Row(name: "(b) auditstack scan, templates", files: templatesSummary.files, bytes: corpus.templateBytes,
            resources: templatesSummary.resources, best: scan, peakRSS: scanRSS),
        Row(name: "(c) auditstack scan, plan.json", files: planSummary.files, bytes: corpus.planBytes,
            resources: planSummary.resources, best: planScan, peakRSS: planRSS),
        // For policies the "resources" column counts statements.
        Row(name: "(d) auditstack scan, IAM policies", files: policiesSummary.files, bytes: policyCorpus.bytes,
            resources: policyCorpus.statements, best: policyScan, peakRSS: policyRSS),
        Row(name: "(e) auditstack scan, Terraform HCL", files: hclSummary.files, bytes: terraformNumbers[1],
            resources: hclSummary.resources, best: hclScan, peakRSS: hclRSS),
        Row(name: "(f) auditstack scan, Terraform JSON", files: jsonSummary.files, bytes: terraformNumbers[2],
            resources: jsonSummary.resources, best: jsonScan, peakRSS: jsonRSS),
    ]
    print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; best of \(options.runs) runs; "
        + "peak RSS is the largest seen and includes the \(megabytes(spawnerRSS)) MB the launching process holds\n")
    printTable(rows)
    print("")
    print(String(format: "scan / libyaml wall time: %.2f×   (CPU time: %.2f×)",
                 scan.wallSeconds / libyaml.wallSeconds, scan.cpuSeconds / libyaml.cpuSeconds))
    print("templates scan: \(templatesSummary.findings) findings, \(templatesSummary.errors) errors; "
        + "plan scan: \(planSummary.findings) findings, \(planSummary.errors) errors; "
        + "IAM policies scan: \(policiesSummary.findings) findings, \(policiesSummary.errors) errors "
        + "(row d counts statements as resources)")
    let hclPerMB = hclScan.wallSeconds / max(Double(terraformNumbers[1]) / 1_048_576, 1e-9)
    let jsonPerMB = jsonScan.wallSeconds / max(Double(terraformNumbers[2]) / 1_048_576, 1e-9)
    print(String(format: "Terraform, the same %d modules: HCL %.3f s per MB, JSON %.3f s per MB (HCL/JSON %.2f×); %d vs %d resources, %d vs %d findings, %d/%d errors",
                 terraformNumbers[0], hclPerMB, jsonPerMB, hclPerMB / max(jsonPerMB, 1e-9), hclSummary.resources, jsonSummary.resources,
                 hclSummary.findings, jsonSummary.findings, hclSummary.errors, jsonSummary.errors))
    if templatesSummary.resources == 0 || planSummary.resources == 0 {
        print("note: a scan that loads 0 resources means this build has no loader for that format yet; "
            + "its figures then cover reading and recognising the files only")
    }
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

func printTable(_ rows: [Row]) {
    let header = ["", "wall s", "CPU s", "files/s", "MB/s", "resources/s", "peak RSS MB"]
    let cells = rows.map { row -> [String] in
        let wall = max(row.best.wallSeconds, 1e-9)
        return [
            row.name,
            String(format: "%.3f", row.best.wallSeconds),
            String(format: "%.3f", row.best.cpuSeconds),
            String(format: "%.0f", Double(row.files) / wall),
            String(format: "%.1f", Double(row.bytes) / 1_048_576 / wall),
            String(format: "%.0f", Double(row.resources) / wall),
            megabytes(row.peakRSS),
        ]
    }
    var widths = header.map(\.count)
    for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ row: [String]) -> String {
        row.enumerated().map { index, cell in
            index == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[index] - cell.count) + cell
        }.joined(separator: "  ")
    }
    print(line(header))
    for row in cells { print(line(row)) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--libyaml-parse", arguments.count == 2 {
    exit(libyamlParse(directory: arguments[1]))
}
do {
    if arguments.first == "--generate", arguments.count >= 2 {
        try generateCorpus(into: arguments[1], options: try BenchOptions(Array(arguments.dropFirst(2))))
    } else {
        try runBenchmark(try BenchOptions(arguments))
    }
} catch {
    FileHandle.standardError.write(Data("auditstack-bench: \(error)\n".utf8))
    exit(2)
}
