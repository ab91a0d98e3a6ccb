import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Requests for more qpu_seconds, as `qctl time` files and decides them.
    mutating func addTimeRequestRoutes() {
        self.add(.post, "/api/time-requests", auth: .user) { call in
            let caller = try call.user()
            let body = try await call.decode(FileTimeBody.self)
            let filed = try await call.run { () async throws(WireError) in
                try await call.controller.fileTimeRequest(
                    FileTimeRequest(seconds: body.seconds, reason: body.reason), by: caller)
            }
            return EditedResponse(status: .created, response: TimeRequestJSON(filed))
        }
        self.add(.get, "/api/time-requests", auth: .user) { call in
            let caller = try call.user()
            let all = call.query("all") == "true"
            let listed = try await call.run { () async throws(WireError) in
                try await call.controller.listTimeRequests(ListTimeRequestsRequest(all: all), by: caller)
            }
            return ListJSON(items: listed.requests.map(TimeRequestJSON.init))
        }
        self.add(.post, "/api/time-requests/{id}/decide", auth: .superuser) { call in
            let caller = try call.user()
            let id = try call.id(of: "time request")
            let body = try await call.decode(DecideTimeBody.self)
            let decided = try await call.run { () async throws(WireError) in
                try await call.controller.decideTimeRequest(
                    DecideTimeRequest(id: id, approve: body.approve, note: body.note), by: caller)
            }
            return DecidedTimeRequestJSON(request: TimeRequestJSON(decided.request), balance: decided.balance)
        }
    }
}

struct FileTimeBody: Decodable, Sendable {
    var seconds: Double
    var reason: String
}

struct DecideTimeBody: Decodable, Sendable {
    var approve: Bool
    var note: String?
}

struct TimeRequestJSON: ResponseEncodable, Sendable {
    var request: QPUTimeRequest

    init(_ request: QPUTimeRequest) { self.request = request }

    enum CodingKeys: String, CodingKey { case id, user, seconds, reason, state, createdAt, decidedAt, decidedBy, note }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.request.id, forKey: .id)
        try container.encode(self.request.user, forKey: .user)
        try container.encode(self.request.seconds, forKey: .seconds)
        try container.encode(self.request.reason, forKey: .reason)
        try container.encode(self.request.state.rawValue, forKey: .state)
        try container.encode(self.request.createdAt, forKey: .createdAt)
        try container.encode(self.request.decidedAt, forKey: .decidedAt)
        try container.encode(self.request.decidedBy, forKey: .decidedBy)
        try container.encode(self.request.note, forKey: .note)
    }
}

struct DecidedTimeRequestJSON: ResponseEncodable, Sendable {
    var request: TimeRequestJSON
    var balance: Double?

    enum CodingKeys: String, CodingKey { case request, balance }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.request, forKey: .request)
        try container.encode(self.balance, forKey: .balance)
    }
}
