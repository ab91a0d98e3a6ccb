import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// QPUs, public as in the reference: what `qinfo` shows.
    mutating func addQPURoutes() {
        self.add(.get, "/api/qpus", auth: .anonymous) { call in
            ListJSON(items: await call.controller.listQPUs().map(QPUJSON.init))
        }
        self.add(.get, "/api/qpus/{name}", auth: .anonymous) { call in
            let name = try call.parameter("name")
            guard let status = await call.controller.listQPUs().first(where: { $0.qpu.name == name }) else {
                throw APIError(.notFound, "no QPU named '\(name)'", field: "name")
            }
            return QPUJSON(status)
        }
        // The events qpid's executor reported (calibration, temperatures, ...), newest first,
        // as `qinfo --telemetry` shows them; `kind`, `since` (a time) and `limit` narrow it.
        self.add(.get, "/api/qpus/{name}/telemetry", auth: .user) { call in
            let name = try call.parameter("name")
            let limit = try call.query("limit", in: 1...TelemetryRequest.maxLimit) ?? 100
            let request = TelemetryRequest(
                qpu: name, kind: call.query("kind"), since: try call.time("since"), limit: limit)
            let events = try await call.run { () async throws(WireError) in
                try await call.controller.telemetry(request)
            }
            return ListJSON(items: events.map(TelemetryJSON.init))
        }
    }
}
