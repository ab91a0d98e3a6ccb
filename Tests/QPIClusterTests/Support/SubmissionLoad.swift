import Foundation
import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPIWire
import Synchronization

/// Many submissions from several concurrent clients, each keeping only the job ids the
/// controller acknowledged. A submission that fails (the controller was killed, or
/// refused a credential it had already seen before it died) is retried with a new
/// credential but the same submission id, so a job stored before the failure is not
/// submitted twice.
///
/// Two shapes: ``run(jobs:clients:within:)`` submits a fixed number of jobs, for tests that
/// need every job acknowledged before they look; ``runUntilStopped(clients:atLeast:atMost:pace:within:)``
/// keeps submitting until the test calls ``stop()``, so a fault injected before that call
/// always meets submissions in flight, however fast the machine drains a fixed load.
final class SubmissionLoad: Sendable {
    let cluster: ClusterHarness
    let request: SubmitRequest
    /// The controller's address (`ControlAddr=`).
    let address: String
    private let acknowledged = Mutex<[JobID]>([])
    private let failures = Mutex<Int>(0)
    private let progress = Mutex(Progress())

    /// What the clients share to decide whether to submit once more.
    private struct Progress {
        /// Submissions taken by a client, acknowledged or still being retried.
        var claimed = 0
        /// Whether the test said stop (always true for a fixed-size run).
        var stopped = false
        /// The count at or after which no client claims another submission.
        var maximum = 0
        /// The count below which clients go on even after stop.
        var minimum = 0
    }

    init(_ cluster: ClusterHarness, request: SubmitRequest, address: String = "127.0.0.1") {
        self.cluster = cluster
        self.request = request
        self.address = address
    }

    /// Ids acknowledged so far, in the order the answers came.
    var acknowledgedIDs: [JobID] { self.acknowledged.withLock { $0 } }

    /// Submissions that got no id.
    var failedCount: Int { self.failures.withLock { $0 } }

    /// Submits until `jobs` ids are acknowledged, from `clients` concurrent clients, each
    /// with its own connection; gives up with an error after `limit`.
    func run(jobs: Int, clients: Int, within limit: Duration) async throws {
        self.progress.withLock { $0 = Progress(stopped: true, maximum: jobs, minimum: jobs) }
        try await self.submit(clients: clients, pace: nil, within: limit)
    }

    /// Submits from `clients` concurrent clients until ``stop()`` was called and at least
    /// `minimum` ids are acknowledged. Each client submits at most once per `pace`, so the
    /// number of jobs follows the scenario's length rather than the machine's speed.
    ///
    /// - Throws: ``HarnessError`` when `maximum` submissions were made before ``stop()``
    ///   (the scenario ran far longer than it should), or after `limit`.
    func runUntilStopped(
        clients: Int, atLeast minimum: Int, atMost maximum: Int, pace: Duration, within limit: Duration
    ) async throws {
        self.progress.withLock { $0 = Progress(maximum: maximum, minimum: minimum) }
        try await self.submit(clients: clients, pace: pace, within: limit)
        guard self.progress.withLock({ $0.stopped }) else {
            throw HarnessError("the load made its bound of \(maximum) submissions before the test said stop")
        }
    }

    /// Lets a ``runUntilStopped(clients:atLeast:atMost:pace:within:)`` end once its minimum is acknowledged.
    func stop() {
        self.progress.withLock { $0.stopped = true }
    }

    /// Claims the next submission for a client: false when the load is done.
    private func claim() -> Bool {
        self.progress.withLock { progress in
            let enough = progress.stopped && progress.claimed >= progress.minimum
            guard !enough, progress.claimed < progress.maximum else { return false }
            progress.claimed += 1
            return true
        }
    }

    private func submit(clients: Int, pace: Duration?, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        let url = "tcp://\(self.address):\(self.cluster.controlPort)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    let connection = try self.cluster.client(url: url, timeout: .seconds(10))
                    defer { connection.close() }
                    var request = self.request
                    var next = ContinuousClock.now
                    while !Task.isCancelled, self.claim() {
                        request.submissionID = UUID().uuidString
                        while true {
                            guard ContinuousClock.now < deadline else {
                                throw HarnessError(
                                    "only \(self.acknowledgedIDs.count) submissions acknowledged after \(limit)")
                            }
                            do {
                                let id = try await connection.call(request).jobID
                                self.acknowledged.withLock { $0.append(id) }
                                break
                            } catch {
                                self.failures.withLock { $0 += 1 }
                                try await Task.sleep(for: .milliseconds(50))
                            }
                        }
                        if let pace {
                            next = max(next + pace, ContinuousClock.now)
                            try await Task.sleep(until: next, clock: .continuous)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
