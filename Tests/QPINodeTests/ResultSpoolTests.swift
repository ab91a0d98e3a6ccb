import Foundation
import QPICore
import QPINode
import QPITesting
import QPIWire
import Testing

/// The node's spool of unacknowledged results: what is stored reads back whole, privately,
/// and a removed result is gone.
struct ResultSpoolTests {
    static func outcome(_ job: JobID) -> JobOutcome {
        let result = CircuitResult(name: "bell", counts: ["00": 3, "11": 5], shots: 8, seed: 7, timeTaken: 0.002)
        return JobOutcome(
            ref: JobRef(jobID: job, dispatchID: 42), status: .completed, results: [result], message: nil,
            deviceSeconds: 0.002)
    }

    @Test func storedResultsReadBackWholeAndOnlyTheirOwnerMayReadThem() throws {
        let directory = try TemporaryDirectory(prefix: "qpi-spool")
        let spool = try ResultSpool(dataDirectory: URL(fileURLWithPath: directory.path))
        let outcomes = [Self.outcome(2), Self.outcome(1)]
        for outcome in outcomes { try spool.store(outcome) }
        let (loaded, corrupt) = spool.load()
        #expect(loaded == outcomes.sorted { $0.ref.jobID < $1.ref.jobID })
        #expect(corrupt.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.directory.path).sorted()
        #expect(names == ["1-42.json", "2-42.json"], "no temporary file is left")
        let mode = try FileManager.default.attributesOfItem(atPath: spool.directory.path + "/1-42.json")[
            .posixPermissions]
        #expect(mode as? Int == 0o600)

        spool.remove(outcomes[0].ref)
        spool.remove(outcomes[0].ref)
        #expect(spool.load().outcomes == [outcomes[1]])
    }

    /// A temporary file a crash left behind is replaced, whatever it held.
    @Test func aLeftoverTemporaryFileIsReplaced() throws {
        let directory = try TemporaryDirectory(prefix: "qpi-spool")
        let spool = try ResultSpool(dataDirectory: URL(fileURLWithPath: directory.path))
        let leftover = spool.directory.path + "/1-42.json.tmp"
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data("{\"trunc".utf8)))
        try spool.store(Self.outcome(1))
        #expect(spool.load().outcomes == [Self.outcome(1)])
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }
}
