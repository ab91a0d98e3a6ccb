import OpenQASM
import Synchronization
import Testing

struct IncludeTests {
    @Test func includedFilesAreElaboratedInPlace() {
        let ops = operations(
            "OPENQASM 2.0;\ninclude \"qelib1.inc\";\ninclude \"lib/gates.inc\";\nqreg q[2];\nbell q[0], q[1];\n",
            files: ["lib/gates.inc": "gate bell a, b { h a; cx a, b; }\n"]
        )
        #expect(ops == [gate(.h, 0), gate(.x, 1, controls: [0])])
    }

    @Test func theResolverSeesThePathAndTheIncludingFile() throws {
        let calls = Mutex<[[String]]>([])
        let resolver: IncludeResolver = { path, includingFile in
            calls.withLock { $0.append([path, includingFile]) }
            switch path {
            case "a.inc": return SourceFile(name: "dir/a.inc", text: "include \"b.inc\";\n")
            case "b.inc": return SourceFile(name: "dir/b.inc", text: "gate g q { U(0, 0, 0) q; }\n")
            default: throw MissingFile(path: path)
            }
        }
        let source = SourceFile(
            name: "job.qasm", text: "OPENQASM 2.0;\ninclude \"qelib1.inc\";\ninclude \"a.inc\";\nqreg q[1];\ng q[0];\n")
        let program = try QASMParser.parse(source, includes: resolver)
        #expect(program.circuits.first?.instructions.count == 1)
        #expect(calls.withLock { $0 } == [["a.inc", "job.qasm"], ["b.inc", "dir/a.inc"]])
    }

    @Test func standardLibrariesNeverReachTheResolver() throws {
        let resolver: IncludeResolver = { path, _ in throw MissingFile(path: path) }
        let source = SourceFile(
            name: "job.qasm", text: "OPENQASM 3;\ninclude \"stdgates.inc\";\ninclude \"qelib1.inc\";\nqubit q;\nh q;\n")
        #expect(try QASMParser.parse(source, includes: resolver).circuits.first?.instructions.count == 1)
    }

    @Test func errorsInIncludedFilesNameThatFile() throws {
        let found = diagnostics(
            "OPENQASM 2.0;\ninclude \"bad.inc\";\n", files: ["bad.inc": "gate g a {\n  nope a;\n}\n"])
        let error = try #require(found.first)
        #expect(error.id == .unknownGate)
        #expect(error.location == OpenQASM.SourceLocation(file: "bad.inc", line: 2, column: 3))
    }

    @Test func failedIncludesAreReportedAtTheStatement() {
        expectDiagnostic(.includeFailed, "OPENQASM 2.0;\n1️⃣include \"missing.inc\";\n", files: [:])
        expectDiagnostic(.includeFailed, "OPENQASM 2.0;\n1️⃣include \"other.inc\";\n")
        let message = diagnostics("OPENQASM 2.0;\ninclude \"missing.inc\";\n", files: [:]).first?.message
        #expect(message?.contains("no such file 'missing.inc'") == true)
    }

    @Test func includeCyclesAreErrors() {
        let files = ["a.inc": "include \"b.inc\";\n", "b.inc": "1️⃣include \"a.inc\";\n"]
        expectDiagnostic(.includeFailed, "OPENQASM 2.0;\ninclude \"a.inc\";\n", files: files)
        expectDiagnostic(.includeFailed, "OPENQASM 2.0;\n1️⃣include \"test.qasm\";\n", files: ["test.qasm": ""])
    }

    @Test func includingAFileTwiceIsHarmless() {
        let ops = operations(
            "OPENQASM 2.0;\ninclude \"g.inc\";\ninclude \"g.inc\";\nqreg q[1];\ng q[0];\n",
            files: ["g.inc": "gate g a { U(0, 0, 0) a; }\n"]
        )
        #expect(ops.count == 1)
    }

    @Test func anIncludedFileMayStartWithAVersion() {
        let ops = operations(
            "OPENQASM 2.0;\ninclude \"g.inc\";\nqreg q[1];\ng q[0];\n",
            files: ["g.inc": "OPENQASM 2.0;\ngate g a { U(0, 0, 0) a; }\n"]
        )
        #expect(ops.count == 1)
        expectDiagnostic(
            .misplacedStatement,
            "OPENQASM 2.0;\ninclude \"g.inc\";\n",
            files: ["g.inc": "gate g a { U(0, 0, 0) a; }\n1️⃣OPENQASM 2.0;\n"]
        )
    }

    @Test func includesBelongAtTopLevel() {
        expectDiagnostic(.misplacedStatement, "OPENQASM 3;\nbit c;\nif (c) { 1️⃣include \"stdgates.inc\"; }\n")
    }
}
