import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Booked time slots, as `qres` manages them.
    mutating func addReservationRoutes() {
        self.add(.post, "/api/reservations", auth: .user) { call in
            let caller = try call.user()
            let body = try await call.decode(BookBody.self)
            let slot = try await call.run { () async throws(WireError) in
                try await call.controller.book(
                    BookRequest(
                        qpu: body.qpu, start: body.start.timeIntervalSince1970, end: body.end.timeIntervalSince1970,
                        user: body.user, name: body.name),
                    by: caller)
            }
            return EditedResponse(status: .created, response: ReservationJSON(slot))
        }
        self.add(.get, "/api/reservations", auth: .user) { call in
            let slots = await call.controller.listReservations(qpu: call.query("qpu"), user: call.query("user"))
            return ListJSON(items: slots.map(ReservationJSON.init))
        }
        self.add(.get, "/api/reservations/{id}", auth: .user) { call in
            let id = try call.id(of: "slot")
            return ReservationJSON(
                try await call.run { () async throws(WireError) in try await call.controller.reservation(id) })
        }
        self.add(.delete, "/api/reservations/{id}", auth: .user) { call in
            let caller = try call.user()
            let id = try call.id(of: "slot")
            return ReservationJSON(
                try await call.run { () async throws(WireError) in
                    try await call.controller.cancelReservation(id, by: caller)
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
