import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPITransport
import QPIWire
import Testing

extension ClusterSuite {
    /// Attacks on the QPU links (issue 18, items 1 and 2), made as an attacker would make
    /// them: a hand-written peer on a real link port of a real cluster.
    @Suite struct NodeLinkSecurityTests {
        /// Enough for both jobs' time limits at once (a dispatch may promise no more than the
        /// balance left after the running jobs' limits).
        static let balance = 1_000.0

        /// A node whose host is compromised holds the munge key and says a valid hello for
        /// its own QPU. It must still not end another QPU's job, claim another QPU's job as
        /// running, or bill more than its own job can have used.
        @Test func aNodeEndsOnlyItsOwnQPUsJobsAndIsPaidNoMoreThanTheyCanHaveUsed() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("q0", executorCommand: try executors.gated("victim")), ClusterQPU("q1")]
            // The attacker sends no heartbeats: q1 must not go down meanwhile.
            try await withCluster(qpus: qpus, settings: ["NodeTimeout": "10m"]) { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=\(Self.balance)"])
                let victim = try await cluster.submit(
                    Circuits.one, ["--qpu", "q0", "--shots", "8", "--time", "0:60"], as: .alice)
                let running = try await cluster.waitForJob(victim, "to run on q0") { $0.state == .running }
                let victimRef = JobRef(jobID: victim, dispatchID: try #require(running.dispatchID))

                // The attacker takes q1's link and claims q0's job as its own.
                #expect(cluster.stop(.node("q1")) != nil)
                let rogue = try await RogueNode(dialing: "q1", in: cluster)
                defer { rogue.close() }
                try await rogue.helloAsNode(of: "q1", running: [victimRef])
                let forged = CircuitResult(name: "forged", counts: ["0": 8], shots: 8, seed: nil, timeTaken: 0)
                try await rogue.send(
                    .result(
                        JobOutcome(
                            ref: victimRef, status: .completed, results: [forged], message: nil,
                            deviceSeconds: 1_000_000)))
                _ = try await rogue.receive("answer to the forged result", within: .seconds(30)) { message in
                    if case .resultStored(let ref) = message, ref == victimRef { return true }
                    return nil
                }
                let untouched = try await cluster.show(victim).job
                #expect(untouched.state == .running && untouched.qpu == "q0", "a forged result ended \(untouched)")
                #expect(try await cluster.balance(of: alice) == Self.balance, "a forged result charged alice")

                // q1 is not made busy by the claim: its own job reaches the attacker, whose
                // bill for it is cut to what the run can have used.
                let own = try await cluster.submit(Circuits.one, ["--qpu", "q1", "--time", "0:30"], as: .alice)
                let dispatch = try await rogue.receive("dispatch of job \(own)", within: .seconds(60)) { message in
                    if case .dispatch(let dispatch) = message, dispatch.ref.jobID == own { return dispatch }
                    return nil
                }
                let result = CircuitResult(name: "c", counts: ["1": 8], shots: 8, seed: nil, timeTaken: 0)
                try await rogue.send(
                    .result(
                        JobOutcome(
                            ref: dispatch.ref, status: .completed, results: [result], message: nil,
                            deviceSeconds: 1_000_000)))
                let billed = try await cluster.waitForJob(own, within: .seconds(30))
                #expect(billed.state == .completed)
                #expect(billed.qpuSeconds <= 30, "a node billed \(billed.qpuSeconds) s for a 30 s job")
                let balance = try #require(try await cluster.balance(of: alice))
                #expect(abs(balance - (Self.balance - billed.qpuSeconds)) < 1e-9, "balance \(balance)")

                // The victim's own node finishes it with the true counts.
                executors.open("victim")
                let genuine = try await cluster.waitForJob(victim, within: .seconds(60))
                #expect(genuine.state == .completed, cluster.logs)
                let counts = try await cluster.run("qresult", [String(victim)], as: .alice)
                #expect(counts.stdout.contains("1") && !counts.stdout.contains("forged"), "\(counts)")
            }
        }

