import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// API tokens, as `qctl token` manages them: the owner or an administrator.
    mutating func addTokenRoutes() {
        self.add(.post, "/api/tokens", auth: .user) { call in
            let caller = try call.user()
            try call.refuseLoginSession("make API tokens")
            let body = try await call.decode(TokenCreateBody.self)
            let created = try await call.run { () async throws(WireError) in
                try await call.controller.createAPIToken(
                    TokenCreateRequest(name: body.name, expiresInSeconds: body.expiresInSeconds, user: body.user),
                    by: caller)
            }
            return EditedResponse(
                status: .created, response: CreatedTokenJSON(token: created.token, info: TokenJSON(created.info)))
        }
        self.add(.get, "/api/tokens", auth: .user) { call in
            let caller = try call.user()
            let listed = try await call.run { () async throws(WireError) in
                try await call.controller.listAPITokens(TokenListRequest(user: call.query("user")), by: caller)
            }
            return ListJSON(items: listed.tokens.map(TokenJSON.init))
        }
        self.add(.get, "/api/tokens/{id}", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "API token")
            return TokenJSON(
                try await call.run { () async throws(WireError) in
                    try await call.controller.showAPIToken(id, by: caller)
                }.info)
        }
        self.add(.patch, "/api/tokens/{id}", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "API token")
            try call.refuseLoginSession("change API tokens")
            let body = try await call.decode(TokenUpdateBody.self)
            let request = TokenUpdateRequest(
                id: id, name: body.name, expiresInSeconds: body.expiresInSeconds,
                neverExpires: body.neverExpires ?? false)
            return TokenJSON(
                try await call.run { () async throws(WireError) in
                    try await call.controller.updateAPIToken(request, by: caller)
                }.info)
        }
        self.add(.delete, "/api/tokens/{id}", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "API token")
            return TokenJSON(
                try await call.run { () async throws(WireError) in
                    try await call.controller.revokeAPIToken(id, by: caller)
                }
                .info)
        }
    }
}

extension APICall {
    /// Refuses (403) a call made with a password login's token: a session ends when its
    /// 8 hours do, or when the password changes, and must not leave a lasting token behind.
    func refuseLoginSession(_ action: String) throws {
        guard self.token?.isLoginSession == true else { return }
        throw APIError(
            .forbidden,
            "a password login's token may not \(action); use an API token (qctl token create) for that")
    }
}

struct TokenCreateBody: Decodable, Sendable {
    var name: String?
    var user: String?
    var expiresInSeconds: Double?
}

struct TokenUpdateBody: Decodable, Sendable {
    var name: String?
    var expiresInSeconds: Double?
    var neverExpires: Bool?
}
