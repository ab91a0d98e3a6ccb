import Logging
import QPIAuth
import QPIConfig
import QPIController
import QPISecurity
import QPITransport

extension ControllerDaemon {
    /// Loads the cluster's CA and certificate (creating them on first start) and lets
    /// remote nodes register: each registered QPU gets a `tls+tcp` link listener on its
    /// allocated port, where a node proves itself with the QPU's token.
    func startRegistry(
        controller: ClusterController, signer: RequestSigner, authenticator: MungeAuthenticator
    ) async throws {
        let configuration = self.configuration
        let files = CertificateFiles(
            caCertificate: configuration.tlsCACertFile, caPrivateKey: configuration.tlsCAKeyFile,
            serverCertificate: configuration.tlsCertFile, serverPrivateKey: configuration.tlsKeyFile)
        let (certificates, origin) = try ClusterCertificates.loadOrCreate(
            files: files, clusterName: configuration.clusterName, domain: configuration.domain,
            ipAddress: configuration.ipAddr)
        let fingerprint = try certificates.caFingerprint()
        self.logger.info(
            origin == .created ? "created the cluster CA and certificate" : "loaded the cluster CA and certificate",
            metadata: ["ca": "\(files.caCertificate)", "fingerprint": "\(fingerprint)"])
        let identity = NodeTLSIdentity(
            caCertificatePEM: certificates.caCertificatePEM, caFingerprint: fingerprint,
            serverName: ClusterCertificates.serverName(domain: configuration.domain))
        let tls = TLSConfiguration.server(
            certificateChainPEM: certificates.serverCertificatePEM, privateKeyPEM: certificates.serverPrivateKeyPEM)
        let logger = self.logger
        let address = configuration.controlAddr
        let maxMessageSize = configuration.maxMessageSize
        try await controller.enableRegistry(
            tls: identity, portRange: configuration.portRange,
            reservedPorts: [configuration.controlPort, configuration.serverPort]
        ) { qpu, port in
            let endpoint = try QPULinkEndpoint(
                qpu: qpu, signer: signer, authenticator: authenticator, maxMessageSize: maxMessageSize,
                authentication: .token)
            let listener = try endpoint.socket.listen(url: "tls+tcp://\(address):\(port)", tls: tls)
            let serving = Task { await endpoint.serve(controller: controller, logger: logger) }
            logger.info("registered QPU link listening", metadata: ["qpu": "\(qpu)", "url": "\(listener.url)"])
            return {
                endpoint.close()
                serving.cancel()
            }
        }
    }
}
