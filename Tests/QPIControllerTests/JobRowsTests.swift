import QPIController
import QPICore
import QPIWire
import Testing

/// `qstat`'s compact listing, filtered and paged by the controller (issue 16, item 5).
@Suite struct JobRowsTests {
    /// Alice's held jobs 1…5 and Bob's 6 and 7, with Alice's 2 and 4 cancelled (finished).
    static func queue() async throws -> InProcessController {
        let cluster = try await InProcessController()
        for user in ["alice", "alice", "alice", "alice", "alice", "bob", "bob"] {
            _ = try await cluster.controller.submit(cluster.request(held: true), by: cluster.caller(user))
        }
        let cancelled = try await cluster.controller.cancel(JobQuery(ids: [2, 4]), by: cluster.caller("alice"))
        #expect(cancelled.cancelled == [2, 4])
        return cluster
    }

    static func rows(_ page: ListJobRowsRequest.Response) throws -> [[String]] {
        let table = try page.rows.table()
        return (0..<table.rowCount).map { row in
            (0..<table.width).map { String(decoding: table[row, $0], as: UTF8.self) }
        }
    }

    static func ids(_ page: ListJobRowsRequest.Response) throws -> [String] {
        try Self.rows(page).map { $0[0] }
    }

    @Test func pagesRunThroughTheLiveQueueThenFinishedJobsNewestFirst() async throws {
        let cluster = try await Self.queue()
        let alice = cluster.caller("alice")
        let query = JobQuery(users: ["alice"], includeFinished: true, limit: 2)
        var pages: [[String]] = []
        var after: String?
        repeat {
            let page = try await cluster.controller.listJobRows(
                ListJobRowsRequest(query: query, fields: "iuT", after: after), by: alice)
            #expect(page.rows.fields == "iuT")
            pages.append(try Self.ids(page))
            after = page.next
        } while after != nil && pages.count < 10
        #expect(pages == [["1", "3"], ["5", "4"], ["2"]])

        let first = try await cluster.controller.listJobRows(
            ListJobRowsRequest(query: query, fields: "iuT"), by: alice)
        #expect(try Self.rows(first) == [["1", "alice", "PENDING"], ["3", "alice", "PENDING"]])
        #expect(first.rows.text == "1:15:alice7:PENDING1:35:alice7:PENDING")
        #expect(first.next == "L3")
    }

    @Test func filtersApplyBeforeTheLimitAndAFullLastPageHasNoNext() async throws {
        let cluster = try await Self.queue()
        let bob = try await cluster.controller.listJobRows(
            ListJobRowsRequest(query: JobQuery(users: ["bob"], limit: 2), fields: "i"), by: cluster.caller("bob"))
        #expect(try Self.ids(bob) == ["6", "7"])
        #expect(bob.next == nil, "nothing follows Bob's two jobs")

        let cancelled = try await cluster.controller.listJobRows(
            ListJobRowsRequest(query: JobQuery(states: [.cancelled], limit: 1), fields: "it"),
            by: cluster.caller("bob"))
        #expect(try Self.rows(cancelled) == [["4", "CA"]])
        #expect(cancelled.next == "F4")
        let rest = try await cluster.controller.listJobRows(
            ListJobRowsRequest(query: JobQuery(states: [.cancelled], limit: 1), fields: "it", after: "F4"),
            by: cluster.caller("bob"))
        #expect(try Self.rows(rest) == [["2", "CA"]])
        #expect(rest.next == nil)
    }

    /// `GET /api/jobs` lists through `listJobs`, which walks the same ordered index: it too
    /// filters before it counts the limit, for live jobs and for finished ones.
    @Test func theJobListingOfTheHTTPAPIFiltersBeforeTheLimit() async throws {
        let cluster = try await Self.queue()
        let bob = try await cluster.controller.listJobs(JobQuery(users: ["bob"], limit: 2))
        #expect(bob.map(\.id) == [6, 7])
        let cancelled = try await cluster.controller.listJobs(JobQuery(states: [.cancelled], limit: 1))
        #expect(cancelled.map(\.id) == [4])
        let pending = try await cluster.controller.listJobs(JobQuery(states: [.pending], limit: 2))
        #expect(pending.map(\.id) == [1, 3])
    }

    @Test func unknownFieldsBadPositionsAndLimitsAreRefusedByName() async throws {
        let cluster = try await Self.queue()
        let alice = cluster.caller("alice")
        await #expect(throws: WireError(.invalidArgument, "unknown listing field 'y'", field: "fields")) {
            _ = try await cluster.controller.listJobRows(ListJobRowsRequest(query: JobQuery(), fields: "iy"), by: alice)
        }
        await #expect(throws: WireError(.invalidArgument, "name at least one field", field: "fields")) {
            _ = try await cluster.controller.listJobRows(ListJobRowsRequest(query: JobQuery(), fields: ""), by: alice)
        }
        for position in ["X3", "L", "Lthree", "F-"] {
            let error = await #expect(throws: WireError.self) {
                _ = try await cluster.controller.listJobRows(
                    ListJobRowsRequest(query: JobQuery(), fields: "i", after: position), by: alice)
            }
            #expect(error?.field == "after", "\(position): \(String(describing: error))")
        }
        let error = await #expect(throws: WireError.self) {
            _ = try await cluster.controller.listJobRows(
                ListJobRowsRequest(query: JobQuery(limit: 0), fields: "i"), by: alice)
        }
        #expect(error?.field == "limit")
    }
}
