import Logging
import QPIAuth
import QPIController
import QPITransport
import QPIWire
import Synchronization

/// The controller's end of one QPU's link: an NNG pair socket listening on the QPU's
/// port, taking one node at a time.
///
/// A connection counts only after a `hello` signed with munge by root, an admin or a
/// `NodeUsers` account (QPUs of qpi.conf), or one carrying the QPU's token (registered QPUs, whose
/// link is `tls+tcp`); until then, and after the connection drops, everything else is ignored.
///
/// Peers are told apart by their NNG pipe: only the pipe that said a valid hello is the
/// node, so a stranger's connection (refused while the node holds the link, or accepted
/// while it is away) can neither speak for the node nor, by leaving, take its QPU down. A
/// pipe that has not said a valid hello within ``helloTimeout`` is closed, and a new
/// connection displaces one that has said none yet, so nobody can hold a free link against
/// its node, not even by dialling again at once.
final class QPULinkEndpoint: NodeLink {
    /// How long a new connection may stay silent before it is closed.
    static let helloTimeout = Duration.seconds(5)
    /// Results from one node committed together at most: enough to share a transaction's
    /// cost, few enough that the first waits little for the last.
    static let maxResultsPerCommit = 64
    enum Authentication {
        case munge
        /// The hello's credential is `token QPU.SECRET`, received inside TLS.
        case token
    }

    let qpu: String
    let socket: PairSocket
    let signer: RequestSigner
    let authenticator: MungeAuthenticator
    let maxMessageSize: Int
    let authentication: Authentication
    private let pipes = PipeBook()

    /// Which connection is the node, and when the others must have said hello.
    private struct Pipes {
        var authenticated: Int?
        var helloDeadlines: [Int: ContinuousClock.Instant] = [:]
        /// The connection pair1 took or refused last.
        var newest: Int?
    }

    /// ``Pipes`` behind a lock, in a class so the socket's admission hook can share it.
    private final class PipeBook: Sendable {
        private let state = Mutex(Pipes())

        func withLock<Result: Sendable>(_ body: (inout Pipes) -> Result) -> Result {
            self.state.withLock { body(&$0) }
        }
    }

    init(
        qpu: String, signer: RequestSigner, authenticator: MungeAuthenticator, maxMessageSize: Int,
        authentication: Authentication = .munge
    ) throws {
        self.qpu = qpu
        self.authentication = authentication
        var options = SocketOptions()
        options.maxReceiveSize = maxMessageSize
        options.sendBufferDepth = 1_024
        options.receiveBufferDepth = 1_024
        let socket = try PairSocket(options: options)
        let pipes = self.pipes
        // A peer that has said no hello gives way to a newcomer, which pair1 would refuse
        // while it is connected; the node, once it has said hello, never does.
        socket.beforeAdmitting { [weak socket] newcomer in
            let displaced = pipes.withLock { pipes -> Int? in
                defer { pipes.newest = newcomer }
                guard let previous = pipes.newest, previous != pipes.authenticated else { return nil }
                return previous
            }
            if let displaced { socket?.closePipe(displaced) }
        }
        self.socket = socket
        self.signer = signer
        self.authenticator = authenticator
        self.maxMessageSize = maxMessageSize
    }

    func send(_ message: ControllerMessage) async throws {
        let body = try WireCoding.encode(message)
        let credential: String
        if case .welcome = message, self.authentication == .munge {
            credential = try self.signer.sign(body)
        } else {
            credential = ""
        }
        try await self.socket.send(Frame(credential: credential, body: body).encoded(), timeout: .seconds(5))
    }

