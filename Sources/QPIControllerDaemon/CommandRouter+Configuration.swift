import QPIController
import QPIWire

extension CommandRouter {
    static let configurationRequestTypes: Set<String> = [ReconfigureRequest.type, ShowConfigRequest.type]

    func routeConfiguration(_ type: String, _ body: [UInt8], caller: Caller) async throws(WireError) -> [UInt8] {
        guard let configuration = self.configuration else {
            throw WireError(.unavailable, "this controller does not serve its configuration")
        }
        switch type {
        case ReconfigureRequest.type:
            return try await Self.serve(ReconfigureRequest.self, body) { _ async throws(WireError) in
                try Authorization.check(.reconfigure, by: caller)
                return try await configuration.reload()
            }
        default:
            return try await Self.serve(ShowConfigRequest.self, body) { _ async throws(WireError) in
                await configuration.show(to: caller)
            }
        }
    }
}
