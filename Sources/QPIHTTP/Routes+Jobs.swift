import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Jobs: submit, list, show (with history), cancel, results. Each calls the controller method the
    /// matching command (`qsub`, `qstat`, `qcancel`, `qresult`) calls.
    mutating func addJobRoutes() {
        self.add(.post, "/api/jobs", auth: .user) { call in
            let caller = try call.user()
            let settings = call.services.settings
            let limits = SubmitLimits(
                circuits: settings.maxCircuitsPerJob,
                bytesPerCircuit: await call.controller.currentSettings.maxJobFileSize,
                instructions: settings.maxCheckedInstructions)
            let request = try await call.decode(SubmitBody.self).request(
                limits: limits, pool: call.services.circuitChecks)
            let id = try await call.run { () async throws(WireError) in
                try await call.controller.submit(request, by: caller)
            }
            let job = try await call.run { () async throws(WireError) in
                try await call.controller.showJob(id, by: caller)
            }
            return EditedResponse(status: .created, response: JobJSON(job.job))
        }
        self.add(.get, "/api/jobs", auth: .user) { call in
            let caller = try call.user()
            let query = try JobListQuery(call, caller: caller)
            let jobs = try await call.run { () async throws(WireError) in
                try await call.controller.listJobs(query.jobQuery, by: caller)
            }
            return ListJSON(items: jobs.map(JobJSON.init))
        }
        self.add(.get, "/api/jobs/{id}", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "job")
            if let wait = try call.query("wait", in: 0...Int(call.services.settings.maxWaitSeconds)), wait > 0 {
                let job = try await call.run { () async throws(WireError) in
                    try await call.controller.waitForEnd(of: id, timeout: Double(wait), by: caller)
                }
                return JobJSON(job)
            }
            let shown = try await call.run { () async throws(WireError) in
                try await call.controller.showJob(id, by: caller)
            }
            return JobJSON(shown.job)
        }
        self.add(.get, "/api/jobs/{id}/history", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "job")
            return JobHistoryJSON(
                try await call.run { () async throws(WireError) in
                    try await call.controller.showJob(id, by: caller)
                })
        }
        self.add(.post, "/api/jobs/{id}/cancel", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "job")
            let outcome = try await call.run { () async throws(WireError) in
                try await call.controller.cancel(JobQuery(ids: [id]), by: caller)
            }
            if let refusal = outcome.refused.first { throw APIError(refusal.error) }
            let shown = try await call.run { () async throws(WireError) in
                try await call.controller.showJob(id, by: caller)
            }
            return JobJSON(shown.job)
        }
        self.add(.get, "/api/jobs/{id}/result", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "job")
            let result = try await call.run { () async throws(WireError) in
                try await call.controller.result(id, by: caller)
            }
            // The document `qresult --json` prints, byte for byte.
            let text = try ResultDocument(
                backendName: result.job.qpu ?? "qpi", jobID: String(id), results: result.results
            ).jsonText()
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}

/// `GET /api/jobs` filters: `state=PENDING,RUNNING`, `user=NAME` (default: the caller;
/// `all` for everyone, as `qstat` shows the whole queue), `qpu=NAME`, `limit=N`.
struct JobListQuery {
    var jobQuery: JobQuery

    init(_ call: APICall, caller: Caller) throws {
        var states: [JobState]?
        if let text = call.query("state"), !text.isEmpty {
            states = try text.split(separator: ",").map { name in
                guard let state = JobState(nameOrCode: String(name)) else {
                    let known = JobState.allCases.map(\.rawValue).joined(separator: ", ")
                    throw APIError(.invalidArgument, "unknown job state '\(name)' (known: \(known))", field: "state")
                }
                return state
            }
        }
        let user = call.query("user") ?? caller.user
        let limit = try call.query("limit", in: 1...10_000) ?? 100
        // The controller filters before the limit, so `limit` counts matching jobs.
        self.jobQuery = JobQuery(
            users: user == "all" ? nil : [user], states: states, qpus: call.query("qpu").map { [$0] },
            includeFinished: true, limit: limit)
    }
}
