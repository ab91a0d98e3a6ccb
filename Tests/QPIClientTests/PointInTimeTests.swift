import QPIClient
import QPIProcess
import Testing

struct PointInTimeTests {
    static let utc = CivilTimeZone.utc
    /// 2026-11-25T17:40:00Z.
    static let now = 1_795_628_400.0

    static func parse(_ text: String) throws -> Double {
        try PointInTime.parse(text, now: Self.now, timeZone: Self.utc)
    }

    @Test func relativeForms() throws {
        #expect(try Self.parse("now") == Self.now)
        #expect(try Self.parse("NOW-2h") == Self.now - 7_200)
        #expect(try Self.parse("now-1d") == Self.now - 86_400)
        #expect(try Self.parse("now-90s") == Self.now - 90)
    }

    @Test func calendarForms() throws {
        #expect(try Self.parse("2026-11-25") == 1_795_564_800)
        #expect(try Self.parse("2026-11-25T17:40") == Self.now)
        #expect(try Self.parse("2026-11-25T17:40:05") == Self.now + 5)
        #expect(try Self.parse("17:00") == Self.now - 2_400)
        #expect(try Self.parse("00:00:00") == 1_795_564_800)
    }

    /// What qres takes reads the same here, except `HH:MM`, which means today.
    @Test func qresForms() throws {
        #expect(try Self.parse("now+30m") == Self.now + 1_800)
        #expect(try Self.parse("2026-11-25T18:40+01:00") == Self.now)
        #expect(try Self.parse("2026-11-25T17:40Z") == Self.now)
    }

    @Test(arguments: [
        "", "yesterday", "now+", "now-x", "2026-13-01", "2026-02-30", "25:00", "12:60", "2026-11-25T",
        "12", "2026-11",
    ])
    func refusesWhatItCannotRead(text: String) {
        let error = #expect(throws: PointInTimeError.self) { try Self.parse(text) }
        #expect(error?.description.contains("expected now, now-DURATION") == true)
    }
}
