import AuditModel
import AuditSyntax

/// Standalone IAM policy files: a plain document, a `GetPolicyVersion` response
/// (`PolicyVersion.Document`, possibly a URL-encoded JSON string), or an SCP. The file is
/// its own principal: its attachment is unknown.
public struct IAMPolicyLoader: Loader {
    public static let formats: Set<DocumentFormat> = [.iamPolicy]
    public static let groupsByDirectory = false

    public init() {}

    public func load(_ files: [ParsedFile]) -> LoadedScope {
        var loaded = LoadedScope(scope: Scope(name: files.first?.path ?? "", format: .iamPolicy, files: files.map(\.path)))
        for file in files {
            let root = file.document.root
            var documentNode = ResolvedNode(literal: root)
            var location = SourceLocation(file: file.path, position: root.position)
            if let version = root["PolicyVersion"], let document = version.entry("Document") {
                location = SourceLocation(file: file.path, position: document.keyPosition)
                if let text = document.value.scalarText {
                    // GetPolicyVersion returns the document URL-encoded; positions inside it are
                    // relative to the decoded text, so findings land on the `Document` key.
                    let decoded = text.removingPercentEncodingLossy()
                    guard let parsed = try? JSONReader.parse(Array(decoded.utf8)) else {
                        loaded.diagnostics.append(LoadDiagnostic(.error, "PolicyVersion.Document is not a JSON policy", at: location))
                        continue
                    }
                    documentNode = ResolvedNode(literal: parsed.root).relocated(to: document.keyPosition)
                } else {
                    documentNode = ResolvedNode(literal: document.value)
                }
            }
            let id = ResourceID(scope: file.path, name: file.path.split(separator: "/").last.map(String.init) ?? file.path)
            let kind: PolicyKind = isServiceControlPolicy(documentNode) ? .serviceControl : .standalone
            loaded.policies.append(PolicyReader.document(
                documentNode, id: id, kind: kind, owner: nil, name: id.name, file: file.path, location: location
            ))
        }
        return loaded
    }

    /// SCPs are Deny-heavy guard rails without principals; a heuristic is enough here
    /// because the kind only changes wording, never a verdict.
    private func isServiceControlPolicy(_ node: ResolvedNode) -> Bool {
        guard case .list(let statements)? = node["Statement"]?.node.content, !statements.isEmpty else { return false }
        return statements.allSatisfy { $0["Effect"]?.node.value == .string("Deny") && $0["Principal"] == nil }
    }
}

extension ResolvedNode {
    /// Every position in the subtree moved to `position` (for documents decoded from a string).
    func relocated(to position: SourcePosition) -> ResolvedNode {
        var copy = self
        copy.position = position
        switch content {
        case .leaf: break
        case .list(let items): copy.content = .list(items.map { $0.relocated(to: position) })
        case .map(let entries):
            copy.content = .map(entries.map { ResolvedEntry(key: $0.key, keyPosition: position, node: $0.node.relocated(to: position)) })
        }
        return copy
    }
}

extension String {
    /// Percent-decoding without Foundation; invalid escapes are kept as written.
    func removingPercentEncodingLossy() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