    /// Serves the link until the socket closes.
    func serve(controller: ClusterController, logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in self.socket.pipeEvents {
                    await self.pipeChanged(event, controller: controller)
                }
            }
            group.addTask { await self.receiveLoop(controller: controller, logger: logger) }
            group.addTask { await self.closeSilentPipes(logger: logger) }
            await group.next()
            group.cancelAll()
        }
    }

    private func pipeChanged(_ event: PipeEvent, controller: ClusterController) async {
        switch event.kind {
        case .connected:
            // The hello may have been read before this event: a node needs no deadline.
            self.pipes.withLock { pipes in
                guard pipes.authenticated != event.pipeID else { return }
                pipes.helloDeadlines[event.pipeID] = .now + Self.helloTimeout
            }
        case .disconnected:
            let wasNode = self.pipes.withLock { pipes in
                pipes.helloDeadlines[event.pipeID] = nil
                guard pipes.authenticated == event.pipeID else { return false }
                pipes.authenticated = nil
                return true
            }
            if wasNode { await controller.nodeDisconnected(qpu: self.qpu, link: self) }
        }
    }

    /// Closes connections that said no valid hello in time, until the socket closes.
    private func closeSilentPipes(logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let now = ContinuousClock.now
            let expired = self.pipes.withLock { pipes in
                let expired = pipes.helloDeadlines.filter { $0.value <= now && $0.key != pipes.authenticated }.map(
                    \.key)
                for pipe in expired { pipes.helloDeadlines[pipe] = nil }
                return expired
            }
            for pipe in expired {
                logger.warning(
                    "link connection closed: no valid hello within \(Self.helloTimeout)",
                    metadata: ["qpu": "\(self.qpu)"])
                self.socket.closePipe(pipe)
            }
        }
    }

    private func receiveLoop(controller: ClusterController, logger: Logger) async {
        // A message read while gathering results that is not one of them: handled next.
        var next: (bytes: [UInt8], pipeID: Int)?
        while true {
            let bytes: [UInt8]
            let pipe: Int
            do {
                if let read = next {
                    (bytes, pipe) = read
                    next = nil
                } else {
                    (bytes, pipe) = try await self.socket.receiveWithPipe(timeout: nil)
                }
            } catch {
                return
            }
            do {
                let (frame, message) = try self.decode(bytes)
                if case .hello(let hello) = message {
                    switch self.authentication {
                    case .munge:
                        let caller = try await self.authenticator.authenticate(
                            credential: frame.credential, body: frame.body)
                        try Authorization.checkRunsNodes(caller)
                    case .token:
                        try await controller.verifyNodeToken(Self.token(in: frame.credential), for: self.qpu)
                    }
                    guard hello.qpu == self.qpu else {
                        throw WireError(
                            .invalidArgument, "this link serves QPU '\(self.qpu)', not '\(hello.qpu)'", field: "qpu")
                    }
                    self.pipes.withLock { pipes in
                        pipes.authenticated = pipe
                        pipes.helloDeadlines[pipe] = nil
                    }
                    let reply = await controller.nodeConnected(hello, link: self)
                    try await self.send(reply)
                    if case .welcome = reply {
                        await controller.nodeWelcomed(qpu: self.qpu, link: self, session: hello.session)
                    }
                    continue
                }
                guard self.pipes.withLock({ $0.authenticated == pipe }),
                    await controller.isCurrentLink(self, for: self.qpu)
                else { continue }
                switch message {
                case .hello: break
                case .heartbeat(let running): await controller.nodeHeartbeat(qpu: self.qpu, running: running)
                case .accepted(let ref): await controller.nodeAccepted(qpu: self.qpu, ref: ref)
                case .result(let outcome):
                    let (outcomes, after) = self.resultsWaiting(after: outcome, from: pipe)
                    next = after
                    await controller.nodeResults(qpu: self.qpu, outcomes: outcomes)
                case .telemetry(let event): await controller.nodeTelemetry(qpu: self.qpu, event: event)
                }
            } catch let error as WireError {
                logger.warning("node message refused: \(error)", metadata: ["qpu": "\(self.qpu)"])
                try? await self.send(.refused(error))
            } catch {
                logger.warning("node message dropped: \(error)", metadata: ["qpu": "\(self.qpu)"])
            }
        }
    }

    private func decode(_ bytes: [UInt8]) throws -> (frame: Frame, message: NodeMessage) {
        let frame = try Frame.decode(bytes, maxSize: self.maxMessageSize)
        return (frame, try WireCoding.decode(NodeMessage.self, from: frame.body))
    }

    /// `first` and the results from the same pipe already waiting behind it, up to
    /// ``maxResultsPerCommit``, so that they are committed in one transaction; and the first
    /// other message read, if any, which the caller handles next.
    private func resultsWaiting(after first: JobOutcome, from pipe: Int) -> (
        [JobOutcome], (bytes: [UInt8], pipeID: Int)?
    ) {
        var outcomes = [first]
        while outcomes.count < Self.maxResultsPerCommit,
            let read = try? self.socket.receiveIfReadyWithPipe()
        {
            guard read.pipeID == pipe, case .result(let outcome) = try? self.decode(read.bytes).message
            else { return (outcomes, read) }
            outcomes.append(outcome)
        }
        return (outcomes, nil)
    }

    func drop() {
        if let node = self.pipes.withLock({ $0.authenticated }) { self.socket.closePipe(node) }
    }

    func close() {
        self.socket.close()
    }
}

extension QPULinkEndpoint {
    static let tokenPrefix = "token "

    /// The token in a hello's credential, or "" (which no token matches).
    static func token(in credential: String) -> String {
        credential.hasPrefix(Self.tokenPrefix) ? String(credential.dropFirst(Self.tokenPrefix.count)) : ""
    }
}
