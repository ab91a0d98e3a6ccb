import Logging
import QPICore
import QPISecurity
import QPIStore
import QPIWire

/// What a remote node needs to trust the controller: the CA it pins and the name the
/// controller's certificate carries.
public struct NodeTLSIdentity: Sendable, Hashable {
    public var caCertificatePEM: String
    public var caFingerprint: CertificateFingerprint
    public var serverName: String

    public init(caCertificatePEM: String, caFingerprint: CertificateFingerprint, serverName: String) {
        self.caCertificatePEM = caCertificatePEM
        self.caFingerprint = caFingerprint
        self.serverName = serverName
    }
}

/// Starts a registered QPU's `tls+tcp` link listener on `port`; returns how to close it.
public typealias RegisteredLinkStarter = @Sendable (_ qpu: String, _ port: Int) async throws -> @Sendable () -> Void

/// The controller's view of registered QPUs: their link ports and open listeners.
struct RegistryState {
    var tls: NodeTLSIdentity?
    var portRange: ClosedRange<Int> = 6000...7000
    /// The controller's own ports, which may lie inside `portRange`.
    var reservedPorts: Set<Int> = []
    var startLink: RegisteredLinkStarter?
    /// Link port of each registered QPU.
    var linkPorts: [String: Int] = [:]
    var closeLink: [String: @Sendable () -> Void] = [:]
    /// Challenges for bootstrapping nodes, good until this controller stops.
    let challenges = NodeChallenges()
}

extension ClusterController {
    /// Enables registration: `qctl qpu create` and the token handshake of remote nodes.
    /// Re-opens the links of the QPUs registered before this start.
    public func enableRegistry(
        tls: NodeTLSIdentity, portRange: ClosedRange<Int>, reservedPorts: Set<Int>,
        startLink: @escaping RegisteredLinkStarter
    ) async throws {
        self.registry.tls = tls
        self.registry.portRange = portRange
        self.registry.reservedPorts = reservedPorts
        self.registry.startLink = startLink
        for name in try self.store.registeredQPUNames() where self.fleet[name] == nil {
            guard let record = try self.store.qpu(named: name), let port = record.dispatchPort,
                self.fleet.add(record.qpu, now: self.now())
            else { continue }
            try await self.openRegisteredLink(name, port: port)
        }
    }

    /// Closes every registered QPU's link listener (at shutdown).
    public func closeRegisteredLinks() {
        for close in self.registry.closeLink.values { close() }
        self.registry.closeLink = [:]
    }

    private func openRegisteredLink(_ name: String, port: Int) async throws {
        guard let startLink = self.registry.startLink else { return }
        self.registry.linkPorts[name] = port
        self.registry.closeLink[name] = try await startLink(name, port)
    }

    private func requireRegistry() throws(WireError) -> NodeTLSIdentity {
        guard let tls = self.registry.tls else {
            throw WireError(.unavailable, "this controller has no TLS identity; QPU registration is off")
        }
        return tls
    }

    /// `qctl qpu create`: stores the QPU with two ports and a token hash, opens its TLS link.
    public func createQPU(_ request: QPUCreateRequest, by caller: Caller) async throws(WireError)
        -> QPUCreateRequest.Response
    {
        try Authorization.check(.manageQPUs, by: caller)
        let tls = try self.requireRegistry()
        try Self.validateQPUName(request.name)
        guard !request.executor.isEmpty else {
            throw WireError(.invalidArgument, "the executor must not be empty", field: "executor")
        }
        guard (1...self.settings.maxQubits).contains(request.qubits) else {
            throw WireError(
                .invalidArgument,
                "qubits must be between 1 and MaxQubits=\(self.settings.maxQubits), got \(request.qubits)",
                field: "qubits")
        }
        guard self.fleet[request.name] == nil else {
            throw WireError(.conflict, "a QPU named '\(request.name)' already exists", field: "name")
        }
        let qpu = QPU(name: request.name, executor: request.executor, qubits: request.qubits, state: .down)
        let token = QPUToken.generate(for: request.name)
        let record: QPURecord
        do {
            record = try await self.store.registerQPU(
                qpu, tokenHash: token.hash, range: self.registry.portRange, reserving: self.registry.reservedPorts,
                time: self.now())
        } catch let error as StoreError where error.code == .conflict || error.code == .exhausted {
            throw WireError(error.code == .exhausted ? .unavailable : .conflict, error.message)
        } catch {
            throw WireError(.unavailable, "cannot store QPU '\(request.name)': \(error)")
        }
        guard let dispatchPort = record.dispatchPort, let resultPort = record.resultPort else {
            throw WireError(.internal, "QPU '\(request.name)' was stored without ports")
        }
        // Another create of the same name may have passed the check above during the store's await.
        guard self.fleet.add(qpu, now: self.now()) else {
            throw WireError(.conflict, "a QPU named '\(request.name)' already exists", field: "name")
        }
        do {
            try await self.openRegisteredLink(request.name, port: dispatchPort)
        } catch {
            self.logger.error(
                "cannot open the link of a new QPU: \(error)",
                metadata: ["qpu": "\(request.name)", "port": "\(dispatchPort)"])
        }
        self.logger.info(
            "QPU registered", metadata: ["qpu": "\(request.name)", "by": "\(caller.user)", "port": "\(dispatchPort)"])
        return QPUCreateRequest.Response(
            qpu: qpu, dispatchPort: dispatchPort, resultPort: resultPort, token: token.description,
            caFingerprint: tls.caFingerprint.description)
    }

