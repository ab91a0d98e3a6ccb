import QPIController
import Synchronization

/// The names of a user-list key (AdminUsers, NodeUsers), read by every authentication and
/// replaced by a reconfigure.
public final class UserRoster: Sendable {
    private let names: Mutex<Set<String>>

    public init(_ names: Set<String>) {
        self.names = Mutex(names)
    }

    public func contains(_ user: String) -> Bool {
        self.names.withLock { $0.contains(user) }
    }

    public func replace(with names: Set<String>) {
        self.names.withLock { $0 = names }
    }
}
