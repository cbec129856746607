import Foundation

/// Finds the files a scan looks at.
///
/// Directories are walked for `.yaml`, `.yml`, `.json` and `.template` files, Terraform's
/// `.tf`, `.tofu` and `.tfvars` files (so none is passed over in silence), and for files
/// without any extension whose content starts with `{` (collections of IAM policies, such as
/// exports of the AWS managed policies, are often stored that way), skipping tool and
/// dependency folders; symbolic links to directories are not followed (no
/// loops). A file named on the command line is always taken, whatever its extension.
public struct FileDiscovery: Sendable {
    /// Folders that hold generated or third-party content, never the user's config.
    public static let skippedDirectoryNames: Set<String> = [
        ".git", "node_modules", ".terraform", ".aws-sam", "cdk.out", ".serverless", ".build",
    ]
    public static let candidateExtensions: Set<String> = Set(["yaml", "yml", "json", "template"]).union(terraformNativeExtensions)
    /// Terraform's native syntax (HCL): configuration (`.tf`, OpenTofu's `.tofu`) and
    /// variable values (`.tfvars`).
    public static let terraformNativeExtensions: Set<String> = ["tf", "tofu", "tfvars"]

    /// Whether a file name has one of `terraformNativeExtensions`.
    public static func isTerraformNativeSyntax(_ fileName: String) -> Bool {
        guard let dot = fileName.lastIndex(of: ".") else { return false }
        return terraformNativeExtensions.contains(fileName[fileName.index(after: dot)...].lowercased())
    }

    public struct Candidate: Sendable, Hashable {
        public var path: String
        /// Named on the command line rather than found in a directory.
        public var isExplicit: Bool
    }

    public struct Problem: Sendable, Hashable {
        public var path: String
        public var message: String
    }

    public init() {}

    public func candidates(for paths: [String]) -> (candidates: [Candidate], problems: [Problem]) {
        var candidates: [Candidate] = []
        var problems: [Problem] = []
        var seen: Set<String> = []
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Problem(path: path, message: "no such file or directory"))
                continue
            }
            if !isDirectory.boolValue {
                if seen.insert(path).inserted { candidates.append(Candidate(path: path, isExplicit: true)) }
                continue
            }
            walk(path, into: &candidates, seen: &seen, problems: &problems)
        }
        return (candidates, problems)
    }

    private func walk(_ root: String, into candidates: inout [Candidate], seen: inout Set<String>, problems: inout [Problem]) {
        let fileManager = FileManager.default
        var pending = [root]
        while let directory = pending.popLast() {
            let names: [String]
            do {
                names = try fileManager.contentsOfDirectory(atPath: directory).sorted()
            } catch {
                problems.append(Problem(path: directory, message: "cannot list directory"))
                continue
            }
            var subdirectories: [String] = []
            let knownTypes = Self.entryTypes(in: directory)
            for name in names {
                let path = directory == "." && root == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
                switch knownTypes[Array(name.utf8)] ?? Self.entryType(atPath: path) {
                case .directory:
                    if !Self.skippedDirectoryNames.contains(name) { subdirectories.append(path) }
                case .regularFile:
                    let pathExtension = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
                    // A byte test for the dot: `String.contains` goes through Foundation here.
                    let hasExtension = name.utf8.contains(UInt8(ascii: "."))
                    let isCandidate = hasExtension
                        ? Self.candidateExtensions.contains(pathExtension)
                        : Self.startsLikeJSONObject(atPath: path)
                    if isCandidate, seen.insert(path).inserted {
                        candidates.append(Candidate(path: path, isExplicit: false))
                    }
                case .other, nil:
                    // Symbolic links, sockets and devices are not followed.
                    continue
                }
            }
            pending.append(contentsOf: subdirectories.reversed())
        }
    }

    /// Whether the first non-blank byte of the file (after a UTF-8 byte order mark) is `{`;
    /// reads at most 256 bytes, so a folder of scripts and licences costs almost nothing.
    static func startsLikeJSONObject(atPath path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 256) }
        guard count > 0 else { return false }
        var bytes = buffer[0..<count]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        return bytes.first { !blanks.contains($0) } == UInt8(ascii: "{")
    }

    private enum EntryType {
        case directory, regularFile, other
    }

    /// The type of the entry itself (a symbolic link is not followed); `nil` when it cannot
    /// be examined.
    private static func entryType(atPath path: String) -> EntryType? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        default: return .other
        }
    }

    /// Entry types as the directory listing itself reports them, by the exact bytes of the
    /// name, so a large folder costs no `lstat` per file. Entries the file system gives no
    /// type for are left out (the caller asks `lstat` then).
    private static func entryTypes(in directory: String) -> [[UInt8]: EntryType] {
        guard let stream = opendir(directory) else { return [:] }
        defer { closedir(stream) }
        var types: [[UInt8]: EntryType] = [:]
        while let entry = readdir(stream) {
            let type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): type = .directory
            case Int32(DT_REG): type = .regularFile
            case Int32(DT_UNKNOWN): continue
            default: type = .other
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            types[name] = type
        }
        return types
    }
}
