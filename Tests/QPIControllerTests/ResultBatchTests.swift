import QPICore
import QPITesting
import QPIWire
import Testing

@testable import QPIController

/// Results a node sent together are committed together, each still exactly once, and one
/// the store refuses holds none of the others back.
struct ResultBatchTests {
    static func outcome(_ ref: JobRef, timeTaken: Double = 0.001) -> JobOutcome {
        let result = CircuitResult(name: "bell", counts: ["00": 8], shots: 8, seed: 1, timeTaken: timeTaken)
        return JobOutcome(ref: ref, status: .completed, results: [result], message: nil, deviceSeconds: 0.01)
    }

    static func dispatchThree(_ cluster: InProcessController) async throws -> [JobRef] {
        var refs: [JobRef] = []
        for _ in 0..<3 {
            let id = try await cluster.controller.submit(cluster.request(), by: cluster.caller("alice"))
            refs.append(try await cluster.dispatch(of: id, on: cluster.link))
        }
        return refs
    }

    @Test func resultsSentTogetherEndEveryJobOnceAndAreAcknowledged() async throws {
        var settings = ControllerSettings()
        settings.dispatchDepth = 3
        let cluster = try await InProcessController(settings: settings)
        let refs = try await Self.dispatchThree(cluster)
        await cluster.controller.nodeResults(qpu: "q1", outcomes: refs.map { Self.outcome($0) })
        for ref in refs {
            let job = try await cluster.controller.showJob(ref.jobID, by: cluster.caller("alice")).job
            #expect(job.state == .completed && job.qpuSeconds == 0.01, "\(job)")
        }
        #expect(cluster.link.acknowledged == refs)

        // Sent again (the node missed the acknowledgements): nothing changes, nothing is
        // charged twice, and they are acknowledged again.
        await cluster.controller.nodeResults(qpu: "q1", outcomes: refs.map { Self.outcome($0) })
        let usage = try await cluster.controller.showJob(refs[0].jobID, by: cluster.caller("alice")).job
        #expect(usage.qpuSeconds == 0.01)
        #expect(cluster.link.acknowledged == refs + refs)
    }

    @Test func aResultTheStoreRefusesHoldsBackNoOther() async throws {
        var settings = ControllerSettings()
        settings.dispatchDepth = 3
        let cluster = try await InProcessController(settings: settings)
        let refs = try await Self.dispatchThree(cluster)
        // A run time that is not a number cannot be stored as JSON.
        let outcomes = [Self.outcome(refs[0]), Self.outcome(refs[1], timeTaken: .nan), Self.outcome(refs[2])]
        await cluster.controller.nodeResults(qpu: "q1", outcomes: outcomes)
        let states = try await refs.asyncMap {
            try await cluster.controller.showJob($0.jobID, by: cluster.caller("alice")).job.state
        }
        #expect(states == [.completed, .running, .completed])
        // The refused one is not acknowledged: its node keeps it spooled.
        #expect(cluster.link.acknowledged == [refs[0], refs[2]])
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
