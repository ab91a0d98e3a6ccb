import QPIWire

/// A dispatch sent to `qpu` that its node has not yet accepted, and how many of the node's
/// heartbeats have since gone by without listing it.
struct UnacceptedDispatch: Sendable, Hashable {
    /// Heartbeats without the run after which its dispatch counts as never received.
    static let missedHeartbeatsAllowed = 2

    var qpu: String
    var ref: JobRef
    var missedHeartbeats = 0
}
