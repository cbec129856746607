import AuditModel
import AuditSyntax

/// A file that has been read and recognised, ready for a loader.
public struct ParsedFile: Sendable {
    /// Path as the user named it; findings print it as is.
    public var path: String
    public var document: ParsedDocument
    public var syntax: SyntaxKind
    public var format: DocumentFormat

    public init(path: String, document: ParsedDocument, syntax: SyntaxKind, format: DocumentFormat) {
        self.path = path
        self.document = document
        self.syntax = syntax
        self.format = format
    }
}

/// Adapts parsed files of some formats into the model.
///
/// A loader takes a *group* of files because some formats name things across files: a
/// directory of `*.tf.json` is one Terraform module. A future HCL loader only has to turn
/// `*.tf` into the same `Node` tree a `*.tf.json` file gives (blocks become mappings) and
/// can hand it to the Terraform configuration loader unchanged.
public protocol Loader: Sendable {
    /// The formats this loader adapts.
    static var formats: Set<DocumentFormat> { get }
    /// Whether files of this loader are grouped by directory into one scope.
    static var groupsByDirectory: Bool { get }
    func load(_ files: [ParsedFile]) -> LoadedScope
}
