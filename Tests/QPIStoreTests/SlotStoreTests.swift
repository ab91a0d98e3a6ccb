import QPICore
import QPIStore
import Testing

struct SlotStoreTests {
    static func slot(_ user: String, _ qpu: String?, _ start: Double, _ end: Double) -> Slot {
        Slot(
            id: 0, name: "\(user)-slot", user: user, qpu: qpu, start: start, end: end, createdBy: user,
            createdAt: 1)
    }

    @Test(arguments: StoreEngineKind.allCases) func overlapsOnTheSameQPUAreRefusedNamingTheSlot(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store in
            guard case .booked(let first) = try await store.book(Self.slot("alice", "q0", 100, 200)) else {
                Issue.record("the first slot was refused")
                return
            }
            #expect(first.id >= 1 && first.name == "alice-slot")
            #expect(try await store.book(Self.slot("bob", "q0", 150, 250)) == .collides(with: first))
            #expect(try await store.book(Self.slot("bob", "q0", 50, 101)) == .collides(with: first))
            #expect(try await store.book(Self.slot("bob", nil, 199, 300)) == .collides(with: first))
            // Touching ends, and other QPUs, are free.
            guard case .booked = try await store.book(Self.slot("bob", "q0", 200, 300)),
                case .booked = try await store.book(Self.slot("bob", "q1", 100, 200)),
                case .booked(let all) = try await store.book(Self.slot("carol", nil, 300, 400))
            else {
                Issue.record("a free slot was refused")
                return
            }
            #expect(try await store.book(Self.slot("dave", "q7", 350, 360)) == .collides(with: all))
            #expect(try store.slots(endingAfter: 0).map(\.user) == ["alice", "bob", "bob", "carol"])
            #expect(try store.slots(endingAfter: 250).map(\.user) == ["bob", "carol"])
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func showAndCancel(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store in
            guard case .booked(let slot) = try await store.book(Self.slot("alice", nil, 100, 200)) else {
                Issue.record("refused")
                return
            }
            #expect(try store.slot(slot.id) == slot)
            #expect(try await store.cancelSlot(slot.id))
            #expect(try await !store.cancelSlot(slot.id))
            #expect(try store.slot(slot.id) == nil)
            guard case .booked = try await store.book(Self.slot("bob", "q0", 100, 200)) else {
                Issue.record("a cancelled slot still blocks")
                return
            }
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func emptyOrInvertedSlotsBreakTheSchema(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store in
            let error = await #expect(throws: StoreError.self) {
                try await store.book(Self.slot("alice", "q0", 200, 200))
            }
            #expect(error?.code == .constraint)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func priorityAndDependencyAreStored(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store in
            var new = StoreFixtures.newJob()
            new.priority = -7
            new.dependency = try JobDependency(parsing: "afterok:1:2,afterany:3")
            let stored = try await store.submit([new])[0]
            #expect(stored.priority == -7 && stored.dependency == new.dependency)
            let loaded = try #require(try store.job(stored.id))
            #expect(loaded.priority == -7 && loaded.dependency == new.dependency)
            #expect(try store.loadActiveJobs().first?.dependency?.text == "afterok:1:2,afterany:3")
        }
    }
}
