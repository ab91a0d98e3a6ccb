import OpenQASM
import Testing

/// OpenQASM 3 programs the language's grammar refuses are refused; valid ones QPI does
/// not run say `unsupported-feature` where the construct starts, never "expected …".
struct Version3ConformanceTests {
    private let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n"

    @Test func bodiesAreNotEmptyStatements() {
        expectDiagnostic(.unexpectedToken, self.header + "if (c == 2) 1️⃣;\n")
        expectDiagnostic(.unexpectedToken, self.header + "if (false) x q[0]; else 1️⃣;\n")
        expectDiagnostic(.unexpectedToken, self.header + "for uint k in [0:3] 1️⃣;\n")
        expectDiagnostic(.unexpectedToken, self.header + "for int k in {4, 5}1️⃣;\n")
        // An empty block is a body.
        #expect(operations(self.header + "if (c == 2) { }\nfor int k in [0:1] { }\n").isEmpty)
    }

    @Test func keywordsAreNotNames() {
        expectDiagnostic(.unexpectedToken, self.header + "uint[16] 1️⃣box;\n")
        expectDiagnostic(.unexpectedToken, self.header + "float 1️⃣float = 2;\n")
        expectDiagnostic(.unexpectedToken, self.header + "qubit[3] 1️⃣output;\n")
        expectDiagnostic(.unexpectedToken, self.header + "bit 1️⃣measure;\n")
        expectDiagnostic(.unexpectedToken, self.header + "gate 1️⃣return a { x a; }\n")
        expectDiagnostic(.unexpectedToken, self.header + "gate g(1️⃣tau) a { rx(tau) a; }\n")
        expectDiagnostic(.unexpectedToken, self.header + "for int 1️⃣in in [0:1] { }\n")
        expectDiagnostic(.unexpectedToken, self.header + "const angle 1️⃣π = 3;\n")
    }

    @Test func boolHasNoWidth() {
        expectDiagnostic(.unexpectedToken, self.header + "bool1️⃣[1] flag;\n")
        expectDiagnostic(.unexpectedToken, self.header + "const bool1️⃣[8] flag = true;\n")
        expectDiagnostic(.unexpectedToken, self.header + "for bool1️⃣[2] flag in {true} { }\n")
        #expect(operations(self.header + "bool flag = true;\nif (flag) x q[1];\n") == [gate(.x, 1)])
    }

    @Test func malformedDeclarationsAreRefused() {
        expectDiagnostic(.unexpectedToken, self.header + "uint[8]1️⃣;\n")
        expectDiagnostic(.unexpectedToken, self.header + "int[41️⃣, 4] n;\n")
        expectDiagnostic(.unexpectedToken, self.header + "float n1️⃣[2];\n")
        expectDiagnostic(.unexpectedToken, self.header + "const 1️⃣n = 2;\n")
        expectDiagnostic(.unexpectedToken, self.header + "int[8] a1️⃣, b;\n")
    }

    @Test func validButUnsupportedSaysSo() {
        expectDiagnostic(.unsupportedFeature, self.header + "if (c == 1️⃣\"10\") x q[0];\n")
        expectDiagnostic(.unsupportedFeature, self.header + "const int n = 1️⃣popcount(c);\n")
        expectDiagnostic(.unsupportedFeature, self.header + "rx(1️⃣sizeof(c)) q[0];\n")
        expectDiagnostic(.unsupportedFeature, self.header + "rx(1️⃣2.5im) q[0];\n")
        expectDiagnostic(.unsupportedFeature, self.header + "1️⃣delay[20ns] q;\n")
        expectDiagnostic(.unsupportedFeature, self.header + "1️⃣while (c == 0) { x q[0]; }\n")
        expectDiagnostic(.unsupportedFeature, self.header + "1️⃣complex[float[64]] z;\n")
        expectDiagnostic(.unsupportedFeature, self.header + "1️⃣output bit[2] r;\n")
        expectDiagnostic(.unsupportedFeature, self.header + "c = measure q[01️⃣:1];\n")
        expectDiagnostic(.unsupportedFeature, self.header + "1️⃣def f(qubit a) { x a; }\n")
    }
}
