import OpenQASM
import Testing

@testable import QPISim

/// Generated programs nest expressions thousands of levels deep; the simulator gets what
/// they evaluate to, on the cooperative pool that Swift Testing runs this on.
struct DeepExpressionTests {
    @Test(arguments: [5_000, 50_000])
    func deeplyNestedAnglesAndConditionsSimulate(depth: Int) throws {
        let pi = String(repeating: "-(", count: depth) + "pi" + String(repeating: ")", count: depth)
        let bit = String(repeating: "bool(", count: depth) + "c[0]" + String(repeating: ")", count: depth)
        let text = """
            OPENQASM 3;
            qubit[2] q;
            bit[2] c;
            U(\(pi), 0, \(pi)) q[0];
            c[0] = measure q[0];
            if (\(bit)) U(pi, 0, pi) q[1];
            c[1] = measure q[1];
            """
        let program = try QASMParser.parse(SourceFile(name: "deep.qasm", text: text))
        let circuit = try #require(program.circuits.first)
        let counts = try StatevectorSimulator(options: SimulatorOptions(shots: 100, seed: 3)).run(circuit).counts
        #expect(counts == ["11": 100])
    }
}
