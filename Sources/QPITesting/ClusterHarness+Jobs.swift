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
}
