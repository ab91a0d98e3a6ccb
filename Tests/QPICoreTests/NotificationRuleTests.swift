import QPICore
import Testing

struct NotificationRuleTests {
    func notice(users: [String] = [], startsAt: Double = 100, endsAt: Double? = 200) -> Notification {
        Notification(
            id: 1, title: "Maintenance", message: "qpu0 is down", level: .warning, users: users, startsAt: startsAt,
            endsAt: endsAt, createdBy: "root", createdAt: 50)
    }

    @Test func theWindowIncludesItsStartAndExcludesItsEnd() {
        let bounded = self.notice()
        #expect(!bounded.isActive(at: 99.9) && bounded.phase(at: 99.9) == .scheduled)
        #expect(bounded.isActive(at: 100) && bounded.isActive(at: 199.9) && bounded.phase(at: 150) == .active)
        #expect(!bounded.isActive(at: 200) && bounded.phase(at: 200) == .expired)
        let open = self.notice(endsAt: nil)
        #expect(open.isActive(at: 1e12) && !open.isActive(at: 0))
    }

    @Test func anEmptyTargetListIsABroadcast() {
        #expect(self.notice().concerns("alice") && self.notice().isBroadcast)
        let targeted = self.notice(users: ["bob", "carol"])
        #expect(targeted.concerns("bob") && targeted.concerns("carol"))
        #expect(!targeted.concerns("alice") && !targeted.isBroadcast)
    }

    @Test func rulesNameTheFieldAtFault() {
        func field(
            title: String? = "t", message: String? = "m", users: [String]? = [], starts: Double? = 1,
            ends: Double? = nil
        ) -> String? {
            NotificationRules.problem(title: title, message: message, users: users, startsAt: starts, endsAt: ends)?
                .field
        }
        #expect(field() == nil)
        #expect(field(title: "  ") == "title")
        #expect(field(title: String(repeating: "x", count: 201)) == "title")
        #expect(field(message: "") == "message")
        #expect(field(message: String(repeating: "x", count: 4_001)) == "message")
        #expect(field(users: ["bob", "two words"]) == "users")
        #expect(field(users: [""]) == "users")
        #expect(field(starts: 10, ends: 10) == "ends_at")
        #expect(field(starts: 10, ends: 5) == "ends_at")
        #expect(field(starts: .nan) == "starts_at")
        #expect(field(ends: .infinity) == "ends_at")
        // Fields left out of an update are not checked.
        #expect(field(title: nil, message: nil, users: nil, starts: nil, ends: nil) == nil)
    }
}
