import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qsub --begin` and `--comment` through the real daemons (issue 21, item 6).
    @Suite struct DeferredStartTests {
        @Test func aDeferredJobStartsOnlyAfterItsBeginTime() async throws {
            try await withCluster { cluster in
                let before = Date().timeIntervalSince1970
                let id = try await cluster.submit(Circuits.one, ["--begin", "now+3s"], as: .alice)
                let after = Date().timeIntervalSince1970
                let submitted = try await cluster.show(id).job
                let begin = try #require(submitted.beginTime)
                #expect(begin >= before + 3 && begin <= after + 3, "\(begin) not 3 s after \(before)...\(after)")

                let ended = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(ended.state == .completed, "\(ended)")
                let start = try #require(ended.startTime)
                #expect(start >= begin, "started at \(start), before its begin time \(begin)")
            }
        }

        @Test func aJobWaitsWithReasonBeginTimeAndKeepsItsComment() async throws {
            try await withCluster { cluster in
                let script = "// QPI --begin=now+1h --comment=\"from the script\"\n" + Circuits.one
                let deferred = try await cluster.submit(script, ["--comment", "sweep 3 of 5"], as: .alice)
                let plain = try await cluster.submit(Circuits.one, as: .alice)
                // The QPU is free all along: the job behind is not kept waiting.
                #expect(try await cluster.waitForJob(plain).state == .completed)
                let waiting = try await cluster.show(deferred).job
                #expect(waiting.state == .pending && waiting.reason == .beginTime, "\(waiting)")
                #expect(waiting.comment == "sweep 3 of 5", "the flag overrides the directive")
                let begin = try #require(waiting.beginTime)
                #expect(begin > waiting.submitTime + 3_000)

                let shown = try await cluster.run("qstat", ["-j", String(deferred)])
                #expect(shown.stdout.contains("Reason=BeginTime"), "\(shown)")
                #expect(shown.stdout.contains("\n   Comment=sweep 3 of 5\n"), "\(shown)")
                #expect(shown.stdout.contains("\n   BeginTime=20"), "\(shown)")
                let queue = try await cluster.run("qstat", [])
                #expect(queue.stdout.contains("(BeginTime)"), "\(queue)")

                let http = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let overHTTP = try await http.get("/api/jobs/\(deferred)")
                #expect(overHTTP.json["comment"] as? String == "sweep 3 of 5", "\(overHTTP)")
                // Documents write times to the millisecond.
                let overHTTPBegin = try #require(overHTTP.time("begin_time"), "\(overHTTP)")
                #expect(abs(overHTTPBegin - begin) < 0.001, "\(overHTTP)")
                #expect(overHTTP.json["reason"] as? String == "BeginTime", "\(overHTTP)")

                #expect(try await cluster.run("qcancel", [String(deferred)], as: .alice).succeeded)
                let accounting = try await cluster.accounting(["-j", String(deferred)])
                #expect(accounting.jobs.map(\.comment) == ["sweep 3 of 5"], "\(accounting)")
            }
        }

        @Test func theHTTPAPIReadsBeginAndCommentAsQsubDoes() async throws {
            try await withCluster { cluster in
                let http = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let submitted = try await http.post(
                    "/api/jobs",
                    ["circuits": [["circuit": Circuits.one]], "begin": "now+1h", "comment": "from a notebook"])
                #expect(submitted.status == 201, "\(submitted)")
                #expect(submitted.json["comment"] as? String == "from a notebook", "\(submitted)")
                let begin = try #require(submitted.time("begin_time"), "\(submitted)")
                let submitTime = try #require(submitted.time("submit_time"), "\(submitted)")
                #expect(abs(begin - submitTime - 3_600) < 5, "\(submitted)")

                let refused = try await http.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.one]], "begin": "soonish"])
                #expect(refused.status == 422 && refused.errorField == "begin", "\(refused)")
            }
        }

        @Test func badBeginTimesAreRefusedNamingTheOptionAndPlace() async throws {
            try await withCluster(daemons: false) { cluster in
                let flag = try await cluster.run("qsub", ["--begin", "soonish", try cluster.writeScript(Circuits.one)])
                #expect(flag.exitStatus == 2, "\(flag)")
                #expect(flag.stderr.contains("'--begin'") && flag.stderr.contains("now+DURATION"), "\(flag)")

                let path = try cluster.writeScript("// QPI --begin=yesterday\n" + Circuits.one, named: "late.qasm")
                let directive = try await cluster.run("qsub", [path])
                #expect(directive.exitStatus == 1, "\(directive)")
                #expect(directive.stderr.contains("late.qasm:1:"), "\(directive)")
                #expect(directive.stderr.contains("'--begin'"), "\(directive)")
            }
        }
    }
}
