import Testing

@testable import QPICore

struct JobOptionsTests {
    @Test func setsEachKnownOption() throws {
        var options = JobOptions()
        try options.set(option: "shots", value: "2000")
        try options.set(option: "qpu", value: "sim0")
        try options.set(option: "time", value: "1:30")
        try options.set(option: "name", value: "bell pair")
        try options.set(option: "seed", value: "42")
        #expect(options == JobOptions(name: "bell pair", shots: 2000, qpu: "sim0", timeLimitSeconds: 90, seed: 42))
    }

    @Test func rejectsUnknownOptionNamingTheKnownOnes() {
        var options = JobOptions()
        #expect(throws: JobOptionError(option: "shot", value: "5", reason: .unknownOption(JobOptions.optionNames))) {
            try options.set(option: "shot", value: "5")
        }
        let error = JobOptionError(option: "shot", value: "5", reason: .unknownOption(JobOptions.optionNames))
        #expect(error.description.contains("--shots"))
    }

    @Test(
        arguments: [
            ("shots", "0", JobOptionError.Reason.notInRange("1...10000000")),
            ("shots", "ten", .notInRange("1...10000000")),
            ("shots", "10000001", .notInRange("1...10000000")),
            ("time", "soon", .notADuration),
            ("time", "0s", .notADuration),
            ("qpu", "sim 0", .invalidQPUName),
            ("name", "bad\u{1}name", .invalidText(maxLength: 128)),
            ("begin", "tomorrow", .invalidTime),
            ("begin", "now+soon", .invalidTime),
            ("comment", "two\nlines", .invalidText(maxLength: 1_024)),
            ("seed", "-1", .notInRange("0...18446744073709551615")),
        ] as [(String, String, JobOptionError.Reason)])
    func rejectsBadValues(option: String, value: String, reason: JobOptionError.Reason) {
        var options = JobOptions()
        #expect(throws: JobOptionError(option: option, value: value, reason: reason)) {
            try options.set(option: option, value: value)
        }
        #expect(options == JobOptions())
    }

    /// The begin time keeps its text and is read against the submitter's clock and zone.
    @Test func beginIsReadAgainstTheSubmissionTime() throws {
        var options = JobOptions()
        try options.set(option: "begin", value: "now+90s")
        try options.set(option: "comment", value: "sweep 3 of 5")
        #expect(options == JobOptions(begin: "now+90s", comment: "sweep 3 of 5"))
        #expect(try options.resolvedBegin(now: 1_000, utcOffset: 0) == 1_090)
        options.begin = "2026-11-26T14:00"
        #expect(try options.resolvedBegin(now: 0, utcOffset: 3_600) == 1_795_698_000)
        #expect(try JobOptions().resolvedBegin(now: 0, utcOffset: 0) == nil)
    }

    @Test func missingValueIsAnError() {
        var options = JobOptions()
        #expect(throws: JobOptionError(option: "shots", value: nil, reason: .missingValue)) {
            try options.set(option: "shots", value: nil)
        }
    }

    @Test func overlayKeepsUnsetFields() {
        let base = JobOptions(name: "a", shots: 10, qpu: "q1")
        let top = JobOptions(shots: 20, timeLimitSeconds: 5)
        #expect(base.overlaid(with: top) == JobOptions(name: "a", shots: 20, qpu: "q1", timeLimitSeconds: 5))
    }

    @Test func executorOptionsAreSplitAtTheFirstEqualsSign() throws {
        var options = JobOptions()
        try options.set(option: "executor-option", value: "method=statevector")
        try options.set(option: "executor-option", value: "label=a=b")
        try options.set(option: "executor-option", value: "empty=")
        try options.set(option: "executor-option", value: "method=stabilizer")
        #expect(options.executorOptions == ["method": "stabilizer", "label": "a=b", "empty": ""])
    }

    @Test(arguments: ["seed", "=3", "bad key=1", "k\u{1}=1", "k=two\nlines", "k=" + String(repeating: "x", count: 257)])
    func rejectsMalformedExecutorOptions(text: String) {
        var options = JobOptions()
        #expect(throws: JobOptionError(option: "executor-option", value: text, reason: .invalidExecutorOption)) {
            try options.set(option: "executor-option", value: text)
        }
        #expect(options == JobOptions())
        let error = JobOptionError(option: "executor-option", value: text, reason: .invalidExecutorOption)
        #expect(error.description.contains("'--executor-option': expected KEY=VALUE"))
    }

    @Test func aJobTakesAtMostThirtyTwoExecutorOptions() throws {
        var options = JobOptions()
        for index in 0..<JobOptions.maxExecutorOptions {
            try options.set(option: "executor-option", value: "k\(index)=v")
        }
        // Giving a key again replaces its value, so it is not one too many.
        try options.set(option: "executor-option", value: "k0=w")
        #expect(
            throws: JobOptionError(
                option: "executor-option", value: "one=more", reason: .tooManyExecutorOptions(32))
        ) {
            try options.set(option: "executor-option", value: "one=more")
        }
    }

    @Test func flagsOverrideDirectivesKeyByKey() {
        let directives = JobOptions(executorOptions: ["method": "stabilizer", "seed": "1"])
        let flags = JobOptions(executorOptions: ["seed": "2"])
        #expect(directives.overlaid(with: flags).executorOptions == ["method": "stabilizer", "seed": "2"])
        #expect(directives.overlaid(with: JobOptions()).executorOptions == directives.executorOptions)
        #expect(JobOptions().overlaid(with: flags).executorOptions == ["seed": "2"])
    }

    @Test func mailTypesAreSlurmsNamesNormalized() throws {
        var options = JobOptions()
        try options.set(option: "mail-type", value: "end,Fail")
        try options.set(option: "mail-user", value: "alice@example.org")
        #expect(options == JobOptions(mailType: "END,FAIL", mailUser: "alice@example.org"))
        #expect(throws: JobOptionError(option: "mail-type", value: "BEGIN", reason: .notOneOf(JobOptions.mailTypes))) {
            try options.set(option: "mail-type", value: "BEGIN")
        }
        for address in ["-oProxyCommand=x", "alice @example.org"] {
            #expect(throws: JobOptionError(option: "mail-user", value: address, reason: .invalidAddress)) {
                try options.set(option: "mail-user", value: address)
            }
        }
    }

    @Test func notifyURLsAreCheckedAndDirectivesGiveWayToFlags() throws {
        var options = JobOptions()
        try options.set(option: "notify-url", value: "https://hooks.lab.example/qpi?key=1")
        #expect(options.notifyURL == "https://hooks.lab.example/qpi?key=1")
        #expect(
            throws: JobOptionError(
                option: "notify-url", value: "ftp://x.example", reason: .invalidURL(WebhookURLError.scheme.description))
        ) {
            try options.set(option: "notify-url", value: "ftp://x.example")
        }
        let flags = JobOptions(notifyURL: "http://127.0.0.1:9/b")
        #expect(options.overlaid(with: flags).notifyURL == "http://127.0.0.1:9/b")
        #expect(options.overlaid(with: JobOptions()).notifyURL == options.notifyURL)
    }
}
