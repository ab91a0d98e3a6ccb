import Logging
import QPIController
import QPICore
import QPITransport
import QPIWire

/// Proves who sent a request from its frame's credential.
public protocol RequestAuthenticator: Sendable {
    /// The caller, or `.unauthenticated` when the credential is missing, invalid,
    /// expired, replayed, or does not cover `body`.
    func authenticate(credential: String, body: [UInt8]) async throws(WireError) -> Caller

    /// The caller whose process the kernel reported at the other end of the local socket.
    func caller(peerUID: UInt32) throws(WireError) -> Caller
}

extension RequestAuthenticator {
    public func caller(peerUID: UInt32) throws(WireError) -> Caller {
        throw WireError(.unauthenticated, "this controller takes no requests by peer uid")
    }
}

/// Turns request bytes into reply bytes for the command listener: frame and size checks,
/// authentication, then the controller call named by the request's tag. Every failure
/// becomes an error reply; nothing here can take the daemon down.
public struct CommandRouter: Sendable {
    public let controller: ClusterController
    public let authenticator: any RequestAuthenticator
    public let maxMessageSize: Int
    let logger: Logger
    /// Serves `qctl reconfigure` and `qctl show config`; nil refuses them.
    public let configuration: ConfigurationReloader?
    /// The controller's own uid, an administrator's as root's is (`qctl user` shows it).
    public let daemonUID: UInt32

    public init(
        controller: ClusterController, authenticator: any RequestAuthenticator, maxMessageSize: Int, logger: Logger,
        configuration: ConfigurationReloader? = nil, daemonUID: UInt32 = 0
    ) {
        self.configuration = configuration
        self.daemonUID = daemonUID
        self.controller = controller
        self.authenticator = authenticator
        self.maxMessageSize = maxMessageSize
        self.logger = logger
    }

    /// The reply to one request. With a `lease`, a wait for a job (`qsub --wait`, `qrun`)
    /// detaches from the command port's fixed set of request contexts, so waiting clients
    /// never keep others' requests from being served.
    public func handle(_ bytes: [UInt8], lease: ReplyLease? = nil) async -> [UInt8] {
        do throws(WireError) {
            let frame = try Frame.decode(bytes, maxSize: self.maxMessageSize)
            if frame.credential.isEmpty, let reply = try await self.routeUnauthenticated(frame.body) {
                return Frame(body: reply).encoded()
            }
            let caller: Caller
            if frame.credential == Frame.peerCredential {
                // Only a connection the kernel vouched for: never a claim made over TCP.
                guard let uid = lease?.peerUID else {
                    throw WireError(
                        .unauthenticated,
                        "a '\(Frame.peerCredential)' credential is taken only over the controller's local socket")
                }
                caller = try self.authenticator.caller(peerUID: uid)
            } else {
                caller = try await self.authenticator.authenticate(credential: frame.credential, body: frame.body)
            }
            return Frame(body: try await self.route(frame.body, caller: caller, lease: lease)).encoded()
        } catch {
            if error.code != .notFound && error.code != .forbidden {
                self.logger.notice("request refused: \(error.message)", metadata: ["code": "\(error.code)"])
            }
            let body = (try? WireCoding.encode(ReplyEnvelope<PingRequest.Response>(error: error))) ?? []
            return Frame(body: body).encoded()
        }
    }

    /// Serves one authenticated request and counts it by type and caller.
    func route(_ body: [UInt8], caller: Caller, lease: ReplyLease? = nil) async throws(WireError) -> [UInt8] {
        let tag = try WireCoding.decode(RequestTag.self, from: body)
        let clock = ContinuousClock()
        let start = clock.now
        var counted = tag.type
        defer {
            self.controller.requests.record(
                type: counted, user: caller.user, seconds: (clock.now - start).totalSeconds)
        }
        // Without a lease the request did not come over a socket (a test calling in-process).
        try Self.checkSecretChannel(tag.type, origin: lease?.origin ?? .thisHost)
        guard let reply = try await self.routeRequest(tag, body, caller: caller, lease: lease) else {
            counted = RequestCounts.unknownType
            throw WireError(.invalidArgument, "unknown request type '\(tag.type)'", field: "type")
        }
        guard tag.notices == true else { return reply }
        // A notice the controller cannot read or record now is shown by a later command.
        guard let notices = try? await self.controller.takeUnshownNotifications(by: caller) else { return reply }
        return try ReplyNotices.attach(notices, to: reply)
    }

