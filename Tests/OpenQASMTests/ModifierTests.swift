import OpenQASM
import Testing

struct ModifierTests {
    private let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[3] q;\n"

    @Test func controlTakesTheFirstQubits() {
        #expect(operations(self.header + "ctrl @ x q[0], q[1];") == [gate(.x, 1, controls: [0])])
        #expect(operations(self.header + "ctrl(2) @ x q[2], q[0], q[1];") == [gate(.x, 1, controls: [2, 0])])
        #expect(operations(self.header + "ctrl @ ctrl @ h q[0], q[1], q[2];") == [gate(.h, 2, controls: [0, 1])])
        #expect(operations(self.header + "ctrl @ cx q[0], q[1], q[2];") == [gate(.x, 2, controls: [0, 1])])
        #expect(
            operations(self.header + "ctrl @ rz(0.5) q[1], q[0];") == [gate(.rz, 0, parameters: [0.5], controls: [1])])
    }

    @Test func negativeControlsAreWrappedInX() {
        #expect(
            operations(self.header + "negctrl @ x q[0], q[1];") == [
                gate(.x, 0), gate(.x, 1, controls: [0]), gate(.x, 0),
            ])
        #expect(
            operations(self.header + "negctrl(2) @ z q[0], q[1], q[2];")
                == [gate(.x, 0), gate(.x, 1), gate(.z, 2, controls: [0, 1]), gate(.x, 0), gate(.x, 1)]
        )
    }

    @Test func inverseReversesAndInvertsTheExpansion() {
        let ops = operations(self.header + "gate g a { s a; t a; sx a; rx(0.5) a; U(1, 2, 3) a; }\ninv @ g q[0];")
        #expect(
            ops == [
                gate(.u, 0, parameters: [-1, -3, -2]), gate(.rx, 0, parameters: [-0.5]), gate(.sxdg, 0), gate(.tdg, 0),
                gate(.sdg, 0),
            ]
        )
        #expect(operations(self.header + "inv @ inv @ s q[0];") == [gate(.s, 0)])
        #expect(
            operations(self.header + "inv @ ctrl @ p(1) q[0], q[1];") == [gate(.p, 1, parameters: [-1], controls: [0])])
    }

    @Test func integerPowersRepeat() {
        #expect(operations(self.header + "pow(3) @ x q[0];") == [gate(.x, 0), gate(.x, 0), gate(.x, 0)])
        #expect(operations(self.header + "pow(0) @ x q[0];").isEmpty)
        #expect(operations(self.header + "pow(-2) @ s q[0];") == [gate(.sdg, 0), gate(.sdg, 0)])
        #expect(operations(self.header + "pow(2.0) @ h q[0];") == [gate(.h, 0), gate(.h, 0)])
    }

    @Test func fractionalPowersScaleRotationsAndPhases() {
        #expect(operations(self.header + "pow(0.5) @ rz(1) q[0];") == [gate(.rz, 0, parameters: [0.5])])
        #expect(operations(self.header + "pow(0.5) @ z q[0];") == [gate(.p, 0, parameters: [.pi / 2])])
        #expect(operations(self.header + "pow(0.5) @ t q[0];") == [gate(.p, 0, parameters: [.pi / 8])])
        #expect(
            operations(self.header + "pow(1.5) @ cp(1) q[0], q[1];") == [gate(.p, 1, parameters: [1.5], controls: [0])])
        #expect(operations(self.header + "pow(-0.5) @ s q[0];") == [gate(.p, 0, parameters: [-.pi / 4])])
        expectDiagnostic(.unsupportedFeature, self.header + "1️⃣pow(0.5) @ h q[0];")
        expectDiagnostic(.unsupportedFeature, self.header + "gate g a { rz(1) a; rx(1) a; }\n1️⃣pow(0.5) @ g q[0];")
    }

    @Test func powersInBodiesMayUseParameters() {
        let ops = operations(self.header + "gate g(k) a { pow(k) @ rz(1) a; }\ng(2) q[0];\ng(0.5) q[1];")
        #expect(ops == [gate(.rz, 0, parameters: [1]), gate(.rz, 0, parameters: [1]), gate(.rz, 1, parameters: [0.5])])
    }

    @Test func globalPhaseUnderModifiers() throws {
        #expect(operations(self.header + "ctrl @ gphase(0.5) q[1];") == [gate(.p, 1, parameters: [0.5])])
        #expect(
            operations(self.header + "ctrl(2) @ gphase(0.5) q[0], q[1];") == [
                gate(.p, 1, parameters: [0.5], controls: [0])
            ])
        let inverse = try #require(firstCircuit(self.header + "inv @ gphase(0.5);\npow(3) @ gphase(0.25);"))
        #expect(inverse.globalPhase == 0.25)
        let ops = operations(self.header + "gate g a { gphase(1); x a; }\nctrl @ g q[0], q[1];")
        #expect(ops == [gate(.p, 0, parameters: [1]), gate(.x, 1, controls: [0])])
    }

    @Test func modifiersBroadcast() {
        let ops = operations("OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] c;\nqubit[2] t;\nctrl @ x c, t;\n")
        #expect(ops == [gate(.x, 2, controls: [0]), gate(.x, 3, controls: [1])])
    }

    @Test func modifiersInGateBodies() {
        let ops = operations(self.header + "gate cz2 a, b { ctrl @ z a, b; negctrl @ inv @ s b, a; }\ncz2 q[0], q[1];")
        #expect(ops == [gate(.z, 1, controls: [0]), gate(.x, 1), gate(.sdg, 0, controls: [1]), gate(.x, 1)])
    }

    @Test func modifierErrors() {
        expectDiagnostic(.wrongArgumentCount, self.header + "ctrl @ 1️⃣x q[0];")
        expectDiagnostic(.valueOutOfRange, self.header + "ctrl(1️⃣0) @ x q[0], q[1];")
        expectDiagnostic(.typeMismatch, self.header + "ctrl(1️⃣1.5) @ x q[0], q[1];")
        expectDiagnostic(.duplicateQubitArgument, self.header + "ctrl @ x q[0], 1️⃣q[0];")
        expectDiagnostic(.unsupportedFeature, self.header + "opaque o a;\n1️⃣inv @ o q[0];")
        expectDiagnostic(.unsupportedFeature, self.header + "opaque o a;\n1️⃣ctrl @ o q[0], q[1];")
        expectDiagnostic(.unexpectedToken, self.header + "ctrl(2) 1️⃣x q[0], q[1], q[2];")
        expectDiagnostic(.unexpectedToken, self.header + "ctrl x 1️⃣q[0], q[1];")
        expectDiagnostic(.limitExceeded, self.header + "1️⃣pow(100000000) @ x q[0];")
    }
}
