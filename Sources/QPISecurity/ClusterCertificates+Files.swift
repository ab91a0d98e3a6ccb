import Foundation

/// Where the controller keeps its TLS identity (TLSCACertFile, TLSCAKeyFile, TLSCertFile, TLSKeyFile).
public struct CertificateFiles: Sendable, Hashable {
    public var caCertificate: String
    public var caPrivateKey: String
    public var serverCertificate: String
    public var serverPrivateKey: String

    public init(caCertificate: String, caPrivateKey: String, serverCertificate: String, serverPrivateKey: String) {
        self.caCertificate = caCertificate
        self.caPrivateKey = caPrivateKey
        self.serverCertificate = serverCertificate
        self.serverPrivateKey = serverPrivateKey
    }

    var all: [String] { [self.caCertificate, self.caPrivateKey, self.serverCertificate, self.serverPrivateKey] }
}

/// Why the controller's TLS files cannot be used.
public struct CertificateFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension ClusterCertificates {
    /// What ``loadOrCreate(files:clusterName:domain:ipAddress:)`` did.
    public enum Origin: Sendable, Hashable {
        case loaded, created
    }

    /// Reads the four files when all exist, as they are; creates all four when none does,
    /// keys with mode 0600. Some but not all present is an error naming the missing ones:
    /// replacing a CA that nodes already pin would lock every node out.
    public static func loadOrCreate(
        files: CertificateFiles, clusterName: String, domain: String, ipAddress: String
    ) throws -> (ClusterCertificates, Origin) {
        let manager = FileManager.default
        let missing = files.all.filter { !manager.fileExists(atPath: $0) }
        if missing.isEmpty {
            let read = { (path: String) throws -> String in
                do {
                    return try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw CertificateFileError(description: "cannot read \(path): \(error.localizedDescription)")
                }
            }
            let certificates = ClusterCertificates(
                caCertificatePEM: try read(files.caCertificate), caPrivateKeyPEM: try read(files.caPrivateKey),
                serverCertificatePEM: try read(files.serverCertificate),
                serverPrivateKeyPEM: try read(files.serverPrivateKey))
            do {
                _ = try certificates.caFingerprint()
            } catch {
                throw CertificateFileError(description: "\(files.caCertificate) holds no readable PEM certificate")
            }
            return (certificates, .loaded)
        }
        guard missing.count == files.all.count else {
            throw CertificateFileError(
                description: "TLS files incomplete: \(missing.joined(separator: ", ")) missing while the others "
                    + "exist; restore them, or remove all four to have qpictld create a new CA (nodes must then "
                    + "pin its new fingerprint)")
        }
        let certificates = try Self.generate(clusterName: clusterName, domain: domain, ipAddress: ipAddress)
        try Self.write(certificates.caPrivateKeyPEM, to: files.caPrivateKey, mode: 0o600)
        try Self.write(certificates.serverPrivateKeyPEM, to: files.serverPrivateKey, mode: 0o600)
        try Self.write(certificates.caCertificatePEM, to: files.caCertificate, mode: 0o644)
        try Self.write(certificates.serverCertificatePEM, to: files.serverCertificate, mode: 0o644)
        return (certificates, .created)
    }

    /// Creates `path` with `mode` from the start, so a key is never readable by others, not even briefly.
    static func write(_ text: String, to path: String, mode: mode_t) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            throw CertificateFileError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw CertificateFileError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
