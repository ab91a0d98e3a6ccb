/// A peer connected to or disconnected from a socket (one NNG pipe came or went).
///
/// Listeners see one pipe per connected peer; a dialer sees its connection come and go as it
/// reconnects.
public struct PipeEvent: Sendable, Hashable {
    /// Whether the pipe was added or removed.
    public enum Kind: Sendable, Hashable {
        /// The peer is connected and messages can flow.
        case connected
        /// The connection is gone.
        case disconnected
    }

    /// Whether the peer came or went.
    public let kind: Kind
    /// NNG's id for the connection: the same in its `connected` and `disconnected` events.
    public let pipeID: Int
    /// The peer's address, `127.0.0.1:49152`, `[::1]:49152` or an IPC path; nil when the
    /// transport reports none.
    public let remoteAddress: String?

    /// An event; NNG's pipe callbacks create them, tests may too.
    public init(kind: Kind, pipeID: Int, remoteAddress: String?) {
        self.kind = kind
        self.pipeID = pipeID
        self.remoteAddress = remoteAddress
    }
}
