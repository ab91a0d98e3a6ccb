import QPIClient
import QPIControllerClient
import QPICore
import Testing

struct MessageOfTheDayTests {
    @Test func noticesShowLevelWindowAndIndentedText() {
        let maintenance = Notification(
            id: 3, title: "Maintenance", message: "sim0 is down\nback at 23:00", level: .critical, users: [],
            startsAt: 0, endsAt: 1_800_000_000, createdBy: "root", createdAt: 0)
        let hello = Notification(
            id: 4, title: "Hello", message: "welcome", level: .info, users: ["alice"], startsAt: 0, endsAt: nil,
            createdBy: "root", createdAt: 0)
        let text = MessageOfTheDay.render([maintenance, hello], utcOffset: 3_600)
        #expect(
            text.split(separator: "\n").map(String.init) == [
                "QPI notice 3 [CRITICAL]: Maintenance (until 2027-01-15T09:00:00+01:00)",
                "  sim0 is down",
                "  back at 23:00",
                "QPI notice 4: Hello",
                "  welcome",
                "(Each notice is shown once. 'qctl notify list' shows them again, 'qctl notify dismiss ID' hides one, "
                    + "--quiet skips this check.)",
            ])
    }
}
