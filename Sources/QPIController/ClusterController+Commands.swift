import Foundation
import Logging
import QPICore
import QPIScheduler
import QPIStore
import QPIWire

extension ClusterController {
    /// Validates and stores a job, or every task of an array; answers only after the store
    /// has committed them. Returns the job's id (an array's: its first task's).
    public func submit(_ request: SubmitRequest, by caller: Caller) async throws(WireError) -> JobID {
        try Self.checkSubmissionID(request)
        let newJobs: [NewJob]
        do {
            newJobs = try await self.arrayTasks(of: self.newJob(request, by: caller), request)
        } catch {
            if let earlier = try await self.earlierSubmission(request, by: caller) { return earlier }
            throw error
        }
        let stored: [Job]
        do {
            if let submissionID = request.submissionID {
                let submission = try await self.store.submit(newJobs, submissionID: submissionID)
                // A retry that overtook the first request while that one was being stored.
                guard submission.isNew else { return submission.job.id }
                stored = submission.jobs
            } else {
                stored = try await self.store.submit(newJobs)
            }
        } catch {
            self.logger.error("cannot store submission: \(error)")
            throw WireError(.unavailable, "the controller could not store the job: \(error)")
        }
        for job in stored {
            self.queueSubmitted(job)
            self.metrics.jobSubmitted()
        }
        self.logger.info(
            "job submitted",
            metadata: ["job": "\(stored[0].id)", "user": "\(caller.user)", "tasks": "\(stored.count)"])
        self.wakeScheduler()
        return stored[0].id
    }

    /// Puts a job just stored into the live queue.
    private func queueSubmitted(_ stored: Job) {
        var queued = stored
        // The first pass refines this; until then the order is waitReason's.
        if stored.held {
            queued.reason = .held
        } else if let begin = stored.beginTime, begin > stored.submitTime {
            queued.reason = .beginTime
        } else {
            queued.reason = stored.dependency != nil ? .dependency : .priority
        }
        self.active[stored.id] = queued
        if !stored.held { self.queue.insert(queued) }
    }

    /// `job` once for every task of the array `request` asks for (`--array`), each with its
    /// own scripts in a sweep, or alone.
    func arrayTasks(of job: NewJob, _ request: SubmitRequest) throws(WireError) -> [NewJob] {
        guard let array = request.options.array else {
            guard request.taskScripts == nil else {
                throw WireError(.invalidArgument, "scripts per task need an array", field: "task_scripts")
            }
            return [job]
        }
        // A client other than qsub may send any list: each index once, in order, is what makes
        // `ID_TASK` name one job.
        guard !array.tasks.isEmpty, array.tasks.count <= JobArray.maxTasks,
            array.tasks.allSatisfy({ (0...JobArray.maxIndex).contains($0) }),
            zip(array.tasks, array.tasks.dropFirst()).allSatisfy({ $0 < $1 }), array.limit.map({ $0 >= 1 }) ?? true
        else {
            throw WireError(
                .invalidArgument,
                "an array has 1 to \(JobArray.maxTasks) tasks, numbered 0 to \(JobArray.maxIndex) in increasing "
                    + "order, and a %MAX of 1 or more", field: "array")
        }
        if let taskScripts = request.taskScripts {
            guard taskScripts.count == array.tasks.count, taskScripts.allSatisfy({ !$0.isEmpty }) else {
                throw WireError(
                    .invalidArgument,
                    "a sweep gives scripts for each of the array's \(array.tasks.count) tasks, got \(taskScripts.count)",
                    field: "task_scripts")
            }
        }
        return array.tasks.enumerated().map { index, task in
            var copy = job
            copy.arrayTask = NewArrayTask(taskID: task, limit: array.limit)
            if let taskScripts = request.taskScripts { copy.scripts = taskScripts[index] }
            return copy
        }
    }

