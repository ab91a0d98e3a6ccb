import Foundation
import Logging
import QPIAuth
import QPIControllerClient
import QPICore
import QPIExecutor
import QPITransport
import QPIWire

/// `qpid`: one QPU's daemon. It connects to its QPU's link on the controller, says hello
/// (proving itself with munge, or with its token over TLS on a registry link), runs dispatched jobs one at a time through the executor
/// supervisor, and keeps each result in the spool until the controller acknowledges it.
///
/// Connections drop and come back: each new connection is a new session with a fresh
/// hello, after which every unacknowledged result is sent again. The controller accepts a
/// result once per dispatch, so resending is always safe.
public actor NodeDaemon {
    let settings: NodeSettings
    let logger: Logger
    let spool: ResultSpool
    let supervisor: ExecutorSupervisor
    let signer: RequestSigner
    var link: PairSocket?
    var session: UInt64 = 0
    var sessionUp = false
    var helloSentAt: Double = 0
    var heartbeatSeconds: Double
    /// The job running now and jobs dispatched while it ran (up to the controller's
    /// DispatchDepth), which start in the order they came.
    var running: Dispatch?
    var queued: [Dispatch] = []
    /// Finished jobs not yet acknowledged, by dispatch.
    var unacknowledged: [JobRef: JobOutcome] = [:]
    /// Since when results have waited for an acknowledgement (0: none waits), or when
    /// ``resendUnacknowledged(now:)`` last sent them again.
    var unacknowledgedSince: Double = 0
    var stopping = false
    /// Why the controller refused a registry node, which then stops.
    var refusal: WireError?
    /// Executor events on their way to the controller (``forwardTelemetry()``).
    let executorEvents: AsyncStream<ExecutorEvent>
    let executorEventSink: AsyncStream<ExecutorEvent>.Continuation

    public init(settings: NodeSettings, logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        self.spool = try ResultSpool(dataDirectory: settings.dataDirectory)
        // A bounded buffer: while the link is slow, the newest events win.
        let (events, sink) = AsyncStream<ExecutorEvent>.makeStream(bufferingPolicy: .bufferingNewest(1_024))
        self.executorEvents = events
        self.executorEventSink = sink
        self.supervisor = ExecutorSupervisor(
            command: settings.executor, maxFrameSize: settings.maxMessageSize, logger: logger,
            events: { kind, data in sink.yield(ExecutorEvent(kind: kind, data: data)) })
        self.signer = RequestSigner(
            munge: MungeCredentials(socketPath: settings.mungeSocket), cluster: settings.clusterName)
        self.heartbeatSeconds = settings.heartbeatSeconds
    }

    /// Runs until `stop()`: learns the link address, connects, and serves.
    public func run() async throws {
        let (outcomes, corrupt) = self.spool.load()
        for outcome in outcomes { self.unacknowledged[outcome.ref] = outcome }
        for name in corrupt { self.logger.error("unreadable spool file set aside", metadata: ["file": "\(name)"]) }
        if !outcomes.isEmpty { self.logger.info("spooled results to resend", metadata: ["count": "\(outcomes.count)"]) }

        // Stopped before the controller ever answered: nothing to shut down.
        guard let (url, tls) = try await self.linkTarget() else { return }
        var options = SocketOptions()
        options.maxReceiveSize = self.settings.maxMessageSize
        options.reconnectMinimum = .milliseconds(100)
        options.reconnectMaximum = .seconds(2)
        options.sendBufferDepth = 1_024
        options.receiveBufferDepth = 1_024
        let link = try PairSocket(options: options)
        self.link = link
        try link.dial(url: url, tls: tls)
        self.logger.info("connecting to controller", metadata: ["qpu": "\(self.settings.qpu)", "link": "\(url)"])

        await self.supervisor.start()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.forwardTelemetry() }
            group.addTask { await self.watchPipes(link) }
            group.addTask { await self.receiveLoop(link) }
            group.addTask { await self.heartbeatLoop() }
            await group.waitForAll()
        }
        await self.supervisor.shutdown()
        if let refusal = self.refusal { throw refusal }
    }

    /// Stops serving: the link closes, and ``run()`` returns once the executor is shut down.
    public func stop() {
        self.stopping = true
        self.link?.close()
        self.executorEventSink.finish()
    }

    /// Asks the controller (over the command listener, with munge) where this QPU's link
    /// listens, retrying with backoff while the controller is unreachable; nil once stopped.
    func linkURL() async throws -> String? {
        var delay = 0.1
        while !self.stopping {
            do {
                let client = try ControllerClient(
                    url: self.settings.controllerURL, mungeSocket: self.settings.mungeSocket,
                    cluster: self.settings.clusterName, timeout: .seconds(5),
                    maxMessageSize: self.settings.maxMessageSize)
                defer { client.close() }
                return try await client.call(NodeLinkRequest(qpu: self.settings.qpu)).url
            } catch let error where error.wire?.code == .notFound || error.wire?.code == .forbidden {
                throw error
            } catch {
                self.logger.notice("controller not reachable yet: \(error)")
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 5)
            }
        }
        return nil
    }

    private func watchPipes(_ link: PairSocket) async {
        for await event in link.pipeEvents {
            switch event.kind {
            case .connected:
                self.session = UInt64.random(in: 1...UInt64.max)
                self.sessionUp = false
                await self.sendHello()
            case .disconnected:
                self.sessionUp = false
                self.logger.warning("link to controller lost; reconnecting")
            }
        }
    }

    private func receiveLoop(_ link: PairSocket) async {
        while !self.stopping {
            let bytes: [UInt8]
            do {
                bytes = try await link.receive(timeout: .seconds(1))
            } catch let error as NNGError where error.code == .timedOut {
                continue
            } catch {
                if !self.stopping { self.logger.error("link receive failed: \(error)") }
                return
            }
            await self.handle(bytes)
        }
    }

    private func heartbeatLoop() async {
        while !self.stopping {
            try? await Task.sleep(for: .seconds(min(self.heartbeatSeconds, 1)))
            let now = Date().timeIntervalSince1970
            if self.sessionUp {
                if now - self.helloSentAt >= self.heartbeatSeconds {
                    self.helloSentAt = now
                    await self.send(.heartbeat(running: self.holding))
                }
                await self.resendUnacknowledged(now: now)
            } else if self.session != 0, now - self.helloSentAt >= 2 {
                await self.sendHello()
            }
        }
    }

    func sendHello() async {
        let hello = NodeHello(
            session: self.session, qpu: self.settings.qpu, executor: self.settings.executorName,
            qubits: self.settings.qubits, running: self.holding,
            spooled: self.unacknowledged.keys.sorted { ($0.jobID, $0.dispatchID) < ($1.jobID, $1.dispatchID) })
        self.helloSentAt = Date().timeIntervalSince1970
        await self.send(.hello(hello), signed: true)
    }

    func send(_ message: NodeMessage, signed: Bool = false) async {
        guard let link = self.link else { return }
        do {
            let body = try WireCoding.encode(message)
            let credential = signed ? try self.settings.registry?.helloCredential ?? self.signer.sign(body) : ""
            try await link.send(Frame(credential: credential, body: body).encoded(), timeout: .seconds(5))
        } catch {
            self.logger.warning("cannot send to controller: \(error)")
        }
    }

    func handle(_ bytes: [UInt8]) async {
        let message: ControllerMessage
        let frame: Frame
        do {
            frame = try Frame.decode(bytes, maxSize: self.settings.maxMessageSize)
            message = try WireCoding.decode(ControllerMessage.self, from: frame.body)
        } catch {
            self.logger.warning("unreadable message from controller: \(error)")
            return
        }
        switch message {
        case .welcome(let session, let cluster, let heartbeat):
            guard session == self.session, self.controllerIsTrusted(frame) else { return }
            let firstWelcome = !self.sessionUp
            self.sessionUp = true
            self.heartbeatSeconds = heartbeat
            if firstWelcome {
                self.logger.info(
                    "registered with controller", metadata: ["cluster": "\(cluster)", "qpu": "\(self.settings.qpu)"])
                for outcome in self.unacknowledged.values.sorted(by: { $0.ref.jobID < $1.ref.jobID }) {
                    await self.send(.result(outcome))
                }
            }
        case .refused(let error):
            self.logger.critical("controller refused this node: \(error)")
            if self.settings.registry != nil {
                self.refusal = error
                self.stop()
            }
        case .dispatch(let dispatch):
            guard self.sessionUp else {
                // The job stays RUNNING on the controller until the node's next hello or its
                // time limit: say so, as nothing else will.
                self.logger.warning(
                    "dispatch before the controller's welcome dropped", metadata: ["job": "\(dispatch.ref.jobID)"])
                return
            }
            await self.accept(dispatch)
        case .cancel(let ref):
            if self.running?.ref == ref {
                await self.supervisor.cancel(jobID: ref.jobID)
            } else if let index = self.queued.firstIndex(where: { $0.ref == ref }) {
                // Reported like a stopped run, so that the controller frees its place here.
                await self.report(self.queued.remove(at: index), .cancelled)
            }
        case .resultStored(let ref):
            self.unacknowledged.removeValue(forKey: ref)
            self.spool.remove(ref)
        }
    }

    /// The welcome must carry a munge credential over its body from one of
    /// ``NodeSettings/trustedControllerUIDs``: the node trusts no other controller.
    func controllerIsTrusted(_ frame: Frame) -> Bool {
        // On a registry link, TLS with the pinned CA has already proved the controller.
        if self.settings.registry != nil { return true }
        do {
            guard let verified = try self.signer.verify(frame.credential, body: frame.body) else {
                self.logger.error("welcome credential does not match its message")
                return false
            }
            guard self.settings.trustedControllerUIDs.contains(verified.uid) else {
                self.logger.error(
                    "welcome signed by uid \(verified.uid), not root, this daemon's user or an AdminUsers account")
                return false
            }
            return true
        } catch {
            self.logger.error("welcome credential refused: \(error)")
            return false
        }
    }

    func accept(_ dispatch: Dispatch) async {
        if self.running?.ref == dispatch.ref || self.queued.contains(where: { $0.ref == dispatch.ref })
            || self.unacknowledged[dispatch.ref] != nil
        {
            return
        }
        await self.send(.accepted(dispatch.ref))
        if self.running == nil {
            self.start(dispatch)
        } else {
            self.queued.append(dispatch)
        }
    }

    func start(_ dispatch: Dispatch) {
        // Once stopping, the executor is shut down for good; the controller requeues the job.
        guard !self.stopping else { return }
        self.running = dispatch
        self.logger.info("job started", metadata: ["job": "\(dispatch.ref.jobID)", "user": "\(dispatch.user)"])
        Task {
            if let refusal = Self.exceedsQPU(dispatch, qubits: self.settings.qubits, qpu: self.settings.qpu) {
                await self.finish(dispatch, .failed(refusal))
                return
            }
            let run = ExecutorRun(
                jobID: dispatch.ref.jobID, circuits: dispatch.scripts, shots: dispatch.shots, seed: dispatch.seed,
                options: dispatch.executorOptions ?? [:], timeLimitSeconds: dispatch.timeLimitSeconds)
            let outcome = await self.supervisor.run(run, timeLimit: .seconds(dispatch.timeLimitSeconds))
            await self.finish(dispatch, outcome)
        }
    }

    /// The runs this node holds, running first, then its queue in order: what its hellos and
    /// heartbeats tell the controller.
    var holding: [JobRef] {
        (self.running.map { [$0.ref] } ?? []) + self.queued.map(\.ref)
    }

    /// The running job ended: its outcome is reported, and the next queued job starts.
    func finish(_ dispatch: Dispatch, _ outcome: ExecutorOutcome) async {
        self.running = nil
        if case .abandoned = outcome {
            // qpid is stopping: no outcome is spooled, so the next hello does not mention
            // the job and the controller requeues it.
            self.logger.notice("job abandoned: qpid is stopping", metadata: ["job": "\(dispatch.ref.jobID)"])
            return
        }
        if !self.queued.isEmpty { self.start(self.queued.removeFirst()) }
        await self.report(dispatch, outcome)
    }

    /// Spools `outcome` until the controller acknowledges it, and sends it.
    func report(_ dispatch: Dispatch, _ outcome: ExecutorOutcome) async {
        let result: JobOutcome
        switch outcome {
        case .abandoned:
            return
        case .completed(let executed):
            result = JobOutcome(
                ref: dispatch.ref, status: .completed, results: executed.results, message: nil,
                deviceSeconds: executed.deviceSeconds)
        case .failed(let message):
            result = JobOutcome(ref: dispatch.ref, status: .failed, results: nil, message: message, deviceSeconds: 0)
        case .timedOut(let message):
            // The QPU was held for the whole limit: that is the run time to charge.
            result = JobOutcome(
                ref: dispatch.ref, status: .timeout, results: nil, message: message,
                deviceSeconds: Double(dispatch.timeLimitSeconds))
        case .cancelled:
            result = JobOutcome(
                ref: dispatch.ref, status: .cancelled, results: nil, message: "cancelled", deviceSeconds: 0)
        }
        do {
            try self.spool.store(result)
        } catch {
            self.logger.error("cannot spool result: \(error)", metadata: ["job": "\(dispatch.ref.jobID)"])
        }
        self.unacknowledged[dispatch.ref] = result
        self.logger.info(
            "job finished", metadata: ["job": "\(dispatch.ref.jobID)", "status": "\(result.status.rawValue)"])
        if self.sessionUp { await self.send(.result(result)) }
    }
}
