import QPICore
import QPIStore
import QPITesting
import QPIWire
import Testing

@testable import QPIController

/// The notification board on its own: a real store in a temporary directory, no controller.
struct NotificationBoardTests {
    let directory: TemporaryDirectory
    let store: JobStore
    let clock = ManualClock(start: 1_000)
    let board: NotificationBoard
    let admin = Caller(user: "root", uid: 0, isAdmin: true)
    let alice = Caller(user: "alice", uid: 50_001, isAdmin: false)
    let bob = Caller(user: "bob", uid: 50_002, isAdmin: false)

    init() throws {
        self.directory = try TemporaryDirectory(prefix: "qpi-board")
        self.store = try JobStore.open(directory: self.directory.path)
        let clock = self.clock
        self.board = NotificationBoard(store: self.store, now: { clock.now() })
    }

    @Test func eachUserIsShownANoticeOnceAndOnlyTheirs() async throws {
        let all = try await self.board.create(NotificationCreateRequest(title: "all", message: "m"), by: self.admin)
        let forBob = try await self.board.create(
            NotificationCreateRequest(title: "bob", message: "m", users: ["bob"]), by: self.admin)
        #expect(try await self.board.takeUnshown(by: self.alice).map(\.id) == [all.notification.id])
        #expect(try await self.board.takeUnshown(by: self.alice).isEmpty)
        #expect(
            Set(try await self.board.takeUnshown(by: self.bob).map(\.id)) == [
                all.notification.id, forBob.notification.id,
            ])
        // What the store says, not only the cache: a fresh board (a restarted controller) agrees.
        let restarted = NotificationBoard(store: self.store, now: { 1_000 })
        #expect(try await restarted.takeUnshown(by: self.alice).isEmpty)
    }

    @Test func aChangeIsSeenByTheNextCommandOfEveryone() async throws {
        #expect(try await self.board.takeUnshown(by: self.alice).isEmpty)
        let created = try await self.board.create(
            NotificationCreateRequest(title: "t", message: "m", startsAt: 2_000), by: self.admin)
        // Not yet in its window.
        #expect(try await self.board.takeUnshown(by: self.alice).isEmpty)
        _ = try await self.board.update(
            NotificationUpdateRequest(id: created.notification.id, startsAt: 500), by: self.admin)
        let shown = try await self.board.takeUnshown(by: self.alice)
        #expect(shown.map(\.startsAt) == [500])
        _ = try await self.board.delete(created.notification.id, by: self.admin)
        #expect(try await self.board.list(all: true, by: self.admin).isEmpty)
    }

    @Test func aDismissedNoticeIsNeitherListedNorShown() async throws {
        let created = try await self.board.create(NotificationCreateRequest(title: "t", message: "m"), by: self.admin)
        let id = created.notification.id
        #expect(try await self.board.list(all: false, by: self.alice).map(\.id) == [id])
        _ = try await self.board.dismiss(id, by: self.alice)
        #expect(try await self.board.list(all: false, by: self.alice).isEmpty)
        #expect(try await self.board.takeUnshown(by: self.alice).isEmpty)
        #expect(try await self.board.list(all: false, by: self.bob).map(\.id) == [id])
    }

    @Test func usersCannotManageNoticesNorSeeOthersOnes() async throws {
        await #expect(throws: WireError.self) {
            try await self.board.create(NotificationCreateRequest(title: "t", message: "m"), by: self.alice)
        }
        await #expect(throws: WireError.self) { try await self.board.list(all: true, by: self.alice) }
        let forBob = try await self.board.create(
            NotificationCreateRequest(title: "t", message: "m", users: ["bob"]), by: self.admin)
        let error = await #expect(throws: WireError.self) {
            try await self.board.dismiss(forBob.notification.id, by: self.alice)
        }
        #expect(error?.code == .notFound)
        let past = await #expect(throws: WireError.self) {
            try await self.board.create(NotificationCreateRequest(title: "t", message: "m", endsAt: 10), by: self.admin)
        }
        #expect(past?.field == "ends_at")
    }
}
