import Foundation
import QPIClient
import QPIControllerClient
import QPICore
import QPIDocuments
import QPISecurity
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Remote nodes: `qctl qpu create`, then `qpid --controller --token --ca-fingerprint`
    /// over TLS, and every way that handshake is refused.
    @Suite struct RegistryTests {
        static func create(_ cluster: ClusterHarness, _ name: String) async throws -> CreatedQPUJSON {
            try await cluster.document(
                CreatedQPUJSON.self, "qctl", ["qpu", "create", name, "--qubits", "5", "--json"])
        }

        @Test func aRemoteNodeJoinsOverTLSWithItsTokenAndRunsJobs() async throws {
            try await withCluster(linkPorts: 6) { cluster in
                let created = try await Self.create(cluster, "remote0")
                let caPEM = try String(contentsOfFile: cluster.path(of: "state/ca.pem"), encoding: .utf8)
                #expect(try ClusterCertificates.fingerprint(ofPEM: caPEM).description == created.caFingerprint)
                for key in ["state/ca.key", "state/cert.key"] {
                    let mode = try FileManager.default.attributesOfItem(atPath: cluster.path(of: key))[
                        .posixPermissions]
                    #expect(mode as? Int == 0o600, "\(key)")
                }

                try cluster.startRegisteredNode(
                    "remote0", ["--token", created.token, "--ca-fingerprint", created.caFingerprint])
                try await cluster.waitUntilIdle(["remote0"])
                let id = try await cluster.submit(Circuits.one, ["--qpu", "remote0", "--shots", "20"])
                let job = try await cluster.waitForJob(id)
                #expect(job.state == .completed && job.qpu == "remote0", cluster.logs)
                #expect(cluster.log(of: .node("remote0")).contains("matches the pinned fingerprint"))

                // No secret in clear: the store holds neither the token nor its secret part.
                let secret = try #require(QPUToken(created.token)).secret
                for file in try FileManager.default.contentsOfDirectory(atPath: cluster.stateDirectory) {
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: cluster.path(of: "state/\(file)")))
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the token")
                }
            }
        }

        /// The bootstrap used to tell anyone who named a QPU its link port and the CA; now
        /// only a node that proves it holds the token, without sending it (issue 18, item 13).
        @Test func theBootstrapAnswersOnlyAProofOfTheToken() async throws {
            try await withCluster(linkPorts: 6) { cluster in
                let created = try await Self.create(cluster, "remote3")
                let token = try #require(QPUToken(created.token))
                let raw = try RawCommandClient(cluster)
                defer { raw.close() }
                func bootstrap(_ body: [UInt8]) async throws -> ReplyEnvelope<NodeBootstrapRequest.Response> {
                    try await raw.send(Frame(body: body).encoded(), expecting: NodeBootstrapRequest.Response.self)
                }
                func challenge(for qpu: String) async throws -> String {
                    let reply = try await raw.send(
                        Frame(body: try raw.body(NodeChallengeRequest(qpu: qpu))).encoded(),
                        expecting: NodeChallengeRequest.Response.self)
                    return try #require(reply.result?.challenge, "\(String(describing: reply.error))")
                }

                // The request a stranger used to send: the QPU's name alone.
                let nameOnly = try await bootstrap(Array(#"{"type":"node_bootstrap","body":{"qpu":"remote3"}}"#.utf8))
                #expect(nameOnly.result == nil && nameOnly.error != nil, "\(nameOnly)")

                let fresh = try await challenge(for: "remote3")
                let guessed = try #require(QPUToken("remote3." + SecretToken.generateSecret()))
                let wrong = try await bootstrap(
                    try raw.body(
                        NodeBootstrapRequest(
                            qpu: "remote3", challenge: fresh, proof: NodeTokenProof.prove(guessed, challenge: fresh))))
                #expect(wrong.result == nil && wrong.error?.message == "wrong token for QPU 'remote3'", "\(wrong)")

                let elsewhere = try await challenge(for: "sim0")
                let misdirected = try await bootstrap(
                    try raw.body(
                        NodeBootstrapRequest(
                            qpu: "remote3", challenge: elsewhere,
                            proof: NodeTokenProof.prove(token, challenge: elsewhere))))
                #expect(misdirected.error?.message.contains("challenge") == true, "\(misdirected)")

                let proved = try await bootstrap(
                    try raw.body(
                        NodeBootstrapRequest(
                            qpu: "remote3", challenge: fresh, proof: NodeTokenProof.prove(token, challenge: fresh))))
                #expect(proved.result?.linkPort == created.dispatchPort, "\(proved)")
            }
        }

        @Test func everyRefusalSaysWhyAndDispatchesNothing() async throws {
            try await withCluster(linkPorts: 6) { cluster in
                let created = try await Self.create(cluster, "remote1")
                let node = ClusterDaemon.node("remote1")
                func refused(_ options: [String], saying words: String) async throws {
                    try cluster.startRegisteredNode("remote1", options)
                    let ended = try await cluster.waitForExit(of: node, within: .seconds(30))
                    #expect(ended == .exited(1), "\(words): \(ended)")
                    #expect(cluster.log(of: node).contains(words), "\(cluster.log(of: node))")
                }

                let wrongPin = (0..<32).map { _ in "AB" }.joined(separator: ":")
                try await refused(
                    ["--token", created.token, "--ca-fingerprint", wrongPin], saying: "CA fingerprint mismatch")
                // Refused before the token went anywhere: the controller saw no hello at all.
                #expect(!cluster.log(of: .controller).contains("node message refused"))

                let guessed = "remote1." + SecretToken.generateSecret()
                try await refused(
                    ["--token", guessed, "--ca-fingerprint", created.caFingerprint],
                    saying: "wrong token for QPU 'remote1'")

                let rotated = try await cluster.document(
                    RotatedTokenJSON.self, "qctl", ["qpu", "rotate-token", "remote1", "--json"])
                #expect(rotated.token != created.token && rotated.caFingerprint == created.caFingerprint)
                try await refused(
                    ["--token", created.token, "--ca-fingerprint", created.caFingerprint], saying: "was rotated")

                let disabled = try await cluster.run(
                    "qctl", ["qpu", "disable", "remote1", "--reason", "recalibrating"])
                #expect(disabled.succeeded, "\(disabled)")
                try await refused(
                    ["--token", rotated.token, "--ca-fingerprint", created.caFingerprint],
                    saying: "QPU 'remote1' is disabled (recalibrating)")
                let shown = try await cluster.qpuStatuses().first { $0.qpu.name == "remote1" }?.qpu
                #expect(shown?.state == .disabled && shown?.reason == "recalibrating")

                // A job for the QPU waits; nothing is dispatched while no node is let in.
                let id = try await cluster.submit(Circuits.one, ["--qpu", "remote1", "--shots", "5"])
                #expect(try await cluster.show(id).job.state == .pending)

                // Enabled, the node with the current token gets in and runs the job; deleting
                // the QPU then drops it.
                #expect(try await cluster.run("qctl", ["qpu", "enable", "remote1"]).succeeded)
                try cluster.startRegisteredNode(
                    "remote1", ["--token", rotated.token, "--ca-fingerprint", created.caFingerprint])
                #expect(try await cluster.waitForJob(id).state == .completed)
                try await cluster.waitUntilIdle(["remote1"])
                let deleted = try await cluster.run("qctl", ["qpu", "delete", "remote1"])
                #expect(deleted.succeeded, "\(deleted)")
                let ended = try await cluster.waitForExit(of: node, within: .seconds(30))
                #expect(ended == .exited(1))
                #expect(cluster.log(of: node).contains("QPU 'remote1' was deleted"))
                try await refused(
                    ["--token", rotated.token, "--ca-fingerprint", created.caFingerprint],
                    saying: "no QPU named 'remote1' is registered")
            }
        }

        @Test func aDrainedQPUTakesNoJobsAndQinfoShowsWhyUntilResumed() async throws {
            try await withCluster { cluster in
                let drained = try await cluster.run("qctl", ["qpu", "drain", "sim0", "--reason", "new fridge"])
                #expect(drained.succeeded && drained.stdout.contains("DRAIN (new fridge)"), "\(drained)")
                let listing = try await cluster.run("qinfo", [])
                #expect(listing.stdout.contains("drain") && listing.stdout.contains("new fridge"), "\(listing)")
                let id = try await cluster.submit(Circuits.one, ["--shots", "5"])
                try await Task.sleep(for: .seconds(2))
                #expect(try await cluster.show(id).job.state == .pending)
                let again = try await cluster.run("qctl", ["qpu", "resume", "sim0"])
                #expect(again.succeeded, "\(again)")
                #expect(try await cluster.waitForJob(id).state == .completed)
                let notDrained = try await cluster.run("qctl", ["qpu", "resume", "sim0"])
                #expect(notDrained.exitStatus == 1 && notDrained.stderr.contains("not DRAIN"), "\(notDrained)")

                // A drain outlives a controller restart, as Slurm's does.
                #expect(try await cluster.run("qctl", ["qpu", "drain", "sim0", "--reason", "again"]).succeeded)
                try cluster.restart(.controller)
                try await cluster.waitUntilAnswering()
                let kept = try await cluster.qpuStatuses().first?.qpu
                #expect(kept?.state == .drain && kept?.reason == "again", "\(String(describing: kept))")
            }
        }

        @Test func aCAFileSkipsTheFetchButMustStillMatchThePin() async throws {
            try await withCluster(linkPorts: 6) { cluster in
                let created = try await Self.create(cluster, "remote2")
                let node = ClusterDaemon.node("remote2")
                let other = try ClusterCertificates.generate(clusterName: "x", domain: "", ipAddress: "127.0.0.1")
                let otherFile = cluster.path(of: "other-ca.pem")
                try other.caCertificatePEM.write(toFile: otherFile, atomically: true, encoding: .utf8)
                try cluster.startRegisteredNode(
                    "remote2",
                    ["--token", created.token, "--ca-fingerprint", created.caFingerprint, "--ca-file", otherFile])
                #expect(try await cluster.waitForExit(of: node, within: .seconds(30)) == .exited(1))
                #expect(cluster.log(of: node).contains("CA fingerprint mismatch: --ca-file"))

                let tokenFile = cluster.path(of: "remote2.token")
                try "\(created.token)\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
                try cluster.startRegisteredNode(
                    "remote2", ["--token-file", tokenFile, "--ca-file", cluster.path(of: "state/ca.pem")])
                try await cluster.waitUntilIdle(["remote2"])
            }
        }

        @Test func twoHundredConcurrentCreatesGetDistinctPortsThenTheRangeIsExhausted() async throws {
            // PortRange: 2 ports for sim0 of qpi.conf, 400 for the 200 registered QPUs, none left over.
            try await withCluster(linkPorts: 402) { cluster in
                let client = try cluster.client()
                defer { client.close() }
                let created = try await withThrowingTaskGroup(of: QPUCreateRequest.Response.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            try await client.call(QPUCreateRequest(name: "r\(index)", executor: "sim", qubits: 5))
                        }
                    }
                    var all: [QPUCreateRequest.Response] = []
                    for try await response in group { all.append(response) }
                    return all
                }
                let ports = created.flatMap { [$0.dispatchPort, $0.resultPort] }
                #expect(Set(ports).count == 400)
                #expect(Set(created.map(\.token)).count == 200)
                #expect(try await cluster.qpuStatuses().count == 201)

                let exhausted = try await cluster.run("qctl", ["qpu", "create", "r200"])
                #expect(exhausted.exitStatus == 1)
                #expect(exhausted.stderr.contains("no two free ports left"), "\(exhausted)")
                #expect(exhausted.stderr.contains("PortRange"), "\(exhausted)")
                let duplicate = try await cluster.run("qctl", ["qpu", "create", "r7"])
                #expect(duplicate.stderr.contains("already exists"), "\(duplicate)")
            }
        }
    }
}
