public import Crypto
import Foundation
import SwiftASN1
public import X509

/// The controller's TLS identity: the cluster's CA certificate and key, and the server
/// certificate the CA signed for the controller's name and address. Everything is PEM, the
/// keys PKCS#8, as NNG's mbedtls reads them.
public struct ClusterCertificates: Sendable, Hashable {
    public var caCertificatePEM: String
    public var caPrivateKeyPEM: String
    public var serverCertificatePEM: String
    public var serverPrivateKeyPEM: String

    public init(
        caCertificatePEM: String, caPrivateKeyPEM: String, serverCertificatePEM: String, serverPrivateKeyPEM: String
    ) {
        self.caCertificatePEM = caCertificatePEM
        self.caPrivateKeyPEM = caPrivateKeyPEM
        self.serverCertificatePEM = serverCertificatePEM
        self.serverPrivateKeyPEM = serverPrivateKeyPEM
    }

    /// The name a node must expect in the server certificate: `Domain` when set, else
    /// `qpictld`. Always a DNS name the controller announces, so the check does not depend
    /// on how the node reached the controller (an address, an alias); the pinned CA, which
    /// signs nothing but this cluster's controller, is what the trust rests on.
    public static func serverName(domain: String) -> String {
        domain.isEmpty ? "qpictld" : domain
    }

    /// A new P-256 CA named after the cluster, and a server certificate it signs for
    /// ``serverName(domain:)`` and `ipAddress`.
    ///
    /// - Parameter now: the start of the certificates' validity (backdated an hour for clock skew).
    public static func generate(
        clusterName: String, domain: String, ipAddress: String, now: Date = Date()
    ) throws -> ClusterCertificates {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            OrganizationName("QPI")
            CommonName("QPI CA \(clusterName)")
        }
        let notBefore = now.addingTimeInterval(-3_600)
        let ca = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(caKey.publicKey),
            notValidBefore: notBefore,
            notValidAfter: now.addingTimeInterval(20 * 365 * 86_400),
            issuer: caName,
            subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey)
        )

        let serverKey = P256.Signing.PrivateKey()
        let serverName = Self.serverName(domain: domain)
        var alternativeNames: [GeneralName] = [.dnsName(serverName)]
        if let address = Self.addressBytes(ipAddress) {
            alternativeNames.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(address))))
        }
        let server = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(serverKey.publicKey),
            notValidBefore: notBefore,
            notValidAfter: now.addingTimeInterval(5 * 365 * 86_400),
            issuer: caName,
            subject: try DistinguishedName {
                OrganizationName("QPI")
                CommonName(serverName)
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            },
            issuerPrivateKey: .init(caKey)
        )
        return ClusterCertificates(
            caCertificatePEM: try ca.serializeAsPEM().pemString,
            caPrivateKeyPEM: caKey.pemRepresentation,
            serverCertificatePEM: try server.serializeAsPEM().pemString,
            serverPrivateKeyPEM: serverKey.pemRepresentation
        )
    }

    /// The SHA-256 fingerprint of the CA certificate's DER bytes.
    public func caFingerprint() throws -> CertificateFingerprint {
        try Self.fingerprint(ofPEM: self.caCertificatePEM)
    }

    /// The SHA-256 fingerprint of the first certificate in `pem`.
    /// - Throws: when `pem` holds no readable certificate.
    public static func fingerprint(ofPEM pem: String) throws -> CertificateFingerprint {
        let certificate = try Certificate(pemEncoded: pem)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return CertificateFingerprint(der: serializer.serializedBytes)
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address in text, or nil.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
