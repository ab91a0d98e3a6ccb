import QPIClient
import QPICore
import Testing

/// `qstat -o` and `qacct -o`: reading the two syntaxes and laying out cells.
struct OutputFormatTests {
    static let letters: Set<Character> = ["i", "j", "T"]

    @Test func squeueFieldsWidthsAndAlignment() throws {
        let format = try OutputFormat.squeue("%.10i|%-6j %j %%%T", letters: Self.letters)
        #expect(
            format.pieces == [
                .field(.init("i", width: .fixed(10), alignment: .right)), .text("|"),
                .field(.init("j", width: .fixed(6), alignment: .left)), .text(" "), .field(.init("j")), .text(" %"),
                .field(.init("T")),
            ])
        #expect(try OutputFormat.squeue("%20j", letters: Self.letters).fields == [.init("j", width: .fixed(20))])
    }

    @Test(arguments: [
        ("%i %x", OutputFormatError(field: "%x", reason: .unknown)),
        ("%.12Z", OutputFormatError(field: "%.12Z", reason: .unknown)),
        ("%i %.5", OutputFormatError(field: "%.5", reason: .incomplete)),
        ("%.i", OutputFormatError(field: "%.i", reason: .alignmentNeedsWidth)),
        ("%0i", OutputFormatError(field: "%0i", reason: .badWidth)),
        ("JOBS", OutputFormatError(field: "JOBS", reason: .noField)),
    ])
    func squeueRefusalsNameTheField(text: String, error: OutputFormatError) {
        #expect(throws: error) { try OutputFormat.squeue(text, letters: Self.letters) }
    }

    @Test func sacctNamesWidthsAndRefusals() throws {
        let names = ["JobID", "JobName", "State"]
        let format = try OutputFormat.sacct(
            "jobid,JobName%8, state%-4", names: names, alignments: ["JobID": .right])
        #expect(
            format.pieces == [
                .field(.init("JobID", width: .fit, alignment: .right)), .text(" "),
                .field(.init("JobName", width: .fixed(8), alignment: .right)), .text(" "),
                .field(.init("State", width: .fixed(4), alignment: .left)),
            ])
        #expect(throws: OutputFormatError(field: "Nmae", reason: .unknown)) {
            try OutputFormat.sacct("JobID,Nmae", names: names)
        }
        #expect(throws: OutputFormatError(field: "State%x", reason: .badWidth)) {
            try OutputFormat.sacct("State%x", names: names)
        }
        #expect(throws: OutputFormatError(field: "", reason: .empty)) {
            try OutputFormat.sacct("JobID,,State", names: names)
        }
    }

    /// Fixed widths pad and cut, fitted columns take their widest cell, trailing blanks go.
    @Test func renderPadsCutsAndFits() throws {
        let format = OutputFormat(pieces: [
            .field(.init("a", width: .fixed(4), alignment: .right)), .text(" "), .field(.init("b", width: .fit)),
            .text(" "), .field(.init("c", width: .fixed(3))),
        ])
        let rows: [[String: String]] = [
            ["a": "1", "b": "long name", "c": "x"], ["a": "123456", "b": "b", "c": "yyyy"],
        ]
        let text = format.render(rows.map { row in { row[$0] ?? "" } }, title: { $0.uppercased() })
        #expect(text == "   A B         C\n   1 long name x\n1234 b         yyy\n")
        let parsable = format.renderParsable(rows.map { row in { row[$0] ?? "" } }, title: { $0 }, header: false)
        #expect(parsable == "1|long name|x\n123456|b|yyyy\n")
    }

    @Test func qstatFormatOverJobs() throws {
        let jobs = [
            Job(
                id: 7, name: "a-rather-long-name", user: "alice", uid: 1000, reason: .beginTime, requestedQPU: "sim0",
                shots: 100, circuitCount: 1, qubits: 1, timeLimitSeconds: 90, submitTime: 0, comment: "sweep"),
            Job(
                id: 12, name: "bell", user: "bob", uid: 1001, state: .running, qpu: "sim1", shots: 10,
                circuitCount: 1, qubits: 2, timeLimitSeconds: 3_600, submitTime: 0, startTime: 100),
        ]
        let format = try JobListing.format("%.5i %-8j %u %q %t %.6M %l %R %k")
        #expect(
            JobListing.queue(jobs, format: format, now: 165)
                == """
                JOBID NAME     USER QPU ST   TIME TIME_LIMIT NODELIST(REASON) COMMENT
                    7 a-rather alice sim0 PD   0:00 1:30 (BeginTime) sweep
                   12 bell     bob sim1 R   1:05 1:00:00 sim1

                """)
        #expect(throws: OutputFormatError(field: "%y", reason: .unknown)) { try JobListing.format("%i %y") }
    }
}
