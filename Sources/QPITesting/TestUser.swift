import QPIAuth

/// A non-root, non-admin account for commands a test runs as somebody else, so that
/// authorization is exercised with real munge credentials: munge encodes the uid of the
/// process that asks, so the command itself runs under that uid.
///
/// The uids need no passwd entry: the controller then names the user `uid<N>`.
public struct TestUser: Sendable, Hashable, CustomStringConvertible {
    public let uid: UInt32

    public init(uid: UInt32) {
        precondition(uid != 0, "uid 0 is root, an admin; a TestUser is an ordinary user")
        self.uid = uid
    }

    /// The name the controller gives this user: its passwd name, else `uid<N>`.
    public var name: String { UserDirectory().name(for: self.uid) }

    public var description: String { self.name }

    /// The command prefix that runs a daemon under this user (a ``ClusterQPU`` launcher):
    /// `setpriv`, which execs it, so the harness's pid is the daemon's.
    public var nodeLauncher: [String] {
        get throws {
            [try Command.find("setpriv"), "--reuid=\(self.uid)", "--regid=\(self.uid)", "--clear-groups", "--"]
        }
    }

    public static let alice = TestUser(uid: 4_201)
    public static let bob = TestUser(uid: 4_202)
}
