import Foundation
import QPIClient
import QPICore
import QPITesting
import QPIWire
import Synchronization

/// Many submissions from several concurrent clients, each keeping only the job ids the
/// controller acknowledged. A submission that fails (the controller was killed, or
/// refused a credential it had already seen before it died) is retried with a new
/// credential but the same submission id, so a job stored before the failure is not
/// submitted twice.
final class SubmissionLoad: Sendable {
    let cluster: ClusterHarness
    let request: SubmitRequest
    /// The controller's address (`ControlAddr=`).
    let address: String
    private let acknowledged = Mutex<[JobID]>([])
    private let failures = Mutex<Int>(0)

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
        let deadline = ContinuousClock.now + limit
        let url = "tcp://\(self.address):\(self.cluster.controlPort)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                let share = jobs / clients + (client < jobs % clients ? 1 : 0)
                group.addTask {
                    let connection = try ControllerClient(
                        url: url, mungeSocket: self.cluster.mungeSocket, timeout: .seconds(10))
                    defer { connection.close() }
                    var done = 0
                    var request = self.request
                    request.submissionID = UUID().uuidString
                    while done < share {
                        guard ContinuousClock.now < deadline else {
                            throw HarnessError(
                                "only \(self.acknowledgedIDs.count) of \(jobs) submissions acknowledged after \(limit)")
                        }
                        do {
                            let id = try await connection.call(request).jobID
                            self.acknowledged.withLock { $0.append(id) }
                            done += 1
                            request.submissionID = UUID().uuidString
                        } catch {
                            self.failures.withLock { $0 += 1 }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
