import QPICore
import QPIWire
import Testing

@testable import QPIController

/// The booked slots as a value: order, expiry, who is booked now, and the booking limits.
struct BookedSlotsTests {
    static func slot(_ id: Int64, _ user: String, qpu: String? = "q1", start: Double, end: Double) -> Slot {
        Slot(id: id, name: "s\(id)", user: user, qpu: qpu, start: start, end: end, createdBy: user, createdAt: 0)
    }

    static var settings: ControllerSettings {
        var settings = ControllerSettings()
        settings.minBookingSeconds = 60
        settings.maxSlotsPerUser = 2
        settings.maxBookedSecondsPerUser = 3_600
        return settings
    }

    @Test func slotsStayInOrderOfStartAndEndedOnesAreDropped() {
        var slots = BookedSlots([Self.slot(3, "a", start: 300, end: 400), Self.slot(1, "b", start: 100, end: 200)])
        slots.add(Self.slot(2, "c", start: 150, end: 250))
        slots.add(Self.slot(4, "d", start: 100, end: 500))
        #expect(slots.all.map(\.id) == [1, 4, 2, 3])
        slots.dropEnded(at: 250)
        #expect(slots.all.map(\.id) == [4, 3])
        let removed = slots.remove(4)
        let removedAgain = slots.remove(4)
        #expect(removed && !removedAgain)
        #expect(slots.all.map(\.id) == [3])
    }

    @Test func bookersAreTheUsersWhoseSlotRunsNow() {
        let slots = BookedSlots([
            Self.slot(1, "alice", start: 100, end: 200), Self.slot(2, "bob", qpu: nil, start: 150, end: 300),
            Self.slot(3, "carol", start: 400, end: 500),
        ])
        #expect(slots.bookers(at: 99).isEmpty)
        #expect(slots.bookers(at: 160) == ["alice", "bob"])
        // A slot covers [start, end).
        #expect(slots.bookers(at: 200) == ["bob"])
        #expect(slots.bookers(at: 400) == ["carol"])
    }

    @Test func aListingFiltersByQPUIncludingEveryQPUSlotsAndByUser() {
        let slots = BookedSlots([
            Self.slot(1, "alice", start: 100, end: 200), Self.slot(2, "bob", qpu: nil, start: 150, end: 300),
            Self.slot(3, "alice", qpu: "q2", start: 400, end: 500),
        ])
        #expect(slots.listing(qpu: "q2", user: nil, at: 0).map(\.id) == [2, 3])
        #expect(slots.listing(qpu: nil, user: "alice", at: 0).map(\.id) == [1, 3])
        #expect(slots.listing(qpu: nil, user: nil, at: 250).map(\.id) == [2, 3])
    }

    @Test func usersAreHeldToTheBookingLimits() throws {
        var slots = BookedSlots()
        func request(qpu: String? = "q1", start: Double, end: Double) -> BookRequest {
            BookRequest(qpu: qpu, start: start, end: end)
        }
        func refusal(_ request: BookRequest) -> WireError? {
            do {
                try slots.checkLimits(of: request, for: "alice", at: 0, settings: Self.settings)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(request(qpu: nil, start: 0, end: 600))?.code == .forbidden)
        #expect(refusal(request(start: 0, end: 59))?.field == "end")
        #expect(refusal(request(start: 0, end: 3_600)) == nil)
        #expect(refusal(request(start: 0, end: 3_601))?.code == .unavailable)
        slots.add(Self.slot(1, "alice", start: 1_000, end: 2_800))
        // 30 minutes held: 30 more fit, 31 do not.
        #expect(refusal(request(start: 5_000, end: 6_800)) == nil)
        #expect(refusal(request(start: 5_000, end: 6_860))?.field == "end")
        slots.add(Self.slot(2, "alice", start: 3_000, end: 3_060))
        let full = refusal(request(start: 5_000, end: 5_060))
        #expect(full?.field == "user" && full?.message.contains("MaxSlotsPerUser=2") == true)
        // Another user's slots count for them, not for alice; ended ones for nobody.
        slots.add(Self.slot(3, "bob", start: 0, end: 3_600))
        #expect(
            (try? slots.checkLimits(
                of: request(start: 9_000, end: 9_060), for: "alice", at: 3_060, settings: Self.settings)) != nil)
    }
}
