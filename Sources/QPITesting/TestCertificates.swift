import Foundation

/// A throwaway certificate authority and a server certificate it signed, for TLS tests.
///
/// Made with the `openssl` command: P-256 keys in PKCS#8, as OpenSSL 3 writes them and as
/// NNG's mbedtls reads them. Valid for one day.
public struct TestCertificates: Sendable {
    /// The CA certificate, PEM: what a client trusts.
    public let certificateAuthorityPEM: String
    /// The server certificate, PEM, for ``serverName`` and the address 127.0.0.1.
    public let serverCertificatePEM: String
    /// The server certificate's private key, PEM (PKCS#8).
    public let serverPrivateKeyPEM: String
    /// The DNS name the server certificate carries.
    public let serverName: String

    /// Generates a new CA and a server certificate for `serverName`.
    public static func generate(serverName: String = "localhost") throws -> TestCertificates {
        let directory = try TemporaryDirectory(prefix: "qpi-tls")
        let openssl = try Command.find("openssl")
        let run = { (arguments: [String]) in try Command.run(openssl, arguments, in: directory.path) }
        let newKey = ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out"]

        try run(newKey + ["ca.key"])
        try run([
            "req", "-x509", "-new", "-key", "ca.key", "-days", "1", "-subj", "/CN=QPI Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-out", "ca.pem",
        ])
        try run(newKey + ["server.key"])
        try run(["req", "-new", "-key", "server.key", "-subj", "/CN=\(serverName)", "-out", "server.csr"])
        try "subjectAltName=DNS:\(serverName),IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: directory.path(of: "server.ext"), atomically: true, encoding: .utf8)
        try run([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "1", "-extfile", "server.ext", "-out", "server.pem",
        ])

        let read = { (name: String) in try String(contentsOfFile: directory.path(of: name), encoding: .utf8) }
        return TestCertificates(
            certificateAuthorityPEM: try read("ca.pem"),
            serverCertificatePEM: try read("server.pem"),
            serverPrivateKeyPEM: try read("server.key"),
            serverName: serverName
        )
    }
}
