import Foundation
import QPIAuth
import QPIClient
import QPIControllerClient
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `kill -9` of `qpictld` at any moment: no acknowledged job is lost, none runs twice
    /// to completion, none is charged twice.
    @Suite struct ControllerCrashTests {
        static let jobs = 900
        static let request = SubmitRequest(
            scripts: [ScriptFile(name: "one.qasm", text: Circuits.one)], options: JobOptions(shots: 8),
            circuitCount: 1, qubits: 1)
        /// qpu_seconds given to the submitting user before the test, so charges show. Enough
        /// for both QPUs' jobs at once: a dispatch may promise no more than the balance left
        /// after the time limits (DefaultTime, 1 h) of the user's running jobs.
        static let balance = 10_000.0

        @Test(arguments: ClusterStorage.Engine.allCases)
        func everyAcknowledgedJobEndsExactlyOnceAcrossControllerKills(_ engine: ClusterStorage.Engine) async throws {
            let storage = try ClusterStorage(engine)
            let executors = try ScriptedExecutors()
            // Jobs cannot finish until the gate opens, so all acknowledged jobs stay in
            // flight (pending or running) through the kills during submission.
            let gated = try executors.gated("drain")
            let qpus = [ClusterQPU("q0", executorCommand: gated), ClusterQPU("q1", executorCommand: gated)]
            // Each kill may requeue the two running jobs; they must not run out of requeues.
            let settings = storage.settings.merging(["MaxRequeue": "20"]) { $1 }
            try await withCluster(qpus: qpus, settings: settings, daemons: false) { cluster in
                let user = UserDirectory().name(for: getuid())
                try await Self.giveBalance(Self.balance, to: user, in: storage.open(cluster))
                try await cluster.startDaemons()

                let load = SubmissionLoad(cluster, request: Self.request)
                // The submitters go on until both kills are done, so each kill meets submissions.
                async let submitted: Void = load.runUntilStopped(
                    clients: 4, atLeast: Self.jobs, atMost: 20_000, pace: .milliseconds(2), within: .seconds(240))
                // Two kills during the submissions, with at least 500 jobs in flight.
                for threshold in [500, 700] {
                    _ = try await cluster.waitFor("\(threshold) acknowledged submissions", within: .seconds(120)) {
                        load.acknowledgedIDs.count >= threshold ? true : nil
                    }
                    try await Self.killAndRestartController(cluster)
                }
                load.stop()
                try await submitted
                let acknowledged = load.acknowledgedIDs
                #expect(acknowledged.count >= Self.jobs)
                #expect(Set(acknowledged).count == acknowledged.count, "an id was acknowledged twice")

                // A kill with every job in flight, then one while the queue drains.
                try await Self.killAndRestartController(cluster)
                executors.open("drain")
                _ = try await cluster.waitFor("300 jobs to complete", within: .seconds(120)) {
                    try await Self.completed(among: acknowledged, in: cluster) >= 300 ? true : nil
                }
                try await Self.killAndRestartController(cluster)
                _ = try await cluster.waitFor(
                    "every acknowledged job to complete", within: .seconds(240), every: .seconds(1)
                ) {
                    try await Self.completed(among: acknowledged, in: cluster) == acknowledged.count ? true : nil
                }

                // Read the store itself, after a clean shutdown.
                for qpu in qpus { cluster.stop(.node(qpu.name)) }
                #expect(cluster.stop(.controller) == .exited(0), cluster.logs)
                let store = try storage.open(cluster)
                let problems = try Self.exactlyOnceProblems(acknowledged, user: user, in: store)
                try await store.close()
                #expect(
                    problems.isEmpty,
                    "\(problems.count) problems (\(load.failedCount) submissions were retried), first: \(problems.prefix(10))"
                )
            }
        }

        static func killAndRestartController(_ cluster: ClusterHarness) async throws {
            try cluster.restart(.controller)
            try await cluster.waitUntilAnswering()
        }

        /// Sets `user`'s balance in `store` before `qpictld` first opens it, and closes it.
        static func giveBalance(_ seconds: Double, to user: String, in store: JobStore) async throws {
            try await store.ensureUser(user, uid: getuid())
            try await store.setBalance(user, qpuSeconds: seconds)
            try await store.close()
        }

        /// How many of `ids` the controller reports COMPLETED.
        static func completed(among ids: [JobID], in cluster: ClusterHarness) async throws -> Int {
            let client = try cluster.client()
            defer { client.close() }
            let query = JobQuery(ids: ids, states: [.completed], includeFinished: true)
            return try await client.call(ListJobsRequest(query: query)).jobs.count
        }

        /// Everything that breaks exactly-once in the store: for each acknowledged job, one
        /// COMPLETED end with one full result; no job stored twice, left unfinished or ended
        /// otherwise (acknowledged or not); the user charged once per job.
        static func exactlyOnceProblems(_ acknowledged: [JobID], user: String, in store: JobStore) throws -> [String] {
            var problems: [String] = []
            let terminal: Set<JobEvent.Kind> = [.completed, .failed, .cancelled, .timedOut, .nodeFailed]
            for id in acknowledged {
                guard let job = try store.job(id) else {
                    problems.append("job \(id) was acknowledged but is not stored")
                    continue
                }
                let ends = try store.events(of: id).filter { terminal.contains($0.kind) }.map(\.kind)
                if job.state != .completed || ends != [.completed] {
                    problems.append("job \(id) is \(job.state.rawValue) with ends \(ends)")
                }
                let counts = try store.result(of: id)?.results.map { $0.counts.values.reduce(0, +) }
                if counts != [job.shots] {
                    problems.append("job \(id) has result counts \(String(describing: counts))")
                }
            }
            let all = try store.jobs(matching: JobFilter())
            // Every submission was retried under its id until acknowledged, so a stored job
            // nobody was acknowledged for is a second copy of a retried one.
            let acknowledgedSet = Set(acknowledged)
            let duplicates = all.filter { !acknowledgedSet.contains($0.id) }.map(\.id)
            if !duplicates.isEmpty {
                problems.append("\(duplicates.count) duplicated submissions stored: \(duplicates.prefix(10))")
            }
            for job in all where job.state != .completed {
                problems.append(
                    "job \(job.id) (acknowledged: \(acknowledged.contains(job.id))) ended \(job.state.rawValue)")
            }
            let charged = Self.balance - (try store.balance(of: user) ?? Self.balance)
            let used = all.reduce(0) { $0 + $1.qpuSeconds }
            if abs(charged - used) > 1e-9 {
                problems.append("charged \(charged) qpu_seconds for jobs that used \(used)")
            }
            return problems
        }
    }
}
