/// TLS settings for `tls+tcp://` endpoints: a server identity for listeners, or the trusted
/// authority and expected name for dialers.
///
/// A value type holding PEM text; each listen or dial builds its own `nng_tls_config` from it,
/// so one configuration can be shared freely between sockets and tasks.
public struct TLSConfiguration: Sendable, Hashable {
    enum Role: Sendable, Hashable {
        case server(certificateChainPEM: String, privateKeyPEM: String)
        case client(certificateAuthorityPEM: String, serverName: String)
    }

    let role: Role

    /// A listener's identity.
    /// - Parameters:
    ///   - certificateChainPEM: The server certificate first, then any intermediates, in PEM.
    ///   - privateKeyPEM: The certificate's unencrypted private key, PEM (PKCS#8 or SEC1;
    ///     NNG's mbedtls accepts the P-256 keys OpenSSL 3 writes).
    public static func server(certificateChainPEM: String, privateKeyPEM: String) -> TLSConfiguration {
        TLSConfiguration(role: .server(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM))
    }

    /// A dialer that requires the server's certificate to chain to `certificateAuthorityPEM`
    /// and to name `serverName`; the dial fails with a cryptographic error otherwise.
    /// - Parameters:
    ///   - certificateAuthorityPEM: The trusted CA certificate(s), PEM.
    ///   - serverName: The name the server's certificate must carry (SNI and verification).
    public static func client(certificateAuthorityPEM: String, serverName: String) -> TLSConfiguration {
        TLSConfiguration(role: .client(certificateAuthorityPEM: certificateAuthorityPEM, serverName: serverName))
    }
}
