import QPICore
import Synchronization

/// The API tokens HTTP requests have shown, so that checking one reads no store: every
/// request carries a token, and the read (a hop to ``StoreReads/pool`` and
/// back) cost more than the rest of a small request.
///
/// Only tokens found in the store are kept, so its size is bounded by the store's; a guessed
/// id is read from the store every time, as before. A change to a token (rename, new expiry,
/// revocation) forgets it after the store has it. A read that began before such a change
/// could otherwise put the old record back: each fill carries the generation it read at,
/// and a change in between refuses it.
final class APITokenCache: Sendable {
    struct Entry: Sendable {
        var record: APIToken
        var hash: String
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        var generation: UInt64 = 0
    }

    /// Past this many tokens (short-lived login tokens add up), the cache starts over.
    static let capacity = 10_000
    private let state = Mutex(State())

    func entry(_ id: Int64) -> Entry? {
        self.state.withLock { $0.entries[id] }
    }

    /// Read before the store is, and handed to ``fill(_:_:readAt:)``.
    var generation: UInt64 {
        self.state.withLock { $0.generation }
    }

    func fill(_ id: Int64, _ entry: Entry, readAt generation: UInt64) {
        self.state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[id] = entry
        }
    }

    /// After the store changed token `id`.
    func forget(_ id: Int64) {
        self.state.withLock { state in
            state.generation &+= 1
            state.entries[id] = nil
        }
    }

    /// After its use was recorded in the store at `time`.
    func noteUsed(_ id: Int64, at time: Double) {
        self.state.withLock { $0.entries[id]?.record.lastUsedAt = time }
    }
}
