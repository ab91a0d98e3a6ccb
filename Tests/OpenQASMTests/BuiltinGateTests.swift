import OpenQASM
import Testing

/// Library gates map to IR primitives, with controls where the gate is a controlled primitive.
struct BuiltinGateTests {
    private func qelib1(_ statement: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Operation] {
        operations("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[5];\n\(statement)\n", sourceLocation: sourceLocation)
    }

    private func stdgates(_ statement: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Operation]
    {
        operations(
            "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[5] q;\n\(statement)\n", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("id q[0];", gate(.id, 0)), ("u0(2) q[0];", gate(.id, 0)), ("x q[0];", gate(.x, 0)), ("y q[0];", gate(.y, 0)),
        ("z q[0];", gate(.z, 0)), ("h q[0];", gate(.h, 0)), ("s q[0];", gate(.s, 0)), ("sdg q[0];", gate(.sdg, 0)),
        ("t q[0];", gate(.t, 0)), ("tdg q[0];", gate(.tdg, 0)), ("sx q[0];", gate(.sx, 0)),
        ("sxdg q[0];", gate(.sxdg, 0)),
        ("rx(1) q[0];", gate(.rx, 0, parameters: [1])), ("ry(1) q[0];", gate(.ry, 0, parameters: [1])),
        ("rz(1) q[0];", gate(.rz, 0, parameters: [1])), ("p(1) q[0];", gate(.p, 0, parameters: [1])),
        ("u1(1) q[0];", gate(.p, 0, parameters: [1])), ("u2(1, 2) q[0];", gate(.u, 0, parameters: [.pi / 2, 1, 2])),
        ("u3(1, 2, 3) q[0];", gate(.u, 0, parameters: [1, 2, 3])),
        ("u(1, 2, 3) q[0];", gate(.u, 0, parameters: [1, 2, 3])),
        ("U(1, 2, 3) q[0];", gate(.u, 0, parameters: [1, 2, 3])), ("CX q[0], q[1];", gate(.x, 1, controls: [0])),
        ("cx q[0], q[1];", gate(.x, 1, controls: [0])), ("cy q[0], q[1];", gate(.y, 1, controls: [0])),
        ("cz q[0], q[1];", gate(.z, 1, controls: [0])), ("ch q[0], q[1];", gate(.h, 1, controls: [0])),
        ("csx q[0], q[1];", gate(.sx, 1, controls: [0])),
        ("crx(1) q[0], q[1];", gate(.rx, 1, parameters: [1], controls: [0])),
        ("cry(1) q[0], q[1];", gate(.ry, 1, parameters: [1], controls: [0])),
        ("crz(1) q[0], q[1];", gate(.rz, 1, parameters: [1], controls: [0])),
        ("cp(1) q[0], q[1];", gate(.p, 1, parameters: [1], controls: [0])),
        ("cu1(1) q[0], q[1];", gate(.p, 1, parameters: [1], controls: [0])),
        ("cu3(1, 2, 3) q[0], q[1];", gate(.u, 1, parameters: [1, 2, 3], controls: [0])),
        ("swap q[0], q[1];", gate(.swap, 0, 1)), ("rxx(1) q[0], q[1];", gate(.rxx, 0, 1, parameters: [1])),
        ("rzz(1) q[0], q[1];", gate(.rzz, 0, 1, parameters: [1])),
        ("ccx q[0], q[1], q[2];", gate(.x, 2, controls: [0, 1])),
        ("cswap q[0], q[1], q[2];", gate(.swap, 1, 2, controls: [0])),
        ("c3x q[0], q[1], q[2], q[3];", gate(.x, 3, controls: [0, 1, 2])),
        ("c3sqrtx q[0], q[1], q[2], q[3];", gate(.sx, 3, controls: [0, 1, 2])),
        ("c4x q[0], q[1], q[2], q[3], q[4];", gate(.x, 4, controls: [0, 1, 2, 3])),
    ])
    func qelib1Gates(statement: String, expected: Operation) {
        #expect(self.qelib1(statement) == [expected])
    }

    @Test(arguments: [
        ("phase(1) q[0];", gate(.p, 0, parameters: [1])),
        ("cphase(1) q[0], q[1];", gate(.p, 1, parameters: [1], controls: [0])),
        ("CX q[0], q[1];", gate(.x, 1, controls: [0])), ("u1(1) q[0];", gate(.p, 0, parameters: [1])),
        ("u3(1, 2, 3) q[0];", gate(.u, 0, parameters: [1, 2, 3])),
        ("ccx q[0], q[1], q[2];", gate(.x, 2, controls: [0, 1])),
    ])
    func stdgatesGates(statement: String, expected: Operation) {
        #expect(self.stdgates(statement) == [expected])
    }

    @Test func cuPutsItsPhaseOnTheControl() {
        let expected = [gate(.p, 0, parameters: [4]), gate(.u, 1, parameters: [1, 2, 3], controls: [0])]
        #expect(self.qelib1("cu(1, 2, 3, 4) q[0], q[1];") == expected)
        #expect(self.stdgates("cu(1, 2, 3, 4) q[0], q[1];") == expected)
    }

    @Test func relativePhaseToffolisExpandFromTheirDefinitions() {
        let hadamard = gate(.u, 2, parameters: [.pi / 2, 0, .pi])
        let rccx = [
            hadamard, gate(.p, 2, parameters: [.pi / 4]), gate(.x, 2, controls: [1]),
            gate(.p, 2, parameters: [-.pi / 4]),
            gate(.x, 2, controls: [0]), gate(.p, 2, parameters: [.pi / 4]), gate(.x, 2, controls: [1]),
            gate(.p, 2, parameters: [-.pi / 4]), hadamard,
        ]
        #expect(self.qelib1("rccx q[0], q[1], q[2];") == rccx)
        let rc3x = self.qelib1("rc3x q[0], q[1], q[2], q[3];")
        #expect(rc3x.count == 18)
        #expect(rc3x.filter { if case .gate(let g) = $0 { g.kind == .x } else { false } }.count == 6)
    }

    @Test func eachLibraryDeclaresOnlyItsOwnGates() {
        expectDiagnostic(.unknownGate, "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\n1️⃣rzz(1) q[0], q[1];\n")
        expectDiagnostic(.unknownGate, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\n1️⃣cphase(1) q[0], q[1];\n")
    }

    @Test func unknownGatesNameTheMissingInclude() {
        let found = diagnostics("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n")
        #expect(found.first?.id == .unknownGate)
        #expect(found.first?.message.contains("qelib1.inc") == true)
        expectDiagnostic(.unknownGate, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\n1️⃣hadamard q[0];\n")
    }

    @Test func builtinsCheckTheirArity() {
        expectDiagnostic(.wrongParameterCount, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\n1️⃣rx q[0];\n")
        expectDiagnostic(.wrongParameterCount, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\n1️⃣h(1) q[0];\n")
        expectDiagnostic(.wrongArgumentCount, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\n1️⃣cx q[0];\n")
        expectDiagnostic(.wrongArgumentCount, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\n1️⃣x q[0], q[1];\n")
        expectDiagnostic(.wrongArgumentCount, "OPENQASM 2.0;\nqreg q[3];\n1️⃣U(1, 2, 3) q[0], q[1];\n")
    }

    @Test func includingALibraryTwiceIsHarmless() {
        #expect(
            operations("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ninclude \"qelib1.inc\";\nqreg q[1];\nh q[0];\n") == [
                gate(.h, 0)
            ])
    }
}
