import Foundation
import QPIClient
import QPICore
import QPIDocuments
import QPISecurity
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qpid` started as the reference's driver is: its short options (-a, -t, -n, -e, -d)
    /// or its environment variables (QPI_ADDR, QPI_ACCESS_TOKEN, QPI_CA_FINGERPRINT) instead
    /// of qpid's own names.
    @Suite struct ReferenceDriverOptionsTests {
        @Test func theShortOptionsJoinARegisteredQPUAndRunItsJobs() async throws {
            try await withCluster(linkPorts: 4) { cluster in
                let created = try await RegistryTests.create(cluster, "ref0")
                let dataDirectory = cluster.path(of: "ref0-data")
                try cluster.startRegisteredNode(
                    "ref0",
                    [
                        "-a", "tcp://127.0.0.1:\(cluster.controlPort)", "-t", created.token, "-n", "ref0", "-e", "sim",
                        "-d", dataDirectory, "--ca-fingerprint", created.caFingerprint,
                    ], addressed: false)
                try await cluster.waitUntilIdle(["ref0"])
                let id = try await cluster.submit(Circuits.one, ["--qpu", "ref0", "--shots", "10"])
                #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                var isDirectory: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: dataDirectory + "/spool", isDirectory: &isDirectory))
                #expect(isDirectory.boolValue, "-d did not place the spool")
            }
        }

        @Test func theVariablesAloneJoinAndTheTokenIsNotPassedToTheExecutor() async throws {
            try await withCluster(linkPorts: 4) { cluster in
                let created = try await RegistryTests.create(cluster, "ref1")
                let seen = cluster.path(of: "executor-environment")
                let executor = "sh -c 'env > \(seen); exec \(cluster.binDirectory)/qsim --executor --threads 1'"
                try cluster.startRegisteredNode(
                    "ref1", ["--executor-command", executor],
                    environment: [
                        "QPI_ADDR": "127.0.0.1:\(cluster.controlPort)", "QPI_ACCESS_TOKEN": created.token,
                        "QPI_CA_FINGERPRINT": created.caFingerprint,
                    ], addressed: false)
                try await cluster.waitUntilIdle(["ref1"])
                let id = try await cluster.submit(Circuits.one, ["--qpu", "ref1", "--shots", "10"])
                #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                let inherited = try String(contentsOfFile: seen, encoding: .utf8)
                #expect(inherited.contains("QPU_NAME=ref1"))
                #expect(!inherited.contains(created.token), "the executor inherited the node's token")
            }
        }

        @Test func theCAFileVariableIsReadAndStillMustMatchThePin() async throws {
            try await withCluster(linkPorts: 4) { cluster in
                let created = try await RegistryTests.create(cluster, "ref3")
                let node = ClusterDaemon.node("ref3")
                let other = try ClusterCertificates.generate(clusterName: "x", domain: "", ipAddress: "127.0.0.1")
                let otherFile = cluster.path(of: "other-ca.pem")
                try other.caCertificatePEM.write(toFile: otherFile, atomically: true, encoding: .utf8)
                try cluster.startRegisteredNode(
                    "ref3", ["-t", created.token],
                    environment: [
                        "QPI_ADDR": "127.0.0.1:\(cluster.controlPort)", "QPI_CA_FILE": otherFile,
                        "QPI_CA_FINGERPRINT": created.caFingerprint,
                    ], addressed: false)
                #expect(try await cluster.waitForExit(of: node, within: .seconds(30)) == .exited(1))
                #expect(cluster.log(of: node).contains("CA fingerprint mismatch: --ca-file \(otherFile)"))
            }
        }

        @Test func anHTTPAddressIsRefusedSayingWhatToGiveInstead() async throws {
            try await withCluster(linkPorts: 4) { cluster in
                let created = try await RegistryTests.create(cluster, "ref2")
                let node = ClusterDaemon.node("ref2")
                try cluster.startRegisteredNode(
                    "ref2",
                    [
                        "--qpi-addr", "http://127.0.0.1:\(cluster.serverPort)", "-t", created.token,
                        "--ca-fingerprint", created.caFingerprint,
                    ], addressed: false)
                #expect(try await cluster.waitForExit(of: node, within: .seconds(30)) == .exited(2))
                let log = cluster.log(of: node)
                #expect(log.contains("is an HTTP URL") && log.contains("command listener"), "\(log)")
            }
        }
    }
}
