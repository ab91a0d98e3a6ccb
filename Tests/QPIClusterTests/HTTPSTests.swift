import Foundation
import QPITesting
import Testing

extension ClusterSuite {
    /// `ServerTLS=true`: the API and the dashboard over HTTPS with the controller's own
    /// certificate, which clients verify against the cluster's CA.
    @Suite struct HTTPSTests {
        /// Plain HTTP where other hosts can reach it sends passwords and tokens in clear: qpictld
        /// will not start that way without AllowPlaintextHTTP=true (issue 18, item 8). The
        /// address is a documentation one; nothing is sent, as qpictld stops before binding.
        @Test func plainHTTPOnAnAddressBeyondLoopbackRefusesToStart() async throws {
            try await withCluster(settings: ["ControlAddr": "192.0.2.1"], daemons: false) { cluster in
                try cluster.start(.controller)
                let ended = try await cluster.waitForExit(of: .controller, within: .seconds(60))
                #expect(ended == .exited(1))
                let log = try String(contentsOfFile: cluster.path(of: "log/qpictld.log"), encoding: .utf8)
                #expect(log.contains("refusing to start: ServerTLS=false with ControlAddr=192.0.2.1"), "\(log)")
            }
        }

        @Test func theAPIServesHTTPSWithTheControllersCertificate() async throws {
            try await withCluster(settings: ["ServerTLS": "true", "IPAddr": "127.0.0.1"]) { cluster in
                let ca = "\(cluster.stateDirectory)/ca.pem"
                let url = "https://127.0.0.1:\(cluster.serverPort)"
                let health = try Tool.run("/usr/bin/curl", ["-sS", "--cacert", ca, "\(url)/healthz"])
                #expect(health.status == 0, "\(health)")
                #expect(health.stdout.contains("\"status\":\"ok\""), "\(health)")
                let page = try Tool.run(
                    "/usr/bin/curl",
                    ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "\(url)/dashboard/"])
                #expect(page.stdout == "200", "\(page)")

                // A client that does not trust the cluster's CA is refused by its own TLS check.
                let untrusted = try Tool.run("/usr/bin/curl", ["-sS", "\(url)/healthz"])
                #expect(untrusted.status == 60, "curl's 'peer certificate cannot be authenticated': \(untrusted)")
                // Plain HTTP on the HTTPS port gets no API answer.
                let plain = try Tool.run(
                    "/usr/bin/curl", ["-sS", "-m", "5", "http://127.0.0.1:\(cluster.serverPort)/healthz"])
                #expect(plain.status != 0 || !plain.stdout.contains("\"status\":\"ok\""), "\(plain)")
            }
        }

        @Test func httpsRefusesOldTLSAndTheDashboardCarriesItsPolicy() async throws {
            try await withCluster(settings: ["ServerTLS": "true", "IPAddr": "127.0.0.1"]) { cluster in
                let ca = "\(cluster.stateDirectory)/ca.pem"
                let url = "https://127.0.0.1:\(cluster.serverPort)"
                for version in ["1.0", "1.1"] {
                    let old = try Tool.run(
                        "/usr/bin/curl",
                        [
                            "-sS", "--cacert", ca, "--tlsv\(version)", "--tls-max", version, "--ciphers",
                            "DEFAULT@SECLEVEL=0", "\(url)/healthz",
                        ])
                    #expect(old.status != 0, "TLS \(version) was accepted: \(old)")
                }
                let modern = try Tool.run("/usr/bin/curl", ["-sS", "--cacert", ca, "--tlsv1.2", "\(url)/healthz"])
                #expect(modern.status == 0, "\(modern)")

                let page = try Tool.run(
                    "/usr/bin/curl", ["-sS", "-D", "-", "-o", "/dev/null", "--cacert", ca, "\(url)/dashboard/"])
                let headers = page.stdout.lowercased()
                #expect(
                    headers.contains("content-security-policy:") && headers.contains("frame-ancestors 'none'"),
                    "\(page)")
                #expect(headers.contains("x-content-type-options: nosniff"), "\(page)")
            }
        }
    }
}
