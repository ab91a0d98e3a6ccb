import Foundation
import QPISecurity
import QPITransport
import QPIWire

/// How a node on a host without the cluster's munge key reaches its QPU: the registry
/// handshake of `qctl qpu create`'s token and CA fingerprint.
public struct RegistryLink: Sendable {
    /// The controller's command listener, `HOST:PORT`.
    public var controller: String
    public var token: QPUToken
    /// The pinned SHA-256 fingerprint of the cluster CA; nil only with `caFile`.
    public var caFingerprint: CertificateFingerprint?
    /// A CA certificate obtained out of band: used instead of the one the controller sends.
    public var caFile: String?

    public init(controller: String, token: QPUToken, caFingerprint: CertificateFingerprint?, caFile: String?) {
        self.controller = controller
        self.token = token
        self.caFingerprint = caFingerprint
        self.caFile = caFile
    }

    /// The host part of `controller`, without brackets around an IPv6 address.
    var host: String {
        guard let colon = self.controller.lastIndex(of: ":") else { return self.controller }
        return String(self.controller[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }

    /// The credential of the node's hello: sent only on the TLS link.
    var helloCredential: String { "token \(self.token)" }
}

/// Why the registry handshake cannot go on; qpid stops with it, nothing was sent but the
/// QPU's name.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// Worth retrying: the controller did not answer.
    var transient = false
}

extension RegistryLink {
    /// Step one, over plain TCP with no secret: asks for the CA and the link's port, then
    /// checks the CA against the pinned fingerprint before anything else is trusted.
    ///
    /// - Returns: the `tls+tcp` URL of the QPU's link and the TLS configuration that trusts
    ///   only the pinned CA.
    func resolve(maxMessageSize: Int) async throws(RegistryError) -> (url: String, tls: TLSConfiguration) {
        let answer = try await self.bootstrap(maxMessageSize: maxMessageSize)
        let caPEM: String
        if let caFile = self.caFile {
            do {
                caPEM = try String(contentsOfFile: caFile, encoding: .utf8)
            } catch {
                throw RegistryError(description: "cannot read --ca-file \(caFile): \(error.localizedDescription)")
            }
        } else {
            caPEM = answer.caCertificatePEM
        }
        let presented: CertificateFingerprint
        do {
            presented = try ClusterCertificates.fingerprint(ofPEM: caPEM)
        } catch {
            let source = self.caFile ?? "the controller's answer"
            throw RegistryError(description: "\(source) holds no readable CA certificate: \(error)")
        }
        if let pinned = self.caFingerprint, pinned != presented {
            let source =
                self.caFile.map { "--ca-file \($0)" } ?? "the CA certificate the controller at \(self.controller) sent"
            throw RegistryError(
                description: "CA fingerprint mismatch: \(source) has SHA-256 fingerprint \(presented), not the pinned "
                    + "\(pinned); refusing to connect (check --ca-fingerprint against `qctl qpu create`'s output)")
        }
        let url = "tls+tcp://\(self.controller.contains("[") ? "[\(self.host)]" : self.host):\(answer.linkPort)"
        return (url, .client(certificateAuthorityPEM: caPEM, serverName: answer.serverName))
    }

    /// Asks for a challenge, then answers it with a proof of the token (the token itself
    /// never crosses this plain connection) for the CA and the link's port.
    private func bootstrap(maxMessageSize: Int) async throws(RegistryError) -> NodeBootstrapRequest.Response {
        let url = "tcp://\(self.controller)"
        let client: RequestClient
        do {
            var options = SocketOptions()
            options.maxReceiveSize = maxMessageSize
            client = try RequestClient(options: options)
            try client.dial(url: url, waitForConnection: true)
        } catch {
            throw RegistryError(description: "cannot reach qpictld at \(url): \(error)", transient: true)
        }
        defer { client.close() }
        let qpu = self.token.qpu
        let challenge = try await Self.call(
            NodeChallengeRequest(qpu: qpu), on: client, url: url, maxMessageSize: maxMessageSize
        ).challenge
        let proof = NodeTokenProof.prove(self.token, challenge: challenge)
        return try await Self.call(
            NodeBootstrapRequest(qpu: qpu, challenge: challenge, proof: proof), on: client, url: url,
            maxMessageSize: maxMessageSize)
    }

    /// One request of the bootstrap, which carries no munge credential.
    private static func call<Request: WireRequest>(
        _ request: Request, on client: RequestClient, url: String, maxMessageSize: Int
    ) async throws(RegistryError) -> Request.Response {
        let body: [UInt8]
        do {
            body = try WireCoding.encode(RequestEnvelope(type: Request.type, body: request))
        } catch {
            throw RegistryError(description: "cannot encode the bootstrap request: \(error)")
        }
        let replyBytes: [UInt8]
        do {
            replyBytes = try await client.request(Frame(body: body).encoded(), timeout: .seconds(10))
        } catch {
            throw RegistryError(description: "cannot reach qpictld at \(url): \(error)", transient: true)
        }
        do {
            let frame = try Frame.decode(replyBytes, maxSize: maxMessageSize)
            let reply = try WireCoding.decode(ReplyEnvelope<Request.Response>.self, from: frame.body)
            if let error = reply.error {
                throw RegistryError(description: "the controller refused the node's bootstrap: \(error.message)")
            }
            guard let result = reply.result else { throw RegistryError(description: "qpictld sent an empty reply") }
            return result
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(description: "unreadable bootstrap reply from qpictld at \(url): \(error)")
        }
    }
}
