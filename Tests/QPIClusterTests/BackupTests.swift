import Foundation
import QPIClient
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qctl backup FILE` while jobs are being submitted, then the README's restore: a new
    /// `qpictld` on the copy knows every job acknowledged before the backup, and no job
    /// acknowledged after it.
    @Suite struct BackupTests {
        static let request = SubmitRequest(
            scripts: [ScriptFile(name: "one.qasm", text: Circuits.one)], options: JobOptions(shots: 16),
            circuitCount: 1, qubits: 1)

        @Test func backupWhileSubmittingRestoresEveryAcknowledgedJob() async throws {
            try await withCluster { cluster in
                let client = try ControllerClient(
                    url: "tcp://127.0.0.1:\(cluster.controlPort)", mungeSocket: cluster.mungeSocket)
                defer { client.close() }
                var finished: [JobID: [CircuitResult]] = [:]
                for _ in 0..<5 {
                    let id = try await client.call(Self.request).jobID
                    #expect(try await cluster.waitForJob(id).state == .completed)
                    finished[id] = try await client.call(ResultRequest(jobID: id)).results
                }

                let load = SubmissionLoad(cluster, request: Self.request)
                // The submitters go on until the backup has answered, so it runs under their load.
                async let submitted: Void = load.runUntilStopped(
                    clients: 2, atLeast: 200, atMost: 20_000, pace: .milliseconds(5), within: .seconds(120))
                _ = try await cluster.waitFor("60 acknowledged submissions", within: .seconds(60)) {
                    load.acknowledgedIDs.count >= 60 ? true : nil
                }
                let acknowledgedBefore = load.acknowledgedIDs
                let file = cluster.path(of: "backup/qpi-backup.db")
                try FileManager.default.createDirectory(
                    atPath: cluster.path(of: "backup"), withIntermediateDirectories: true)
                let backup = try await cluster.run("qctl", ["backup", file])
                let countAtReply = load.acknowledgedIDs.count
                load.stop()
                #expect(backup.succeeded, "\(backup)")
                #expect(backup.stdout.contains("Backed up to \(file)"), "\(backup)")
                try await submitted
                // Acknowledged after the backup ended: in no backup.
                let laterIDs =
                    Array(load.acknowledgedIDs.dropFirst(countAtReply)) + [
                        try await client.call(Self.request).jobID
                    ]
                #expect(try JobStore.integrityProblems(ofFileAt: file) == [])

                // Let the queue drain so no node holds a result the restored controller never dispatched.
                let all = Array(Set(load.acknowledgedIDs + laterIDs))
                _ = try await cluster.waitFor("every job to end", within: .seconds(120), every: .seconds(1)) {
                    let jobs = try await client.call(ListJobsRequest(query: JobQuery(ids: all, includeFinished: true)))
                        .jobs
                    return jobs.count == all.count && jobs.allSatisfy(\.state.isFinished) ? true : nil
                }

                // Restore as the README says: stop qpictld, copy the file as the state DB, start.
                #expect(cluster.stop(.controller) == .exited(0), cluster.logs)
                let state = cluster.stateDirectory
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: "\(state)/\(JobStore.fileName)\(suffix)")
                }
                try FileManager.default.copyItem(atPath: file, toPath: "\(state)/\(JobStore.fileName)")
                try cluster.start(.controller)
                try await cluster.waitUntilIdle(within: .seconds(60))

                let restored = try ControllerClient(
                    url: "tcp://127.0.0.1:\(cluster.controlPort)", mungeSocket: cluster.mungeSocket)
                defer { restored.close() }
                for (id, results) in finished {
                    let reply = try await restored.call(ResultRequest(jobID: id))
                    #expect(reply.job.state == .completed)
                    #expect(reply.results == results, "job \(id)'s result differs after the restore")
                }
                // Jobs in flight at the backup run again on the restored controller.
                let wanted = Set(acknowledgedBefore)
                _ = try await cluster.waitFor(
                    "every job acknowledged before the backup to complete", within: .seconds(120), every: .seconds(1)
                ) {
                    let jobs = try await restored.call(
                        ListJobsRequest(query: JobQuery(ids: Array(wanted), includeFinished: true))
                    ).jobs
                    return Set(jobs.map(\.id)) == wanted && jobs.allSatisfy { $0.state == .completed } ? true : nil
                }
                let later = try await restored.call(
                    ListJobsRequest(query: JobQuery(ids: laterIDs, includeFinished: true)))
                #expect(
                    later.jobs.isEmpty, "jobs acknowledged after the backup ended are in it: \(later.jobs.map(\.id))")
            }
        }

        @Test func backupRefusesExistingFilesRelativePathsAndNonAdmins() async throws {
            try await withCluster { cluster in
                let file = cluster.path(of: "copy.db")
                #expect(try await cluster.run("qctl", ["backup", file]).succeeded)
                let again = try await cluster.run("qctl", ["backup", file])
                #expect(again.exitStatus == 1)
                #expect(again.stderr.contains("exists"), "\(again)")
                let forced = try await cluster.run("qctl", ["backup", "--force", "--json", file])
                #expect(forced.succeeded, "\(forced)")
                #expect(forced.stdout.contains("\"bytes\""), "\(forced)")

                let relative = try await cluster.run("qctl", ["backup", "copy.db"])
                #expect(relative.exitStatus != 0)
                #expect(relative.stderr.contains("absolute path"), "\(relative)")

                let user = try await cluster.run("qctl", ["backup", cluster.path(of: "user.db")], as: .alice)
                #expect(user.exitStatus == 1)
                #expect(user.stderr.contains("back up the controller's database"), "\(user)")
                #expect(!FileManager.default.fileExists(atPath: cluster.path(of: "user.db")))

                let missing = try await cluster.run("qctl", ["backup", cluster.path(of: "no/such/dir/copy.db")])
                #expect(missing.exitStatus == 1)
                #expect(missing.stderr.contains("no/such/dir"), "\(missing)")
            }
        }
    }
}