    /// The job `request` asks for, checked against the cluster's limits and settings.
    func newJob(_ request: SubmitRequest, by caller: Caller) async throws(WireError) -> NewJob {
        try self.checkLimits(request, by: caller)
        let options = request.options
        guard !request.scripts.isEmpty, request.circuitCount >= 1 else {
            throw WireError(.invalidArgument, "a job needs at least one circuit", field: "scripts")
        }
        let shots = options.shots ?? self.settings.defaultShots
        try self.checkShots(shots, field: "shots")
        guard request.qubits >= 0 else {
            throw WireError(.invalidArgument, "qubits must be 0 or more, got \(request.qubits)", field: "qubits")
        }
        let timeLimit = options.timeLimitSeconds ?? self.settings.defaultTimeSeconds
        try self.checkTimeLimit(timeLimit, field: "time")
        try self.checkQPU(options.qpu, qubits: request.qubits, field: "qpu")
        let (priority, dependency) = try await self.checkScheduling(request, by: caller)
        let submitTime = self.now()
        var beginTime = request.beginTime
        if beginTime == nil { beginTime = try Self.beginTime(options, at: submitTime) }
        if let beginTime, !beginTime.isFinite {
            throw WireError(.invalidArgument, "the begin time must be a number of seconds", field: "begin_time")
        }
        let comment = try Self.checkedComment(options.comment)
        let executorOptions = try Self.checkedExecutorOptions(options.executorOptions ?? [:])
        try Self.checkMail(options)
        try self.checkNotifyURL(options.notifyURL)
        let name = options.name ?? request.scripts.first.map { Self.jobName(fromFile: $0.name) } ?? "job"
        return NewJob(
            name: name, user: caller.user, uid: caller.uid, scripts: request.scripts, shots: shots,
            circuitCount: request.circuitCount, qubits: request.qubits, requestedQPU: options.qpu,
            timeLimitSeconds: timeLimit, seed: options.seed, held: request.hold, submitTime: submitTime,
            priority: priority, dependency: dependency, beginTime: beginTime, comment: comment,
            executorOptions: executorOptions, mailType: options.mailType, mailUser: options.mailUser,
            notifyURL: options.notifyURL)
    }

    /// `options.begin` read here, for clients that send its text without reading it
    /// themselves (the HTTP API): relative to the submission, in the controller's zone.
    static func beginTime(_ options: JobOptions, at now: Double) throws(WireError) -> Double? {
        do {
            return try options.resolvedBegin(now: now, utcOffset: TimeZone.current.secondsFromGMT())
        } catch {
            throw WireError(.invalidArgument, "\(error)", field: "begin")
        }
    }

    /// A comment as stored: checked as `--comment` is on the command line, nil when empty.
    static func checkedComment(_ text: String?) throws(WireError) -> String? {
        guard let text else { return nil }
        var checked = JobOptions()
        do {
            try checked.set(option: "comment", value: text)
        } catch {
            throw WireError(.invalidArgument, "\(error)", field: "comment")
        }
        return text.isEmpty ? nil : text
    }

    /// Executor options checked as `--executor-option` is on the command line, for clients
    /// that do not check them themselves.
    static func checkedExecutorOptions(_ given: [String: String]) throws(WireError) -> [String: String] {
        var checked = JobOptions()
        for (key, value) in given.sorted(by: { $0.key < $1.key }) {
            do {
                try checked.setExecutorOption(key: key, value: value, option: "executor-option")
            } catch {
                throw WireError(.invalidArgument, "\(error)", field: "executor_options")
            }
        }
        return given
    }

    /// `--mail-type` and `--mail-user` checked as on the command line, for clients that do
    /// not check them themselves: the address becomes an argument of MailProg.
    static func checkMail(_ options: JobOptions) throws(WireError) {
        var checked = JobOptions()
        for (option, value) in [("mail-type", options.mailType), ("mail-user", options.mailUser)] {
            guard let value else { continue }
            do {
                try checked.set(option: option, value: value)
            } catch {
                throw WireError(.invalidArgument, "\(error)", field: option.replacingOccurrences(of: "-", with: "_"))
            }
        }
    }

