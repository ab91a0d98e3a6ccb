import Foundation
import OpenQASM
import QPICore
import Testing

@testable import QPISim

struct SamplingTests {
    /// A 5-qubit state with uneven probabilities, measured into c[0..4].
    private func unevenCircuit() -> Circuit {
        var rng = SplitMix64(seed: 3)
        let gates = randomGates(qubits: 5, count: 40, rng: &rng)
        return circuit(qubits: 5, clbits: 5, instructions(gates) + (0..<5).map { measure($0, $0) })
    }

    /// Exact probabilities of each key, from the statevector.
    private func exactDistribution(_ c: Circuit) throws -> [String: Double] {
        var unitary = c
        unitary.instructions.removeAll { if case .measure = $0.operation { true } else { false } }
        let state = try statevector(unitary)
        var result: [String: Double] = [:]
        for (index, amplitude) in state.enumerated() {
            let clbits = (0..<5).map { index >> $0 & 1 == 1 }
            result[CountsFormat.key(for: clbits, in: c), default: 0] += amplitude.magnitudeSquared
        }
        return result
    }

    /// Pearson's chi-square statistic of counts against expected probabilities.
    private func chiSquare(_ counts: [String: Int], _ expected: [String: Double], shots: Int) -> Double {
        expected.reduce(0.0) { sum, entry in
            let e = entry.value * Double(shots)
            guard e > 0 else { return sum }
            let o = Double(counts[entry.key, default: 0])
            return sum + (o - e) * (o - e) / e
        }
    }

    @Test(arguments: [1, 2, 3])
    func terminalSamplesFollowTheDistribution(seed: UInt64) throws {
        let c = self.unevenCircuit()
        let shots = 20_000
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: shots, seed: seed)).run(c)
        #expect(result.branchCount == 1)
        #expect(result.counts.values.reduce(0, +) == shots)
        let expected = try self.exactDistribution(c)
        // 32 outcomes, 31 degrees of freedom: the 99.9th percentile of χ²(31) is about 61.1.
        #expect(self.chiSquare(result.counts, expected, shots: shots) < 61.1)
        #expect(result.counts.keys.allSatisfy { expected[$0, default: 0] > 0 })
    }

    @Test func largeStatesUseTheSortedSamplerAndAgree() throws {
        // 13 qubits exceed the table sampler's limit; only 3 are measured.
        var gates: [Instruction] = (0..<13).map { gate(.h, $0) }
        gates += [gate(.ry, 0, parameters: [0.8]), gate(.x, 1, controls: [0]), gate(.rx, 12, parameters: [2.1])]
        let c = Circuit(
            name: "big", qubitCount: 13, clbitCount: 3,
            classicalRegisters: [Register(name: "c", offset: 0, size: 3)],
            instructions: gates + [measure(0, 0), measure(1, 1), measure(12, 2)]
        )
        let shots = 40_000
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: shots, seed: 8)).run(c)
        // q0 after h then ry(0.8): probability of 1 is sin²(π/4 + 0.4); q1 = h-random xor q0 → ½;
        // q12 after h then rx: rx preserves |+⟩, so ½.
        let p0 = pow(sin(Double.pi / 4 + 0.4), 2)
        var expected: [String: Double] = [:]
        for index in 0..<8 {
            let bits = (0..<3).map { index >> $0 & 1 == 1 }
            expected[CountsFormat.key(for: bits, in: c)] = (bits[0] ? p0 : 1 - p0) * 0.5 * 0.5
        }
        #expect(self.chiSquare(result.counts, expected, shots: shots) < 24.3)  // χ²(7) 99.9th percentile
    }

    @Test func terminalAndBranchingPathsAgree() throws {
        let terminal = self.unevenCircuit()
        // Two x gates after the measurements cancel, but force the branching path.
        var branching = terminal
        branching.instructions += [gate(.x, 2), gate(.x, 2)]
        let shots = 20_000
        let a = try StatevectorSimulator(options: SimulatorOptions(shots: shots, seed: 1)).run(terminal)
        let b = try StatevectorSimulator(options: SimulatorOptions(shots: shots, seed: 2)).run(branching)
        #expect(a.branchCount == 1)
        #expect(b.branchCount > 1)
        // E[TV] between two samples of k outcomes is at most sqrt(k / shots); allow 1.5×.
        let bound = 1.5 * (32.0 / Double(shots)).squareRoot()
        #expect(totalVariation(a.counts, b.counts, shots: shots) < bound)
        // Sanity: the bound is tight enough to tell a different distribution apart.
        var other = terminal
        other.instructions.insert(gate(.h, 4), at: 0)
        let c = try StatevectorSimulator(options: SimulatorOptions(shots: shots, seed: 1)).run(other)
        #expect(totalVariation(a.counts, c.counts, shots: shots) > bound)
    }

    @Test func memoryListsEveryShotInKeyFormat() throws {
        let c = self.unevenCircuit()
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 500, seed: 4, memory: true)).run(c)
        let memory = try #require(result.memory)
        #expect(memory.count == 500)
        var tally: [String: Int] = [:]
        for key in memory { tally[key, default: 0] += 1 }
        #expect(tally == result.counts)
        // Shot order is random, not grouped by outcome.
        let runs = zip(memory, memory.dropFirst()).filter { $0 != $1 }.count
        #expect(runs > 300)
        let without = try StatevectorSimulator(options: SimulatorOptions(shots: 500, seed: 4)).run(c)
        #expect(without.memory == nil)
        #expect(without.counts == result.counts)
    }

    @Test func unmeasuredBitsReadZeroAndZeroShotsGiveNoCounts() throws {
        let c = circuit(qubits: 2, clbits: 3, [gate(.x, 0), gate(.x, 1), measure(1, 2)])
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 10, seed: 1)).run(c)
        #expect(result.counts == ["100": 10])
        let none = try StatevectorSimulator(options: SimulatorOptions(shots: 0, seed: 1)).run(c)
        #expect(none.counts.isEmpty)
    }

    @Test func bellCircuitCounts() throws {
        let bell = circuit(
            qubits: 2, clbits: 2, [gate(.h, 0), gate(.x, 1, controls: [0]), measure(0, 0), measure(1, 1)])
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 10_000, seed: 12)).run(bell)
        #expect(Set(result.counts.keys) == ["00", "11"])
        #expect(abs(result.counts["00", default: 0] - 5000) < 200)
    }

    @Test func circuitsWithoutQubitsOrClbits() throws {
        let noQubits = Circuit(
            name: "empty", qubitCount: 0, clbitCount: 2,
            classicalRegisters: [Register(name: "c", offset: 0, size: 2)]
        )
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 5, seed: 1, statevector: true)).run(
            noQubits)
        #expect(result.counts == ["00": 5])
        #expect(result.statevector == [.one])
        let noClbits = circuit(qubits: 2, [gate(.h, 0)])
        let unmeasured = try StatevectorSimulator(options: SimulatorOptions(shots: 5, seed: 1, memory: true)).run(
            noClbits)
        #expect(unmeasured.counts.isEmpty)
        #expect(unmeasured.memory == [])
    }
}
