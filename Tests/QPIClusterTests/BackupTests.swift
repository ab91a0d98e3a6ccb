import Foundation
import QPIClient
import QPIControllerClient
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
                let client = try cluster.client()
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
                let file = "\(cluster.stateDirectory)/backup/qpi-backup.db"
                let backup = try await cluster.run("qctl", ["backup", "qpi-backup.db"])
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

                let restored = try cluster.client()
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

        /// A backup goes into BackupDirectory only, owner-only: before, an administrator's
        /// `qctl backup` wrote a world-readable copy of every token hash and balance wherever
        /// it named (issue 18, item 14).
        @Test func backupStaysInItsDirectoryOwnerOnlyAndRefusesTheRest() async throws {
            try await withCluster { cluster in
                let directory = "\(cluster.stateDirectory)/backup"
                let file = "\(directory)/copy.db"
                let made = try await cluster.run("qctl", ["backup", "copy.db"])
                #expect(made.succeeded && made.stdout.contains("Backed up to \(file)"), "\(made)")
                let manager = FileManager.default
                #expect(try manager.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
                #expect(try manager.attributesOfItem(atPath: directory)[.posixPermissions] as? Int == 0o700)
                let again = try await cluster.run("qctl", ["backup", file])
                #expect(again.exitStatus == 1 && again.stderr.contains("exists"), "\(again)")
                let forced = try await cluster.run("qctl", ["backup", "--force", "--json", file])
                #expect(forced.succeeded && forced.stdout.contains("\"bytes\""), "\(forced)")

                try manager.createSymbolicLink(atPath: "\(directory)/out", withDestinationPath: cluster.path(of: ""))
                for (requested, landing) in [
                    (cluster.path(of: "elsewhere.db"), cluster.path(of: "elsewhere.db")),
                    ("../escaped.db", "\(cluster.stateDirectory)/escaped.db"),
                    ("out/linked.db", cluster.path(of: "linked.db")),
                ] {
                    let refused = try await cluster.run("qctl", ["backup", requested])
                    #expect(refused.exitStatus == 1, "\(refused)")
                    #expect(refused.stderr.contains("only inside BackupDirectory=\(directory)"), "\(refused)")
                    #expect(!manager.fileExists(atPath: landing), "\(requested) was written to \(landing)")
                }
                let missing = try await cluster.run("qctl", ["backup", "no/such/dir/copy.db"])
                #expect(missing.exitStatus == 1 && missing.stderr.contains("BackupDirectory"), "\(missing)")

                let user = try await cluster.run("qctl", ["backup", "user.db"], as: .alice)
                #expect(user.exitStatus == 1)
                #expect(user.stderr.contains("back up the controller's database"), "\(user)")
                #expect(!manager.fileExists(atPath: "\(directory)/user.db"))
            }
        }
    }
}
