import OpenQASM
import Testing

/// Values as Qiskit's `qasm2` loader reads them: constant expressions outside their
/// domain are errors wherever they are written, zero-size registers exist, and integers
/// beyond 64 bits are numbers rather than errors.
struct ValueConformanceTests {
    private let header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\n"

    // MARK: Domains

    @Test func domainErrorsInGateBodiesAreFoundWithoutAnApplication() {
        expectDiagnostic(.divisionByZero, self.header + "gate spin a { rx(pi 1️⃣/ 0) a; }\n")
        expectDiagnostic(.divisionByZero, self.header + "gate spin(w) a { rx(w 1️⃣/ (2 - 2)) a; }\n")
        expectDiagnostic(.divisionByZero, self.header + "gate spin(w) a { rx(w + 3 1️⃣% 0.0) a; }\n")
        expectDiagnostic(.nonFiniteValue, self.header + "gate spin(w) a { rx(w * 1️⃣ln(0)) a; }\n")
        expectDiagnostic(.nonFiniteValue, self.header + "gate spin(w) a { rx(w - 1️⃣ln(-2.5)) a; }\n")
        expectDiagnostic(.nonFiniteValue, self.header + "gate spin(w) a { u3(0, 1️⃣sqrt(-4), w) a; }\n")
        expectDiagnostic(.nonFiniteValue, self.header + "gate spin(w) a { rz(cos(w) + 1️⃣sqrt(1 - 2)) a; }\n")
    }

    @Test func domainErrorsAtTheTopLevel() {
        expectDiagnostic(.divisionByZero, self.header + "rx(2 * pi 1️⃣/ (1 - 1)) q[0];\n")
        expectDiagnostic(.nonFiniteValue, self.header + "rx(1️⃣ln(1 - 1)) q[0];\n")
        expectDiagnostic(.nonFiniteValue, self.header + "rx(-1️⃣sqrt(-0.5)) q;\n")
    }

    @Test func expressionsOfParametersAreLeftForTheApplication() {
        // Whether `sqrt(w)` is defined depends on the argument, as in Qiskit.
        let ops = operations(self.header + "gate spin(w) a { rx(sqrt(w) / 2) a; }\nspin(16) q[1];\n")
        #expect(ops == [gate(.rx, 1, parameters: [2])])
    }

    // MARK: Zero-size registers

    @Test func zeroSizeRegistersAreEmpty() throws {
        let text = """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg none[0];
            qreg q[2];
            creg nothing[0];
            creg c[2];
            h none;
            cx none, none;
            measure none -> nothing;
            reset none;
            barrier none;
            if (nothing == 0) x q[0];
            x q[1];
            measure q -> c;
            """
        let circuit = try #require(firstCircuit(text))
        #expect(circuit.qubitCount == 2)
        #expect(circuit.clbitCount == 2)
        #expect(circuit.quantumRegisters.map(\.size) == [0, 2])
        #expect(circuit.classicalRegisters.map(\.size) == [0, 2])
        #expect(
            circuit.instructions.map(\.operation) == [
                gate(.x, 0), gate(.x, 1), .measure(qubit: 0, clbit: 0), .measure(qubit: 1, clbit: 1),
            ])
        #expect(circuit.instructions.first?.condition == Condition(clbits: [], value: 0))
        expectDiagnostic(.indexOutOfRange, self.header + "qreg none[0];\nx none[1️⃣0];\n")
        expectDiagnostic(.registerSizeMismatch, self.header + "qreg none[0];\ncx none, 1️⃣q;\n")
        expectDiagnostic(.valueOutOfRange, "OPENQASM 3;\nqubit[1️⃣-2] q;\n")
    }

    // MARK: Integers beyond 64 bits

    @Test func largeIntegersInParametersAreFloatingPoint() {
        let big = "340282366920938463463374607431768211456"  // 2^128
        #expect(operations(self.header + "rz(\(big) / \(big)) q[0];\n") == [gate(.rz, 0, parameters: [1])])
        #expect(operations(self.header + "rz(0x10000000000000000 * 0) q[0];\n") == [gate(.rz, 0, parameters: [0])])
        // 64-bit arithmetic that overflows goes on in floating point.
        let overflowing = operations(self.header + "rz(4611686018427387904 * 4 / 2^64) q[0];\n")
        #expect(overflowing == [gate(.rz, 0, parameters: [1])])
        #expect(
            operations(self.header + "rz(-(-9223372036854775807 - 1) / 2^63) q[0];\n") == [
                gate(.rz, 0, parameters: [1])
            ])
    }

    @Test func largeIntegersAreRefusedWhereAnIntegerIsNeeded() {
        expectDiagnostic(.valueOutOfRange, self.header + "x q[1️⃣18446744073709551617];\n")
        expectDiagnostic(.valueOutOfRange, "OPENQASM 2.0;\nqreg q[1️⃣123456789012345678901234];\n")
        expectDiagnostic(.valueOutOfRange, "OPENQASM 3;\nconst uint n = 1️⃣0xFFFFFFFFFFFFFFFFFF;\n")
    }

    @Test func conditionsWithValuesTooWideNeverHold() throws {
        let text = self.header + "if (c == 36893488147419103232) x q[0];\nif (c == 4) x q[1];\nif (c == 3) h q[1];\n"
        let program = try parse(text)
        let instructions = try #require(program.circuits.first).instructions
        #expect(instructions.map(\.operation) == [gate(.h, 1)])
        #expect(program.warnings.map(\.id) == [.valueOutOfRange, .valueOutOfRange])
        // In OpenQASM 3, `!=` with such a value always holds.
        let three = operations("OPENQASM 3;\nqubit q;\nbit[2] c;\nif (c != 99999999999999999999) U(0, 0, 0) q;\n")
        #expect(three == [gate(.u, 0, parameters: [0, 0, 0])])
    }

    @Test func conditionsMayReadMoreThan64Bits() throws {
        let text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg wide[70];\nif (wide == 5) x q[0];\n"
        let circuit = try #require(firstCircuit(text))
        #expect(circuit.instructions.first?.condition == Condition(clbits: Array(0..<70), value: 5))
    }
}
