import Testing

@testable import QPICore

struct BookingTimeTests {
    /// 2026-11-26T10:15:30Z.
    let now = 1_795_688_130.0

    @Test func nowAndOffsets() throws {
        #expect(try BookingTime.parse("now", now: self.now, utcOffset: 0) == self.now)
        #expect(try BookingTime.parse("NOW+30m", now: self.now, utcOffset: 0) == self.now + 1_800)
        #expect(try BookingTime.parse("now+90", now: self.now, utcOffset: 0) == self.now + 90)
        #expect(try BookingTime.parse("now+1h30m", now: self.now, utcOffset: 3_600) == self.now + 5_400)
    }

    @Test func iso8601WithAndWithoutZone() throws {
        #expect(try BookingTime.parse("2026-11-26T10:15:30Z", now: 0, utcOffset: 7_200) == self.now)
        #expect(try BookingTime.parse("2026-11-26T11:15:30+01:00", now: 0, utcOffset: 0) == self.now)
        #expect(try BookingTime.parse("2026-11-26T05:15:30-05:00", now: 0, utcOffset: 0) == self.now)
        // Without a zone: local time.
        #expect(try BookingTime.parse("2026-11-26T12:15:30", now: 0, utcOffset: 7_200) == self.now)
        #expect(try BookingTime.parse("2026-11-26T10:15", now: 0, utcOffset: 0) == self.now - 30)
        #expect(try BookingTime.parse("2024-02-29T00:00Z", now: 0, utcOffset: 0) == 1_709_164_800)
    }

    @Test func clockTimeIsTheNextOccurrence() throws {
        // 11:00 local (UTC+1) is 10:00Z, already past: tomorrow.
        #expect(try BookingTime.parse("11:00", now: self.now, utcOffset: 3_600) == self.now - 930 + 86_400)
        #expect(try BookingTime.parse("12:00", now: self.now, utcOffset: 3_600) == self.now - 930 + 3_600)
        #expect(try BookingTime.parse("10:15:30", now: self.now, utcOffset: 0) == self.now)
    }

    @Test func formatRoundTrips() throws {
        #expect(BookingTime.format(self.now, utcOffset: 0) == "2026-11-26T10:15:30Z")
        #expect(BookingTime.format(self.now, utcOffset: -18_000) == "2026-11-26T05:15:30-05:00")
        for offset in [0, 3_600, -12_600, 50_400] {
            let text = BookingTime.format(self.now, utcOffset: offset)
            #expect(try BookingTime.parse(text, now: 0, utcOffset: 999) == self.now)
        }
    }

    @Test(arguments: [
        "", "tomorrow", "now-5m", "now+", "now+xyz", "25:00", "12:60", "1:00", "2026-02-30T10:00",
        "2026-13-01T10:00", "2026-11-26", "2026-11-26T10:00+15:00", "2026-11-26 10:00",
    ])
    func refusesWithTheAcceptedForms(_ text: String) {
        #expect(throws: BookingTimeError.self) { try BookingTime.parse(text, now: self.now, utcOffset: 0) }
        #expect(BookingTimeError(text: text).description.contains("now+DURATION"))
    }
}

struct JobDependencyTests {
    @Test func parsesSlurmSyntax() throws {
        let dependency = try JobDependency(parsing: "afterok:12:13,afterany:4,AFTERNOTOK:7")
        #expect(
            dependency.terms == [
                .init(kind: .afterOK, jobIDs: [12, 13]), .init(kind: .afterAny, jobIDs: [4]),
                .init(kind: .afterNotOK, jobIDs: [7]),
            ])
        #expect(dependency.text == "afterok:12:13,afterany:4,afternotok:7")
        #expect(try JobDependency(parsing: dependency.text) == dependency)
    }

    @Test(arguments: [
        ("afterok", "needs job ids"), ("after:3", "unknown type 'after'"), ("afterok:x", "'x' is not a job id"),
        ("afterok:1,,afterany:2", "empty dependency"), ("afterok:0", "'0' is not a job id"),
    ])
    func refusesWithWhatWasWrong(_ text: String, _ expected: String) {
        do {
            _ = try JobDependency(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.description.contains("--dependency"))
        }
    }

    @Test func status() throws {
        let states: [JobID: JobState] = [1: .completed, 2: .failed, 3: .running, 4: .cancelled]
        func status(_ text: String) throws -> JobDependency.Status {
            try JobDependency(parsing: text).status(states)
        }
        #expect(try status("afterok:1") == .satisfied)
        #expect(try status("afterok:1:3") == .waiting)
        #expect(try status("afterok:2") == .neverSatisfied)
        #expect(try status("afterok:3:2") == .neverSatisfied)
        #expect(try status("afternotok:2:4") == .satisfied)
        #expect(try status("afternotok:1") == .neverSatisfied)
        #expect(try status("afterany:1:2:4") == .satisfied)
        #expect(try status("afterany:3") == .waiting)
        #expect(try status("afterany:99") == .satisfied)
        #expect(try status("afterok:99") == .neverSatisfied)
        #expect(try status("afterany:1,afterok:2") == .neverSatisfied)
    }
}
