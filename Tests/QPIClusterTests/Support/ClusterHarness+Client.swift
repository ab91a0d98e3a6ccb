import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPIWire

extension ClusterHarness {
    /// A client of this cluster's command port (or of `url`), signing as the commands sign.
    func client(url: String? = nil, timeout: Duration = .seconds(30)) throws -> ControllerClient {
        try ControllerClient(
            url: url ?? "tcp://127.0.0.1:\(self.controlPort)", mungeSocket: self.mungeSocket,
            cluster: self.clusterName, timeout: timeout)
    }

    /// One job in full, with its events, as the controller answers `qstat -j ID`; the
    /// job's own types rather than its JSON document, so tests compare states and kinds.
    func show(_ id: JobID) async throws -> ShowJobRequest.Response {
        try await self.client().call(ShowJobRequest(jobID: id))
    }

    /// Waits until job `id` satisfies `condition` (by default: it has ended) and returns it.
    func waitForJob(
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
