import OpenQASM
import Testing

struct BroadcastTests {
    private let header =
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg a[2];\nqreg b[2];\nqreg q[3];\ncreg c[2];\ncreg d[3];\n"

    @Test func singleQubitGateOverARegister() {
        #expect(operations(self.header + "h q;") == [gate(.h, 4), gate(.h, 5), gate(.h, 6)])
    }

    @Test func twoRegistersPairUp() {
        #expect(operations(self.header + "cx a, b;") == [gate(.x, 2, controls: [0]), gate(.x, 3, controls: [1])])
    }

    @Test func registerAndQubitMix() {
        #expect(operations(self.header + "cx a, b[0];") == [gate(.x, 2, controls: [0]), gate(.x, 2, controls: [1])])
        #expect(operations(self.header + "cx a[1], b;") == [gate(.x, 2, controls: [1]), gate(.x, 3, controls: [1])])
    }

    @Test func parametersAreEvaluatedOncePerStatement() {
        #expect(
            operations(self.header + "rz(pi) a;") == [gate(.rz, 0, parameters: [.pi]), gate(.rz, 1, parameters: [.pi])])
    }

    @Test func measureResetAndBarrierBroadcast() {
        #expect(
            operations(self.header + "measure a -> c;") == [.measure(qubit: 0, clbit: 0), .measure(qubit: 1, clbit: 1)])
        #expect(operations(self.header + "measure q[2] -> d[0];") == [.measure(qubit: 6, clbit: 2)])
        #expect(operations(self.header + "reset a;") == [.reset(qubit: 0), .reset(qubit: 1)])
        #expect(operations(self.header + "barrier a, q[1], a[0];") == [.barrier(qubits: [0, 1, 5])])
    }

    @Test func bareBarrierSpansEveryQubit() {
        #expect(operations("OPENQASM 3;\nqubit[2] q;\nqubit r;\nbarrier;\n") == [.barrier(qubits: [0, 1, 2])])
    }

    @Test func gateDefinitionsBroadcast() {
        let ops = operations(self.header + "gate pair x, y { cx x, y; h y; }\npair a, b;")
        #expect(ops == [gate(.x, 2, controls: [0]), gate(.h, 2), gate(.x, 3, controls: [1]), gate(.h, 3)])
    }

    @Test func registersOfDifferentSizesDoNotBroadcast() {
        expectDiagnostic(.registerSizeMismatch, self.header + "cx a, 1️⃣q;")
        expectDiagnostic(.registerSizeMismatch, self.header + "1️⃣measure q -> c;")
        expectDiagnostic(.registerSizeMismatch, self.header + "1️⃣measure a[0] -> c;")
    }

    @Test func aQubitMayNotBeUsedTwiceInOneApplication() {
        expectDiagnostic(.duplicateQubitArgument, self.header + "cx a[0], 1️⃣a[0];")
        expectDiagnostic(.duplicateQubitArgument, self.header + "cx a, 1️⃣a;")
        expectDiagnostic(.duplicateQubitArgument, self.header + "ccx a, b, 1️⃣a[1];")
    }

    @Test func operandsMustBeDeclaredAndInRange() {
        expectDiagnostic(.undeclaredIdentifier, self.header + "h 1️⃣r;")
        expectDiagnostic(.indexOutOfRange, self.header + "h q[1️⃣3];")
        expectDiagnostic(.indexOutOfRange, self.header + "measure q[0] -> c[1️⃣2];")
        expectDiagnostic(.typeMismatch, self.header + "h 1️⃣c;")
        expectDiagnostic(.typeMismatch, self.header + "measure q[0] -> 1️⃣q[1];")
        expectDiagnostic(.typeMismatch, self.header + "reset 1️⃣d;")
    }

    @Test func openQASM3IndicesMayCountFromTheEnd() {
        #expect(operations("OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[3] q;\nx q[-1];\n") == [gate(.x, 2)])
    }

    @Test func looseQubitsAndBitsHaveNoRegister() throws {
        let circuit = try #require(
            firstCircuit("OPENQASM 3;\nqubit a;\nqubit[2] q;\nbit b;\nbit[2] c;\nb = measure a;\nc = measure q;\n"))
        #expect(circuit.qubitCount == 3)
        #expect(circuit.clbitCount == 3)
        #expect(circuit.quantumRegisters == [Register(name: "q", offset: 1, size: 2)])
        #expect(circuit.classicalRegisters == [Register(name: "c", offset: 1, size: 2)])
        #expect(
            circuit.instructions.map(\.operation) == [
                .measure(qubit: 0, clbit: 0), .measure(qubit: 1, clbit: 1), .measure(qubit: 2, clbit: 2),
            ])
        expectDiagnostic(.typeMismatch, "OPENQASM 3;\nqubit a;\nU(0, 0, 0) a[1️⃣0];\n")
    }

    @Test func instructionsRememberTheirStatement() throws {
        let circuit = try #require(firstCircuit(self.header + "h q;\n"))
        let locations = circuit.instructions.map(\.location)
        #expect(locations == Array(repeating: OpenQASM.SourceLocation(file: "test.qasm", line: 8, column: 1), count: 3))
    }
}
