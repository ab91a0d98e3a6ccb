import QPICore
import QPIStore
import Testing

struct TimeRequestTests {
    @Test(arguments: StoreEngineKind.allCases) func requestsAreFiledAndListedPerUser(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let first = try await store.fileTimeRequest(
                user: "alice", uid: 1000, seconds: 3_600, reason: "thesis runs", time: 10)
            #expect(first.id > 0 && first.state == .pending && first.decidedAt == nil)
            _ = try await store.fileTimeRequest(user: "bob", uid: 1001, seconds: 60, reason: "demo", time: 11)
            #expect(try store.timeRequests(of: "alice") == [first])
            #expect(try store.timeRequests().map(\.user) == ["alice", "bob"])
            #expect(try store.timeRequest(first.id) == first)
            #expect(try store.timeRequest(999) == nil)

            for (seconds, reason) in [(0.0, "x"), (-1, "x"), (.nan, "x"), (.infinity, "x"), (5, "  ")] {
                let error = await #expect(throws: StoreError.self) {
                    try await store.fileTimeRequest(user: "alice", uid: 1000, seconds: seconds, reason: reason, time: 1)
                }
                #expect(error?.code == .invalidArgument)
            }
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func approvalAddsTheSecondsOnceAndASecondDecisionIsRefused(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            try await store.setBalance("alice", uid: 1000, qpuSeconds: 100)
            let request = try await store.fileTimeRequest(
                user: "alice", uid: 1000, seconds: 50, reason: "more shots", time: 10)
            let decision = try await store.decideTimeRequest(
                request.id, approve: true, by: "root", note: "enjoy", time: 20)
            #expect(decision.balance == 150)
            #expect(decision.request.state == .approved && decision.request.decidedBy == "root")
            #expect(decision.request.decidedAt == 20 && decision.request.note == "enjoy")

            for approve in [true, false] {
                let again = await #expect(throws: StoreError.self) {
                    try await store.decideTimeRequest(request.id, approve: approve, by: "admin2", note: nil, time: 30)
                }
                #expect(again?.code == .conflict)
                #expect(again?.message.contains("already approved by root") == true)
            }
            #expect(try store.balance(of: "alice") == 150)
            #expect(try store.timeRequest(request.id)?.decidedBy == "root")

            let missing = await #expect(throws: StoreError.self) {
                try await store.decideTimeRequest(999, approve: true, by: "root", note: nil, time: 1)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func aRejectionAddsNothingAndCannotBeApprovedLater(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            try await store.setBalance("alice", uid: 1000, qpuSeconds: 100)
            let request = try await store.fileTimeRequest(user: "alice", uid: 1000, seconds: 50, reason: "r", time: 1)
            let decision = try await store.decideTimeRequest(request.id, approve: false, by: "root", note: nil, time: 2)
            #expect(decision.request.state == .rejected && decision.balance == 100)
            let later = await #expect(throws: StoreError.self) {
                try await store.decideTimeRequest(request.id, approve: true, by: "root", note: nil, time: 3)
            }
            #expect(later?.code == .conflict)
            #expect(try store.balance(of: "alice") == 100)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func concurrentApprovalsAddTheSecondsExactlyOnce(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            try await store.setBalance("alice", uid: 1000, qpuSeconds: 0)
            let requests = try await (0..<10).asyncMap { index in
                try await store.fileTimeRequest(user: "alice", uid: 1000, seconds: 7, reason: "r\(index)", time: 1)
            }
            // Eight admins approve every request at the same time.
            let approvals = try await withThrowingTaskGroup(of: Bool.self) { group in
                for request in requests {
                    for admin in 0..<8 {
                        group.addTask {
                            do {
                                _ = try await store.decideTimeRequest(
                                    request.id, approve: true, by: "admin\(admin)", note: nil, time: 2)
                                return true
                            } catch let error as StoreError where error.code == .conflict {
                                return false
                            }
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(approvals == requests.count)
            #expect(try store.balance(of: "alice") == 70)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func anUnlimitedOrMissingAccountStaysUnlimited(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let request = try await store.fileTimeRequest(user: "dave", uid: 1003, seconds: 5, reason: "r", time: 1)
            let decision = try await store.decideTimeRequest(request.id, approve: true, by: "root", note: nil, time: 2)
            #expect(decision.balance == nil && decision.request.state == .approved)
            #expect(try store.user(named: "dave") == nil)
        }
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
