/// A booked time slot on one QPU, or on every QPU (Slurm's reservation).
///
/// Times are seconds since the Unix epoch; a slot covers `[start, end)`.
public struct Slot: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// The user the slot is for.
    public var user: String
    /// The QPU booked; nil books every QPU.
    public var qpu: String?
    public var start: Double
    public var end: Double
    /// Who made the booking (the user, or an admin booking for them).
    public var createdBy: String
    public var createdAt: Double

    public init(
        id: Int64, name: String, user: String, qpu: String?, start: Double, end: Double, createdBy: String,
        createdAt: Double
    ) {
        self.id = id
        self.name = name
        self.user = user
        self.qpu = qpu
        self.start = start
        self.end = end
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// True if the slot applies to `qpu`.
    public func covers(_ qpu: String) -> Bool { self.qpu == nil || self.qpu == qpu }

    /// True if the slot is active at `time`.
    public func isActive(at time: Double) -> Bool { self.start <= time && time < self.end }

    /// True if both slots share a QPU and some instant.
    public func overlaps(_ other: Slot) -> Bool {
        let shareQPU = self.qpu == nil || other.qpu == nil || self.qpu == other.qpu
        return shareQPU && self.start < other.end && other.start < self.end
    }
}