    /// `qctl qpu enable|disable|drain|resume`. Disabling drops a registered QPU's node.
    public func changeQPUState(_ request: QPUStateRequest, by caller: Caller) async throws(WireError)
        -> QPUStateRequest.Response
    {
        try Authorization.check(.manageQPUs, by: caller)
        let (qpu, cut) = try self.fleet.apply(
            request.action, to: request.name, reason: request.reason, by: caller.user,
            cutSession: self.registry.linkPorts[request.name] != nil)
        if let cut {
            try? await cut.send(.refused(WireError(.forbidden, Self.disabledMessage(qpu))))
        }
        do {
            try await self.store.setQPUState(request.name, state: qpu.state, reason: qpu.reason)
        } catch {
            self.logger.error("cannot store QPU state: \(error)", metadata: ["qpu": "\(request.name)"])
        }
        self.logger.notice(
            "QPU \(request.action.rawValue)",
            metadata: ["qpu": "\(request.name)", "by": "\(caller.user)", "reason": "\(qpu.reason ?? "")"])
        self.wakeScheduler()
        return QPUStateRequest.Response(qpu: qpu)
    }

    /// `qctl qpu delete`: a registered QPU that runs no job.
    public func deleteQPU(_ request: QPUDeleteRequest, by caller: Caller) async throws(WireError)
        -> QPUDeleteRequest.Response
    {
        try Authorization.check(.manageQPUs, by: caller)
        guard let member = self.fleet[request.name] else { throw self.unknownQPU(request.name) }
        guard self.registry.linkPorts[request.name] != nil else {
            throw WireError(
                .conflict, "QPU '\(request.name)' is declared in qpi.conf; remove its QPUName= line instead")
        }
        if let busy = member.inFlight.first {
            throw WireError(
                .conflict, "QPU '\(request.name)' is running job \(busy.jobID); drain it and wait, or cancel the job")
        }
        do {
            try await self.store.deleteQPU(request.name)
        } catch {
            throw WireError(.unavailable, "cannot delete QPU '\(request.name)': \(error)")
        }
        self.fleet.remove(request.name)
        self.registry.linkPorts.removeValue(forKey: request.name)
        let close = self.registry.closeLink.removeValue(forKey: request.name)
        if let link = member.session.link {
            try? await link.send(.refused(WireError(.notFound, "QPU '\(request.name)' was deleted")))
            // Closing drops what NNG has not sent yet: give the refusal a moment to leave.
            Task {
                try? await Task.sleep(for: .seconds(1))
                close?()
            }
        } else {
            close?()
        }
        self.logger.notice("QPU deleted", metadata: ["qpu": "\(request.name)", "by": "\(caller.user)"])
        return QPUDeleteRequest.Response(name: request.name)
    }

    /// `qctl qpu rotate-token`: a new token; the node using the old one is dropped.
    public func rotateQPUToken(_ request: QPURotateTokenRequest, by caller: Caller) async throws(WireError)
        -> QPURotateTokenRequest.Response
    {
        try Authorization.check(.manageQPUs, by: caller)
        let tls = try self.requireRegistry()
        guard self.fleet[request.name] != nil else { throw self.unknownQPU(request.name) }
        guard self.registry.linkPorts[request.name] != nil else {
            throw WireError(
                .conflict, "QPU '\(request.name)' is declared in qpi.conf and authenticates with munge, not a token")
        }
        let token = QPUToken.generate(for: request.name)
        do {
            try await self.store.rotateTokenHash(ofQPU: request.name, to: token.hash)
        } catch {
            throw WireError(.unavailable, "cannot store the new token of QPU '\(request.name)': \(error)")
        }
        if let link = self.fleet.cutLink(of: request.name) {
            try? await link.send(
                .refused(WireError(.unauthenticated, "the token of QPU '\(request.name)' was rotated; use the new one"))
            )
        }
        self.logger.notice("QPU token rotated", metadata: ["qpu": "\(request.name)", "by": "\(caller.user)"])
        return QPURotateTokenRequest.Response(
            name: request.name, token: token.description, caFingerprint: tls.caFingerprint.description)
    }

