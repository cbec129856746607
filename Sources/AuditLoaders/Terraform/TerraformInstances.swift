import AuditModel
import AuditSyntax

/// The instances `count` or `for_each` give a resource block, when they are known before
/// plan: `aws_subnet.private[0]`, `aws_s3_bucket.b["logs"]`, with `count.index` or
/// `each.key`/`each.value` bound in each. `nil` means the set is not known: the block is
/// one resource then, reported, never dropped and never guessed.
enum TerraformInstances {
    struct Instance {
        /// `[0]`, `["logs"]`; empty for a block without `count` or `for_each`.
        var key: String
        var bindings: [String: ResolvedNode]

        /// A block whose instances are unknown: `count` and `each` are bound to unknown
        /// values by leaving them out (they are never resources).
        static func unknown(_ block: TerraformBlock) -> Instance { Instance(key: "", bindings: [:]) }
    }

    /// `count = …` or `for_each = …` as written, for messages.
    static func argument(of block: TerraformBlock) -> String? {
        for key in ["count", "for_each"] {
            guard let node = block.body[key] else { continue }
            var text = node.scalarText ?? "…"
            if text.hasPrefix("${"), text.hasSuffix("}"), !text.dropFirst(2).contains("${") { text = String(text.dropFirst(2).dropLast()) }
            return "\(key) = \(text)"
        }
        return nil
    }

    static func of(_ block: TerraformBlock, evaluator: inout TerraformEvaluator) -> [Instance]? {
        let position = block.keyPosition
        var ignored: [TerraformHiddenReference] = []
        if let count = block.body["count"] {
            let value = evaluator.evaluate(json: count, file: block.file, path: "count", keyPosition: position, hidden: &ignored).value
            guard case .number(let number) = value, number >= 0, number == number.rounded(), number <= 10_000 else { return nil }
            return (0..<Int(number)).map { index in
                Instance(key: "[\(index)]", bindings: [
                    "count": ResolvedNode(.map([ResolvedEntry(key: "index", keyPosition: position, node: .leaf(.number(Double(index)), at: position))]), at: position),
                ])
            }
        }
        if let forEach = block.body["for_each"] {
            let node = evaluator.evaluate(json: forEach, file: block.file, path: "for_each", keyPosition: position, hidden: &ignored)
            let value = node.value
            // `for_each = aws_s3_bucket.b`: the instances of a resource whose own keys are known.
            if let text = forEach.scalarText, text.hasPrefix("${"), text.hasSuffix("}"),
               let keys = evaluator.expandedInstances[String(text.dropFirst(2).dropLast())] {
                let address = String(text.dropFirst(2).dropLast())
                return keys.sorted().compactMap { key -> Instance? in
                    guard key.hasPrefix("[\""), key.hasSuffix("\"]") else { return nil }
                    let name = String(key.dropFirst(2).dropLast(2))
                    let instance = ResourceReference(target: ResourceID(scope: evaluator.scope, name: address + key))
                    return Instance(key: key, bindings: ["each": ResolvedNode(.map([
                        ResolvedEntry(key: "key", keyPosition: position, node: .leaf(.string(name), at: position)),
                        ResolvedEntry(key: "value", keyPosition: position, node: .leaf(.reference(instance), at: position)),
                    ]), at: position)])
                }
            }
            guard !value.containsUnresolved, value.references.isEmpty else { return nil }
            var pairs: [(key: String, value: ResolvedNode)] = []
            switch node.content {
            case .map(let entries):
                pairs = entries.map { ($0.key, $0.node) }
            case .list(let items):
                // A set of strings: each.key and each.value are the element.
                for item in items {
                    guard case .leaf(.string(let text)) = item.content else { return nil }
                    pairs.append((text, item))
                }
            case .leaf(.map(let entries)):
                pairs = entries.map { ($0.key, ResolvedNode(value: $0.value, at: position)) }
            case .leaf(.list(let items)):
                for item in items {
                    guard case .string(let text) = item else { return nil }
                    pairs.append((text, .leaf(item, at: position)))
                }
            default:
                return nil
            }
            guard pairs.count <= 10_000 else { return nil }
            return pairs.map { pair in
                Instance(key: "[\"\(pair.key)\"]", bindings: [
                    "each": ResolvedNode(.map([
                        ResolvedEntry(key: "key", keyPosition: position, node: .leaf(.string(pair.key), at: position)),
                        ResolvedEntry(key: "value", keyPosition: position, node: pair.value),
                    ]), at: position),
                ])
            }
        }
        return [Instance(key: "", bindings: [:])]
    }
}
