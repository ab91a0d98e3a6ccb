import QPICore
import QPIWire

/// The booked slots that have not ended, in order of start (then id); the store holds the
/// truth and this the copy the scheduler reads on every pass. A value type with no clock of
/// its own: each question takes the time (`BookedSlotsTests`).
struct BookedSlots {
    private(set) var all: [Slot] = []

    init(_ slots: [Slot] = []) {
        self.all = slots.sorted(by: Self.inOrder)
    }

    private static func inOrder(_ a: Slot, _ b: Slot) -> Bool {
        (a.start, a.id) < (b.start, b.id)
    }

    /// A slot just booked, in its place by start.
    mutating func add(_ slot: Slot) {
        let index = self.all.firstIndex { Self.inOrder(slot, $0) } ?? self.all.endIndex
        self.all.insert(slot, at: index)
    }

    /// Forgets slot `id` (cancelled); false when it was not here.
    @discardableResult
    mutating func remove(_ id: Int64) -> Bool {
        guard let index = self.all.firstIndex(where: { $0.id == id }) else { return false }
        self.all.remove(at: index)
        return true
    }

    /// Forgets the slots that ended by `now`.
    mutating func dropEnded(at now: Double) {
        self.all.removeAll { $0.end <= now }
    }

    /// Users whose slot is running at `now`.
    func bookers(at now: Double) -> Set<String> {
        Set(self.all.lazy.prefix { $0.start <= now }.filter { $0.isActive(at: now) }.map(\.user))
    }

    /// Slots that have not ended by `now`, on `qpu` (slots on every QPU included) and of
    /// `user`, where given.
    func listing(qpu: String?, user: String?, at now: Double) -> [Slot] {
        self.all.filter { slot in
            slot.end > now && (qpu.map { slot.covers($0) } ?? true) && (user.map { slot.user == $0 } ?? true)
        }
    }

    /// What only administrators may exceed: one user cannot book every QPU, nor hold more than
    /// MaxSlotsPerUser slots or MaxBookedSecondsPerUser of booked time, nor book a slot shorter
    /// than MinBookingDuration.
    func checkLimits(
        of request: BookRequest, for user: String, at now: Double, settings: ControllerSettings
    ) throws(WireError) {
        guard request.qpu != nil else {
            throw WireError(.forbidden, "only administrators book every QPU at once; name one QPU", field: "qpu")
        }
        let length = request.end - request.start
        guard length >= settings.minBookingSeconds else {
            throw WireError(
                .invalidArgument,
                "the slot lasts \(Self.durationText(length)), shorter than MinBookingDuration "
                    + Self.durationText(settings.minBookingSeconds), field: "end")
        }
        let held = self.all.filter { $0.user == user && $0.end > now }
        guard held.count < settings.maxSlotsPerUser else {
            throw WireError(
                .unavailable,
                "\(user) holds \(held.count) slots, the most MaxSlotsPerUser=\(settings.maxSlotsPerUser) allows; "
                    + "cancel one or wait for one to end", field: "user")
        }
        let booked = held.reduce(0) { $0 + ($1.end - max($1.start, now)) }
        guard booked + length <= settings.maxBookedSecondsPerUser else {
            throw WireError(
                .unavailable,
                "\(user) holds \(Self.durationText(booked)) of booked time; \(Self.durationText(length)) more is over "
                    + "MaxBookedSecondsPerUser=\(Int(settings.maxBookedSecondsPerUser))", field: "end")
        }
    }

    static func durationText(_ seconds: Double) -> String {
        DurationText.slurmFormat(seconds: Int(seconds.rounded(.up)))
    }
}
