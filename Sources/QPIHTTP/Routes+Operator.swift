import Foundation
import HTTPTypes
import Hummingbird
import QPIConfig
import QPIController
import QPICore
import QPIDocuments
import QPISecurity
import QPIWire

extension APIRoutes {
    /// The reference's operator routes: the QPU registry (`qctl qpu`), a node's connect
    /// handshake, and the version.
    mutating func addOperatorRoutes() {
        self.add(.post, "/api/op/qpus/create", auth: .superuser) { call in
            let caller = try call.user()
            let body = try await call.decode(QPUCreateBody.self)
            if let controller = body.controller, !NodeUnitSnippet.isControllerAddress(controller) {
                throw APIError(
                    .invalidArgument, "controller '\(controller)' is not HOST:PORT (the controller's command listener)",
                    field: "controller")
            }
            let created = try await call.run { () async throws(WireError) in
                try await call.controller.createQPU(
                    QPUCreateRequest(name: body.name, executor: body.executor, qubits: body.qubits), by: caller)
            }
            let node = NodeUnitSnippet(
                qpu: created.qpu.name, executor: created.qpu.executor,
                controller: body.controller ?? call.services.settings.controllerAddress
                    ?? NodeUnitSnippet.unknownController,
                token: created.token, caFingerprint: created.caFingerprint)
            return EditedResponse(
                status: .created,
                response: CreatedQPUJSON(created, nodeCommand: node.commandLine, nodeSetup: node.shellLines))
        }
        self.add(.post, "/api/op/qpus/connect", auth: .qpuToken) { call in
            let token = call.bearer ?? ""
            let named = try await call.decodeIfPresent(QPUConnectBody.self)?.name
            // The token names its QPU; a body naming another is refused like a wrong token.
            guard let parsed = QPUToken(token), named == nil || parsed.qpu == named else {
                throw APIError(.unauthenticated, "wrong token for QPU '\(named ?? "")'")
            }
            let name = parsed.qpu
            let controller = call.controller
            try await call.run { () async throws(WireError) in try await controller.verifyNodeToken(token, for: name) }
            let bootstrap = try await call.run { () async throws(WireError) in
                try await controller.registeredLink(of: name)
            }
            return QPUConnectionJSON(
                name: name, linkPort: bootstrap.linkPort, serverName: bootstrap.serverName,
                caCertificatePem: bootstrap.caCertificatePEM)
        }
        self.add(.post, "/api/op/qpu/toggle", auth: .superuser) { call in
            let caller = try call.user()
            let body = try await call.decode(QPUToggleBody.self)
            let controller = call.controller
            let current = await controller.listQPUs().first { $0.qpu.name == body.name }
            guard let current else { throw APIError(.notFound, "no QPU named '\(body.name)'", field: "name") }
            let enable = body.enabled ?? (current.qpu.state == .disabled)
            if enable == (current.qpu.state != .disabled) { return QPUJSON(current) }
            _ = try await call.run { () async throws(WireError) in
                try await controller.changeQPUState(
                    QPUStateRequest(name: body.name, action: enable ? .enable : .disable, reason: body.reason),
                    by: caller)
            }
            let changed = await controller.listQPUs().first { $0.qpu.name == body.name }
            guard let changed else { throw APIError(.notFound, "QPU '\(body.name)' was deleted", field: "name") }
            return QPUJSON(changed)
        }
        self.add(.get, "/api/op/version", auth: .superuser) { _ in
            VersionJSON(version: QPIVersion.current)
        }
    }
}

struct QPUCreateBody: Decodable, Sendable {
    var name: String
    var executor: String
    var qubits: Int
    /// HOST:PORT of the controller's command listener as the QPU's host reaches it, for
    /// the node setup (default: ControlAddr:ControlPort), as `qctl qpu create --controller`.
    var controller: String?
}

struct QPUConnectBody: Decodable, Sendable {
    /// The QPU; optional, as the token names it.
    var name: String?
}

struct QPUToggleBody: Decodable, Sendable {
    var name: String
    /// nil switches: a disabled QPU is enabled, any other disabled.
    var enabled: Bool?
    var reason: String?
}

struct QPUConnectionJSON: ResponseEncodable, Sendable {
    var name: String
    var linkPort: Int
    var serverName: String
    var caCertificatePem: String
}

struct VersionJSON: ResponseEncodable, Sendable {
    var version: String
}
