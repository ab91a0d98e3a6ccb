import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Login and the caller's own account.
    mutating func addAccountRoutes() {
        self.add(.post, "/api/auth/login", auth: .anonymous) { call in
            guard !call.services.settings.disablePasswordLogin else {
                throw APIError(
                    .forbidden,
                    "password login is disabled on this cluster (DisableEmailPasswordAuth); use an API token")
            }
            let body = try await call.decode(LoginBody.self, limit: LoginBody.maxBytes)
            guard !body.username.isEmpty, body.username.utf8.count <= LoginBody.maxUserNameBytes else {
                throw APIError(
                    .invalidArgument, "username must have 1 to \(LoginBody.maxUserNameBytes) bytes", field: "username")
            }
            let limiter = call.services.loginLimiter
            let attempt = try limiter.reserve(
                body.username, address: call.context.remoteAddress, now: call.services.now())
            let settings = call.services.settings
            do throws(WireError) {
                let (token, caller) = try await call.controller.login(
                    user: body.username, password: body.password, lifetime: settings.loginTokenSeconds,
                    daemonUID: settings.daemonUID)
                limiter.succeeded(attempt)
                return LoginJSON(
                    token: token.token, expiresAt: token.info.expiresAt ?? 0, user: caller.user, isAdmin: caller.isAdmin
                )
            } catch {
                // Only a checked password counts; a busy or failing controller checked nothing.
                if error.code != .unauthenticated { limiter.release(attempt) }
                throw APIError(error)
            }
        }
        self.add(.get, "/api/me", auth: .user) { call in
            let caller = try call.user()
            let usage = try await call.run { () async throws(WireError) in
                try await call.controller.accounting(AccountingRequest(users: [caller.user]), by: caller)
            }
            let mine = usage.users.first { $0.user == caller.user }
            return UserJSON(
                UserOverview(
                    user: caller.user, isAdmin: caller.isAdmin, balance: mine?.balance,
                    usedSeconds: mine?.usedSeconds ?? 0, jobs: mine?.jobs ?? 0))
        }
    }
}

struct LoginBody: Decodable, Sendable {
    /// Largest login body: a name and a password fit many times over, and nothing larger
    /// is read before the limiter has had its say.
    static let maxBytes = 4_096
    /// Longest user name accepted, in UTF-8 bytes; a longer one names nobody.
    static let maxUserNameBytes = 256

    var username: String
    var password: String
}

/// A login's token: every way of signing in answers with it.
struct LoginJSON: ResponseEncodable, Sendable {
    var token: String
    /// Seconds since the Unix epoch, written as every document's times are.
    var expiresAt: Double
    var user: String
    var isAdmin: Bool

    enum CodingKeys: String, CodingKey { case token, expiresAt, user, isAdmin }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.token, forKey: .token)
        try container.encode(Date(timeIntervalSince1970: self.expiresAt), forKey: .expiresAt)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.isAdmin, forKey: .isAdmin)
    }
}
