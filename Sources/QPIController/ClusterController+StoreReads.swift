import QPIStore
import QPIWire

/// Reads of the store that a command waits for (finished jobs, histories, results) run
/// outside the actor and off the cooperative pool, on ``StoreReads/pool``: a slow disk then
/// delays the command that asked, never scheduling, dispatch or other commands.
enum StoreReads {
    /// SQLite in WAL mode serves readers beside the writer, so a few at once; more wait
    /// their turn, and a flood beyond that is refused.
    static let pool = BlockingWorkPool(name: "store reads", width: 2, queueLimit: 512)

    /// `body`'s answer from `store`; a failure is `.unavailable` naming `what` was read.
    static func run<T: Sendable>(
        _ store: JobStore, _ what: String, _ body: @escaping @Sendable (JobStore) throws -> T
    ) async throws(WireError) -> T {
        let outcome = try await Self.pool.run { Result { try body(store) } }
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw WireError(.unavailable, "cannot read \(what): \(error)")
        }
    }
}

extension ClusterController {
    /// `body`'s answer from the store, read on ``StoreReads/pool``.
    nonisolated func readStore<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (JobStore) throws -> T
    ) async throws(WireError) -> T {
        try await StoreReads.run(self.store, what, body)
    }
}
