import Foundation
import QPICore
import QPITesting
import QPIWire
import Synchronization
import Testing

extension ClusterSuite {
    /// `PrivateData=jobs,usage` (issue 18, item 14): ordinary users see only their own jobs
    /// and usage, wherever they look; administrators see all. Before, every user saw the
    /// whole queue, every job's history and everyone's balance.
    @Suite struct PrivateDataTests {
        @Test func usersSeeOnlyTheirOwnJobsAndUsage() async throws {
            try await withCluster(settings: ["PrivateData": "jobs,usage"]) { cluster in
                let hidden = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let own = try await cluster.submit(Circuits.one, ["--hold"], as: .bob)

                let listing = try await cluster.run("qstat", ["-a"], as: .bob)
                #expect(listing.succeeded && listing.stdout.contains(String(own)), "\(listing)")
                #expect(!listing.stdout.contains(TestUser.alice.name), "bob sees alice's job: \(listing)")
                let named = try await cluster.run("qstat", ["-a", "-u", TestUser.alice.name], as: .bob)
                #expect(named.succeeded && !named.stdout.contains(String(hidden)), "\(named)")
                for command in [["qstat", "-j", String(hidden)], ["qcancel", String(hidden)]] {
                    let refused = try await cluster.run(command[0], Array(command.dropFirst()), as: .bob)
                    #expect(refused.exitStatus != 0 && refused.stderr.contains("no job \(hidden)"), "\(refused)")
                    #expect(!refused.stderr.contains(TestUser.alice.name), "the refusal names alice: \(refused)")
                }
                let bob = HTTPClient(cluster, token: try await cluster.apiToken(as: .bob))
                let jobs = try await bob.get("/api/jobs?user=all")
                #expect(jobs.status == 200 && jobs.items.allSatisfy { $0["user"] as? String == TestUser.bob.name })
                #expect(jobs.items.contains { $0["id"] as? Int == Int(own) }, "\(jobs)")
                #expect(try await bob.get("/api/jobs/\(hidden)").status == 404)

                let others = try await cluster.run("qacct", ["--all-users"], as: .bob)
                #expect(others.exitStatus == 1 && others.stderr.contains("PrivateData=usage"), "\(others)")
                let alices = try await cluster.run("qacct", ["-u", TestUser.alice.name], as: .bob)
                #expect(alices.exitStatus == 1 && alices.stderr.contains("PrivateData=usage"), "\(alices)")
                #expect(try await cluster.run("qacct", [], as: .bob).succeeded)

                // Administrators see all, and the owner sees their own.
                let admin = try await cluster.run("qstat", ["-a"])
                #expect(admin.stdout.contains(String(hidden)) && admin.stdout.contains(String(own)), "\(admin)")
                #expect(try await cluster.run("qacct", ["--all-users"]).succeeded)
                #expect(try await cluster.run("qstat", ["-j", String(hidden)], as: .alice).succeeded)
            }
        }

        /// The event stream, too, shows a user only their own jobs.
        @Test func theEventStreamCarriesOnlyTheUsersOwnJobs() async throws {
            try await withCluster(settings: ["PrivateData": "jobs"]) { cluster in
                let port = cluster.serverPort
                let token = try await cluster.apiToken(as: .bob)
                let (connected, announce) = AsyncStream<Void>.makeStream()
                let ownID = LatestJob()
                let reading = Task {
                    defer { announce.finish() }
                    return try await EventStreamReader.read(
                        port: port, path: "/api/events", token: token, for: .seconds(90),
                        connected: { announce.yield() }
                    ) { text in ownID.value.map { text.contains("\"id\":\($0)") } ?? false }
                }
                var notifications = connected.makeAsyncIterator()
                _ = await notifications.next()
                // The stream sends each poll's new jobs in id order, so alice's job, submitted
                // first, would come before bob's: reading up to bob's job sees it if it leaks.
                let hidden = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let own = try await cluster.submit(Circuits.one, ["--hold"], as: .bob)
                ownID.value = own
                let (status, text) = try await reading.value
                #expect(status == 200 && text.contains("\"id\":\(own)"), "\(text)")
                #expect(!text.contains("\"id\":\(hidden)") && !text.contains(TestUser.alice.name), "\(text)")
            }
        }
    }
}

/// The job a stream reader waits for, set once it is known.
private final class LatestJob: Sendable {
    private let id = Mutex<JobID?>(nil)

    var value: JobID? {
        get { self.id.withLock { $0 } }
        set { self.id.withLock { $0 = newValue } }
    }
}
