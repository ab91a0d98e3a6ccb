import OpenQASM
import Testing

struct VersionTests {
    @Test func theVersionIsKeptAsWritten() throws {
        #expect(try parse("OPENQASM 2.0;\n").version == "2.0")
        #expect(try parse("OPENQASM 3;\n").version == "3")
        #expect(try parse("OPENQASM 3.0;\n").version == "3.0")
    }

    @Test func aMissingVersionIsAWarningAtTheFirstStatement() throws {
        let marked = "// A QASMBench file without a version.\n\n1️⃣include \"qelib1.inc\";\nqreg q[1];\nh q[0];\n"
        expectDiagnostic(.missingVersion, marked, severity: .warning)
        let program = try parse(MarkedSource(marked).text)
        #expect(program.version == "2.0")
        #expect(program.circuits.first?.instructions.count == 1)
    }

    @Test func openQASM3WithoutAVersionNeedsNoWarning() throws {
        let program = try parse("include \"stdgates.inc\";\nqubit[2] q;\nh q[0];\n")
        #expect(program.version == "3")
        #expect(program.warnings.isEmpty)
        #expect(try parse("qubit q;\nU(0, 0, 0) q;\n").version == "3")
    }

    @Test func anEmptyFileIsAnEmptyCircuit() throws {
        let program = try parse("")
        #expect(program.circuits.count == 1)
        #expect(program.circuits.first?.qubitCount == 0)
        #expect(program.warnings.map(\.id) == [.missingVersion])
    }

    @Test func versionErrors() {
        expectDiagnostic(.unsupportedVersion, "OPENQASM 1️⃣4.0;\n")
        expectDiagnostic(.unsupportedVersion, "OPENQASM 1️⃣1;\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 1️⃣three;\n")
        expectDiagnostic(.misplacedStatement, "qreg q[1];\n1️⃣OPENQASM 2.0;\n")
        expectDiagnostic(.misplacedStatement, "OPENQASM 3;\nbit c;\nif (c) { 1️⃣OPENQASM 3; }\n")
    }

    @Test func caretIsPowerInVersion2AndXorInVersion3() throws {
        let two = operations("OPENQASM 2.0;\nqreg q[1];\nU(2 ^ 3, 0, 0) q[0];\n")
        let three = operations("OPENQASM 3;\nqubit q;\nU(2 ^ 3, 0, 0) q;\n")
        #expect(two == [gate(.u, 0, parameters: [8, 0, 0])])
        #expect(three == [gate(.u, 0, parameters: [1, 0, 0])])
    }
}
