import QPICore
import QPIStore
import Testing

struct NotificationStoreTests {
    func draft(_ title: String, users: [String] = [], startsAt: Double = 100, endsAt: Double? = 200)
        -> Notification
    {
        Notification(
            id: 0, title: title, message: "text of \(title)", level: .info, users: users, startsAt: startsAt,
            endsAt: endsAt, createdBy: "root", createdAt: 90)
    }

    @Test(arguments: StoreEngineKind.allCases) func windowsSelectWhatIsActive(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store throws in
            let now = try await store.createNotification(self.draft("now", users: ["bob"]))
            let later = try await store.createNotification(self.draft("later", startsAt: 300, endsAt: nil))
            #expect(now.id == 1 && later.id == 2)
            #expect(try store.notifications(activeAt: 150) == [now])
            #expect(try store.notifications(activeAt: 200).isEmpty)
            #expect(try store.notifications(activeAt: 1e9) == [later])
            #expect(try store.notifications() == [now, later])
            #expect(try store.notification(id: 1) == now && store.notification(id: 9) == nil)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func showingIsClaimedOnceAndDismissingWins(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let first = try await store.createNotification(self.draft("a"))
            let second = try await store.createNotification(self.draft("b"))
            try await store.dismissNotification(id: second.id, user: "alice", time: 120)
            #expect(
                try await store.claimUnshownNotifications(ids: [first.id, second.id], user: "alice", time: 130) == [
                    first.id
                ])
            #expect(try await store.claimUnshownNotifications(ids: [first.id], user: "alice", time: 140).isEmpty)
            // Another user's receipts are their own.
            #expect(try await store.claimUnshownNotifications(ids: [first.id], user: "bob", time: 140) == [first.id])
            try await store.dismissNotification(id: second.id, user: "alice", time: 150)
            let receipts = try store.notificationReceipts(user: "alice")
            #expect(receipts[first.id] == NotificationReceipt(shownAt: 130, dismissedAt: nil))
            #expect(receipts[second.id] == NotificationReceipt(shownAt: nil, dismissedAt: 120))
            #expect(try store.notificationReceipts(user: "carol").isEmpty)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func replacingAndDeletingNeedAnExistingNotification(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            var stored = try await store.createNotification(self.draft("a", users: ["bob", "carol"]))
            stored.title = "b"
            stored.users = []
            stored.endsAt = nil
            stored.updatedAt = 110
            try await store.replaceNotification(stored)
            #expect(try store.notification(id: stored.id) == stored)
            _ = try await store.claimUnshownNotifications(ids: [stored.id], user: "bob", time: 130)

            try await store.deleteNotification(id: stored.id)
            #expect(try store.notifications().isEmpty)
            #expect(try store.notificationReceipts(user: "bob").isEmpty)
            var missing = stored
            missing.id = 42
            let replace = await #expect(throws: StoreError.self) { try await store.replaceNotification(missing) }
            #expect(replace?.code == .notFound)
            let delete = await #expect(throws: StoreError.self) { try await store.deleteNotification(id: 42) }
            #expect(delete?.code == .notFound)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func theSchemaRefusesAnInvertedWindow(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let inverted = await #expect(throws: StoreError.self) {
                try await store.createNotification(self.draft("x", startsAt: 200, endsAt: 100))
            }
            #expect(inverted?.code == .constraint)
        }
    }
}
