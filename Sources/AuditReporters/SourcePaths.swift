/// Turns paths as the user named them into the repository-relative paths that CI
/// systems resolve (GitHub code scanning, annotations, JUnit `file`).
///
/// `workingDirectory` is where relative paths start from; `sourceRoot` is the repository
/// root (`%SRCROOT%`). Both are absolute; when either is unknown, paths stay as named,
/// only tidied (`./a/../b` becomes `b`).
public struct SourcePaths: Sendable, Hashable {
    public var workingDirectory: String?
    public var sourceRoot: String?

    public init(workingDirectory: String? = nil, sourceRoot: String? = nil) {
        self.workingDirectory = workingDirectory.map(Self.normalized)
        self.sourceRoot = sourceRoot.map(Self.normalized)
    }

    /// The path relative to `sourceRoot`, or `nil` when it lies outside (or cannot be
    /// placed because a directory is unknown).
    public func repositoryRelative(_ path: String) -> String? {
        if path.hasPrefix("/") {
            guard let sourceRoot else { return nil }
            return Self.strip(root: sourceRoot, from: Self.normalized(path))
        }
        guard let workingDirectory, let sourceRoot else {
            let tidy = Self.normalized(path)
            return tidy.hasPrefix("../") || tidy == ".." ? nil : tidy
        }
        return Self.strip(root: sourceRoot, from: Self.normalized(workingDirectory + "/" + path))
    }

    /// The absolute path, when the working directory is known or the path is absolute.
    public func absolute(_ path: String) -> String? {
        if path.hasPrefix("/") { return Self.normalized(path) }
        return workingDirectory.map { Self.normalized($0 + "/" + path) }
    }

    /// What a report shows: repository-relative when possible, otherwise absolute,
    /// otherwise the path as named.
    public func display(_ path: String) -> String {
        repositoryRelative(path) ?? absolute(path) ?? path
    }

    static func strip(root: String, from path: String) -> String? {
        if root == "/" { return String(path.dropFirst()) }
        if path == root { return "" }
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    /// Collapses `.`, `..` and repeated slashes; keeps a leading `/` and leading `..`
    /// of a relative path that climbs above its start.
    static func normalized(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", isAbsolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// A path as a URI reference: every byte outside RFC 3986's unreserved characters,
    /// sub-delimiters, `:`, `@` and `/` percent-encoded (spaces, `%`, `#`, `?`, non-ASCII).
    public static func uriEncoded(_ path: String) -> String {
        var output = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            let allowed = (byte < 0x80) && (
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "-._~!$&'()*+,;=:@/".unicodeScalars.contains(scalar)
            )
            if allowed {
                output.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
