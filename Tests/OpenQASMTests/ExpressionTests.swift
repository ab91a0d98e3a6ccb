import OpenQASM
import Testing

struct ExpressionTests {
    /// The angle `expression` evaluates to as the parameter of `rz` in `version`.
    private func angle(
        _ expression: String, version: String = "2.0", sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Double? {
        let library = version == "2.0" ? "qelib1.inc" : "stdgates.inc"
        let ops = operations(
            "OPENQASM \(version);\ninclude \"\(library)\";\nqreg q[1];\nrz(\(expression)) q[0];\n",
            sourceLocation: sourceLocation
        )
        guard case .gate(let gate)? = ops.first else { return nil }
        return gate.parameters.first
    }

    @Test(arguments: [
        ("1 + 2 * 3", 7.0) as (String, Double), ("(1 + 2) * 3", 9), ("2 ^ 3 ^ 2", 512), ("-2 ^ 2", -4), ("2 ^ -1", 0.5),
        ("pi / 2", Double.pi / 2), ("-pi", -Double.pi), ("1e-3", 0.001), (".5", 0.5), ("10 - 4 - 3", 3),
        ("8 / 4 / 2", 1), ("3 / 4 * pi", 0.75 * Double.pi), ("sin(pi / 2)", 1), ("cos(0)", 1), ("tan(0)", 0),
        ("exp(0)", 1), ("ln(1)", 0), ("sqrt(16)", 4), ("pi * 0.5 + 1", Double.pi / 2 + 1), ("--1", 1),
    ])
    func openQASM2(expression: String, expected: Double) throws {
        let value = try #require(self.angle(expression))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test(arguments: [
        ("2 ** 3", 8.0) as (String, Double), ("2 ** 3 ** 2", 512), ("-2 ** 2", -4), ("asin(1)", Double.pi / 2),
        ("arccos(1)", 0),
        ("atan(1)", Double.pi / 4), ("7 % 4", 3), ("5 ^ 3", 6), ("1 << 4", 16), ("τ", 2 * Double.pi),
        ("tau / 2", Double.pi), ("π", Double.pi), ("euler", 2.718281828459045), ("float(3) / 2", 1.5),
        ("int(2.9)", 2), ("mod(7, 3)", 1), ("pow(2, 10)", 1024),
        ("floor(2.5) + ceiling(0.5)", 3), ("0x10 + 0b11 + 1_000", 1019),
    ])
    func openQASM3(expression: String, expected: Double) throws {
        let value = try #require(self.angle(expression, version: "3"))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test func divisionByZeroIsAnError() {
        expectDiagnostic(.divisionByZero, "OPENQASM 2.0;\nqreg q[1];\nU(1 1️⃣/ 0, 0, 0) q[0];\n")
        expectDiagnostic(.divisionByZero, "OPENQASM 2.0;\nqreg q[1];\nU(pi 1️⃣/ (1 - 1.0), 0, 0) q[0];\n")
        expectDiagnostic(.divisionByZero, "OPENQASM 3;\nconst int n = 7 1️⃣% 0;\n")
    }

    @Test func nonFiniteValuesAreErrors() {
        expectDiagnostic(.nonFiniteValue, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣sqrt(-1), 0, 0) q[0];\n")
        expectDiagnostic(.nonFiniteValue, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣ln(0), 0, 0) q[0];\n")
        expectDiagnostic(.nonFiniteValue, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣1e400, 0, 0) q[0];\n")
    }

    @Test func namesAndFunctionsMustExist() {
        expectDiagnostic(.undeclaredIdentifier, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣theta, 0, 0) q[0];\n")
        expectDiagnostic(.undeclaredIdentifier, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣erf(1), 0, 0) q[0];\n")
        expectDiagnostic(.wrongArgumentCount, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣sin(1, 2), 0, 0) q[0];\n")
        expectDiagnostic(.typeMismatch, "OPENQASM 2.0;\nqreg q[1];\ncreg c[1];\nU(1️⃣c, 0, 0) q[0];\n")
        expectDiagnostic(.typeMismatch, "OPENQASM 3;\nqubit q;\nU(1️⃣true, 0, 0) q;\n")
    }

    @Test func integerOverflowIsAnError() {
        expectDiagnostic(.valueOutOfRange, "OPENQASM 3;\nconst int big = 9223372036854775807 1️⃣+ 1;\n")
        expectDiagnostic(.valueOutOfRange, "OPENQASM 3;\nconst int big = 1️⃣99999999999999999999;\n")
    }
}
