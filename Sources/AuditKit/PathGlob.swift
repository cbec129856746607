import Foundation

/// A glob pattern for the configuration file's `exclude` and `suppressions` entries.
///
/// In a path pattern `*` and `?` stay inside one path segment, `**` spans any number of
/// segments, and `[abc]` matches one listed character. A pattern without a `/` matches a
/// file or folder name at any depth (`*.template`, `generated`), as in `.gitignore`; a
/// pattern with a `/` is anchored at the configuration file's folder (`legacy/**`). A
/// pattern that matches a folder matches everything inside it. In a resource pattern
/// (`segmented: false`) `*` matches any text, dots and slashes included, so
/// `module.vpc.*` covers every resource of that module.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    /// The pattern's segments as characters, split once here rather than at every match.
    private let segments: [[Character]]
    private let segmented: Bool

    public init(_ pattern: String, segmented: Bool = true) {
        self.pattern = pattern
        self.segmented = segmented
        guard segmented else {
            segments = [Array(pattern)]
            return
        }
        var parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "." { parts.removeFirst() }
        let anchored = pattern.dropLast(pattern.hasSuffix("/") ? 1 : 0).contains("/")
        if !anchored { parts.insert("**", at: 0) }
        segments = parts.map(Array.init)
    }

    public var description: String { pattern }

    /// Whether `path` (relative, `/`-separated) or one of its parent folders matches.
    public func matches(_ path: String) -> Bool {
        guard segmented else { return Self.match(segments[0], Array(path), crossesSlash: true) }
        let parts = path.split(separator: "/").map(Array.init)
        for length in stride(from: parts.count, through: 1, by: -1) where Self.match(segments[...], parts[..<length]) {
            return true
        }
        return false
    }

    private static func match(_ pattern: ArraySlice<[Character]>, _ parts: ArraySlice<[Character]>) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == ["*", "*"] {
            let rest = pattern.dropFirst()
            for start in parts.startIndex...parts.endIndex where match(rest, parts[start...]) { return true }
            return false
        }
        guard let part = parts.first, match(first, part, crossesSlash: false) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// `*`, `?` and `[…]` over characters; iterative with one backtrack point for `*`.
    private static func match(_ pattern: [Character], _ text: [Character], crossesSlash: Bool) -> Bool {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                starP = p
                starT = t
                p += 1
            } else if p < pattern.count, let width = matchOne(pattern, at: p, text[t]) {
                p += width
                t += 1
            } else if starP >= 0, crossesSlash || text[starT] != "/" {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// The width of the pattern element at `index` when it matches `character`.
    private static func matchOne(_ pattern: [Character], at index: Int, _ character: Character) -> Int? {
        switch pattern[index] {
        case "?": return 1
        case "[":
            guard let close = pattern[(index + 1)...].firstIndex(of: "]"), close > index + 1 else {
                return character == "[" ? 1 : nil
            }
            return pattern[(index + 1)..<close].contains(character) ? close - index + 1 : nil
        case let literal: return literal == character ? 1 : nil
        }
    }
}

/// Paths as the scan names them, turned into paths relative to a folder (the folder of the
/// configuration or baseline file), so patterns and fingerprints do not depend on where
/// auditstack was started or how the paths were spelled (`./infra`, `infra/`, absolute).
public enum RelativePath {
    /// The absolute, normalised form of `path` (`.` and `..` resolved, no trailing `/`).
    public static func absolute(_ path: String, from directory: String = FileManager.default.currentDirectoryPath) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The absolute folder `path` is in (a configuration or baseline file's folder, where
    /// its patterns and paths are anchored).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return absolute(".") }
        return absolute(slash == path.startIndex ? "/" : String(path[..<slash]))
    }

    /// `path` relative to `base` (both made absolute first); `nil` when it lies outside
    /// `base`. The base itself is `.`.
    public static func relative(_ path: String, to base: String) -> String? {
        let file = absolute(path)
        let root = absolute(base)
        if file == root { return "." }
        let prefix = root == "/" ? "/" : root + "/"
        guard file.hasPrefix(prefix) else { return nil }
        return String(file.dropFirst(prefix.count))
    }
}
