import GRDB
import QPICore
import QPIStore
import Testing

struct QPUTests {
    /// The default PortRange 6000-7000 holds the default ControlPort 6817: the
    /// controller's own ports are skipped, by both allocation paths.
    @Test(arguments: StoreEngineKind.allCases) func reservedPortsAreNeverHandedOut(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            _ = try await store.upsertQPU(QPU(name: "sim0", executor: "sim", qubits: 20), time: 100)
            let declared = try await store.allocatePorts(for: "sim0", range: 6816...6820, reserving: [6817, 6819])
            #expect(declared == (6816, 6818))
            let registered = try await store.registerQPU(
                QPU(name: "remote0", executor: "sim", qubits: 5), tokenHash: "hash", range: 6816...6821,
                reserving: [6817, 6819], time: 100)
            #expect(registered.dispatchPort == 6820 && registered.resultPort == 6821)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func upsertKeepsPortsTokenAndCreationTime(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let created = try await store.upsertQPU(QPU(name: "sim0", executor: "sim", qubits: 20), time: 100)
            #expect(created.createdAt == 100 && created.qpu.state == .down && created.dispatchPort == nil)
            let ports = try await store.allocatePorts(for: "sim0", range: 6000...7000)
            #expect(ports == (6000, 6001))
            try await store.setTokenHash("hash-1", ofQPU: "sim0")

            let updated = try await store.upsertQPU(
                QPU(name: "sim0", executor: "aer", qubits: 30, state: .idle), time: 200)
            #expect(updated.qpu == QPU(name: "sim0", executor: "aer", qubits: 30, state: .idle))
            #expect(updated.createdAt == 100 && updated.tokenHash == "hash-1")
            #expect(updated.dispatchPort == 6000 && updated.resultPort == 6001)

            let again = try await store.allocatePorts(for: "sim0", range: 6000...7000)
            #expect(again == ports)

            try await store.setQPUState("sim0", state: .drain, reason: "maintenance")
            #expect(try store.qpus().map(\.qpu.state) == [.drain])
            #expect(try store.qpu(named: "sim0")?.qpu.reason == "maintenance")

            #expect(try await store.deleteQPU("sim0"))
            #expect(try await !store.deleteQPU("sim0"))
            #expect(try store.qpus().isEmpty)

            let error = await #expect(throws: StoreError.self) {
                try await store.setQPUState("sim0", state: .idle, reason: nil)
            }
            #expect(error?.code == .notFound)
            let allocateError = await #expect(throws: StoreError.self) {
                try await store.allocatePorts(for: "ghost", range: 6000...7000)
            }
            #expect(allocateError?.code == .notFound)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func concurrentAllocationsNeverSharePortsAndExhaustClearly(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let names = (0..<10).map { "qpu\($0)" }
            for name in names {
                try await store.upsertQPU(QPU(name: name, executor: "sim", qubits: 5), time: 1)
            }
            let range = 7000...7010  // 11 ports: room for five QPUs
            let outcomes = await withTaskGroup(of: Result<[Int], StoreError>.self) { group in
                for name in names {
                    group.addTask {
                        do {
                            let ports = try await store.allocatePorts(for: name, range: range)
                            return .success([ports.dispatch, ports.result])
                        } catch let error as StoreError {
                            return .failure(error)
                        } catch {
                            return .failure(StoreError(code: .unknown, message: "\(error)"))
                        }
                    }
                }
                var outcomes: [Result<[Int], StoreError>] = []
                for await outcome in group {
                    outcomes.append(outcome)
                }
                return outcomes
            }
            let ports = outcomes.compactMap { try? $0.get() }.flatMap { $0 }
            let errors = outcomes.compactMap { outcome -> StoreError? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(ports.count == 10)
            #expect(Set(ports).count == 10)
            #expect(ports.allSatisfy(range.contains))
            #expect(errors.count == 5)
            #expect(errors.allSatisfy { $0.code == .exhausted })
            #expect(errors.first?.message.contains("7000-7010") == true)

            // Freeing a QPU's ports makes them available again.
            let holder = try #require(try store.qpus().first { $0.dispatchPort != nil })
            try await store.deleteQPU(holder.qpu.name)
            let waiting = try #require(try store.qpus().first { $0.dispatchPort == nil })
            let reused = try await store.allocatePorts(for: waiting.qpu.name, range: range)
            #expect(
                Set([reused.dispatch, reused.result])
                    == Set([holder.dispatchPort, holder.resultPort].compactMap { $0 }))
        }
    }

    @Test func theSchemaRefusesAPortThatAnotherQPUUsesInEitherRole() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore.open(directory: directory.path)
        try await store.upsertQPU(QPU(name: "a", executor: "sim", qubits: 5), time: 1)
        try await store.upsertQPU(QPU(name: "b", executor: "sim", qubits: 5), time: 1)
        let ports = try await store.allocatePorts(for: "a", range: 6000...6100)
        try await store.close()

        // Another writer (an older binary, an admin's sqlite3) still cannot double-book.
        let raw = try DatabaseQueue(path: directory.file("qpi.db"))
        for (dispatch, result) in [(ports.result, 6050), (6050, ports.dispatch), (ports.dispatch, 6051), (6052, 6052)] {
            #expect(throws: DatabaseError.self) {
                try raw.write { db in
                    try db.execute(
                        sql: "UPDATE qpus SET dispatch_port = ?, result_port = ? WHERE name = 'b'",
                        arguments: [dispatch, result])
                }
            }
        }
        try raw.close()
    }
}