    /// `--notify-url`: a URL the controller posts to, on a host `NotifyAllowedHosts` lists,
    /// so that a user cannot make the controller send requests to any other address.
    func checkNotifyURL(_ text: String?) throws(WireError) {
        guard let text else { return }
        let url: WebhookURL
        switch WebhookURL.parse(text) {
        case .success(let parsed): url = parsed
        case .failure(let error):
            throw WireError(.invalidArgument, "invalid --notify-url '\(text)': \(error)", field: "notify_url")
        }
        guard self.settings.notifyAllowedHosts.allows(url) else {
            let allowed = self.settings.notifyAllowedHosts.entries
            throw WireError(
                .invalidArgument,
                allowed.isEmpty
                    ? "--notify-url is off on this cluster: NotifyAllowedHosts lists no hosts"
                    : "--notify-url host \(url.host):\(url.port) is not in NotifyAllowedHosts (\(allowed.joined(separator: ",")))",
                field: "notify_url")
        }
    }

    /// The job name Slurm would give: the script's file name without directories.
    static func jobName(fromFile path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base.hasSuffix(".qasm") ? String(base.dropLast(5)) : base
    }

    /// The ended states a listing of `query` reads from the store, or nil when it reads none:
    /// ended jobs are listed when asked for, when a state filter names one, or when jobs are
    /// named by id.
    static func storedStates(for query: JobQuery) -> Set<JobState>? {
        let states = query.states.map(Set.init)
        guard query.includeFinished || (states?.contains { $0.isFinished } ?? false) || query.ids != nil else {
            return nil
        }
        let ended = states.map { $0.filter(\.isFinished) } ?? Set(JobState.allCases.filter(\.isFinished))
        return ended.isEmpty ? nil : ended
    }

    /// The store's and the live queue's selection for `query` (all of it but the limit and order).
    static func filter(for query: JobQuery) -> JobFilter {
        var filter = JobFilter(
            ids: query.ids, users: query.users, states: query.states.map(Set.init), qpus: query.qpus,
            names: query.names)
        filter.references = query.references
        return filter
    }

    /// Jobs matching `query`: the live queue from memory, finished ones from the store.
    public func listJobs(_ query: JobQuery) async throws(WireError) -> [Job] {
        var filter = Self.filter(for: query)
        filter.limit = query.limit
        filter.order = .idDescending
        let limit = query.limit ?? .max
        var jobs: [Job] = []
        for id in self.active.ids() {
            guard jobs.count < limit else { break }
            if let job = self.active[id], filter.matches(job) { jobs.append(job) }
        }
        if jobs.count < limit, let storedStates = Self.storedStates(for: query) {
            filter.states = storedStates
            let listed = Set(jobs.map(\.id))
            let wanted = filter
            let finished = try await self.readStore("finished jobs") { try $0.jobs(matching: wanted) }
            // A job that ended while the store was read is listed once, as it was live.
            jobs += finished.lazy.filter { !listed.contains($0.id) && self.active[$0.id] == nil }.prefix(
                limit - jobs.count)
        }
        return jobs
    }

    /// One job and its history.
    public func showJob(_ id: JobID, by caller: Caller) async throws(WireError) -> ShowJobRequest.Response {
        let job = try await self.job(id, visibleTo: caller)
        let events = try await self.readStore("the history of job \(id)") { try $0.events(of: id) }
        return ShowJobRequest.Response(job: job, events: events)
    }

    /// A finished job's results; only its owner and admins may read them.
    public func result(_ id: JobID, by caller: Caller) async throws(WireError) -> ResultRequest.Response {
        let job = try await self.job(id, visibleTo: caller)
        try Authorization.check(.readResult, on: job, by: caller)
        guard job.state.isFinished else {
            throw WireError(.conflict, "job \(id) is \(job.state.rawValue); results exist once it has ended")
        }
        let stored = try await self.readStore("the result of job \(id)") { try $0.result(of: id) }
        guard let stored else {
            throw WireError(
                .notFound, "job \(id) ended \(job.state.rawValue) without results\(job.message.map { ": \($0)" } ?? "")"
            )
        }
        return ResultRequest.Response(job: job, results: stored.results)
    }

