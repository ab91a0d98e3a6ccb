import QPIWire

/// The controller's end of an authenticated connection to one QPU's node daemon.
public protocol NodeLink: AnyObject, Sendable {
    /// Queues a message for the node; fails when the connection is gone.
    func send(_ message: ControllerMessage) async throws
}
