import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterHarness {
    /// Books a slot with `qres book --parsable` and returns its id.
    func book(_ arguments: [String], as user: TestUser? = nil) async throws -> Int64 {
        let result = try await self.run("qres", ["book", "--parsable"] + arguments, as: user)
        guard result.succeeded, let id = Int64(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("qres book failed: \(result)")
        }
        return id
    }
}

extension ClusterSuite {
    /// Booked time slots through `qres` and the real daemons: who runs inside a slot,
    /// lending after IdleThreshold, and bookings refused.
    @Suite struct SlotTests {
        @Test func bookerRunsFirstInsideTheSlot() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("slot"))]) {
                cluster in
                _ = try await cluster.book(
                    ["--qpu", "gate0", "--start", "now", "--duration", "30m", "--user", TestUser.alice.name])
                // Bob queues first, but his job would outlast the slot, so it is not lent.
                let bobs = try await cluster.submit(Circuits.one, ["--time", "1h"], as: .bob)
                let waiting = try await cluster.waitForJob(bobs, "to wait for the slot") { $0.reason == .reservation }
                #expect(waiting.state == .pending)

                let alices = try await cluster.submit(Circuits.one, as: .alice)
                let running = try await cluster.waitForJob(alices, "to run") { $0.state == .running }
                #expect(running.qpu == "gate0")
                #expect(try await cluster.show(bobs).job.state == .pending)
                executors.open("slot")
                #expect(try await cluster.waitForJob(alices).state == .completed)
                let listing = try await cluster.run("qstat", [])
                #expect(listing.stdout.contains("(Reservation)"), "\(listing)")
                try await Task.sleep(for: .seconds(1.5))
                #expect(try await cluster.show(bobs).job.reason == .reservation)
            }
        }

        @Test func anIdleBookersSlotIsLentAfterTheIdleThreshold() async throws {
            try await withCluster(settings: ["IdleThreshold": "3s"]) { cluster in
                _ = try await cluster.book(
                    ["--qpu", "sim0", "--start", "now", "--duration", "1h", "--user", TestUser.alice.name])
                let alices = try await cluster.waitForJob(try await cluster.submit(Circuits.one, as: .alice))
                #expect(alices.state == .completed)
                let ended = try #require(alices.endTime)

                let bobs = try await cluster.submit(Circuits.one, ["--time", "5m"], as: .bob)
                let borrowed = try await cluster.waitForJob(bobs, within: .seconds(30))
                #expect(borrowed.state == .completed, "\(borrowed)")
                let started = try #require(borrowed.startTime)
                #expect(started - ended >= 2.9, "bob's job started \(started - ended) s after alice's ended")
                let events = try await cluster.show(bobs).events
                #expect(events.contains { $0.kind == .dispatched }, "\(events)")
            }
        }

        @Test func aJobThatWouldRunIntoAnUpcomingSlotWaits() async throws {
            try await withCluster { cluster in
                _ = try await cluster.book(
                    ["--qpu", "sim0", "--start", "now+2m", "--duration", "10m", "--user", TestUser.alice.name])
                let long = try await cluster.submit(Circuits.one, ["--time", "5m"], as: .bob)
                let short = try await cluster.submit(Circuits.one, ["--time", "1m"], as: .bob)
                #expect(try await cluster.waitForJob(short).state == .completed)
                let waiting = try await cluster.show(long).job
                #expect(waiting.state == .pending && waiting.reason == .reservation, "\(waiting)")
            }
        }

        @Test func bookingsAreCheckedListedAndCancelled() async throws {
            try await withCluster(
                qpus: [ClusterQPU("sim0"), ClusterQPU("sim1")], settings: ["MaxBookingDuration": "2h"]
            ) { cluster in
                let first = try await cluster.book(["--qpu", "sim0", "--start", "now+1h", "--duration", "1h"])

                let overlap = try await cluster.run(
                    "qres", ["book", "--all", "--start", "now+90m", "--end", "now+3h", "--name", "late"])
                #expect(overlap.exitStatus == 1, "\(overlap)")
                #expect(overlap.stderr.contains("overlaps slot \(first)"), "\(overlap)")

                let tooLong = try await cluster.run(
                    "qres", ["book", "--qpu", "sim1", "--start", "now", "--duration", "3h"])
                #expect(tooLong.exitStatus == 1 && tooLong.stderr.contains("MaxBookingDuration"), "\(tooLong)")
                let past = try await cluster.run(
                    "qres", ["book", "--qpu", "sim1", "--start", "2020-01-01T10:00Z", "--duration", "1h"])
                #expect(past.exitStatus == 1 && past.stderr.contains("in the past"), "\(past)")
                let badTime = try await cluster.run(
                    "qres", ["book", "--qpu", "sim1", "--start", "soon", "--duration", "1h"])
                #expect(badTime.exitStatus == 2 && badTime.stderr.contains("--start"), "\(badTime)")

                let forOther = try await cluster.run(
                    "qres",
                    ["book", "--qpu", "sim1", "--start", "now", "--duration", "1h", "--user", TestUser.alice.name],
                    as: .bob)
                #expect(forOther.exitStatus == 1 && forOther.stderr.contains("only administrators"), "\(forOther)")
                let own = try await cluster.book(
                    ["--qpu", "sim1", "--start", "now", "--duration", "1h", "--name", "bobs"], as: .bob)

                let listed = try await cluster.document(ListJSON<SlotJSON>.self, "qres", ["list", "--json"])
                    .items
                #expect(listed.map(\.id) == [own, first])
                #expect(listed[0].user == TestUser.bob.name && listed[0].name == "bobs")
                let onSim0 = try await cluster.document(
                    ListJSON<SlotJSON>.self, "qres", ["list", "--qpu", "sim0", "--json"]
                ).items
                #expect(onSim0.map(\.id) == [first])
                let shown = try await cluster.run("qres", ["show", String(own)])
                #expect(shown.stdout.contains("ReservationId=\(own) ReservationName=bobs"), "\(shown)")

                let foreignCancel = try await cluster.run("qres", ["cancel", String(first)], as: .bob)
                #expect(foreignCancel.exitStatus == 1, "\(foreignCancel)")
                let cancel = try await cluster.run("qres", ["cancel", String(own)], as: .bob)
                #expect(cancel.succeeded, "\(cancel)")
                let left = try await cluster.document(ListJSON<SlotJSON>.self, "qres", ["list", "--json"]).items
                #expect(left.map(\.id) == [first])
            }
        }
        /// One user cannot take the cluster with bookings (issue 18, item 11): every QPU at
        /// once is for administrators, and a user's slots are capped in number, total and
        /// shortness; an administrator is held to none of these.
        @Test func aUserCannotBookTheWholeCluster() async throws {
            let settings = ["MaxSlotsPerUser": "2", "MaxBookedSecondsPerUser": "7200", "MinBookingDuration": "10m"]
            try await withCluster(qpus: [ClusterQPU("sim0"), ClusterQPU("sim1")], settings: settings) { cluster in
                func book(_ arguments: [String]) async throws -> CommandResult {
                    try await cluster.run("qres", ["book"] + arguments, as: .bob)
                }
                let everything = try await book(["--all", "--start", "now+1h", "--duration", "1h"])
                #expect(everything.exitStatus == 1, "\(everything)")
                #expect(everything.stderr.contains("only administrators book every QPU at once"), "\(everything)")
                let short = try await book(["--qpu", "sim0", "--start", "now+1h", "--duration", "5m"])
                #expect(
                    short.exitStatus == 1 && short.stderr.contains("shorter than MinBookingDuration 10:00"), "\(short)")

                _ = try await cluster.book(["--qpu", "sim0", "--start", "now+1h", "--duration", "1h"], as: .bob)
                let over = try await book(["--qpu", "sim1", "--start", "now+1h", "--duration", "90m"])
                #expect(over.exitStatus == 1 && over.stderr.contains("MaxBookedSecondsPerUser=7200"), "\(over)")
                _ = try await cluster.book(["--qpu", "sim1", "--start", "now+1h", "--duration", "30m"], as: .bob)
                let third = try await book(["--qpu", "sim1", "--start", "now+3h", "--duration", "10m"])
                #expect(third.exitStatus == 1 && third.stderr.contains("MaxSlotsPerUser=2"), "\(third)")

                // The caps are per user, and administrators have none.
                _ = try await cluster.book(["--qpu", "sim1", "--start", "now+3h", "--duration", "10m"], as: .alice)
                _ = try await cluster.book(["--all", "--start", "now+5h", "--duration", "1m"])
            }
        }
    }
}
