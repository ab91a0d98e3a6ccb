import QPITesting
import Testing

/// Every end-to-end suite nests here, so they run one at a time even under `swift test
/// --parallel`: each starts several daemons, and two cores are all the machine has. The
/// time limit is a last resort; every wait inside a test has its own, shorter deadline.
@Suite(.serialized, .timeLimit(.minutes(10))) enum ClusterSuite {
    /// Settings for a test about what stays in the controller's queue while a QPU is busy:
    /// the QPU takes one job at a time, none waits on its node (DispatchDepth).
    static let oneAtATime = ["DispatchDepth": "1"]
}

/// A cluster that exists for the body only: started, handed over, always stopped.
///
/// When the body throws, the error is rethrown with the tail of every daemon's log,
/// captured before the harness deletes them.
func withCluster<T>(
    qpus: [ClusterQPU] = [ClusterQPU("sim0")],
    settings: [String: String] = [:],
    daemons: Bool = true,
    linkPorts: Int? = nil,
    _ body: (ClusterHarness) async throws -> T
) async throws -> T {
    let cluster = try await ClusterHarness.start(
        qpus: qpus, settings: settings, daemons: daemons, linkPorts: linkPorts)
    defer { cluster.stop() }
    do {
        return try await body(cluster)
    } catch {
        throw ClusterTestFailure(error: error, logs: cluster.logTail())
    }
}

/// A test's error together with what the daemons logged before it.
struct ClusterTestFailure: Error, CustomStringConvertible {
    var error: any Error
    var logs: String
    var description: String { "\(self.error)\n\(self.logs)" }
}

extension ClusterHarness {
    /// The daemons' log tails as an expectation's comment; only built when it fails.
    var logs: Comment { Comment(rawValue: self.logTail()) }
}
