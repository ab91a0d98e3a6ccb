import Testing

@testable import QPICore

struct DurationTextTests {
    @Test(arguments: [
        ("30s", 30.0), ("500ms", 0.5), ("5m", 300), ("2h", 7_200), ("1d", 86_400), ("1h30m", 5_400),
        ("1.5s", 1.5), ("30", 1_800), ("2:30", 150), ("1:02:03", 3_723), ("1-0", 86_400),
        ("1-02:03", 93_780), ("1-02:03:04", 93_784), (" 20s ", 20),
    ])
    func parsesUnitAndSlurmForms(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "s", "5x", "1:2:3:4", "-5", "a-1", "1h-2", "::", "5 s", "1-"])
    func rejectsMalformedText(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func formatsLikeSlurmTimeColumn() {
        #expect(DurationText.slurmFormat(seconds: 0) == "0:00")
        #expect(DurationText.slurmFormat(seconds: 65) == "1:05")
        #expect(DurationText.slurmFormat(seconds: 3_723) == "1:02:03")
        #expect(DurationText.slurmFormat(seconds: 93_784) == "1-02:03:04")
    }
}
