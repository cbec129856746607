import AuditModel
import Synchronization

/// An index a resource rule needs over the whole model (what names a bucket, which queue has
/// a name), built on first use instead of a scan of the model per resource.
///
/// The last model's index is kept (one scan at a time asks), held against that model itself
/// so a new model never gets a stale one.
final class PerModelIndex<Index: Sendable>: Sendable {
    private struct Cached: Sendable {
        weak var model: CloudModel?
        let index: Index
    }

    private let build: @Sendable (CloudModel) -> Index
    private let latest = Mutex<Cached?>(nil)

    init(_ build: @escaping @Sendable (CloudModel) -> Index) {
        self.build = build
    }

    func of(_ model: CloudModel) -> Index {
        latest.withLock { latest in
            if let cached = latest, cached.model === model { return cached.index }
            let index = build(model)
            latest = Cached(model: model, index: index)
            return index
        }
    }
}
