import OpenQASM
import Testing

struct ControlFlowTests {
    private let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[4] q;\nbit[3] c;\nbit b;\n"

    // MARK: Loops

    @Test func rangesIncludeTheirEnd() {
        #expect(operations(self.header + "for int i in [0:2] { x q[i]; }") == [gate(.x, 0), gate(.x, 1), gate(.x, 2)])
        #expect(operations(self.header + "for int i in [0:2:3] { x q[i]; }") == [gate(.x, 0), gate(.x, 2)])
        #expect(operations(self.header + "for int i in [3:-2:0] { x q[i]; }") == [gate(.x, 3), gate(.x, 1)])
        #expect(operations(self.header + "for int i in [2:1] { x q[i]; }").isEmpty)
    }

    @Test func setsAndUntypedVariables() {
        #expect(operations(self.header + "for i in {3, 1} x q[i];") == [gate(.x, 3), gate(.x, 1)])
        #expect(
            operations(self.header + "for float a in {0.5, 1} rz(a * 2) q[0];")
                == [gate(.rz, 0, parameters: [1]), gate(.rz, 0, parameters: [2])]
        )
    }

    @Test func loopVariablesWorkInExpressionsAndNestedLoops() {
        let ops = operations(
            self.header + "for int i in [0:1] { for int j in [i:1] { cx q[i], q[j + 2]; rz(i * pi) q[j]; } }")
        #expect(
            ops == [
                gate(.x, 2, controls: [0]), gate(.rz, 0, parameters: [0]), gate(.x, 3, controls: [0]),
                gate(.rz, 1, parameters: [0]),
                gate(.x, 3, controls: [1]), gate(.rz, 1, parameters: [.pi]),
            ]
        )
    }

    @Test func loopVariablesAreScopedToTheLoop() {
        expectDiagnostic(.undeclaredIdentifier, self.header + "for int i in [0:1] { }\nx q[1️⃣i];")
        expectDiagnostic(.misplacedStatement, self.header + "for int i in [0:1] { 1️⃣qubit r; }")
        expectDiagnostic(.valueOutOfRange, self.header + "for int i in [0:1️⃣0:3] { }")
        expectDiagnostic(.typeMismatch, self.header + "for int i in [0:1️⃣1.5] { }")
        expectDiagnostic(.unsupportedFeature, self.header + "for int i in 1️⃣q { }")
    }

    @Test func anErrorInALoopBodyIsReportedOnce() {
        let found = diagnostics(self.header + "for int i in [0:9] { x q[i]; }")
        #expect(found.map(\.id) == [.indexOutOfRange])
    }

    @Test func tooManyIterationsAreRefused() {
        expectDiagnostic(.limitExceeded, self.header + "for int 1️⃣i in [0:100000000] { }")
    }

    // MARK: Declarations

    @Test func classicalDeclarationsAreCompileTimeValues() {
        let ops = operations(
            self.header + """
                const int n = 2;
                float[64] theta = pi / n;
                angle phi = theta * 2;
                uint k = n + 1;
                bool flag = k > n;
                int truncated = 2.7;
                rx(theta) q[n];
                rz(phi) q[k];
                if (flag) x q[truncated];
                """
        )
        #expect(ops == [gate(.rx, 2, parameters: [.pi / 2]), gate(.rz, 3, parameters: [.pi]), gate(.x, 2)])
        expectDiagnostic(.redefinition, self.header + "const int n = 1;\nint 1️⃣n = 2;")
        expectDiagnostic(.unexpectedToken, self.header + "const int n 1️⃣;")
        expectDiagnostic(.unsupportedFeature, self.header + "int n = 1;\n1️⃣n = 2;")
        expectDiagnostic(.unsupportedFeature, self.header + "int n = 1;\n1️⃣n += 2;")
    }

    // MARK: Conditions

    @Test(arguments: [
        ("if (c == 5) x q[0];", Condition(clbits: [0, 1, 2], value: 5)),
        ("if (5 == c) x q[0];", Condition(clbits: [0, 1, 2], value: 5)),
        ("if (c != 2) x q[0];", Condition(clbits: [0, 1, 2], value: 2, negated: true)),
        ("if (c[1]) x q[0];", Condition(clbits: [1], value: 1)),
        ("if (!c[1]) x q[0];", Condition(clbits: [1], value: 0)),
        ("if (c[2] == 1) x q[0];", Condition(clbits: [2], value: 1)),
        ("if (c[2] != 1) x q[0];", Condition(clbits: [2], value: 0)),
        ("if (b == true) x q[0];", Condition(clbits: [3], value: 1)),
        ("if (b == false) x q[0];", Condition(clbits: [3], value: 0)),
        ("if (b) x q[0];", Condition(clbits: [3], value: 1)),
        ("if (c) x q[0];", Condition(clbits: [0, 1, 2], value: 0, negated: true)),
        ("if (!c) x q[0];", Condition(clbits: [0, 1, 2], value: 0)),
    ])
    func conditionForms(statement: String, expected: Condition) throws {
        let circuit = try #require(firstCircuit(self.header + statement))
        #expect(circuit.instructions.map(\.condition) == [expected])
    }

    @Test func conditionsApplyToEveryInstructionOfTheBranch() throws {
        let circuit = try #require(
            firstCircuit(self.header + "if (c == 1) { h q; measure q[0] -> c[0]; } else { x q[0]; }"))
        let conditions = circuit.instructions.map(\.condition)
        let taken = Condition(clbits: [0, 1, 2], value: 1)
        let other = Condition(clbits: [0, 1, 2], value: 1, negated: true)
        #expect(conditions == Array(repeating: taken, count: 5) + [other])
    }

    @Test func openQASM2ComparesWholeRegisters() throws {
        let circuit = try #require(
            firstCircuit(
                "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg a[2];\ncreg c[2];\nif (c == 3) u1(pi) q[0];\nif(c==1) reset q[0];\n"
            )
        )
        #expect(
            circuit.instructions.map(\.condition) == [
                Condition(clbits: [2, 3], value: 3), Condition(clbits: [2, 3], value: 1),
            ])
    }

    @Test func elseIfChainsOnOneRegister() throws {
        let circuit = try #require(firstCircuit(self.header + "if (c == 1) x q[0]; else if (c == 2) y q[0];"))
        #expect(
            circuit.instructions.map(\.condition) == [
                Condition(clbits: [0, 1, 2], value: 1), Condition(clbits: [0, 1, 2], value: 2),
            ])
    }

    @Test func constantConditionsPickABranchAtCompileTime() throws {
        let ops = operations(self.header + "for int i in [0:2] { if (i == 1) x q[i]; else h q[i]; }")
        #expect(ops == [gate(.h, 0), gate(.x, 1), gate(.h, 2)])
    }

    @Test func conditionErrors() {
        expectDiagnostic(.undeclaredIdentifier, "OPENQASM 2.0;\nqreg q[1];\nif (1️⃣d == 1) U(0, 0, 0) q[0];\n")
        expectDiagnostic(.valueOutOfRange, self.header + "if (c == 1️⃣8) x q[0];", severity: .warning)
        expectDiagnostic(.valueOutOfRange, self.header + "if (c == 1️⃣-1) x q[0];")
        expectDiagnostic(.typeMismatch, self.header + "if (c == 1️⃣0.5) x q[0];")
        expectDiagnostic(.unsupportedFeature, self.header + "if (c 1️⃣> 1) x q[0];")
        expectDiagnostic(.unsupportedFeature, self.header + "if (c == 1) { if (1️⃣b) x q[0]; }")
        expectDiagnostic(
            .unsupportedFeature, self.header + "if (c == 1) x q[0]; else if (c 1️⃣== 2) y q[0]; else z q[0];")
        expectDiagnostic(.typeMismatch, self.header + "if (1️⃣q[0] == 1) x q[1];")
        expectDiagnostic(.indexOutOfRange, self.header + "if (c[1️⃣3]) x q[1];")
        expectDiagnostic(.misplacedStatement, self.header + "if (c == 1) { 1️⃣bit d; }")
    }
}

