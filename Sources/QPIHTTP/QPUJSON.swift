import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

/// A QPU as the API shows it.
struct QPUJSON: ResponseEncodable, Sendable {
    var name: String
    var executor: String
    var qubits: Int
    /// IDLE, ALLOCATED, DOWN, DRAIN or DISABLED.
    var state: String
    var reason: String?
    var runningJobs: Int
    var pendingJobs: Int

    init(_ status: QPUStatus) {
        self.name = status.qpu.name
        self.executor = status.qpu.executor
        self.qubits = status.qpu.qubits
        self.state = status.qpu.state.rawValue
        self.reason = status.qpu.reason
        self.runningJobs = status.runningJobs
        self.pendingJobs = status.pendingJobs
    }

    enum CodingKeys: String, CodingKey { case name, executor, qubits, state, reason, runningJobs, pendingJobs }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.executor, forKey: .executor)
        try container.encode(self.qubits, forKey: .qubits)
        try container.encode(self.state, forKey: .state)
        try container.encode(self.reason, forKey: .reason)
        try container.encode(self.runningJobs, forKey: .runningJobs)
        try container.encode(self.pendingJobs, forKey: .pendingJobs)
    }
}
