import QPICore
import QPIStore
import Testing

struct TelemetryStoreTests {
    @Test(arguments: StoreEngineKind.allCases) func eventsListNewestFirstWithFilters(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            try await store.appendTelemetry(qpu: "aer0", time: 100, kind: "calibration", data: ["t1_q0": 5e-5])
            try await store.appendTelemetry(qpu: "aer0", time: 200, kind: "cryostat", data: ["mxc_kelvin": 0.011])
            try await store.appendTelemetry(qpu: "aer0", time: 300, kind: "calibration", data: ["t1_q0": 6e-5])
            try await store.appendTelemetry(qpu: "sim0", time: 400, kind: "calibration", data: ["t1_q0": 1])

            let all = try store.telemetry(qpu: "aer0", limit: 10)
            #expect(all.map(\.time) == [300, 200, 100])
            #expect(all.first?.data == ["t1_q0": 6e-5] && all.first?.qpu == "aer0")
            #expect(try store.telemetry(qpu: "aer0", kind: "calibration", limit: 10).map(\.time) == [300, 100])
            #expect(try store.telemetry(qpu: "aer0", since: 200, limit: 10).map(\.time) == [300, 200])
            #expect(try store.telemetry(qpu: "aer0", limit: 1).map(\.time) == [300])
            #expect(try store.telemetry(qpu: "nosuch", limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func purgeDropsOnlyEventsPastTheCutoff(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            for time in [10.0, 20, 30] {
                try await store.appendTelemetry(qpu: "aer0", time: time, kind: "calibration", data: ["x": time])
            }
            #expect(try await store.purgeTelemetry(before: 25) == 2)
            #expect(try store.telemetry(qpu: "aer0", limit: 10).map(\.time) == [30])
            #expect(try await store.purgeTelemetry(before: 25) == 0)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func nonFiniteValuesAreRefusedNotStored(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            await #expect(throws: StoreError.self) {
                try await store.appendTelemetry(qpu: "aer0", time: 1, kind: "calibration", data: ["t1_q0": .nan])
            }
            #expect(try store.telemetry(qpu: "aer0", limit: 10).isEmpty)
        }
    }
}
