import Foundation
import QPITesting
import Testing

extension ClusterSuite {
    /// The command port is plain TCP: secrets (new tokens, passwords) must not cross a
    /// network on it (issue 18, item 8). A host on the other end of a veth pair plays the
    /// remote administrator; its munge credential is as good as a local one.
    @Suite struct SecretChannelTests {
        @Test(.enabled(if: SystemCommand.isRoot, "a network namespace needs root"))
        func secretsAreServedOnlyOnTheControllersHost() async throws {
            let remote = try NetworkPartition(index: 7)
            defer { remote.remove() }
            try await withCluster(
                qpus: [ClusterQPU("q0")],
                settings: ["ControlAddr": remote.hostAddress, "AllowPlaintextHTTP": "true"]
            ) { cluster in
                let launcher = try remote.launcher
                let ping = try await cluster.run("qctl", ["ping"], launcher: launcher)
                #expect(ping.succeeded, "the remote host cannot reach the controller: \(ping)")

                let token = try await cluster.run(
                    "qctl", ["token", "create", "--name", "remote-secret"], launcher: launcher)
                #expect(
                    !token.succeeded && token.stderr.contains("only to clients on the controller's host"), "\(token)")
                #expect(!token.stdout.contains("Token (shown only now)"), "\(token)")
                let qpu = try await cluster.run("qctl", ["qpu", "create", "rq", "--qubits", "2"], launcher: launcher)
                #expect(!qpu.succeeded && qpu.stderr.contains("POST /api/op/qpus/create"), "\(qpu)")
                let rotate = try await cluster.run("qctl", ["qpu", "rotate-token", "q0"], launcher: launcher)
                #expect(!rotate.succeeded && rotate.stderr.contains("carries a secret"), "\(rotate)")

                // Refused before anything was made: no token, no QPU.
                let tokens = try await cluster.run("qctl", ["token", "list"])
                #expect(tokens.succeeded && !tokens.stdout.contains("remote-secret"), "\(tokens)")
                let qpus = try await cluster.run("qinfo", [])
                #expect(qpus.succeeded && !qpus.stdout.contains("rq"), "\(qpus)")

                // qctl itself keeps a password off the network, before the controller could refuse it.
                let passwd = try await cluster.run(
                    "qctl", ["user", "passwd", TestUser.alice.name], launcher: launcher)
                #expect(!passwd.succeeded && passwd.stderr.contains("would cross the network"), "\(passwd)")

                // On the controller's host (the same address at both ends) the secret is given.
                let local = try await cluster.run("qctl", ["token", "create", "--name", "local-secret"])
                #expect(local.succeeded && local.stdout.contains("Token (shown only now)"), "\(local)")
            }
        }
    }
}
