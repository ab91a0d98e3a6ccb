import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Booked time slots, as `qres` manages them.
    mutating func addSlotRoutes() {
        self.add(.post, "/api/slots", auth: .user) { call in
            let caller = try call.user()
            let body = try await call.decode(BookBody.self)
            let slot = try await call.run { () async throws(WireError) in
                try await call.controller.book(
                    BookRequest(
                        qpu: body.qpu, start: body.start.timeIntervalSince1970, end: body.end.timeIntervalSince1970,
                        user: body.user, name: body.name),
                    by: caller)
            }
            return EditedResponse(status: .created, response: SlotJSON(slot))
        }
        self.add(.get, "/api/slots", auth: .user) { call in
            let slots = await call.controller.listSlots(qpu: call.query("qpu"), user: call.query("user"))
            return ListJSON(items: slots.map(SlotJSON.init))
        }
        self.add(.get, "/api/slots/{id}", auth: .user) { call in
            let id = try call.id(of: "slot")
            return SlotJSON(
                try await call.run { () async throws(WireError) in try await call.controller.slot(id) })
        }
        self.add(.delete, "/api/slots/{id}", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "slot")
            return SlotJSON(
                try await call.run { () async throws(WireError) in
                    try await call.controller.cancelSlot(id, by: caller)
                })
        }
    }
}

struct BookBody: Decodable, Sendable {
    var qpu: String?
    var start: Date
    var end: Date
    var user: String?
    var name: String?
}
