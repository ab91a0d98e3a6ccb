import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

/// One change the event stream reports: a job's or a QPU's new state, or a keep-alive.
enum ChangeEvent: Sendable {
    case job(Job)
    case qpu(QPUStatus)
    case keepAlive
}

/// Job and QPU changes for `GET /api/events`, observed from the controller's own answers
/// (the live queue and `qinfo`'s list) so no rule about when things change is repeated
/// here. While anyone listens, it compares snapshots every `interval` seconds and sends
/// each changed job and QPU once; a job that leaves the live queue is sent in its final
/// state. With no listener it does nothing.
actor ChangeFeed {
    let controller: ClusterController
    let interval: Duration
    /// A comment line every this many polls keeps proxies from closing an idle stream.
    let keepAliveEvery = 30
    /// Each stream's user and, under `PrivateData=jobs`, the only uid whose jobs it shows.
    private var subscribers:
        [Int: (user: String, onlyUID: UInt32?, continuation: AsyncStream<ChangeEvent>.Continuation)] =
            [:]
    /// Streams one user may hold open at once.
    let maxStreamsPerUser: Int
    /// Streams all users together may hold open at once.
    let maxStreams: Int
    private var nextID = 0
    private var jobs: [JobID: Job] = [:]
    /// The highest job id seen so far, live or ended: a newer job that is already ended at
    /// a poll was born and finished between two polls and is reported once, in its end state.
    private var highestJobID: JobID = 0
    /// How many of the newest ended jobs each poll reads to find those short-lived ones.
    let recentlyEndedWindow = 256
    private var qpus: [String: QPUStatus] = [:]
    private var polling: Task<Void, Never>?

    init(
        controller: ClusterController, interval: Duration = .milliseconds(250), maxStreamsPerUser: Int = 8,
        maxStreams: Int = 256
    ) {
        self.controller = controller
        self.interval = interval
        self.maxStreamsPerUser = maxStreamsPerUser
        self.maxStreams = maxStreams
    }

    /// A stream of changes from now on for `user`; it ends when the listener's task is
    /// cancelled. Refused (429, 503) while the user, or everyone together, holds the most
    /// streams allowed: each costs the controller a connection and a buffer.
    func subscribe(_ caller: Caller) async throws -> AsyncStream<ChangeEvent> {
        let user = caller.user
        // Under PrivateData=jobs a stream shows its owner's jobs only, judged as the controller judges them.
        let onlyUID = await self.controller.seesOthersJobs(caller) ? nil : caller.uid
        guard self.subscribers.count < self.maxStreams else {
            throw APIError(
                .unavailable, "the controller serves its most event streams (\(self.maxStreams)); retry later")
        }
        guard self.subscribers.values.filter({ $0.user == user }).count < self.maxStreamsPerUser else {
            throw APIError(
                .rateLimited,
                "\(user) already holds \(self.maxStreamsPerUser) event streams, the most allowed; close one first")
        }
        let (stream, continuation) = AsyncStream<ChangeEvent>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
        let id = self.nextID
        self.nextID += 1
        if self.subscribers.isEmpty { await self.takeSnapshot() }
        self.subscribers[id] = (user, onlyUID, continuation)
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        if self.polling == nil {
            self.polling = Task { await self.pollWhileListened() }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        self.subscribers[id] = nil
        if self.subscribers.isEmpty {
            self.polling?.cancel()
            self.polling = nil
        }
    }

    private func pollWhileListened() async {
        var polls = 0
        while !Task.isCancelled, !self.subscribers.isEmpty {
            try? await Task.sleep(for: self.interval)
            polls += 1
            for event in await self.changes() { self.send(event) }
            if polls % self.keepAliveEvery == 0 { self.send(.keepAlive) }
        }
    }

    private func send(_ event: ChangeEvent) {
        for subscriber in self.subscribers.values {
            if case .job(let job) = event, let uid = subscriber.onlyUID, job.uid != uid { continue }
            subscriber.continuation.yield(event)
        }
    }

    private func takeSnapshot() async {
        let live = (try? await self.controller.listJobs(JobQuery())) ?? []
        self.jobs = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
        let ended = await self.recentlyEnded()
        self.highestJobID = (live + ended).map(\.id).max() ?? 0
        self.qpus = Dictionary(uniqueKeysWithValues: await self.controller.listQPUs().map { ($0.qpu.name, $0) })
    }

    /// The newest ended jobs, newest first.
    private func recentlyEnded() async -> [Job] {
        let ended = JobState.allCases.filter(\.isFinished)
        return (try? await self.controller.listJobs(JobQuery(states: ended, limit: self.recentlyEndedWindow))) ?? []
    }

    /// What changed since the last snapshot, and the new snapshot.
    private func changes() async -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        guard let live = try? await self.controller.listJobs(JobQuery()) else { return [] }
        let current = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
        for job in live where self.jobs[job.id] != job { events.append(.job(job)) }
        let gone = self.jobs.keys.filter { current[$0] == nil }.sorted()
        if !gone.isEmpty, let ended = try? await self.controller.listJobs(JobQuery(ids: gone)) {
            events += ended.sorted { $0.id < $1.id }.map(ChangeEvent.job)
        }
        let bornAndEnded = await self.recentlyEnded().filter { $0.id > self.highestJobID && current[$0.id] == nil }
        events += bornAndEnded.sorted { $0.id < $1.id }.map(ChangeEvent.job)
        self.highestJobID = max(self.highestJobID, (live + bornAndEnded).map(\.id).max() ?? 0)
        self.jobs = current
        for status in await self.controller.listQPUs() where self.qpus[status.qpu.name] != status {
            events.append(.qpu(status))
            self.qpus[status.qpu.name] = status
        }
        return events
    }
}
