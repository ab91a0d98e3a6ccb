import OpenQASM
import Testing

struct GateDefinitionTests {
    private let header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\n"

    @Test func definitionsExpandWithTheirParameters() {
        let ops = operations(
            self.header + """
                gate rot(theta, phi) a, b {
                    rz(theta / 2) a;
                    cx a, b;
                    U(theta, phi, -phi) b;
                }
                rot(pi, 0.5) q[2], q[0];
                """
        )
        #expect(
            approximatelyEqual(
                ops,
                [
                    gate(.rz, 2, parameters: [.pi / 2]), gate(.x, 0, controls: [2]),
                    gate(.u, 0, parameters: [.pi, 0.5, -0.5]),
                ]
            )
        )
    }

    @Test func definitionsUseEarlierDefinitions() {
        let ops = operations(
            self.header + """
                gate inner(t) a { rx(t) a; }
                gate outer(t) a, b { inner(2 * t) b; barrier a, b; inner(t) a; }
                outer(0.25) q[0], q[1];
                """
        )
        #expect(ops == [gate(.rx, 1, parameters: [0.5]), .barrier(qubits: [0, 1]), gate(.rx, 0, parameters: [0.25])])
    }

    @Test func emptyBodiesExpandToNothing() {
        #expect(operations("OPENQASM 3;\nqubit q;\ngate post a { }\npost q;\n").isEmpty)
    }

    @Test func opaqueGatesBecomeOpaqueOperations() {
        let ops = operations(self.header + "opaque magic(a, b) x, y;\nmagic(1, 2) q[0], q[2];\n")
        #expect(ops == [.opaque(name: "magic", parameters: [1, 2], qubits: [0, 2])])
        expectDiagnostic(.duplicateQubitArgument, self.header + "opaque magic x, y;\ngate wrap z { magic z, 1️⃣z; }\n")
    }

    @Test func aFileWithoutTheLibraryMayDefineLibraryNames() {
        let ops = operations(
            "OPENQASM 2.0;\ngate cx a, b { CX a, b; }\ngate h a { U(pi/2, 0, pi) a; }\nqreg q[2];\nh q[0];\ncx q[0], q[1];\n"
        )
        #expect(approximatelyEqual(ops, [gate(.u, 0, parameters: [.pi / 2, 0, .pi]), gate(.x, 1, controls: [0])]))
    }

    @Test func aFileMayRedefineCX() {
        let ops = operations("OPENQASM 3;\ngate CX a, b { ctrl @ U(pi, 0, pi) a, b; }\nqubit[2] q;\nCX q[0], q[1];\n")
        #expect(ops == [gate(.u, 1, parameters: [.pi, 0, .pi], controls: [0])])
    }

    @Test func redefinitionsAreErrorsWithANote() {
        expectDiagnostic(
            .redefinition, "OPENQASM 2.0;\n2️⃣include \"qelib1.inc\";\ngate 1️⃣cx a, b { CX a, b; }\n",
            noteAtSecondMarker: true)
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\ngate 2️⃣g a { }\ngate 1️⃣g a { }\n", noteAtSecondMarker: true)
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\nopaque g a;\ngate 1️⃣g a { }\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\ngate 1️⃣U a { }\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\ngate g(t, 1️⃣t) a { }\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\ngate g(t) a, 1️⃣t { }\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\ngate cx a, b { CX a, b; }\n1️⃣include \"qelib1.inc\";\n")
        expectDiagnostic(.redefinition, "OPENQASM 2.0;\nqreg 2️⃣q[1];\nqreg 1️⃣q[2];\n", noteAtSecondMarker: true)
    }

    @Test func bodiesAreCheckedWhereTheyAreDefined() {
        expectDiagnostic(.unknownGate, self.header + "gate g a { 1️⃣g a; }\n")
        expectDiagnostic(.unknownGate, self.header + "gate g a { 1️⃣later a; }\ngate later a { }\n")
        expectDiagnostic(.undeclaredIdentifier, self.header + "gate g a { h 1️⃣b; }\n")
        expectDiagnostic(.undeclaredIdentifier, self.header + "gate g(t) a { rx(1️⃣s) a; }\n")
        expectDiagnostic(.typeMismatch, self.header + "gate g a { h a[1️⃣0]; }\n")
        expectDiagnostic(.typeMismatch, self.header + "gate g a { rx(1️⃣q) a; }\n")
        expectDiagnostic(.wrongArgumentCount, self.header + "gate g a { 1️⃣cx a; }\n")
        expectDiagnostic(.wrongParameterCount, self.header + "gate g a { 1️⃣rx a; }\n")
        expectDiagnostic(.duplicateQubitArgument, self.header + "gate g a, b { cx a, 1️⃣a; }\n")
        expectDiagnostic(.misplacedStatement, self.header + "creg c[1];\ngate g a { 1️⃣measure a -> c[0]; }\n")
        expectDiagnostic(.misplacedStatement, self.header + "gate g a { 1️⃣reset a; }\n")
        expectDiagnostic(.misplacedStatement, self.header + "gate g a { 1️⃣qreg r[1]; }\n")
        expectDiagnostic(.misplacedStatement, "OPENQASM 3;\nqubit q;\nfor int i in [0:1] { 1️⃣gate g a { } }\n")
    }

    @Test func bodiesSeeGlobalConstants() {
        let ops = operations(
            "OPENQASM 3;\ninclude \"stdgates.inc\";\nconst float half = 0.5;\ngate g(t) a { rx(half * t) a; }\nqubit q;\ng(3) q;\n"
        )
        #expect(ops == [gate(.rx, 0, parameters: [1.5])])
    }

    @Test func expansionErrorsPointIntoTheBodyWithANoteAtTheCall() {
        expectDiagnostic(
            .divisionByZero,
            "OPENQASM 2.0;\nqreg q[1];\ngate g(t) a { U(1 1️⃣/ t, 0, 0) a; }\n2️⃣g(0) q[0];\n",
            noteAtSecondMarker: true
        )
    }

    @Test func globalPhaseAccumulates() throws {
        let circuit = try #require(
            firstCircuit("OPENQASM 3;\ngate g(t) a { gphase(t); U(0, 0, 0) a; }\nqubit q;\ng(0.25) q;\ngphase(0.5);\n"))
        #expect(circuit.globalPhase == 0.75)
        #expect(circuit.instructions.count == 1)
    }

    @Test func deepDefinitionChainsAreBounded() {
        var text = "OPENQASM 2.0;\nqreg q[1];\ngate g0 a { U(0, 0, 0) a; }\n"
        for level in 1...300 {
            text += "gate g\(level) a { g\(level - 1) a; }\n"
        }
        text += "g300 q[0];\n"
        #expect(diagnostics(text).map(\.id) == [.nestingTooDeep])
    }

    @Test func exponentialDefinitionsHitTheInstructionLimit() {
        var text = "OPENQASM 2.0;\nqreg q[1];\ngate g0 a { U(0, 0, 0) a; U(0, 0, 0) a; }\n"
        for level in 1...40 {
            text += "gate g\(level) a { g\(level - 1) a; g\(level - 1) a; }\n"
        }
        text += "g40 q[0];\n"
        #expect(diagnostics(text).map(\.id) == [.limitExceeded])
    }
}
