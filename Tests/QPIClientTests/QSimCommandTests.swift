import Foundation
import Testing

/// Runs the built `qsim` binary as a user would and checks its output and exit status.
struct QSimCommandTests {
    struct Document: Decodable {
        struct Entry: Decodable {
            var name: String
            var counts: [String: Int]
            var shots: Int
            var seed: UInt64
            var memory: [String]?
            var statevector: [[Double]]?
        }
        var results: [Entry]
    }

    func qsim(_ arguments: [String], input: String? = nil) throws -> CommandRunner.Outcome {
        try CommandRunner.run(TestResources.executable("qsim"), arguments, input: input)
    }

    func document(_ outcome: CommandRunner.Outcome) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(outcome.stdout.utf8))
    }

    @Test func bellExampleUsesDirectivesAndGivesCorrelatedCounts() throws {
        let outcome = try self.qsim(["examples/bell.qasm", "--json", "--seed", "7"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try #require(try self.document(outcome).results.first)
        #expect(result.shots == 1000)
        #expect(result.name == "bell")
        #expect(Set(result.counts.keys).isSubset(of: ["00", "11"]))
        #expect(result.counts.values.reduce(0, +) == 1000)
        #expect((result.counts["00"] ?? 0) > 400 && (result.counts["11"] ?? 0) > 400)
    }

    @Test func commandLineShotsOverrideDirectiveAndSeedReproduces() throws {
        let first = try self.document(
            try self.qsim(["examples/bell.qasm", "--json", "--shots", "333", "--seed", "99"]))
        let second = try self.document(
            try self.qsim(["examples/bell.qasm", "--json", "--shots", "333", "--seed", "99"]))
        #expect(first.results[0].shots == 333)
        #expect(first.results[0].seed == 99)
        #expect(first.results[0].counts == second.results[0].counts)
    }

    @Test func readsStandardInputAndPrintsTable() throws {
        let source = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nx q[0];\nmeasure q -> c;\n"
        let outcome = try self.qsim(["-", "--shots", "10"], input: source)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("OUTCOME"))
        let row = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("  1 ") }
        #expect(row.map { $0.split(separator: " ") == ["1", "10", "1.0000"] } == true)
    }

    @Test func memoryAndStatevectorInJSON() throws {
        let outcome = try self.qsim(["examples/bell.qasm", "--json", "--shots", "5", "--memory", "--statevector"])
        let result = try #require(try self.document(outcome).results.first)
        #expect(result.memory?.count == 5)
        let amplitudes = try #require(result.statevector)
        #expect(amplitudes.count == 4)
        #expect(abs(amplitudes[0][0] - 0.5.squareRoot()) < 1e-9)
        #expect(abs(amplitudes[3][0] - 0.5.squareRoot()) < 1e-9)
    }

    @Test func syntaxErrorReportsFileLineColumnAndExitsOne() throws {
        let source = "OPENQASM 2.0;\nqreg q[1];\nh q[0]\nmeasure q[0];\n"
        let outcome = try self.qsim(["-"], input: source)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("<stdin>:"))
        #expect(outcome.stderr.contains(": error: "))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func badDirectiveIsReportedAtItsLocation() throws {
        let source = "// QPI --shots=0\nOPENQASM 2.0;\nqreg q[1];\n"
        let outcome = try self.qsim(["-"], input: source)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("<stdin>:1:"))
        #expect(outcome.stderr.contains("--shots"))
    }

    @Test func missingFileAndBadFlagsFail() throws {
        let missing = try self.qsim(["no-such-file.qasm"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-file.qasm: error: cannot read file"))
        let usage = try self.qsim(["examples/bell.qasm", "--shots", "0"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--shots"))
    }
}