    /// Cancels the selected pending and running jobs that the caller may cancel.
    public func cancel(_ query: JobQuery, by caller: Caller) async throws(WireError) -> CancelRequest.Response {
        var candidates: [Job] = []
        var refused: [CancelRequest.Refusal] = []
        if let ids = query.ids {
            for id in ids {
                do {
                    candidates.append(try await self.job(id, visibleTo: caller))
                } catch {
                    refused.append(.init(jobID: id, error: error))
                }
            }
        } else if let references = query.references {
            // Every task of a named array, and the tasks named one by one (`12`, `12_3`).
            var named = JobQuery(includeFinished: true, references: references)
            named.users = query.users
            candidates = try await self.listJobs(named, by: caller)
            for reference in references where !candidates.contains(where: { $0.isNamed(by: reference) }) {
                refused.append(.init(jobID: reference.jobID, error: WireError(.notFound, "no job \(reference)")))
            }
        } else {
            guard query.users != nil || query.states != nil else {
                throw WireError(.invalidArgument, "name jobs to cancel, or select them with a user or state filter")
            }
            candidates = try await self.listJobs(JobQuery(users: query.users, states: query.states), by: caller)
        }
        var cancelled: [JobID] = []
        for job in candidates {
            do {
                try Authorization.check(.cancel, on: job, by: caller)
            } catch {
                refused.append(.init(jobID: job.id, error: error))
                continue
            }
            if let states = query.states, !states.contains(job.state) { continue }
            guard !job.state.isFinished else {
                refused.append(
                    .init(
                        jobID: job.id,
                        error: WireError(.conflict, "job \(job.reference) already ended \(job.state.rawValue)"))
                )
                continue
            }
            if try await self.cancelActive(job.id, by: caller) { cancelled.append(job.id) }
        }
        return CancelRequest.Response(cancelled: cancelled, refused: refused)
    }

    /// QPUs with their job counts, as `qinfo` shows them.
    public func listQPUs() -> [QPUStatus] {
        var running: [String: Int] = [:]
        var pending: [String: Int] = [:]
        for job in self.active.records {
            if job.state == .running, let qpu = job.qpu { running[qpu, default: 0] += 1 }
            if job.state == .pending, let qpu = job.requestedQPU { pending[qpu, default: 0] += 1 }
        }
        return self.fleet.members.values.map { member in
            QPUStatus(
                qpu: member.qpu, runningJobs: running[member.qpu.name] ?? 0,
                pendingJobs: pending[member.qpu.name] ?? 0)
        }.sorted { $0.qpu.name < $1.qpu.name }
    }

    /// A job from the live queue or the store.
    func job(_ id: JobID) async throws(WireError) -> Job {
        if let job = self.active[id] { return job }
        let stored = try await self.readStore("job \(id)") { try $0.job(id) }
        guard let stored else { throw WireError(.notFound, "no job \(id)", field: "job_id") }
        return stored
    }

    /// Cancels one live job; a running one is also stopped on its node.
    func cancelActive(_ id: JobID, by caller: Caller) async throws(WireError) -> Bool {
        let changed: Bool
        do {
            changed = try await !self.store.cancel([id], by: caller.user, time: self.now()).isEmpty
        } catch {
            throw WireError(.unavailable, "cannot cancel job \(id): \(error)")
        }
        guard changed, let job = self.active.removeValue(forKey: id) else { return false }
        await self.jobEnded(id)
        self.logger.info("job cancelled", metadata: ["job": "\(id)", "by": "\(caller.user)"])
        if job.state == .running, let qpu = job.qpu, let dispatchID = job.dispatchID,
            let link = self.fleet[qpu]?.session.link
        {
            try? await link.send(.cancel(JobRef(jobID: id, dispatchID: dispatchID)))
        }
        return true
    }
}
