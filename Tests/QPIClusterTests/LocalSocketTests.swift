import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Synchronization
import Testing

extension ClusterSuite {
    /// The commands' local socket (`LocalSocket`): on the controller's host a command needs
    /// no munge credential, because the kernel names its uid (SO_PEERCRED); nothing else
    /// about authentication weakens.
    @Suite struct LocalSocketTests {
        /// A copy of the cluster's qpi.conf whose munge socket does not exist: a command
        /// reading it gets through only over the local socket.
        static func configWithoutMunge(_ cluster: ClusterHarness) throws -> String {
            let lines = try String(contentsOfFile: cluster.configPath, encoding: .utf8).split(separator: "\n")
                .map { $0.hasPrefix("MungeSocket=") ? "MungeSocket=/nonexistent/munge.socket" : String($0) }
            let path = cluster.path(of: "jobs/without-munge.conf")
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            return path
        }

        static func socketPath(_ cluster: ClusterHarness) -> String {
            cluster.stateDirectory + "/run/qpictld.sock"
        }

        /// The harness turns the socket off for other suites; empty is the default path.
        static let socketOn = ["LocalSocket": ""]

        @Test func eachCommandIsKnownByItsUidAndCanActOnlyAsItself() async throws {
            try await withCluster(settings: Self.socketOn) { cluster in
                let withoutMunge = try Self.configWithoutMunge(cluster)
                let script = try cluster.writeScript(Circuits.bell)
                let submitted = try await cluster.run(
                    "qsub", ["--parsable", "--hold", script], configPath: withoutMunge, as: .alice)
                let job = try #require(
                    JobID(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(submitted)")
                let shown = try await cluster.document(JobHistoryJSON.self, "qstat", ["-j", String(job), "--json"]).job
                #expect(shown.user == TestUser.alice.name, "\(shown)")

                // Bob, over the same socket, is bob: alice's job is not his to cancel.
                let stolen = try await cluster.run("qcancel", [String(job)], configPath: withoutMunge, as: .bob)
                #expect(!stolen.succeeded, "\(stolen)")
                #expect(
                    try await cluster.document(JobHistoryJSON.self, "qstat", ["-j", String(job), "--json"]).job.state
                        == "PENDING")
                let mine = try await cluster.run("qcancel", [String(job)], configPath: withoutMunge, as: .alice)
                #expect(mine.succeeded, "\(mine)")
                // Root is an administrator there as over munge.
                let diag = try await cluster.run("qctl", ["diag"], configPath: withoutMunge)
                #expect(diag.succeeded, "\(diag)")
            }
        }

        /// Replies received so far, shared with the tasks that wait for them.
        final class AnswerCount: Sendable {
            let count = Mutex(0)
        }

        /// Connections waiting in munged's accept queue: credential checks that have reached
        /// munged and wait for its answer.
        static func waitingAtMunged(_ cluster: ClusterHarness) throws -> Int {
            let listing = try Tool.run("/usr/bin/env", ["ss", "-xlnH"])
            for line in listing.stdout.split(separator: "\n") where line.contains(cluster.mungeSocket) {
                let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                if columns.count > 2, let queued = Int(columns[2]) { return queued }
            }
            throw HarnessError("munged's socket is not listed by ss: \(listing)")
        }

        /// A stalled munged holds up only the requests it must vouch for (issue 16, item 4):
        /// with more munge-signed requests stuck in decoding than the machine has cores, a
        /// command on the local socket is still answered, and the stuck ones are answered
        /// once munged resumes.
        @Test func aStalledMungedDelaysOnlyTheRequestsItVouchesFor() async throws {
            try await withCluster(settings: Self.socketOn) { cluster in
                let withoutMunge = try Self.configWithoutMunge(cluster)
                let stuck = max(8, 2 * ProcessInfo.processInfo.activeProcessorCount)
                let clients = try (0..<stuck).map { _ in try RawCommandClient(cluster) }
                defer { for client in clients { client.close() } }
                let frames = try clients.map { try $0.signedFrame(try $0.body(PingRequest())) }
                let idle = try Self.waitingAtMunged(cluster)

                cluster.signalMunge(SIGSTOP)
                var resumed = false
                defer { if !resumed { cluster.signalMunge(SIGCONT) } }
                let answered = AnswerCount()
                let replies = Task {
                    try await withThrowingTaskGroup(of: ReplyEnvelope<PingRequest.Response>.self) { group in
                        for (client, frame) in zip(clients, frames) {
                            group.addTask {
                                let reply = try await client.send(
                                    frame, expecting: PingRequest.Response.self, timeout: .seconds(120))
                                answered.count.withLock { $0 += 1 }
                                return reply
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                }
                let limit = Duration.seconds(60)
                let deadline = ContinuousClock.now + limit
                while try Self.waitingAtMunged(cluster) < idle + stuck {
                    guard ContinuousClock.now < deadline else {
                        throw HarnessError("the \(stuck) requests did not all reach munged within \(limit)")
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }

                let local = try await cluster.run("qstat", [], configPath: withoutMunge, as: .alice)
                #expect(local.succeeded, "\(local)")
                #expect(answered.count.withLock { $0 } == 0, "munged answered nothing while it was stopped")

                cluster.signalMunge(SIGCONT)
                resumed = true
                let pings = try await replies.value
                #expect(pings.count == stuck)
                #expect(pings.allSatisfy { $0.result?.user == "root" }, "\(pings.map(\.error))")
            }
        }

        @Test func thePeerCredentialIsRefusedOverTCPAndBadFramesOnTheSocketAreAnswered() async throws {
            try await withCluster(settings: Self.socketOn.merging(["MaxMessageSize": "1MiB"]) { $1 }) { cluster in
                let tcp = try RawCommandClient(cluster)
                defer { tcp.close() }
                let ping = try tcp.body(PingRequest())
                let overTCP = try await tcp.refusal(Frame(credential: Frame.peerCredential, body: ping).encoded())
                #expect(
                    overTCP.code == .unauthenticated
                        && overTCP.message.contains("only over the controller's local socket"))

                let local = try RawCommandClient(cluster, url: "ipc://\(Self.socketPath(cluster))")
                defer { local.close() }
                let garbage = try await local.refusal(Array("not a frame".utf8))
                #expect(garbage.code == .malformed, "\(garbage)")
                // Over MaxMessageSize, yet small enough for the transport to deliver.
                let oversized = Frame(
                    credential: Frame.peerCredential, body: Array(repeating: UInt8(ascii: " "), count: 1_500_000))
                let tooLarge = try await local.refusal(oversized.encoded())
                #expect(tooLarge.code == .tooLarge, "\(tooLarge)")
                // The controller still serves, over the socket and over TCP.
                let answered = try await local.send(
                    Frame(credential: Frame.peerCredential, body: ping).encoded(), expecting: PingRequest.Response.self)
                #expect(answered.result?.user == "root" && answered.result?.isAdmin == true, "\(answered)")
                #expect(try await cluster.run("qstat", []).succeeded)
            }
        }

        @Test func noneTurnsTheSocketOffAndCommandsUseMunge() async throws {
            try await withCluster(settings: ["LocalSocket": "none"]) { cluster in
                #expect(!FileManager.default.fileExists(atPath: Self.socketPath(cluster)))
                #expect(try await cluster.run("qstat", [], as: .alice).succeeded)
                let withoutMunge = try Self.configWithoutMunge(cluster)
                let refused = try await cluster.run("qstat", [], configPath: withoutMunge, as: .alice)
                #expect(!refused.succeeded, "\(refused)")
            }
        }
    }
}
