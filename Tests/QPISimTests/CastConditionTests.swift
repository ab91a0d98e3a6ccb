import Foundation
import OpenQASM
import Testing

@testable import QPISim

/// A semiclassical inverse quantum Fourier transform whose classical corrections test the
/// measured bits through OpenQASM 3 casts: it must read back the integer whose Fourier
/// state it was given, and a fractional one with the textbook distribution.
struct CastConditionTests {
    /// Prepares the Fourier state of `k` on three qubits, then measures it bit by bit,
    /// least significant first, undoing the phases of the bits already read.
    private func program(k: Double) -> String {
        """
        OPENQASM 3;
        include "stdgates.inc";
        const float[64] k = \(k);
        qubit[3] q;
        bit[3] c;
        h q;
        for int j in [1:3] { p(2 * pi * k / float[64](2 ** j)) q[j - 1]; }
        h q[0];
        c[0] = measure q[0];
        if (bool(c[0])) p(-pi / 2) q[1];
        h q[1];
        c[1] = measure q[1];
        if (int[3](c) == 1) p(-pi / 4) q[2];
        if (uint[2](c) == 2) p(-pi / 2) q[2];
        if (int(c) == 3) { p(-3 * pi / 4) q[2]; }
        h q[2];
        c[2] = measure q[2];
        """
    }

    private func counts(k: Double, shots: Int) throws -> [String: Int] {
        let program = try QASMParser.parse(SourceFile(name: "iqft.qasm", text: self.program(k: k)))
        let circuit = try #require(program.circuits.first)
        let options = SimulatorOptions(shots: shots, seed: 11)
        return try StatevectorSimulator(options: options).run(circuit).counts
    }

    @Test func anIntegerIsReadBackExactly() throws {
        #expect(try self.counts(k: 5, shots: 500) == ["101": 500])
        #expect(try self.counts(k: 2, shots: 500) == ["010": 500])
    }

    @Test func aFractionGivesTheFourierDistribution() throws {
        let shots = 40_000
        let k = 2.5
        let counts = try self.counts(k: k, shots: shots)
        for x in 0..<8 {
            // |⟨x|QFT⁻¹|k⟩|² for a half-integer k.
            let expected = 1 / (64 * pow(sin(Double.pi * (k - Double(x)) / 8), 2))
            let binary = String(x, radix: 2)
            let key = String(repeating: "0", count: 3 - binary.count) + binary
            let observed = Double(counts[key, default: 0]) / Double(shots)
            let sigma = (expected * (1 - expected) / Double(shots)).squareRoot()
            #expect(abs(observed - expected) < 5 * sigma, "outcome \(x)")
        }
    }
}
