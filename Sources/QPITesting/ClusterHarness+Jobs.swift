import Foundation
import QPICore
import QPIWire

extension ClusterHarness {
    /// Writes a job script into the harness's directory and returns its path.
    public func writeScript(_ text: String, named name: String = "job-\(UUID().uuidString).qasm") throws -> String {
        let path = self.path(of: "jobs/\(name)")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Submits `script` with `qsub --parsable` and the given options, as `user` (default:
    /// root); returns the job id.
    /// - Throws: ``HarnessError`` with qsub's output when it fails.
    public func submit(_ script: String, _ options: [String] = [], as user: TestUser? = nil) async throws -> JobID {
        let result = try await self.run(
            "qsub", ["--parsable"] + options + [try self.writeScript(script)], as: user)
        guard result.succeeded, let id = JobID(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("qsub failed: \(result)")
        }
        return id
    }

    /// One job in full, with its events, as `qstat -j ID --json` shows it.
    public func show(_ id: JobID) async throws -> ShowJobRequest.Response {
        try await self.json(ShowJobRequest.Response.self, "qstat", ["-j", String(id), "--json"])
    }

    /// Waits until job `id` satisfies `condition` (by default: it has ended) and returns it.
    public func waitForJob(
        _ id: JobID,
        within limit: Duration = .seconds(30),
        _ what: String = "to end",
        until condition: @escaping @Sendable (Job) -> Bool = { $0.state.isFinished }
    ) async throws -> Job {
        try await self.waitFor("job \(id) \(what)", within: limit) { () async throws -> Job? in
            let job = try await self.show(id).job
            return condition(job) ? job : nil
        }
    }
}
