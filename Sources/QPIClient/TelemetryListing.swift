import QPICore

extension JobListing {
    /// `qinfo --telemetry`: one line per event, newest first, its values by name.
    public static func telemetry(_ events: [TelemetryRecord]) -> String {
        var table = TextTable(columns: [.init("TIME"), .init("KIND"), .init("VALUES")])
        for event in events {
            let values = event.data.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.number($0.value))" }
            table.append([Self.timestamp(event.time), event.kind, values.joined(separator: " ")])
        }
        return table.render()
    }

    /// Six significant digits: T1 in seconds (5.2e-05) and fidelities (0.9731) alike.
    static func number(_ value: Double) -> String {
        String(printf: "%g", value)
    }
}
