import OpenQASM
import Testing

/// OpenQASM 2 programs that Qiskit's `qasm2` loader refuses are refused here too, at the
/// spot Qiskit names; the OpenQASM 3 forms they resemble stay accepted in version 3.
struct Version2ConformanceTests {
    private let header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"

    @Test func measurementsDoNotBroadcastARegisterAgainstABit() {
        let registers = self.header + "qreg w[3];\nqreg one[1];\ncreg r[3];\ncreg bit1[1];\n"
        expectDiagnostic(.registerSizeMismatch, registers + "1️⃣measure w -> r[2];\n")
        expectDiagnostic(.registerSizeMismatch, registers + "1️⃣measure w[1] -> r;\n")
        // Even a one-element register does not stand for a single bit.
        expectDiagnostic(.registerSizeMismatch, registers + "1️⃣measure one -> r[0];\n")
        expectDiagnostic(.registerSizeMismatch, registers + "1️⃣measure w[0] -> bit1;\n")
        expectDiagnostic(.registerSizeMismatch, registers + "1️⃣measure one -> r;\n")
        #expect(operations(registers + "measure one -> bit1;\n") == [.measure(qubit: 3, clbit: 3)])
    }

    @Test func gatesAndRegistersShareOneNamespace() {
        expectDiagnostic(
            .redefinition, self.header + "gate 2️⃣flip a { x a; }\nqreg 1️⃣flip[2];\n", noteAtSecondMarker: true)
        expectDiagnostic(
            .redefinition, self.header + "creg 2️⃣flag[2];\ngate 1️⃣flag a { x a; }\n", noteAtSecondMarker: true)
        expectDiagnostic(.redefinition, self.header + "qreg anc[1];\nopaque 1️⃣anc a;\n")
        expectDiagnostic(.redefinition, self.header + "opaque m a;\ncreg 1️⃣m[1];\n")
        expectDiagnostic(.redefinition, self.header + "qreg 1️⃣ccx[3];\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\nqreg 1️⃣U[1];\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\ncreg 1️⃣CX[1];\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\nqreg rz[1];\n1️⃣include \"qelib1.inc\";\n")
        // Parameters and qubit arguments are local to their gate.
        #expect(
            operations(self.header + "qreg k[1];\ngate tilt(k) a { rx(k) a; }\ntilt(0.5) k[0];\n")
                == [gate(.rx, 0, parameters: [0.5])])
    }

    @Test func theBuiltInCXCannotBeReplaced() {
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\nqreg q[2];\ngate 1️⃣CX a, b { U(0, 0, 0) b; }\n")
        expectDiagnostic(.redefinition, self.header + "gate 1️⃣cx a, b { CX a, b; }\n")
        // Without qelib1.inc, `cx` is just a name.
        #expect(
            operations("OPENQASM 2.0;\ngate cx a, b { CX a, b; }\nqreg q[2];\ncx q[1], q[0];\n")
                == [gate(.x, 0, controls: [1])])
    }

    @Test func registersAreDeclaredOnce() {
        expectDiagnostic(.redefinition, self.header + "qreg 2️⃣d[1];\ncreg 1️⃣d[1];\n", noteAtSecondMarker: true)
        expectDiagnostic(.redefinition, self.header + "creg d[1];\nqreg 1️⃣d[2];\n")
        expectDiagnostic(.redefinition, self.header + "creg d[1];\ncreg 1️⃣d[1];\n")
        expectDiagnostic(.redefinition, self.header + "opaque d a;\nopaque 1️⃣d a;\n")
    }

    @Test func keywordsCannotNameDeclarations() {
        expectDiagnostic(.unexpectedToken, self.header + "qreg 1️⃣reset[2];\n")
        expectDiagnostic(.unexpectedToken, self.header + "creg 1️⃣pi[2];\n")
        expectDiagnostic(.unexpectedToken, self.header + "gate 1️⃣sqrt a { x a; }\n")
        expectDiagnostic(.unexpectedToken, self.header + "gate g(1️⃣ln) a { rx(ln) a; }\n")
        // OpenQASM 3 keywords are plain names in version 2.
        #expect(firstCircuit(self.header + "qreg qubit[2];\ncreg int[2];\nmeasure qubit -> int;\n")?.qubitCount == 2)
    }

    @Test func onlyVersion2Point0Exists() {
        expectDiagnostic(.unsupportedVersion, "OPENQASM 1️⃣2.1;\nqreg q[1];\n")
        expectDiagnostic(.unsupportedVersion, "OPENQASM 1️⃣2.5;\n")
        #expect(throws: Never.self) { try parse("OPENQASM 2;\nqreg q[1];\n") }
        #expect(throws: Never.self) { try parse("OPENQASM 3.1;\nqubit q;\n") }
    }

    @Test func version3StatementsAreNotCompleted() {
        let registers = self.header + "qreg q[2];\ncreg c[2];\n"
        expectDiagnostic(.unexpectedToken, registers + "measure q[0]1️⃣;\n")
        expectDiagnostic(.unexpectedToken, registers + "measure q1️⃣;\n")
        expectDiagnostic(.unexpectedToken, registers + "if (c == 1) 1️⃣;\n")
        expectDiagnostic(.unexpectedToken, registers + "if (c == 1) 1️⃣{ x q[0]; }\n")
        expectDiagnostic(.unexpectedToken, registers + "if (c == 1) 1️⃣{ }\n")
        expectDiagnostic(.unexpectedToken, registers + "if (c == 1) 1️⃣barrier q;\n")
        expectDiagnostic(.unexpectedToken, registers + "if (c == 1) 1️⃣if (c == 2) x q[0];\n")
        expectDiagnostic(.unexpectedToken, registers + "if (c == 1) x q[0];\n1️⃣else x q[1];\n")
        let ops = operations(registers + "if (c == 1) measure q[0] -> c[1];\nif (c == 3) reset q;\n")
        #expect(ops == [.measure(qubit: 0, clbit: 1), .reset(qubit: 0), .reset(qubit: 1)])
    }
}
