import QPIController
import QPICore
import QPIWire
import Testing

/// `qacct`'s compact listing, filtered and paged by the controller (issue 16, item 5).
@Suite struct UsageRowsTests {
    static func rows(_ page: ListUsageRowsRequest.Response) throws -> [[String]] {
        let table = try page.rows.table()
        return (0..<table.rowCount).map { row in
            (0..<table.width).map { String(decoding: table[row, $0], as: UTF8.self) }
        }
    }

    @Test func pagesHoldTheAskedColumnsAndTheTotalsCountTheWholeSelection() async throws {
        let cluster = try await InProcessController()
        for user in ["alice", "bob", "alice", "alice", "bob"] {
            _ = try await cluster.controller.submit(cluster.request(held: true), by: cluster.caller(user))
        }
        _ = try await cluster.controller.cancel(JobQuery(ids: [3]), by: cluster.caller("alice"))
        let alice = cluster.caller("alice")
        var pages: [[[String]]] = []
        var after: JobID?
        repeat {
            let page = try await cluster.controller.usageRows(
                ListUsageRowsRequest(
                    query: AccountingRequest(), fields: ["JobID", "User", "State", "QPUSeconds"], limit: 2,
                    after: after),
                by: alice)
            #expect(page.rows.fields == ["JobID", "User", "State", "QPUSeconds"])
            #expect(page.users.map(\.user) == ["alice"] && page.users.first?.jobs == 3, "\(page.users)")
            pages.append(try Self.rows(page))
            after = page.next
        } while after != nil && pages.count < 10
        #expect(
            pages == [
                [["1", "alice", "PENDING", "0.000"], ["3", "alice", "CANCELLED", "0.000"]],
                [["4", "alice", "PENDING", "0.000"]],
            ])

        let bob = try await cluster.controller.usageRows(
            ListUsageRowsRequest(query: AccountingRequest(users: ["bob"]), fields: ["JobID", "Start"], limit: 2),
            by: cluster.caller("bob"))
        #expect(try Self.rows(bob) == [["2", ""], ["5", ""]])
        #expect(bob.next == nil, "nothing follows Bob's two jobs")
    }

    @Test func unknownFieldsAndLimitsBelowOneAreRefusedByName() async throws {
        let cluster = try await InProcessController()
        let alice = cluster.caller("alice")
        let unknown = await #expect(throws: WireError.self) {
            try await cluster.controller.usageRows(
                ListUsageRowsRequest(query: AccountingRequest(), fields: ["JobID", "Partition"]), by: alice)
        }
        #expect(unknown?.code == .invalidArgument && unknown?.field == "fields")
        #expect(unknown?.message.contains("unknown field 'Partition'; known fields: JobID, JobName") == true)
        let zero = await #expect(throws: WireError.self) {
            try await cluster.controller.usageRows(
                ListUsageRowsRequest(query: AccountingRequest(), fields: ["JobID"], limit: 0), by: alice)
        }
        #expect(zero?.code == .invalidArgument && zero?.field == "limit")
    }
}
