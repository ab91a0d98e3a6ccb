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
            return DecidedTimeRequestJSON(decided)
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
