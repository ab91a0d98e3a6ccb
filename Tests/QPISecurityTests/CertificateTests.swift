import Foundation
import QPISecurity
import Testing

struct CertificateTests {
    @Test func generatedCAHasAStableFingerprintAndKeysArePKCS8() throws {
        let certificates = try ClusterCertificates.generate(clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        #expect(certificates.caCertificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(certificates.caPrivateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(certificates.serverPrivateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let fingerprint = try certificates.caFingerprint()
        #expect(try certificates.caFingerprint() == fingerprint)
        #expect(try ClusterCertificates.fingerprint(ofPEM: certificates.serverCertificatePEM) != fingerprint)
        let other = try ClusterCertificates.generate(clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        #expect(try other.caFingerprint() != fingerprint)
    }

    @Test func agreesWithOpenSSLsFingerprint() throws {
        let certificates = try ClusterCertificates.generate(
            clusterName: "t", domain: "qpi.example.org", ipAddress: "10.1.2.3")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ca.pem").path
        try certificates.caCertificatePEM.write(toFile: path, atomically: true, encoding: .utf8)
        let output = try openssl(["x509", "-in", path, "-noout", "-fingerprint", "-sha256"])
        #expect(CertificateFingerprint(output) == (try certificates.caFingerprint()), "\(output)")

        let serverPath = directory.appendingPathComponent("server.pem").path
        try certificates.serverCertificatePEM.write(toFile: serverPath, atomically: true, encoding: .utf8)
        let verified = try openssl(["verify", "-CAfile", path, serverPath])
        #expect(verified.contains("OK"), "\(verified)")
        let text = try openssl(["x509", "-in", serverPath, "-noout", "-text"])
        #expect(text.contains("DNS:qpi.example.org") && text.contains("IP Address:10.1.2.3"), "\(text)")
    }

    @Test func firstStartCreatesAllFourFilesWithPrivateKeysAndLaterStartsLoadThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-ca-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = CertificateFiles(
            caCertificate: directory.appendingPathComponent("tls/ca.pem").path,
            caPrivateKey: directory.appendingPathComponent("tls/ca.key").path,
            serverCertificate: directory.appendingPathComponent("tls/cert.pem").path,
            serverPrivateKey: directory.appendingPathComponent("tls/cert.key").path)
        let (created, origin) = try ClusterCertificates.loadOrCreate(
            files: files, clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        #expect(origin == .created)
        for key in [files.caPrivateKey, files.serverPrivateKey] {
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(key)")
        }
        let (loaded, again) = try ClusterCertificates.loadOrCreate(
            files: files, clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        #expect(again == .loaded)
        #expect(loaded == created)

        try FileManager.default.removeItem(atPath: files.serverPrivateKey)
        let error = #expect(throws: CertificateFileError.self) {
            try ClusterCertificates.loadOrCreate(files: files, clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        }
        #expect(error?.description.contains("cert.key") == true)
        #expect(FileManager.default.fileExists(atPath: files.caCertificate))
    }

    @Test func configuredFilesAreUsedAsTheyAre() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let mine = try ClusterCertificates.generate(clusterName: "mine", domain: "", ipAddress: "127.0.0.1")
        let files = CertificateFiles(
            caCertificate: directory.appendingPathComponent("ca.pem").path,
            caPrivateKey: directory.appendingPathComponent("ca.key").path,
            serverCertificate: directory.appendingPathComponent("cert.pem").path,
            serverPrivateKey: directory.appendingPathComponent("cert.key").path)
        try mine.caCertificatePEM.write(toFile: files.caCertificate, atomically: true, encoding: .utf8)
        try mine.caPrivateKeyPEM.write(toFile: files.caPrivateKey, atomically: true, encoding: .utf8)
        try mine.serverCertificatePEM.write(toFile: files.serverCertificate, atomically: true, encoding: .utf8)
        try mine.serverPrivateKeyPEM.write(toFile: files.serverPrivateKey, atomically: true, encoding: .utf8)
        let (loaded, origin) = try ClusterCertificates.loadOrCreate(
            files: files, clusterName: "other", domain: "", ipAddress: "127.0.0.1")
        #expect(origin == .loaded && loaded == mine)
    }

    private func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