    /// The reply to a request tagged `tag`; nil when no request has its type.
    private func routeRequest(_ tag: RequestTag, _ body: [UInt8], caller: Caller, lease: ReplyLease?)
        async throws(WireError) -> [UInt8]?
    {
        let controller = self.controller
        switch tag.type {
        case PingRequest.type:
            return try await Self.serve(PingRequest.self, body) { _ async throws(WireError) in
                PingRequest.Response(
                    cluster: await controller.currentSettings.clusterName, user: caller.user, isAdmin: caller.isAdmin)
            }
        case SubmitRequest.type:
            return try await Self.serve(SubmitRequest.self, body) { request async throws(WireError) in
                SubmitRequest.Response(jobID: try await controller.submit(request, by: caller))
            }
        case ListJobsRequest.type:
            return try await Self.serve(ListJobsRequest.self, body) { request async throws(WireError) in
                ListJobsRequest.Response(jobs: try await controller.listJobs(request.query, by: caller))
            }
        case ListJobRowsRequest.type:
            return try await Self.serve(ListJobRowsRequest.self, body) { request async throws(WireError) in
                try await controller.listJobRows(request, by: caller)
            }
        case ShowJobRequest.type:
            return try await Self.serve(ShowJobRequest.self, body) { request async throws(WireError) in
                try await controller.showJob(request.jobID, by: caller)
            }
        case CancelRequest.type:
            return try await Self.serve(CancelRequest.self, body) { request async throws(WireError) in
                try await controller.cancel(request.query, by: caller)
            }
        case ResultRequest.type:
            return try await Self.serve(ResultRequest.self, body) { request async throws(WireError) in
                try await controller.result(request.jobID, by: caller)
            }
        case WaitJobRequest.type:
            return try await Self.serve(WaitJobRequest.self, body) { request async throws(WireError) in
                if let lease, !lease.detach() {
                    throw WireError(
                        .unavailable,
                        "the controller holds its most waits (\(ClusterController.maxWaiters)); retry later")
                }
                return WaitJobRequest.Response(
                    job: try await controller.waitForEnd(
                        of: request.jobID, timeout: min(request.timeoutSeconds, 3_600), by: caller))
            }
        case ListQPUsRequest.type:
            return try await Self.serve(ListQPUsRequest.self, body) { _ async throws(WireError) in
                ListQPUsRequest.Response(qpus: await controller.listQPUs())
            }
        case BookRequest.type:
            return try await Self.serve(BookRequest.self, body) { request async throws(WireError) in
                BookRequest.Response(slot: try await controller.book(request, by: caller))
            }
        case ListSlotsRequest.type:
            return try await Self.serve(ListSlotsRequest.self, body) { request async throws(WireError) in
                ListSlotsRequest.Response(
                    slots: await controller.listSlots(qpu: request.qpu, user: request.user))
            }
        case ShowSlotRequest.type:
            return try await Self.serve(ShowSlotRequest.self, body) { request async throws(WireError) in
                BookRequest.Response(slot: try await controller.slot(request.id))
            }
        case CancelSlotRequest.type:
            return try await Self.serve(CancelSlotRequest.self, body) { request async throws(WireError) in
                BookRequest.Response(slot: try await controller.cancelSlot(request.id, by: caller))
            }
        case HoldJobsRequest.type:
            return try await Self.serve(HoldJobsRequest.self, body) { request async throws(WireError) in
                try await controller.setHeld(request, by: caller)
            }
        case StartEstimatesRequest.type:
            return try await Self.serve(StartEstimatesRequest.self, body) { request async throws(WireError) in
                StartEstimatesRequest.Response(estimates: await controller.startEstimates(request.query))
            }
        case UpdateJobRequest.type:
            return try await Self.serve(UpdateJobRequest.self, body) { request async throws(WireError) in
                UpdateJobRequest.Response(job: try await controller.updateJob(request, by: caller))
            }
        case RequeueJobsRequest.type:
            return try await Self.serve(RequeueJobsRequest.self, body) { request async throws(WireError) in
                try await controller.requeue(request.ids, by: caller)
            }
        case NodeLinkRequest.type:
            return try await Self.serve(NodeLinkRequest.self, body) { request async throws(WireError) in
                try Authorization.checkRunsNodes(caller)
                return NodeLinkRequest.Response(url: try await controller.linkURL(for: request.qpu))
            }
        case _ where Self.configurationRequestTypes.contains(tag.type):
            return try await self.routeConfiguration(tag.type, body, caller: caller)
        case _ where Self.securityRequestTypes.contains(tag.type):
            return try await self.routeSecurity(tag.type, body, caller: caller)
        case _ where Self.notificationRequestTypes.contains(tag.type):
            return try await self.routeNotifications(tag.type, body, caller: caller)
        case AccountingRequest.type:
            return try await Self.serve(AccountingRequest.self, body) { request async throws(WireError) in
                try await controller.accounting(request, by: caller)
            }
        case ListUsageRowsRequest.type:
            return try await Self.serve(ListUsageRowsRequest.self, body) { request async throws(WireError) in
                try await controller.usageRows(request, by: caller)
            }
        case SetBalanceRequest.type:
            return try await Self.serve(SetBalanceRequest.self, body) { request async throws(WireError) in
                let changed = try await controller.setBalance(request, by: caller)
                return try await controller.userOverview(changed.user, daemonUID: self.daemonUID, by: caller)
            }
        case AddSecondsRequest.type:
            return try await Self.serve(AddSecondsRequest.self, body) { request async throws(WireError) in
                let changed = try await controller.addSeconds(request, by: caller)
                return try await controller.userOverview(changed.user, daemonUID: self.daemonUID, by: caller)
            }
        case FileTimeRequest.type:
            return try await Self.serve(FileTimeRequest.self, body) { request async throws(WireError) in
                try await controller.fileTimeRequest(request, by: caller)
            }
        case ListTimeRequestsRequest.type:
            return try await Self.serve(ListTimeRequestsRequest.self, body) { request async throws(WireError) in
                try await controller.listTimeRequests(request, by: caller)
            }
        case DecideTimeRequest.type:
            return try await Self.serve(DecideTimeRequest.self, body) { request async throws(WireError) in
                try await controller.decideTimeRequest(request, by: caller)
            }
        case SetPasswordRequest.type:
            return try await Self.serve(SetPasswordRequest.self, body) { request async throws(WireError) in
                try await controller.setPassword(request.password, for: request.user, by: caller)
                return SetPasswordRequest.Response(user: request.user)
            }
        case TelemetryRequest.type:
            return try await Self.serve(TelemetryRequest.self, body) { request async throws(WireError) in
                TelemetryRequest.Response(events: try await controller.telemetry(request))
            }
        case BackupRequest.type:
            return try await Self.serve(BackupRequest.self, body) { request async throws(WireError) in
                try await controller.backup(request, by: caller)
            }
        case DiagRequest.type:
            return try await Self.serve(DiagRequest.self, body) { _ async throws(WireError) in
                await controller.diagnostics()
            }
        default:
            return nil
        }
    }

    static func serve<R: WireRequest>(
        _ type: R.Type,
        _ body: [UInt8],
        _ handler: (R) async throws(WireError) -> R.Response
    ) async throws(WireError) -> [UInt8] {
        let request = try WireCoding.decode(RequestEnvelope<R>.self, from: body).body
        let response = try await handler(request)
        return try WireCoding.encode(ReplyEnvelope(result: response))
    }
}
