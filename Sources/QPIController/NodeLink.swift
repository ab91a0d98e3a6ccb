import QPIWire

/// The controller's end of an authenticated connection to one QPU's node daemon.
public protocol NodeLink: AnyObject, Sendable {
    /// Queues a message for the node; fails when the connection is gone.
    func send(_ message: ControllerMessage) async throws
    /// Closes the connection to the node: a link holds one peer, so a node gone silent
    /// would otherwise keep its restarted self out until TCP noticed, which may be never.
    func drop()
}
