import OpenQASM
import Testing

struct DiagnosticTests {
    @Test func diagnosticsReadFileLineColumnSeverityMessage() throws {
        let found = diagnostics("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nx q[0] h q[1];\n")
        let error = try #require(found.first)
        #expect(error.description == "test.qasm:4:8: error: expected ';' after statement, found 'h'")
        #expect(error.id == .unexpectedToken)
        #expect(error.severity == .error)
    }

    @Test func theErrorListsEveryDiagnosticOnePerLine() throws {
        do {
            _ = try parse("OPENQASM 2.0;\nqreg q[1];\nqreg q[1];\nfoo q[0];\n")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.id) == [.redefinition, .unknownGate])
            #expect(error.errors.count == 2)
            #expect(
                error.description
                    == "test.qasm:3:6: error: redefinition of 'q'\ntest.qasm:4:1: error: unknown gate 'foo'"
            )
            #expect(error.detailedDescription().contains("test.qasm:2:6: note: 'q' was first declared here"))
        }
    }

    @Test func warningsTravelWithErrors() {
        let found = diagnostics("qreg q[1];\nfoo q[0];\n")
        #expect(found.map(\.id) == [.unknownGate, .missingVersion])
        #expect(found.map(\.severity) == [.error, .warning])
    }

    @Test func recoveryFindsSeveralErrors() {
        let found = diagnostics("OPENQASM 2.0;\nqreg q[2;\ncreg c[2];\nU(0, 0) q[0];\nmeasure q -> ;\nreset c;\n")
        #expect(found.map(\.id) == [.unexpectedToken, .wrongParameterCount, .unexpectedToken, .typeMismatch])
    }

    @Test func aForgottenSemicolonAtALineEndCostsOneError() {
        let found = diagnostics("OPENQASM 2.0;\nqreg q[2]\ncreg c[2]\nmeasure q -> c\n")
        #expect(found.map(\.id) == [.unexpectedToken, .unexpectedToken, .unexpectedToken])
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\nqreg q[2]\n1️⃣creg c[2];\n")
    }

    @Test func syntaxErrorsSayWhatWasExpected() {
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\nqreg q[2];\nU(0, 0, 0) q[0] 1️⃣q[1];\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\nqreg 1️⃣[2];\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\nqreg q[2];\nmeasure q[0] 1️⃣c[0];\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\nqreg q[2];\nU(1, 2, 3 1️⃣q[0];\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\ngate g a 1️⃣U(0, 0, 0) a; }\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\ninclude 1️⃣qelib1;\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 2.0;\nqreg q[1];\n1️⃣}\n")
        expectDiagnostic(.unexpectedToken, "OPENQASM 3;\nqubit q;\ngate g a { U(0, 0, 0) a;\n1️⃣")
        expectDiagnostic(.unexpectedToken, "OPENQASM 3;\n1️⃣else x q;\n")
        let message = diagnostics("OPENQASM 2.0;\nqreg q[2];\nmeasure q[0] c[0];\n").first?.message
        #expect(message == "expected '->' and the bit or classical register to measure into, found 'c'")
    }

    @Test func malformedTokensAreReportedOnce() {
        expectDiagnostic(.invalidToken, "OPENQASM 2.0;\ninclude 1️⃣\"qelib1.inc;\n")
        expectDiagnostic(.invalidToken, "OPENQASM 2.0;\nqreg q[1];\nU(1️⃣2pi, 0, 0) q[0];\n")
        expectDiagnostic(.invalidToken, "OPENQASM 2.0;\n1️⃣#include \"x\";\n")
        expectDiagnostic(.invalidToken, "OPENQASM 2.0;\nqreg q[1];\n1️⃣/* open comment\n")
        #expect(diagnostics("OPENQASM 2.0;\nqreg q[1];\nU(2pi, 0, 0) q[0];\n").count == 1)
    }

    @Test(arguments: [
        "def f(qubit a) { h a; }", "while (true) { }", "extern f(int) -> int;", "duration d = 100ns;", "stretch s;",
        "delay[100ns] q;", "box { }", "defcal x $0 { }", "defcalgrammar \"openpulse\";", "cal { }",
        "output bit r;", "switch (1) { case 1 { } }", "array[int[8], 2] a;", "let alias = q;", "return;", "break;",
        "continue;", "end;", "complex z;", "pragma foo;",
    ])
    func unsupportedStatementsNameTheirFeature(statement: String) throws {
        let keyword = String(statement.prefix { $0.isLetter })
        let found = diagnostics("OPENQASM 3;\nqubit q;\n\(statement)\nU(0, 0, 0) q;\n")
        let error = try #require(found.first)
        #expect(found.count == 1)
        #expect(error.id == .unsupportedFeature)
        #expect(error.message == "unsupported OpenQASM 3 feature '\(keyword)'")
        #expect(error.location == OpenQASM.SourceLocation(file: "test.qasm", line: 3, column: 1))
    }

    @Test func unsupportedExpressionsNameTheirFeature() {
        let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n"
        expectDiagnostic(.unsupportedFeature, header + "h 1️⃣$0;")
        expectDiagnostic(.unsupportedFeature, header + "rx(1️⃣100ns) q[0];")
        expectDiagnostic(.unsupportedFeature, header + "h q[0 1️⃣: 1];")
        expectDiagnostic(.unsupportedFeature, header + "h q[1️⃣{0, 1}];")
        expectDiagnostic(.unsupportedFeature, header + "1️⃣c[0] = 1;")
        expectDiagnostic(.unsupportedFeature, header + "bit d 1️⃣= \"0\";")
        expectDiagnostic(.unsupportedFeature, header + "1️⃣@annotation h q[0];")
        expectDiagnostic(.unsupportedFeature, header + "const 1️⃣duration d = 1;")
    }

    @Test func measurementsWithoutTargetsAreDroppedWhenNothingFollows() throws {
        let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\n"
        #expect(operations(header + "h q[0];\nmeasure q[0];\nx q[1];\n") == [gate(.h, 0), gate(.x, 1)])
        #expect(operations(header + "measure q;\nreset q[0];\nh q[0];\n") == [.reset(qubit: 0), gate(.h, 0)])
        expectDiagnostic(.unsupportedFeature, header + "2️⃣measure q[0];\n1️⃣h q[0];\n", noteAtSecondMarker: true)
    }

    @Test func identifiersAreStable() {
        let codes: [(DiagnosticID, String)] = [
            (.unexpectedToken, "unexpected-token"), (.invalidToken, "invalid-token"),
            (.nestingTooDeep, "nesting-too-deep"),
            (.misplacedStatement, "misplaced-statement"), (.missingVersion, "missing-version"),
            (.unsupportedVersion, "unsupported-version"), (.includeFailed, "include-failed"),
            (.invalidDirective, "invalid-directive"), (.ignoredDirective, "ignored-directive"),
            (.unsupportedFeature, "unsupported-feature"), (.undeclaredIdentifier, "undeclared-identifier"),
            (.unknownGate, "unknown-gate"), (.redefinition, "redefinition"), (.typeMismatch, "type-mismatch"),
            (.wrongArgumentCount, "wrong-argument-count"), (.wrongParameterCount, "wrong-parameter-count"),
            (.duplicateQubitArgument, "duplicate-qubit-argument"), (.indexOutOfRange, "index-out-of-range"),
            (.registerSizeMismatch, "register-size-mismatch"), (.divisionByZero, "division-by-zero"),
            (.valueOutOfRange, "value-out-of-range"), (.nonFiniteValue, "non-finite-value"),
            (.unboundInput, "unbound-input"), (.invalidInputValue, "invalid-input-value"),
            (.unknownInput, "unknown-input"), (.limitExceeded, "limit-exceeded"),
        ]
        for (id, code) in codes {
            #expect(id.description == code)
        }
        #expect(Set(codes.map(\.0)).count == codes.count)
    }
}
