import AuditModel
import Synchronization

/// The one way a part of the relationship graph (or any index over the whole model) is
/// built once per scan: on first use, then kept for that model.
///
/// The last model's index is kept (one scan at a time asks), held against that model itself
/// so a new model never gets a stale one.
public final class PerModelIndex<Index: Sendable>: Sendable {
    private struct Cached: Sendable {
        weak var model: CloudModel?
        let index: Index
    }

    private let build: @Sendable (CloudModel) -> Index
    private let latest = Mutex<Cached?>(nil)

    public init(_ build: @escaping @Sendable (CloudModel) -> Index) {
        self.build = build
    }

    public func of(_ model: CloudModel) -> Index {
        latest.withLock { latest in
            if let cached = latest, cached.model === model { return cached.index }
            let index = build(model)
            latest = Cached(model: model, index: index)
            return index
        }
    }
}
