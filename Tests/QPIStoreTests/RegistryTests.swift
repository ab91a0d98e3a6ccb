import QPICore
import QPIStore
import Testing

struct RegistryTests {
    @Test(arguments: StoreEngineKind.allCases) func twoHundredConcurrentRegistrationsGetFourHundredDistinctPorts(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let range = 20_000...20_399  // exactly 400 ports
            let records = try await withThrowingTaskGroup(of: QPURecord.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await store.registerQPU(
                            QPU(name: "remote\(index)", executor: "sim", qubits: 5), tokenHash: "sha256:\(index)",
                            range: range, time: 1)
                    }
                }
                var records: [QPURecord] = []
                for try await record in group { records.append(record) }
                return records
            }
            let ports = records.flatMap { [$0.dispatchPort, $0.resultPort] }.compactMap { $0 }
            #expect(ports.count == 400)
            #expect(Set(ports).count == 400)
            #expect(ports.allSatisfy(range.contains))
            #expect(try store.registeredQPUNames().count == 200)

            // The range is full: the next one is refused and nothing of it is stored.
            let error = await #expect(throws: StoreError.self) {
                try await store.registerQPU(
                    QPU(name: "one-too-many", executor: "sim", qubits: 5), tokenHash: "h", range: range, time: 2)
            }
            #expect(error?.code == .exhausted)
            #expect(error?.message.contains("20000-20399") == true)
            #expect(try store.qpu(named: "one-too-many") == nil)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func aNameIsRegisteredOnceAndDeletingFreesItsPorts(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let range = 30_000...30_003
            let first = try await store.registerQPU(
                QPU(name: "a", executor: "sim", qubits: 5), tokenHash: "h1", range: range, time: 1)
            let error = await #expect(throws: StoreError.self) {
                try await store.registerQPU(
                    QPU(name: "a", executor: "aer", qubits: 9), tokenHash: "h2", range: range, time: 2)
            }
            #expect(error?.code == .conflict)
            #expect(
                try store.credentials(ofQPU: "a")
                    == QPUCredentials(registered: true, tokenHash: "h1", previousTokenHash: nil))

            _ = try await store.registerQPU(
                QPU(name: "b", executor: "sim", qubits: 5), tokenHash: "h", range: range, time: 1)
            try await store.deleteQPU("a")
            let reused = try await store.registerQPU(
                QPU(name: "c", executor: "sim", qubits: 5), tokenHash: "h", range: range, time: 3)
            #expect(Set([reused.dispatchPort, reused.resultPort]) == Set([first.dispatchPort, first.resultPort]))
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func rotationKeepsOnlyTheReplacedHash(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            _ = try await store.registerQPU(
                QPU(name: "a", executor: "sim", qubits: 5), tokenHash: "h1", range: 30_000...30_010, time: 1)
            try await store.rotateTokenHash(ofQPU: "a", to: "h2")
            try await store.rotateTokenHash(ofQPU: "a", to: "h3")
            #expect(
                try store.credentials(ofQPU: "a")
                    == QPUCredentials(registered: true, tokenHash: "h3", previousTokenHash: "h2"))
            let error = await #expect(throws: StoreError.self) { try await store.rotateTokenHash(ofQPU: "x", to: "h") }
            #expect(error?.code == .notFound)
            // A QPU of qpi.conf is not registered.
            try await store.upsertQPU(QPU(name: "conf", executor: "sim", qubits: 5), time: 1)
            #expect(try store.credentials(ofQPU: "conf")?.registered == false)
            #expect(try store.registeredQPUNames() == ["a"])
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func apiTokensKeepHashesAndTheirLifecycle(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let created = try await store.createAPIToken(
                user: "alice", name: "ci", expiresAt: 500, time: 100
            ) { id in "hash-of-\(id)" }
            _ = try await store.createAPIToken(user: "bob", name: "b", expiresAt: nil, time: 100) { _ in "x" }
            #expect(created.user == "alice" && created.expiresAt == 500 && created.revokedAt == nil)
            #expect(try store.apiToken(id: created.id)?.hash == "hash-of-\(created.id)")
            #expect(try store.apiTokens(user: "alice").map(\.id) == [created.id])
            #expect(try store.apiTokens(user: nil).count == 2)

            let renamed = try await store.updateAPIToken(id: created.id, name: "deploy", expiresAt: .some(nil))
            #expect(renamed.name == "deploy" && renamed.expiresAt == nil)
            try await store.revokeAPIToken(id: created.id, time: 200)
            try await store.revokeAPIToken(id: created.id, time: 300)
            #expect(try store.apiToken(id: created.id)?.record.revokedAt == 200)
            let error = await #expect(throws: StoreError.self) { try await store.revokeAPIToken(id: 999, time: 1) }
            #expect(error?.code == .notFound)
        }
    }
}
