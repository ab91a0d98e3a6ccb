import OpenQASM
import Testing

struct SmokeTests {
    @Test func bell() {
        let ops = operations("""
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[2];
            creg c[2];
            h q[0];
            cx q[0], q[1];
            measure q -> c;
            """)
        #expect(ops == [gate(.h, 0), gate(.x, 1, controls: [0]), .measure(qubit: 0, clbit: 0), .measure(qubit: 1, clbit: 1)])
    }
}
