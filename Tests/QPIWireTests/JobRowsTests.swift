import QPICore
import QPIWire
import Testing

@Suite struct JobRowsTests {
    static func job(_ id: JobID, name: String, state: JobState = .pending) -> Job {
        Job(
            id: id, name: name, user: "alice", uid: 1000, state: state, reason: state == .pending ? .held : nil,
            qpu: state == .pending ? nil : "sim0", shots: 4, circuitCount: 1, qubits: 1, timeLimitSeconds: 60,
            submitTime: 1_700_000_000.7, startTime: state == .pending ? nil : 1_700_000_010)
    }

    @Test func cellsComeBackAsBuiltWithControlCharactersShownAsSpaces() throws {
        let fields = "ijtRVS".compactMap { JobField.byLetter[$0] }
        var builder = JobRows.Builder(fields: fields, now: 1_700_000_100)
        builder.append(Self.job(1, name: "bell"))
        builder.append(Self.job(2, name: "tab\there\nnewline ünï", state: .running))
        let rows = builder.rows
        #expect(rows.fields == "ijtRVS" && rows.count == 2)
        let table = try rows.table()
        #expect(table.rowCount == 2 && table.width == 6)
        let cells = (0..<2).flatMap { row in (0..<6).map { String(decoding: table[row, $0], as: UTF8.self) } }
        #expect(
            cells == [
                "1", "bell", "PD", "(Held)", "1700000000", "",
                "2", "tab here newline ünï", "R", "sim0", "1700000000", "1700000010",
            ])
    }

    @Test func aListingThatDoesNotAddUpIsRefused() throws {
        #expect(try JobRows(fields: "ij", text: "1:14:bell", count: 1).table().rowCount == 1)
        for broken in ["1:14:bel", "1:14bell", "1:1:4:bell", "x:14:bell", "1:14:bell1:2", "99999999999999999999:1"] {
            #expect(throws: WireError.self, "\(broken)") { try JobRows(fields: "ij", text: broken, count: 1).table() }
        }
        for count in [2, -1, Int.max] {
            #expect(throws: WireError.self, "\(count)") {
                try JobRows(fields: "ij", text: "1:14:bell", count: count).table()
            }
        }
        #expect(try JobRows(fields: "ij", text: "", count: 0).table().rowCount == 0)
    }

    @Test func everyFormatLetterIsKnownOnceAndHasACell() {
        let letters = JobField.all.map(\.letter)
        #expect(Set(letters).count == letters.count)
        #expect(JobField.byLetter.count == letters.count)
        var job = Self.job(3, name: "full", state: .completed)
        job.endTime = 1_700_000_020
        job.comment = "sweep"
        job.dependency = JobDependency(terms: [.init(kind: .afterOK, jobIDs: [1])])
        for field in JobField.all {
            #expect(!field.cell(job, now: 1_700_000_100).isEmpty, "%\(field.letter) has no cell")
        }
        #expect(JobField.byLetter["M"]?.cell(job, now: 0) == "0:10")
        #expect(JobField.byLetter["e"]?.cell(job, now: 0) == "1700000020")
    }
}
