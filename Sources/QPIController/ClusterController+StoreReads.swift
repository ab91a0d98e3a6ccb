import QPIStore
import QPIWire

/// Reads of the store that a command waits for (finished jobs, histories, results) run
/// outside the actor and off the cooperative pool, on ``storeReads``: a slow disk then delays
/// the command that asked, never scheduling, dispatch or other commands.
extension ClusterController {
    /// Where command-path store reads run: SQLite in WAL mode serves readers beside the
    /// writer, so a few at once; more wait their turn, and a flood beyond that is refused.
    static let storeReads = BlockingWorkPool(name: "store reads", width: 2, queueLimit: 512)

    /// `body`'s answer from the store; a failure is `.unavailable` naming `what` was read.
    nonisolated func readStore<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (JobStore) throws -> T
    ) async throws(WireError) -> T {
        let store = self.store
        let outcome = try await Self.storeReads.run { Result { try body(store) } }
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw WireError(.unavailable, "cannot read \(what): \(error)")
        }
    }
}
