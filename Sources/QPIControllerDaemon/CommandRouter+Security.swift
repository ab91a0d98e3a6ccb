import QPIController
import QPITransport
import QPIWire

/// The registry's and API tokens' requests.
extension CommandRouter {
    /// Requests that carry a secret, in their reply (a new token) or their body (a password
    /// or token), and the HTTPS route that serves each from elsewhere. The command port is
    /// plain TCP, so they are served only to clients on the controller's own host.
    static let secretRequests: [String: (command: String, route: String)] = [
        QPUCreateRequest.type: ("qctl qpu create", "POST /api/op/qpus/create"),
        QPURotateTokenRequest.type: ("qctl qpu rotate-token", "the controller's host"),
        TokenCreateRequest.type: ("qctl token create", "POST /api/tokens"),
        TokenVerifyRequest.type: ("token verification", "the controller's host"),
        SetPasswordRequest.type: ("qctl user passwd", "PATCH /api/admin/users/{name}"),
    ]

    /// Refuses a secret-bearing request that reached the command port across a network,
    /// before anything is created or changed.
    static func checkSecretChannel(_ type: String, origin: PeerOrigin) throws(WireError) {
        guard origin == .network, let request = Self.secretRequests[type] else { return }
        throw WireError(
            .forbidden,
            "\(request.command) carries a secret, and the command port is plain TCP: it is served only "
                + "to clients on the controller's host; run it there, or use \(request.route) over HTTPS")
    }
    static let securityRequestTypes: Set<String> = [
        QPUCreateRequest.type, QPUStateRequest.type, QPUDeleteRequest.type, QPURotateTokenRequest.type,
        TokenCreateRequest.type, TokenListRequest.type, TokenShowRequest.type, TokenUpdateRequest.type,
        TokenRevokeRequest.type, TokenVerifyRequest.type,
    ]

    /// The requests served without a credential: a remote node's bootstrap, which comes
    /// before the node can prove anything but its token, and gets nothing secret. nil for
    /// any other request, which then goes through authentication as usual.
    func routeUnauthenticated(_ body: [UInt8]) async throws(WireError) -> [UInt8]? {
        let controller = self.controller
        switch (try? WireCoding.decode(RequestTag.self, from: body))?.type {
        case NodeChallengeRequest.type:
            return try await Self.serve(NodeChallengeRequest.self, body) { request async throws(WireError) in
                try await controller.nodeChallenge(request)
            }
        case NodeBootstrapRequest.type:
            return try await Self.serve(NodeBootstrapRequest.self, body) { request async throws(WireError) in
                try await controller.nodeBootstrap(request)
            }
        default:
            return nil
        }
    }

    func routeSecurity(_ type: String, _ body: [UInt8], caller: Caller) async throws(WireError) -> [UInt8] {
        let controller = self.controller
        switch type {
        case QPUCreateRequest.type:
            return try await Self.serve(QPUCreateRequest.self, body) { request async throws(WireError) in
                try await controller.createQPU(request, by: caller)
            }
        case QPUStateRequest.type:
            return try await Self.serve(QPUStateRequest.self, body) { request async throws(WireError) in
                try await controller.changeQPUState(request, by: caller)
            }
        case QPUDeleteRequest.type:
            return try await Self.serve(QPUDeleteRequest.self, body) { request async throws(WireError) in
                try await controller.deleteQPU(request, by: caller)
            }
        case QPURotateTokenRequest.type:
            return try await Self.serve(QPURotateTokenRequest.self, body) { request async throws(WireError) in
                try await controller.rotateQPUToken(request, by: caller)
            }
        case TokenCreateRequest.type:
            return try await Self.serve(TokenCreateRequest.self, body) { request async throws(WireError) in
                try await controller.createAPIToken(request, by: caller)
            }
        case TokenListRequest.type:
            return try await Self.serve(TokenListRequest.self, body) { request async throws(WireError) in
                try await controller.listAPITokens(request, by: caller)
            }
        case TokenShowRequest.type:
            return try await Self.serve(TokenShowRequest.self, body) { request async throws(WireError) in
                try await controller.showAPIToken(request.id, by: caller)
            }
        case TokenUpdateRequest.type:
            return try await Self.serve(TokenUpdateRequest.self, body) { request async throws(WireError) in
                try await controller.updateAPIToken(request, by: caller)
            }
        case TokenRevokeRequest.type:
            return try await Self.serve(TokenRevokeRequest.self, body) { request async throws(WireError) in
                try await controller.revokeAPIToken(request.id, by: caller)
            }
        default:
            return try await Self.serve(TokenVerifyRequest.self, body) { request async throws(WireError) in
                try Authorization.check(.verifyAPITokens, by: caller)
                return try await controller.verifyAPIToken(request.token)
            }
        }
    }
}
