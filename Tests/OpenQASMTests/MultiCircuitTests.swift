import OpenQASM
import Testing

struct MultiCircuitTests {
    private let batch = """
        // QPI --shots=100
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        measure q -> c;
        OPENQASM 3;
        include "stdgates.inc";
        qubit[3] r;
        bit[1] m;
        x r[2];
        m[0] = measure r[2];
        OPENQASM 2.0;
        qreg q[1];
        """

    @Test func eachVersionStatementStartsACircuit() throws {
        let program = try parse(self.batch, file: "jobs/bell.qasm")
        #expect(program.circuits.map(\.name) == ["bell", "bell_1", "bell_2"])
        #expect(program.circuits.map(\.qubitCount) == [2, 3, 1])
        #expect(program.circuits.map(\.clbitCount) == [2, 1, 0])
        #expect(program.circuits[1].instructions.map(\.operation) == [gate(.x, 2), .measure(qubit: 2, clbit: 0)])
        #expect(program.version == "2.0")
        #expect(program.directives.map(\.option) == ["shots"])
    }

    @Test func aSingleCircuitKeepsTheFileName() throws {
        #expect(try parse("OPENQASM 2.0;\n", file: "a/b/ghz.v2.qasm").circuits.map(\.name) == ["ghz.v2"])
        #expect(try parse("OPENQASM 2.0;\n", file: "noext").circuits.map(\.name) == ["noext"])
    }

    @Test func circuitsDoNotShareDeclarations() {
        expectDiagnostic(.undeclaredIdentifier, "OPENQASM 2.0;\nqreg q[1];\nOPENQASM 2.0;\nU(0, 0, 0) 1️⃣q[0];\n")
        expectDiagnostic(.unknownGate, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nOPENQASM 2.0;\nqreg q[1];\n1️⃣h q[0];\n")
        expectDiagnostic(.unknownGate, "OPENQASM 2.0;\ngate g a { }\nOPENQASM 2.0;\nqreg q[1];\n1️⃣g q[0];\n")
    }
}