        /// A node that skips its own telemetry limit, and dates its events as it likes, is
        /// limited again at the controller and stored at the controller's time (issue 18,
        /// item 12).
        @Test func aNodeFloodingTelemetryIsCutAtTheControllerAndStoredAtItsTime() async throws {
            try await withCluster(qpus: [ClusterQPU("q0")], settings: ["NodeTimeout": "10m"]) { cluster in
                #expect(cluster.stop(.node("q0")) != nil)
                let rogue = try await RogueNode(dialing: "q0", in: cluster)
                defer { rogue.close() }
                try await rogue.helloAsNode(of: "q0")
                let started = Date().timeIntervalSince1970
                let future = started + 1_000 * 86_400
                for index in 0..<1_000 {
                    try await rogue.send(
                        .telemetry(
                            TelemetryEvent(time: future, kind: "cryostat", data: ["n": Double(index)], droppedBefore: 0)
                        ))
                }
                // The link is read in order: the answer to this comes after every event was handled.
                let probe = JobRef(jobID: 999_999, dispatchID: 1)
                let outcome = JobOutcome(
                    ref: probe, status: .cancelled, results: nil, message: "probe", deviceSeconds: 0)
                try await rogue.send(.result(outcome))
                _ = try await rogue.receive("answer to the probe", within: .seconds(60)) { message in
                    if case .resultStored(let ref) = message, ref == probe { return true }
                    return nil
                }
                let stored = try await cluster.document(
                    ListJSON<TelemetryJSON>.self, "qinfo", ["-q", "q0", "--telemetry", "--json", "--limit", "10000"]
                ).items
                #expect(!stored.isEmpty && stored.count < 1_000, "stored \(stored.count) of 1,000 events")
                let now = Date().timeIntervalSince1970
                #expect(
                    stored.map(\.time.timeIntervalSince1970).allSatisfy { $0 >= started - 1 && $0 <= now + 1 },
                    "times \(stored.map(\.time).max() ?? .distantPast)")
            }
        }

        /// Bare connections to a link port, with no credential, while the node holds the
        /// link: each is refused, and its going must not take the QPU down.
        @Test func strangersDiallingALinkPortDoNotTakeItsQPUDown() async throws {
            try await withCluster(qpus: [ClusterQPU("q0")]) { cluster in
                for _ in 0..<3 {
                    let stranger = try await RogueNode(dialing: "q0", in: cluster)
                    stranger.close()
                }
                let id = try await cluster.submit(Circuits.one)
                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .completed, cluster.logs)
                let q0 = try await cluster.qpuStatuses().first { $0.qpu.name == "q0" }
                #expect(q0?.qpu.state == .idle, "q0 is \(String(describing: q0?.qpu.state))")
            }
        }

        /// A stranger that connects while the node is away and never says hello cannot
        /// keep the link from the node when it comes back.
        @Test func aSilentStrangerCannotHoldAFreeLink() async throws {
            try await withCluster(qpus: [ClusterQPU("q0")]) { cluster in
                #expect(cluster.stop(.node("q0")) != nil)
                _ = try await cluster.waitFor("q0 to be down", within: .seconds(60)) {
                    try await cluster.qpuStatuses().first { $0.qpu.name == "q0" }?.qpu.state == .down ? true : nil
                }
                let stranger = try await RogueNode(dialing: "q0", in: cluster)
                defer { stranger.close() }
                try cluster.start(.node("q0"))
                _ = try await cluster.waitFor("q0's node to take its link back", within: .seconds(60)) {
                    try await cluster.qpuStatuses().first { $0.qpu.name == "q0" }?.qpu.state == .idle ? true : nil
                }
                let id = try await cluster.submit(Circuits.one)
                #expect(try await cluster.waitForJob(id, within: .seconds(60)).state == .completed, cluster.logs)
            }
        }
    }
}
