import AuditModel
import AuditSyntax

/// Finds every reference inside a resolved body, with the path it sits at, so
/// cross-resource rules can ask the model who points at what.
enum LinkCollector {
    static func links(in body: ResolvedNode?, file: String, attributeForPath: [String: AttributeName] = [:]) -> [Link] {
        guard let body else { return [] }
        var links: [Link] = []
        collect(body, path: "", keyPosition: body.position, file: file, attributeForPath: attributeForPath, into: &links)
        return links
    }

    private static func collect(
        _ node: ResolvedNode, path: String, keyPosition: SourcePosition, file: String,
        attributeForPath: [String: AttributeName], into links: inout [Link]
    ) {
        switch node.content {
        case .leaf(let value):
            for reference in value.references {
                links.append(Link(
                    path: path, attribute: attributeForPath[path], reference: reference,
                    location: SourceLocation(file: file, position: keyPosition)
                ))
            }
        case .list(let items):
            for (index, item) in items.enumerated() {
                collect(item, path: "\(path)[\(index)]", keyPosition: keyPosition, file: file,
                        attributeForPath: attributeForPath, into: &links)
            }
        case .map(let entries):
            for entry in entries {
                let childPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                collect(entry.node, path: childPath, keyPosition: entry.keyPosition, file: file,
                        attributeForPath: attributeForPath, into: &links)
            }
        }
    }
}
