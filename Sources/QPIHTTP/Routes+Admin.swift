import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Administrators' view of users: balances (`qctl user set`) and login passwords.
    mutating func addAdminRoutes() {
        self.add(.get, "/api/admin/users", auth: .superuser) { call in
            let caller = try call.user()
            let usage = try await call.run { () async throws(WireError) in
                try await call.controller.accounting(AccountingRequest(allUsers: true), by: caller)
            }
            let settings = call.services.settings
            var items: [UserJSON] = []
            for balance in usage.users {
                let account = try? await call.controller.caller(named: balance.user, daemonUID: settings.daemonUID)
                items.append(
                    UserJSON(
                        UserOverview(
                            user: balance.user, isAdmin: account?.isAdmin ?? false, balance: balance.balance,
                            usedSeconds: balance.usedSeconds, jobs: balance.jobs)))
            }
            return ListJSON(items: items)
        }
        self.add(.patch, "/api/admin/users/{id}", auth: .superuser) { call in
            let caller = try call.user()
            let user = try call.parameter("id")
            let body = try await call.decode(UserUpdateBody.self)
            guard body.qpuSeconds != nil || body.addSeconds != nil || body.password != nil else {
                throw APIError(.invalidArgument, "give qpu_seconds, add_seconds or password", field: "body")
            }
            let controller = call.controller
            if let seconds = body.qpuSeconds {
                _ = try await call.run { () async throws(WireError) in
                    try await controller.setBalance(SetBalanceRequest(user: user, qpuSeconds: seconds), by: caller)
                }
            }
            if let seconds = body.addSeconds {
                _ = try await call.run { () async throws(WireError) in
                    try await controller.addSeconds(AddSecondsRequest(user: user, seconds: seconds), by: caller)
                }
            }
            if let password = body.password {
                try await call.run { () async throws(WireError) in
                    try await controller.setPassword(password, for: user, by: caller)
                }
            }
            let daemonUID = call.services.settings.daemonUID
            return UserJSON(
                try await call.run { () async throws(WireError) in
                    try await controller.userOverview(user, daemonUID: daemonUID, by: caller)
                })
        }
    }
}

/// `PATCH /api/admin/users/{id}`. `qpu_seconds: null` makes the balance unlimited, so
/// "absent" and "null" differ here.
struct UserUpdateBody: Decodable, Sendable {
    var qpuSeconds: Double??
    var addSeconds: Double?
    var password: String?

    enum CodingKeys: String, CodingKey { case qpuSeconds, addSeconds, password }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.qpuSeconds) {
            let value: Double? =
                try container.decodeNil(forKey: .qpuSeconds)
                ? nil : try container.decode(Double.self, forKey: .qpuSeconds)
            self.qpuSeconds = .some(value)
        }
        self.addSeconds = try container.decodeIfPresent(Double.self, forKey: .addSeconds)
        self.password = try container.decodeIfPresent(String.self, forKey: .password)
    }
}