    /// A challenge for a remote node to prove its token on before ``nodeBootstrap(_:)``: its
    /// first question, answered without credentials, since nothing in it is secret.
    public func nodeChallenge(_ request: NodeChallengeRequest) throws(WireError) -> NodeChallengeRequest.Response {
        _ = try self.requireRegistry()
        return NodeChallengeRequest.Response(
            challenge: self.registry.challenges.issue(for: request.qpu, now: self.now()))
    }

    /// The CA and link port of a registered QPU, for a node that proved it holds the QPU's token.
    public func nodeBootstrap(_ request: NodeBootstrapRequest) throws(WireError) -> NodeBootstrapRequest.Response {
        guard self.registry.challenges.isValid(request.challenge, for: request.qpu, now: self.now()) else {
            throw WireError(
                .unauthenticated,
                "the bootstrap challenge is not this controller's for QPU '\(request.qpu)', or expired")
        }
        let hashes = try self.tokenHashes(of: request.qpu)
        guard
            NodeTokenProof.verify(
                request.proof, tokenHash: hashes.current, qpu: request.qpu, challenge: request.challenge)
        else {
            if let previous = hashes.previous,
                NodeTokenProof.verify(
                    request.proof, tokenHash: previous, qpu: request.qpu, challenge: request.challenge)
            {
                throw WireError(.unauthenticated, Self.rotatedTokenMessage(request.qpu))
            }
            throw WireError(.unauthenticated, "wrong token for QPU '\(request.qpu)'")
        }
        return try self.registeredLink(of: request.qpu)
    }

    /// The CA and link port of a registered QPU, for a node whose token was checked.
    public func registeredLink(of qpu: String) throws(WireError) -> NodeBootstrapRequest.Response {
        let tls = try self.requireRegistry()
        guard let port = self.registry.linkPorts[qpu] else { throw Self.unregistered(qpu) }
        return NodeBootstrapRequest.Response(
            caCertificatePEM: tls.caCertificatePEM, serverName: tls.serverName, linkPort: port)
    }

    /// The stored hashes of a registered QPU's token and of the one it replaced.
    private func tokenHashes(of qpu: String) throws(WireError) -> (current: String, previous: String?) {
        guard self.fleet[qpu] != nil, self.registry.linkPorts[qpu] != nil else { throw Self.unregistered(qpu) }
        let credentials: QPUCredentials?
        do {
            credentials = try self.store.credentials(ofQPU: qpu)
        } catch {
            throw WireError(.unavailable, "cannot read the token of QPU '\(qpu)': \(error)")
        }
        guard let credentials, let hash = credentials.tokenHash else {
            throw WireError(.unauthenticated, "QPU '\(qpu)' has no token; run `qctl qpu rotate-token \(qpu)`")
        }
        return (hash, credentials.previousTokenHash)
    }

    private static func unregistered(_ qpu: String) -> WireError {
        WireError(
            .notFound,
            "no QPU named '\(qpu)' is registered on this controller (deleted, or never created with `qctl qpu create`)",
            field: "qpu")
    }

    private static func rotatedTokenMessage(_ qpu: String) -> String {
        "the token for QPU '\(qpu)' was rotated; start qpid with the new token"
    }

    /// Checks a node's token for `qpu` (received inside TLS), saying exactly why it is refused.
    public func verifyNodeToken(_ token: String, for qpu: String) throws(WireError) {
        let hashes = try self.tokenHashes(of: qpu)
        let presented = QPUToken(token)
        guard let presented, presented.qpu == qpu,
            SecretToken.matches(presented.description, storedHash: hashes.current)
        else {
            if let presented, let previous = hashes.previous,
                SecretToken.matches(presented.description, storedHash: previous)
            {
                throw WireError(.unauthenticated, Self.rotatedTokenMessage(qpu))
            }
            throw WireError(.unauthenticated, "wrong token for QPU '\(qpu)'")
        }
        if let member = self.fleet[qpu], member.qpu.state == .disabled {
            throw WireError(.forbidden, Self.disabledMessage(member.qpu))
        }
    }

    static func disabledMessage(_ qpu: QPU) -> String {
        "QPU '\(qpu.name)' is disabled\(qpu.reason.map { " (\($0))" } ?? ""); `qctl qpu enable \(qpu.name)` lets its node in"
    }

    func unknownQPU(_ name: String) -> WireError {
        self.fleet.unknown(name)
    }

    /// Letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 64 characters:
    /// the name goes into tokens, URLs and file names.
    static func validateQPUName(_ name: String) throws(WireError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "-" || scalar == "_" || scalar == ".")
        }
        guard !name.isEmpty, name.count <= 64, allowed, let first = name.unicodeScalars.first,
            first != "-" && first != "_" && first != "."
        else {
            throw WireError(
                .invalidArgument,
                "invalid QPU name '\(name)': use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit",
                field: "name")
        }
    }
}
