import AuditGraph
import AuditKit
import AuditModel

/// The model of in-memory documents, loaded through the real loaders (no rules run), for
/// tests of the relationship graph.
func loadModel(_ documents: [(path: String, text: String)]) async -> CloudModel {
    await Scanner(rules: []).scan(documents: documents).model
}
