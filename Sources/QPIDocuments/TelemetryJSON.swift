public import FoundationEssentials
public import QPICore

/// One event a QPU's executor reported (calibration, temperatures, ...); `data` maps names
/// to numbers.
public struct TelemetryJSON: Codable, Sendable, Hashable {
    public var id: Int64
    public var qpu: String
    public var time: Date
    public var kind: String
    public var data: [String: Double]

    public init(_ record: TelemetryRecord) {
        self.id = record.id
        self.qpu = record.qpu
        self.time = Date(timeIntervalSince1970: record.time)
        self.kind = record.kind
        self.data = record.data
    }
}
