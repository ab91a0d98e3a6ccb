import Logging
import QPICore
import QPIScheduler
import QPIStore
import QPIWire

/// Changes to jobs after submission: `qctl job update` and `qctl job requeue`.
extension ClusterController {
    /// Changes a pending job, checked as a submission is; its owner or an administrator,
    /// and only an administrator changes its priority.
    public func updateJob(_ request: UpdateJobRequest, by caller: Caller) async throws(WireError) -> Job {
        let update = request.update
        let job = try await self.job(request.jobID, visibleTo: caller)
        try Authorization.check(.modify, on: job, by: caller)
        guard !update.isEmpty else {
            throw WireError(.invalidArgument, "name something to change: \(JobUpdate.keys.joined(separator: ", "))")
        }
        guard job.state == .pending else {
            throw WireError(.conflict, "job \(job.id) is \(job.state.rawValue); only pending jobs can be changed")
        }
        if let priority = update.priority {
            guard caller.isAdmin else {
                throw WireError(
                    .forbidden, "only administrators may change a job's priority; you are \(caller.user)",
                    field: "Priority")
            }
            guard (-JobOptions.priorityLimit...JobOptions.priorityLimit).contains(priority) else {
                throw WireError(
                    .invalidArgument,
                    "priority \(priority) is outside -\(JobOptions.priorityLimit)...\(JobOptions.priorityLimit)",
                    field: "Priority")
            }
        }
        if let shots = update.shots { try self.checkShots(shots, field: "Shots") }
        if let limit = update.timeLimitSeconds { try self.checkTimeLimit(limit, field: "TimeLimit") }
        if let qpu = update.qpu { try self.checkQPU(qpu, qubits: job.qubits, field: "QPU") }
        var checked = JobOptions()
        do {
            if let name = update.name { try checked.set(option: "name", value: name) }
            if let comment = update.comment { try checked.set(option: "comment", value: comment) }
        } catch {
            throw WireError(.invalidArgument, "\(error)", field: error.option == "name" ? "Name" : "Comment")
        }
        if let begin = update.beginTime, !begin.isFinite {
            throw WireError(.invalidArgument, "the begin time must be a number of seconds", field: "Begin")
        }
        do {
            guard try await self.store.update(job.id, update, by: caller.user, time: self.now()) else {
                throw WireError(.conflict, "job \(job.id) is no longer pending")
            }
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.unavailable, "cannot record the change to job \(job.id): \(error)")
        }
        // A job dispatched while the store was written is no longer pending here either.
        guard var live = self.active[job.id], live.state == .pending else {
            throw WireError(.conflict, "job \(job.id) is no longer pending")
        }
        live.timeLimitSeconds = update.timeLimitSeconds ?? live.timeLimitSeconds
        live.requestedQPU = update.qpu ?? live.requestedQPU
        live.name = update.name ?? live.name
        live.shots = update.shots ?? live.shots
        live.priority = update.priority ?? live.priority
        if let comment = update.comment { live.comment = comment.isEmpty ? nil : comment }
        live.beginTime = update.beginTime ?? live.beginTime
        self.active[job.id] = live
        // A new QPU or priority puts the job in another lane; the old entry is passed over.
        if !live.held { self.queue.insert(live) }
        self.logger.info("job updated", metadata: ["job": "\(job.id)", "by": "\(caller.user)"])
        self.wakeScheduler()
        return live
    }

    /// Sends running or ended jobs back to the queue; a running one is stopped on its node,
    /// uncharged, as a cancelled run is. Owners or administrators only.
    public func requeue(_ ids: [JobID], by caller: Caller) async throws(WireError) -> RequeueJobsRequest.Response {
        var changed: [JobID] = []
        var refused: [CancelRequest.Refusal] = []
        for id in ids {
            do throws(WireError) {
                let job = try await self.job(id, visibleTo: caller)
                try Authorization.check(.requeue, on: job, by: caller)
                guard job.state != .pending else {
                    throw WireError(.conflict, "job \(id) is PENDING already; only running or ended jobs are requeued")
                }
                let done: Bool
                do {
                    done = try await self.store.resubmit(id, by: caller.user, time: self.now())
                } catch {
                    throw WireError(.unavailable, "cannot requeue job \(id): \(error)")
                }
                guard done, let stored = try? self.store.job(id) else {
                    throw WireError(.conflict, "job \(id) is PENDING already")
                }
                let running = self.active[id].flatMap { $0.state == .running ? $0 : nil }
                var queued = stored
                queued.reason = stored.held ? .held : .priority
                self.active[id] = queued
                self.scheduling.endedStates[id] = nil
                if !stored.held { self.queue.insert(queued) }
                // The node reports the stopped run as cancelled; its QPU is free once it has.
                if let running, let qpu = running.qpu, let dispatchID = running.dispatchID,
                    let link = self.fleet[qpu]?.session.link
                {
                    try? await link.send(.cancel(JobRef(jobID: id, dispatchID: dispatchID)))
                }
                self.logger.info("job requeued", metadata: ["job": "\(id)", "by": "\(caller.user)"])
                changed.append(id)
            } catch {
                refused.append(.init(jobID: id, error: error))
            }
        }
        if !changed.isEmpty { self.wakeScheduler() }
        return RequeueJobsRequest.Response(changed: changed, refused: refused)
    }
}
