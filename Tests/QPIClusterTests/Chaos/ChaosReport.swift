import Foundation
import QPICore
import QPIStore
import QPITesting

/// What one chaos scenario did to the jobs, from the client's acknowledged ids against the
/// store and the accounting records, read after a clean shutdown.
struct ChaosReport: Codable, Sendable {
    var scenario: String
    /// `fast` (`make test`) or `full` (`make chaos`).
    var mode: String
    var faults: Int
    /// Distinct ids the submitters were given.
    var acknowledged: Int
    /// Acknowledged jobs that ended COMPLETED with a full result.
    var completed: Int
    /// Acknowledged jobs that ended FAILED with a reason: a job whose executor was killed
    /// under it fails, as a Slurm job whose process is killed does.
    var failed: Int
    /// Acknowledged jobs missing from the store, or (where jobs were meant to finish)
    /// never ended, ended otherwise, or completed without a full result.
    var lost: Int
    /// Stored jobs nobody was acknowledged for (a retried submission stored twice), and
    /// ids acknowledged twice.
    var duplicated: Int
    /// Jobs that reached more than one end, each of which is charged.
    var doubleCharged: Int
    /// Balance taken minus the QPU seconds the stored jobs used; 0 when every job was
    /// charged exactly once.
    var chargeMismatchSeconds: Double
    /// Submissions that failed and were retried (with the same submission id).
    var retriedSubmissions: Int
    /// Jobs stored before the daemons started (the large-queue scenario), all of which
    /// must still be stored, pending, at the end.
    var preloaded: Int
    /// For each fault, seconds from its end (restart, SIGCONT, link up, space freed) until
    /// the cluster served again.
    var recoverySeconds: [Double]
    var seconds: Double
    var notes: [String]

    /// Every count that must be zero, as messages.
    var problems: [String] {
        var problems: [String] = []
        if self.lost > 0 { problems.append("\(self.lost) lost") }
        if self.duplicated > 0 { problems.append("\(self.duplicated) duplicated") }
        if self.doubleCharged > 0 { problems.append("\(self.doubleCharged) double-charged") }
        if abs(self.chargeMismatchSeconds) > 1e-6 {
            problems.append("balance off by \(self.chargeMismatchSeconds) qpu_seconds")
        }
        return problems
    }

    /// Appends the report as one JSON line to `$QPI_CHAOS_REPORT` when set (`make chaos`
    /// collects them), and prints it.
    func record() throws {
        let line = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        print("chaos: \(line)")
        guard let path = ProcessInfo.processInfo.environment["QPI_CHAOS_REPORT"], !path.isEmpty else { return }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw HarnessError("cannot append the chaos report to \(path)")
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
    }
}

/// The counts of a ``ChaosReport`` read from a closed cluster's store.
struct ChaosTally {
    /// The name of jobs a scenario stores before the daemons start; nobody submits them.
    static let preloadedName = "chaos-preloaded"

    var acknowledged = 0
    var completed = 0
    var failed = 0
    var lost = 0
    var duplicated = 0
    var doubleCharged = 0
    var chargeMismatchSeconds = 0.0
    /// Jobs named ``preloadedName`` still pending at the end.
    var preloaded = 0
    /// The first problems found, job by job, for failure messages.
    var examples: [String] = []

    /// - Parameters:
    ///   - finishes: whether every acknowledged job was meant to complete by now.
    ///   - balance: the user's balance before the test, to compare with what is left.
    init(
        acknowledged ids: [JobID], user: String, balance: Double, finishes: Bool, store: JobStore
    ) throws {
        let acknowledged = Set(ids)
        self.acknowledged = acknowledged.count
        let all = try store.jobs(matching: JobFilter())
        let stored = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.preloaded = all.filter { $0.name == Self.preloadedName && $0.state == .pending }.count
        let unacknowledged = all.filter { !acknowledged.contains($0.id) && $0.name != Self.preloadedName }
        self.duplicated = (ids.count - acknowledged.count) + unacknowledged.count
        for job in unacknowledged.prefix(3) { self.note("job \(job.id) is stored but was never acknowledged") }

        let ends: Set<JobEvent.Kind> = [.completed, .failed, .cancelled, .timedOut, .nodeFailed]
        for id in acknowledged.sorted() {
            guard let job = stored[id] else {
                self.lost += 1
                self.note("job \(id) was acknowledged but is not stored")
                continue
            }
            guard finishes else { continue }
            let jobEnds = try store.events(of: id).filter { ends.contains($0.kind) }
            if jobEnds.count > 1 {
                self.doubleCharged += 1
                self.note("job \(id) ended \(jobEnds.count) times: \(jobEnds.map(\.kind))")
            }
            let shots = try store.result(of: id)?.results.map { $0.counts.values.reduce(0, +) }
            if job.state == .completed && shots == [job.shots] {
                self.completed += 1
            } else if job.state == .failed && job.message != nil {
                self.failed += 1
            } else {
                self.lost += 1
                self.note("job \(id) is \(job.state.rawValue) with result shots \(String(describing: shots))")
            }
        }
        let charged = balance - (try store.balance(of: user) ?? balance)
        let used = all.reduce(0) { $0 + $1.qpuSeconds }
        self.chargeMismatchSeconds = charged - used
    }

    private mutating func note(_ problem: String) {
        if self.examples.count < 10 { self.examples.append(problem) }
    }
}
