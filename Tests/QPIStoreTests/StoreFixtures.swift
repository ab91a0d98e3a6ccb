import QPICore
import QPIStore

/// Builders for the values the store tests submit.
enum StoreFixtures {
    static func newJob(
        name: String = "bell",
        user: String = "alice",
        uid: UInt32 = 1000,
        scripts: Int = 2,
        shots: Int = 1024,
        requestedQPU: String? = nil,
        seed: UInt64? = nil,
        held: Bool = false,
        submitTime: Double = 1_700_000_000
    ) -> NewJob {
        NewJob(
            name: name,
            user: user,
            uid: uid,
            scripts: (0..<scripts).map { ScriptFile(name: "circuit\($0).qasm", text: bellScript) },
            shots: shots,
            circuitCount: scripts,
            qubits: 2,
            requestedQPU: requestedQPU,
            timeLimitSeconds: 60,
            seed: seed,
            held: held,
            submitTime: submitTime
        )
    }

    static func bellResult(shots: Int = 1024) -> [CircuitResult] {
        [
            CircuitResult(
                name: "bell", counts: ["00": shots / 2, "11": shots - shots / 2], shots: shots, seed: 7, timeTaken: 0.01
            )
        ]
    }

    static let bellScript = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0], q[1];
        measure q -> c;
        """
}

/// Opens a store on `engine` in a place of its own, runs `body`, closes the store and
/// removes what it was kept in.
func withStore<T>(_ engine: StoreEngineKind = .sqlite, _ body: (JobStore) async throws -> T) async throws -> T {
    let place = try TestStore(engine)
    // The directory or database must outlive the store.
    defer { withExtendedLifetime(place) {} }
    let store = place.store
    do {
        let value = try await body(store)
        try await store.close()
        return value
    } catch {
        try? await store.close()
        throw error
    }
}
