import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

extension APIRoutes {
    /// `GET /healthz`: 200 while the controller answers, for load balancers and probes.
    mutating func addHealthRoutes() {
        self.add(.get, "/healthz", auth: .anonymous) { call in
            let counts = await call.controller.activeCounts()
            return HealthJSON(
                status: "ok", version: QPIVersion.current, pendingJobs: counts.pending, runningJobs: counts.running)
        }
    }
}

struct HealthJSON: ResponseEncodable, Sendable {
    var status: String
    var version: String
    var pendingJobs: Int
    var runningJobs: Int
}
