import QPICore
import QPIStore
import Testing

struct NotificationStoreTests {
    func draft(_ title: String, users: [String] = [], startsAt: Double = 100, endsAt: Double? = 200)
        -> Announcement
    {
        Announcement(
            id: 0, title: title, message: "text of \(title)", level: .info, users: users, startsAt: startsAt,
            endsAt: endsAt, createdBy: "root", createdAt: 90)
    }

    @Test func windowsSelectWhatIsActive() async throws {
        try await withStore { store throws in
            let now = try await store.createAnnouncement(self.draft("now", users: ["bob"]))
            let later = try await store.createAnnouncement(self.draft("later", startsAt: 300, endsAt: nil))
            #expect(now.id == 1 && later.id == 2)
            #expect(try store.announcements(activeAt: 150) == [now])
            #expect(try store.announcements(activeAt: 200).isEmpty)
            #expect(try store.announcements(activeAt: 1e9) == [later])
            #expect(try store.announcements() == [now, later])
            #expect(try store.announcement(id: 1) == now && store.announcement(id: 9) == nil)
        }
    }

    @Test func showingIsClaimedOnceAndDismissingWins() async throws {
        try await withStore { store throws in
            let first = try await store.createAnnouncement(self.draft("a"))
            let second = try await store.createAnnouncement(self.draft("b"))
            try await store.dismissAnnouncement(id: second.id, user: "alice", time: 120)
            #expect(
                try await store.claimUnshownAnnouncements(ids: [first.id, second.id], user: "alice", time: 130) == [
                    first.id
                ])
            #expect(try await store.claimUnshownAnnouncements(ids: [first.id], user: "alice", time: 140).isEmpty)
            // Another user's receipts are their own.
            #expect(try await store.claimUnshownAnnouncements(ids: [first.id], user: "bob", time: 140) == [first.id])
            try await store.dismissAnnouncement(id: second.id, user: "alice", time: 150)
            let receipts = try store.announcementReceipts(user: "alice")
            #expect(receipts[first.id] == AnnouncementReceipt(shownAt: 130, dismissedAt: nil))
            #expect(receipts[second.id] == AnnouncementReceipt(shownAt: nil, dismissedAt: 120))
            #expect(try store.announcementReceipts(user: "carol").isEmpty)
        }
    }

    @Test func replacingAndDeletingNeedAnExistingNotification() async throws {
        try await withStore { store throws in
            var stored = try await store.createAnnouncement(self.draft("a", users: ["bob", "carol"]))
            stored.title = "b"
            stored.users = []
            stored.endsAt = nil
            stored.updatedAt = 110
            try await store.replaceAnnouncement(stored)
            #expect(try store.announcement(id: stored.id) == stored)
            _ = try await store.claimUnshownAnnouncements(ids: [stored.id], user: "bob", time: 130)

            try await store.deleteAnnouncement(id: stored.id)
            #expect(try store.announcements().isEmpty)
            #expect(try store.announcementReceipts(user: "bob").isEmpty)
            var missing = stored
            missing.id = 42
            let replace = await #expect(throws: StoreError.self) { try await store.replaceAnnouncement(missing) }
            #expect(replace?.code == .notFound)
            let delete = await #expect(throws: StoreError.self) { try await store.deleteAnnouncement(id: 42) }
            #expect(delete?.code == .notFound)
        }
    }

    @Test func theSchemaRefusesAnInvertedWindow() async throws {
        try await withStore { store throws in
            let inverted = await #expect(throws: StoreError.self) {
                try await store.createAnnouncement(self.draft("x", startsAt: 200, endsAt: 100))
            }
            #expect(inverted?.code == .constraint)
        }
    }
}
