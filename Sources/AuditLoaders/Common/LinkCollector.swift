import AuditModel
import AuditSyntax

/// Finds every reference inside a resolved body, with the path it sits at, so
/// cross-resource rules can ask the model who points at what.
enum LinkCollector {
    static func links(in body: ResolvedNode?, file: String, attributeForPath: [String: AttributeName] = [:]) -> [Link] {
        guard let body else { return [] }
        var collector = Collector(file: file, attributeForPath: attributeForPath)
        collector.collect(body, keyPosition: body.position)
        return collector.links
    }

    /// Walks a body keeping the steps to the current node; the path text is only built
    /// where a reference is found, which is rare next to the nodes walked.
    private struct Collector {
        enum Step {
            case key(String)
            case index(Int)
        }

        let file: String
        let attributeForPath: [String: AttributeName]
        var steps: [Step] = []
        var links: [Link] = []

        init(file: String, attributeForPath: [String: AttributeName]) {
            self.file = file
            self.attributeForPath = attributeForPath
        }

        /// `A.B[0].C`: keys joined by dots, indexes in brackets.
        var path: String {
            var path = ""
            for step in steps {
                switch step {
                case .key(let key): path = path.isEmpty ? key : "\(path).\(key)"
                case .index(let index): path = "\(path)[\(index)]"
                }
            }
            return path
        }

        mutating func collect(_ node: ResolvedNode, keyPosition: SourcePosition) {
            switch node.content {
            case .leaf(let value):
                switch value {
                case .string, .number, .bool, .null, .unresolved:
                    return
                case .reference, .list, .map:
                    let references = value.references
                    guard !references.isEmpty else { return }
                    let path = self.path
                    let attribute = attributeForPath[path]
                    for reference in references {
                        links.append(Link(
                            path: path, attribute: attribute, reference: reference,
                            location: SourceLocation(file: file, position: keyPosition)
                        ))
                    }
                }
            case .list(let items):
                for (index, item) in items.enumerated() {
                    steps.append(.index(index))
                    collect(item, keyPosition: keyPosition)
                    steps.removeLast()
                }
            case .map(let entries):
                for entry in entries {
                    steps.append(.key(entry.key))
                    collect(entry.node, keyPosition: entry.keyPosition)
                    steps.removeLast()
                }
            }
        }
    }
}
