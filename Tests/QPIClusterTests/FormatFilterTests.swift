import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qstat -o -q -n` and `qacct -o -S -E -s -q -n` through the real daemons (issue 21, item 4).
    @Suite struct FormatFilterTests {
        static func padded(_ id: JobID, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - String(id).count)) + String(id)
        }

        @Test func qstatFormatsAndFiltersByQPUAndName() async throws {
            try await withCluster(qpus: [ClusterQPU("sim0"), ClusterQPU("sim1")]) { cluster in
                let a = try await cluster.submit(Circuits.one, ["--qpu", "sim0", "--name", "alpha"])
                let b = try await cluster.submit(Circuits.one, ["--qpu", "sim1", "--name", "beta"])
                let c = try await cluster.submit(Circuits.one, ["--qpu", "sim1", "--name", "alpha", "--hold"])
                for id in [a, b] { #expect(try await cluster.waitForJob(id).state == .completed) }

                let bySim1 = try await cluster.run("qstat", ["-a", "-q", "sim1", "-o", "%i|%j|%q|%t", "--noheader"])
                #expect(bySim1.succeeded, "\(bySim1)")
                #expect(bySim1.stdout == "\(c)|alpha|sim1|PD\n\(b)|beta|sim1|CD\n", "\(bySim1)")

                let alphas = try await cluster.run("qstat", ["-a", "-n", "alpha", "--format", "%.6i %-6j %T %R"])
                #expect(
                    alphas.stdout == """
                         JOBID NAME   STATE NODELIST(REASON)
                        \(Self.padded(c, 6)) alpha  PENDING (Held)
                        \(Self.padded(a, 6)) alpha  COMPLETED sim0

                        """, "\(alphas)")

                let both = try await cluster.run("qstat", ["-a", "-q", "sim0,sim1", "-n", "beta", "-o", "%i"])
                #expect(both.stdout == "JOBID\n\(b)\n", "\(both)")
                let listed = try await cluster.run("qstat", ["-q", "sim1", "--json"])
                let json = try APIJSON.decoder.decode(ListJSON<JobJSON>.self, from: Data(listed.stdout.utf8))
                #expect(json.items.map(\.id) == [c], "only pending and running jobs without -a")

                let unknown = try await cluster.run("qstat", ["-o", "%i %y"])
                #expect(unknown.exitStatus == 2 && unknown.stderr.contains("unknown field '%y'"), "\(unknown)")
            }
        }

        /// The controller pages the listing: `--limit` cuts it there, and the position it
        /// hands back continues it (issue 16, item 5).
        @Test func qstatPagesWithLimitAndAfter() async throws {
            try await withCluster { cluster in
                var ids: [JobID] = []
                for _ in 0..<5 { ids.append(try await cluster.submit(Circuits.one, ["--hold"])) }
                let page = ["--limit", "2", "-o", "%i %t", "--noheader"]
                let first = try await cluster.run("qstat", page)
                #expect(first.stdout == "\(ids[0]) PD\n\(ids[1]) PD\n", "\(first)")
                #expect(first.stderr.contains("more jobs follow; continue with --after L\(ids[1])"), "\(first)")
                let second = try await cluster.run("qstat", page + ["--after", "L\(ids[1])"])
                #expect(second.stdout == "\(ids[2]) PD\n\(ids[3]) PD\n", "\(second)")
                let last = try await cluster.run("qstat", page + ["--after", "L\(ids[3])"])
                #expect(last.stdout == "\(ids[4]) PD\n", "\(last)")
                #expect(!last.stderr.contains("more jobs follow"), "\(last)")

                let bad = try await cluster.run("qstat", ["--after", "page2"])
                #expect(!bad.succeeded && bad.stderr.contains("'page2' is not a listing position"), "\(bad)")
                let withJSON = try await cluster.run("qstat", ["--after", "L1", "--json"])
                #expect(withJSON.exitStatus == 2 && withJSON.stderr.contains("--after pages the table"), "\(withJSON)")
            }
        }

        @Test func qacctFormatsAndFiltersByStateQPUNameAndWindow() async throws {
            try await withCluster(qpus: [ClusterQPU("sim0"), ClusterQPU("sim1")]) { cluster in
                let a = try await cluster.submit(Circuits.one, ["--qpu", "sim0", "--name", "alpha"])
                let b = try await cluster.submit(Circuits.one, ["--qpu", "sim1", "--name", "beta"])
                let c = try await cluster.submit(Circuits.one, ["--qpu", "sim1", "--name", "alpha", "--hold"])
                for id in [a, b] { #expect(try await cluster.waitForJob(id).state == .completed) }

                let parsable = try await cluster.run(
                    "qacct", ["-a", "-q", "sim1", "-s", "CD", "-o", "JobID,jobname,State", "--parsable", "--noheader"])
                #expect(parsable.stdout == "\(b)|beta|COMPLETED\n", "\(parsable)")

                let table = try await cluster.run("qacct", ["-a", "-n", "alpha", "-o", "JobID%6,JobName%-8,State"])
                #expect(
                    table.stdout == """
                         JobID JobName  State
                        \(Self.padded(a, 6)) alpha    COMPLETED
                        \(Self.padded(c, 6)) alpha    PENDING

                        """, "\(table)")

                let pendingOnly = try await cluster.accounting(["-a", "-S", "now+1h"])
                #expect(pendingOnly.jobs.map(\.jobID) == [c], "only c had not ended by then")
                let beforeAll = try await cluster.accounting(["-a", "-E", "now-1h"])
                #expect(beforeAll.jobs.isEmpty, "nothing was submitted an hour ago")
                #expect(beforeAll.users.allSatisfy { $0.jobs == 0 }, "\(beforeAll)")
                let states = try await cluster.accounting(["-a", "-s", "PENDING,cd", "-q", "sim1"])
                #expect(states.jobs.map(\.jobID) == [b, c], "\(states)")
                #expect(states.users.map(\.jobs) == [2], "the totals count the same jobs: \(states)")

                let unknown = try await cluster.run("qacct", ["-o", "JobID,Nmae"])
                #expect(unknown.exitStatus == 2 && unknown.stderr.contains("unknown field 'Nmae'"), "\(unknown)")
                let badState = try await cluster.run("qacct", ["-s", "DONE"])
                #expect(badState.exitStatus == 2 && badState.stderr.contains("'DONE' for -s"), "\(badState)")
            }
        }
    }
}
