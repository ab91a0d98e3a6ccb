/// A stored telemetry event, as `qinfo --telemetry` and the dashboard read it.
public struct TelemetryRecord: Codable, Sendable, Hashable {
    public var id: Int64
    public var qpu: String
    public var time: Double
    public var kind: String
    public var data: [String: Double]

    public init(id: Int64, qpu: String, time: Double, kind: String, data: [String: Double]) {
        self.id = id
        self.qpu = qpu
        self.time = time
        self.kind = kind
        self.data = data
    }
}
