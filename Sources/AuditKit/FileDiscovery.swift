import Foundation

/// Finds the files a scan looks at.
///
/// Directories are walked for `.yaml`, `.yml`, `.json` and `.template` files, skipping
/// tool and dependency folders; symbolic links to directories are not followed (no
/// loops). A file named on the command line is always taken, whatever its extension.
public struct FileDiscovery: Sendable {
    /// Folders that hold generated or third-party content, never the user's config.
    public static let skippedDirectoryNames: Set<String> = [
        ".git", "node_modules", ".terraform", ".aws-sam", "cdk.out", ".serverless", ".build",
    ]
    public static let candidateExtensions: Set<String> = ["yaml", "yml", "json", "template"]

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
            for name in names {
                let path = directory == "." && root == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
                // `lstat` rather than `attributesOfItem`: one system call instead of a
                // dictionary of every attribute, which dominated walking large trees.
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if !Self.skippedDirectoryNames.contains(name) { subdirectories.append(path) }
                case S_IFREG:
                    let pathExtension = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
                    if name.contains("."), Self.candidateExtensions.contains(pathExtension), seen.insert(path).inserted {
                        candidates.append(Candidate(path: path, isExplicit: false))
                    }
                default:
                    // Symbolic links, sockets and devices are not followed.
                    continue
                }
            }
            pending.append(contentsOf: subdirectories.reversed())
        }
    }
}
