import Logging
import QPICore
import QPIStore
import QPIWire

extension ClusterController {
    /// Books a slot after checking it against the configured limits and the caller's rights.
    public func book(_ request: BookRequest, by caller: Caller) async throws(WireError) -> Slot {
        let user = request.user ?? caller.user
        try Authorization.check(.book, forUser: user, by: caller)
        if let qpu = request.qpu, self.fleet[qpu] == nil {
            throw WireError(.invalidArgument, "unknown QPU '\(qpu)' (known: \(self.fleet.knownNames))", field: "qpu")
        }
        let now = self.now()
        guard request.start.isFinite, request.end.isFinite, request.end > request.start else {
            throw WireError(.invalidArgument, "the slot must end after it starts", field: "end")
        }
        // A second of slack: `--start now` was resolved by the client a moment ago.
        guard request.start >= now - 1 else {
            throw WireError(.invalidArgument, "the slot starts in the past; book from now on", field: "start")
        }
        let length = request.end - request.start
        guard length <= self.settings.maxBookingSeconds else {
            throw WireError(
                .invalidArgument,
                "the slot lasts \(BookedSlots.durationText(length)), longer than MaxBookingDuration "
                    + BookedSlots.durationText(self.settings.maxBookingSeconds), field: "end")
        }
        if !caller.isAdmin {
            try self.scheduling.slots.checkLimits(of: request, for: user, at: now, settings: self.settings)
        }
        guard request.start - now <= self.settings.bookingHorizonSeconds else {
            throw WireError(
                .invalidArgument,
                "the slot starts \(BookedSlots.durationText(request.start - now)) from now, beyond BookingHorizon "
                    + BookedSlots.durationText(self.settings.bookingHorizonSeconds), field: "start")
        }
        if let name = request.name, name.isEmpty || name.count > JobOptions.maxNameLength {
            throw WireError(
                .invalidArgument, "a slot name has 1 to \(JobOptions.maxNameLength) characters", field: "name")
        }
        let slot = Slot(
            id: 0, name: request.name ?? "\(user)-\(request.qpu ?? "all")", user: user, qpu: request.qpu,
            start: max(request.start, now), end: request.end, createdBy: caller.user, createdAt: now)
        let outcome: BookingOutcome
        do {
            outcome = try await self.store.book(slot)
        } catch {
            throw WireError(.unavailable, "cannot store the booking: \(error)")
        }
        switch outcome {
        case .collides(let other):
            throw WireError(
                .conflict,
                "the slot overlaps slot \(other.id) '\(other.name)' of \(other.user) on \(other.qpu ?? "all QPUs") "
                    + "from \(Self.timeText(other.start)) to \(Self.timeText(other.end))")
        case .booked(let stored):
            self.scheduling.slots.add(stored)
            self.logger.info(
                "slot booked", metadata: ["slot": "\(stored.id)", "user": "\(user)", "qpu": "\(stored.qpu ?? "all")"])
            self.wakeScheduler()
            self.scheduleWake(at: stored.start)
            self.scheduleWake(at: stored.end)
            return stored
        }
    }

    /// Slots that have not ended, filtered by QPU (slots on every QPU included) and user.
    public func listSlots(qpu: String?, user: String?) -> [Slot] {
        self.scheduling.slots.listing(qpu: qpu, user: user, at: self.now())
    }

    public func slot(_ id: Int64) throws(WireError) -> Slot {
        let stored: Slot?
        do {
            stored = try self.store.slot(id)
        } catch {
            throw WireError(.unavailable, "cannot read slot \(id): \(error)")
        }
        guard let stored else { throw WireError(.notFound, "no slot \(id)", field: "id") }
        return stored
    }

    /// Cancels a slot: its user, whoever booked it, or an admin.
    public func cancelSlot(_ id: Int64, by caller: Caller) async throws(WireError) -> Slot {
        let slot = try self.slot(id)
        if slot.createdBy != caller.user { try Authorization.check(.cancelSlot, forUser: slot.user, by: caller) }
        let removed: Bool
        do {
            removed = try await self.store.cancelSlot(id)
        } catch {
            throw WireError(.unavailable, "cannot cancel slot \(id): \(error)")
        }
        guard removed else { throw WireError(.notFound, "no slot \(id)", field: "id") }
        self.scheduling.slots.remove(id)
        self.logger.info("slot cancelled", metadata: ["slot": "\(id)", "by": "\(caller.user)"])
        self.wakeScheduler()
        return slot
    }

    /// Runs a pass at `time`: slot boundaries change what may run, with no job event.
    func scheduleWake(at time: Double) {
        let delay = time - self.now()
        guard delay > 0 else { return }
        Task { [weak self] in
            try? await Task.sleep(for: .seconds(delay + 0.01))
            await self?.wakeScheduler()
        }
    }

    static func timeText(_ time: Double) -> String {
        BookingTime.format(time, utcOffset: 0)
    }
}