/// OpenQASM 3 casts, in conditions on measured bits and in constant expressions.
struct CastTests {
    private let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[4] c;\nbit b;\n"

    @Test(arguments: [
        ("if (int[4](c) == 3) x q[0];", Condition(clbits: [0, 1, 2, 3], value: 3)),
        ("if (uint[2](c) == 2) x q[0];", Condition(clbits: [0, 1], value: 2)),
        ("if (int(c) != 0) x q[0];", Condition(clbits: [0, 1, 2, 3], value: 0, negated: true)),
        ("if (3 == int[8](c)) x q[0];", Condition(clbits: [0, 1, 2, 3], value: 3)),
        ("if (bool(b)) x q[0];", Condition(clbits: [4], value: 1)),
        ("if (!bool(c[2])) x q[0];", Condition(clbits: [2], value: 0)),
        ("if (bool(c)) x q[0];", Condition(clbits: [0, 1, 2, 3], value: 0, negated: true)),
        ("if (bool(c[1]) == true) x q[0];", Condition(clbits: [1], value: 1)),
    ])
    func castsInConditions(statement: String, expected: Condition) throws {
        let circuit = try #require(firstCircuit(self.header + statement))
        #expect(circuit.instructions.map(\.condition) == [expected])
    }

    @Test func castsInExpressions() {
        let ops = operations(
            self.header + "rz(float[64](3) / 2) q[0];\nrz(int(2.9) + float(1) / 4) q[1];\nif (bool(2)) x q[0];\n")
        #expect(ops == [gate(.rz, 0, parameters: [1.5]), gate(.rz, 1, parameters: [2.25]), gate(.x, 0)])
    }

    @Test func castErrors() {
        expectDiagnostic(.unexpectedToken, self.header + "if (bool1️⃣[2](c) == 1) x q[0];")
        expectDiagnostic(.typeMismatch, self.header + "if (int[1️⃣1.5](c) == 1) x q[0];")
        expectDiagnostic(.typeMismatch, self.header + "if (int[1️⃣0](c) == 1) x q[0];")
    }
}
