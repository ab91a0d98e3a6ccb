import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
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
    }
}
