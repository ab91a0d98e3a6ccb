import QPIStore
import Testing

struct UserTests {
    @Test(arguments: StoreEngineKind.allCases) func usersAreCreatedOnceWithUnlimitedBalances(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let alice = try await store.ensureUser("alice", uid: 1000)
            #expect(alice == UserAccount(name: "alice", uid: 1000))
            try await store.setBalance("alice", qpuSeconds: 12.5)
            try await store.setAdmin("alice", true)
            let again = try await store.ensureUser("alice", uid: 4242)
            #expect(again == UserAccount(name: "alice", uid: 1000, qpuSecondsBalance: 12.5, isAdmin: true))

            try await store.ensureUser("bob", uid: 1001)
            #expect(try store.users().map(\.name) == ["alice", "bob"])
            #expect(try store.balance(of: "bob") == nil)
            try await store.setBalance("alice", qpuSeconds: nil)
            #expect(try store.balance(of: "alice") == nil)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func unknownUsersAndBadBalancesAreRefused(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let missing = #expect(throws: StoreError.self) { try store.balance(of: "mallory") }
            #expect(missing?.code == .notFound)
            let setMissing = await #expect(throws: StoreError.self) {
                try await store.setBalance("mallory", qpuSeconds: 1)
            }
            #expect(setMissing?.code == .notFound)
            try await store.ensureUser("alice", uid: 1000)
            let notANumber = await #expect(throws: StoreError.self) {
                try await store.setBalance("alice", qpuSeconds: .nan)
            }
            #expect(notANumber?.code == .invalidArgument)
            #expect(try store.user(named: "mallory") == nil)
        }
    }
}
