import Logging
import QPICore
import QPIScheduler
import QPIStore
import QPIWire

extension ClusterController {
    /// qpu_seconds each user with a limited balance has left for new jobs: the balance
    /// less the time limits of their running jobs, as `dispatchTimeLimit(for:)` counts
    /// it, so a job the plan places is not then refused at dispatch. Read from the store
    /// at each pass, so a charge or a grant counts at once. An unreadable store holds
    /// nothing back: the error is logged, and dispatch still checks each job's balance.
    func limitedBalances() -> [String: Double] {
        guard self.settings.enforceBalance else { return [:] }
        do {
            var balances: [String: Double] = [:]
            for account in try self.store.users() {
                if let balance = account.qpuSecondsBalance { balances[account.name] = balance }
            }
            for (user, seconds) in self.committedSeconds() {
                balances[user]? -= Double(seconds)
            }
            return balances
        } catch {
            self.logger.error("cannot read balances: \(error)")
            return [:]
        }
    }

    /// Seconds promised to each user's running jobs: their dispatched time limits. Read
    /// from the QPUs' dispatches in flight rather than from every active job, so a dispatch
    /// costs the same with 100,000 jobs queued.
    func committedSeconds() -> [String: Int] {
        var committed: [String: Int] = [:]
        for ref in self.fleet.allInFlight {
            guard let job = self.active[ref.jobID], job.state == .running else { continue }
            committed[job.user, default: 0] += job.timeLimitSeconds
        }
        return committed
    }

    /// Slots and the end states of jobs that queued jobs depend on, from the store.
    func loadSchedulingState() throws {
        self.scheduling.slots = BookedSlots(try self.store.slots(endingAfter: self.now()))
        for job in self.active.values {
            for target in job.dependency?.jobIDs ?? [] {
                self.scheduling.dependencyTargets.insert(target)
                if self.active[target] == nil, let ended = try self.store.job(target) {
                    self.scheduling.endedStates[target] = ended.state
                }
            }
        }
    }

    /// Remembers how a job ended where the scheduler needs it, and counts the end in the statistics.
    func noteEnded(_ id: JobID) {
        guard let job = try? self.store.job(id), job.state.isFinished else { return }
        self.metrics.jobEnded(job, at: self.now())
        self.mailEnd(of: job)
        self.notifyEnd(of: job)
        self.scheduling.lastJobEnd[job.user] = job.endTime ?? self.now()
        if self.scheduling.dependencyTargets.contains(id) { self.scheduling.endedStates[id] = job.state }
        self.wakeScheduler()
    }

    /// Checks a submission's priority and dependency; returns both as they are stored: a
    /// dependency on an array (its first task's id, as Slurm names arrays) waits for every
    /// task of it, so it is stored naming each task.
    func checkScheduling(_ request: SubmitRequest, by caller: Caller) async throws(WireError) -> (
        priority: Int, dependency: JobDependency?
    ) {
        let priority = request.priority ?? 0
        guard (-JobOptions.priorityLimit...JobOptions.priorityLimit).contains(priority) else {
            throw WireError(
                .invalidArgument,
                "priority \(priority) is outside -\(JobOptions.priorityLimit)...\(JobOptions.priorityLimit)",
                field: "priority")
        }
        try Authorization.checkPriority(priority, by: caller)
        guard var dependency = request.dependency else { return (priority, nil) }
        for index in dependency.terms.indices {
            var targets: [JobID] = []
            var named = Set<JobID>()
            for target in dependency.terms[index].jobIDs {
                let job: Job
                do {
                    job = try await self.job(target)
                } catch {
                    throw WireError(
                        .invalidArgument, "the dependency names job \(target), which does not exist",
                        field: "dependency")
                }
                let tasks =
                    job.array?.arrayJobID == target
                    ? try await self.listJobs(
                        JobQuery(includeFinished: true, references: [JobReference(jobID: target)]))
                    : [job]
                for task in tasks where named.insert(task.id).inserted {
                    targets.append(task.id)
                    self.scheduling.dependencyTargets.insert(task.id)
                    if task.state.isFinished { self.scheduling.endedStates[task.id] = task.state }
                }
            }
            dependency.terms[index].jobIDs = targets
        }
        return (priority, dependency)
    }

    /// The start of a hold event's note when an administrator held someone else's job: as
    /// Slurm's administrator hold, only an administrator releases it.
    static let adminHoldNote = "administrator hold"

    /// Whether the job's latest hold was an administrator's.
    private func heldByAdministrator(_ id: JobID) throws(WireError) -> Bool {
        do {
            let hold = try self.store.events(of: id).last { $0.kind == .held }
            return hold?.detail?.hasPrefix(Self.adminHoldNote) == true
        } catch {
            throw WireError(.unavailable, "cannot read the events of job \(id): \(error)")
        }
    }

    /// Holds or releases pending jobs (`qctl job hold|release`).
    public func setHeld(_ request: HoldJobsRequest, by caller: Caller) async throws(WireError)
        -> HoldJobsRequest.Response
    {
        let hold = request.hold
        var ids = request.ids
        var changed: [JobID] = []
        var refused: [CancelRequest.Refusal] = []
        // As scontrol: an array's id holds or releases its pending tasks, `ID_TASK` one task.
        for reference in request.references ?? [] {
            let named = self.active.values.filter { job in
                job.isNamed(by: reference)
                    && (reference.taskID != nil || job.array == nil || job.state == .pending)
            }
            if !named.isEmpty {
                ids += named.map(\.id).sorted()
            } else if reference.taskID == nil {
                ids.append(reference.jobID)
            } else {
                refused.append(.init(jobID: reference.jobID, error: WireError(.notFound, "no live job \(reference)")))
            }
        }
        for id in ids {
            do throws(WireError) {
                let job = try await self.job(id, visibleTo: caller)
                try Authorization.check(hold ? .hold : .release, on: job, by: caller)
                guard job.state == .pending else {
                    throw WireError(.conflict, "job \(id) is \(job.state.rawValue); only pending jobs can be held")
                }
                guard job.held != hold else {
                    throw WireError(.conflict, "job \(id) is \(hold ? "already held" : "not held")")
                }
                if !hold, !caller.isAdmin, try self.heldByAdministrator(id) {
                    throw WireError(
                        .forbidden, "job \(id) was held by an administrator; only an administrator can release it")
                }
                let done: Bool
                do {
                    let role = hold && caller.isAdmin && caller.user != job.user ? Self.adminHoldNote : "hold"
                    let note = hold ? "\(role) by \(caller.user)" : "released by \(caller.user)"
                    done = try await self.store.setHeld(id, hold, note: note, time: self.now())
                } catch {
                    throw WireError(.unavailable, "cannot record the hold of job \(id): \(error)")
                }
                // A job dispatched while the store was written is no longer pending.
                guard done, var live = self.active[id], live.state == .pending else {
                    throw WireError(.conflict, "job \(id) is no longer pending")
                }
                live.held = hold
                live.reason = hold ? .held : .priority
                self.active[id] = live
                if !hold { self.queue.insert(live) }
                changed.append(id)
            } catch {
                refused.append(.init(jobID: id, error: error))
            }
        }
        if !changed.isEmpty { self.wakeScheduler() }
        return HoldJobsRequest.Response(changed: changed, refused: refused)
    }
}
