import Foundation
import OpenQASM
import Testing

@testable import QPISim

struct MidCircuitTests {
    /// Teleportation of U(0.3, 0.2, 0.1)|0⟩ from q0 to q2 with three loose bits, as in the
    /// OpenQASM 3 example of the corpus.
    private func teleportation() -> Circuit {
        Circuit(
            name: "teleport", qubitCount: 3, clbitCount: 3,
            quantumRegisters: [Register(name: "q", offset: 0, size: 3)],
            instructions: [
                Instruction(.reset(qubit: 0)), Instruction(.reset(qubit: 1)), Instruction(.reset(qubit: 2)),
                gate(.u, 0, parameters: [0.3, 0.2, 0.1]),
                gate(.h, 1), gate(.x, 2, controls: [1]),
                Instruction(.barrier(qubits: [0, 1, 2])),
                gate(.x, 1, controls: [0]), gate(.h, 0),
                measure(0, 0), measure(1, 1),
                gate(.z, 2, condition: Condition(clbits: [0], value: 1)),
                gate(.x, 2, condition: Condition(clbits: [1], value: 1)),
                measure(2, 2),
            ]
        )
    }

    @Test func teleportationMovesTheState() throws {
        let shots = 20_000
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: shots, seed: 3)).run(
            self.teleportation())
        // Loose bits: unspaced keys, clbit 0 rightmost.
        #expect(result.counts.keys.allSatisfy { $0.count == 3 && !$0.contains(" ") })
        let ones = result.counts.filter { $0.key.first == "1" }.values.reduce(0, +)
        let expected = pow(sin(0.15), 2)  // |⟨1|U(0.3,…)|0⟩|²
        let sigma = (expected * (1 - expected) / Double(shots)).squareRoot()
        #expect(abs(Double(ones) / Double(shots) - expected) < 5 * sigma)
        // The two middle measurements are uniform.
        for key in ["000", "001", "010", "011"] {
            #expect(abs(Double(result.counts[key, default: 0]) / Double(shots) - (1 - expected) / 4) < 0.015)
        }
        // Four outcome branches, not one evolution per shot; the initial resets cost nothing.
        #expect(result.branchCount == 4)
    }

    @Test func withoutCorrectionsTheStateIsNotTeleported() throws {
        var broken = self.teleportation()
        broken.instructions.removeAll { $0.condition != nil }
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 20_000, seed: 3)).run(broken)
        let ones = result.counts.filter { $0.key.first == "1" }.values.reduce(0, +)
        #expect(abs(Double(ones) / 20_000 - 0.5) < 0.02)
    }

    @Test func resetReturnsAQubitToZero() throws {
        let c = circuit(
            qubits: 2, clbits: 2,
            [
                gate(.h, 0), gate(.x, 1, controls: [0]),
                Instruction(.reset(qubit: 0)),
                measure(0, 0), measure(1, 1),
            ])
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 4000, seed: 1)).run(c)
        #expect(Set(result.counts.keys) == ["00", "10"])
        #expect(abs(result.counts["10", default: 0] - 2000) < 200)
    }

    @Test func conditionsCompareWholeRegistersAndHonourNegation() throws {
        // c = 0b10 after the measurements; only conditions matching 2 fire.
        let condition = { (value: UInt64, negated: Bool) in Condition(clbits: [0, 1], value: value, negated: negated) }
        let c = Circuit(
            name: "cond", qubitCount: 4, clbitCount: 4,
            classicalRegisters: [Register(name: "c", offset: 0, size: 2), Register(name: "d", offset: 2, size: 2)],
            instructions: [
                gate(.x, 1), measure(0, 0), measure(1, 1),
                gate(.x, 2, condition: condition(2, false)),
                gate(.x, 3, condition: condition(1, false)),
                gate(.x, 0, condition: condition(2, true)),
                measure(2, 2), measure(3, 3),
            ]
        )
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 50, seed: 1)).run(c)
        #expect(result.counts == ["01 10": 50])
    }

    @Test func feedForwardOnRandomOutcomesIsConsistentPerShot() throws {
        // Measure a |+⟩ qubit, copy the outcome onto q1 through a condition.
        let c = circuit(
            qubits: 2, clbits: 2,
            [
                gate(.h, 0), measure(0, 0),
                gate(.x, 1, condition: Condition(clbits: [0], value: 1)),
                measure(1, 1),
            ])
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 2000, seed: 5, memory: true)).run(c)
        #expect(Set(result.counts.keys) == ["00", "11"])
        #expect(result.memory!.allSatisfy { $0 == "00" || $0 == "11" })
        #expect(result.branchCount == 2)
    }

    @Test func repeatedMeasureAndResetBranchesOnlyWhereNeeded() throws {
        // ipea-style: 8 rounds of h, measure, reset on one qubit.
        var instructions: [Instruction] = []
        for round in 0..<8 {
            instructions += [gate(.h, 0), measure(0, round), Instruction(.reset(qubit: 0))]
        }
        let c = circuit(qubits: 1, clbits: 8, instructions)
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 1000, seed: 2)).run(c)
        #expect(result.counts.values.reduce(0, +) == 1000)
        #expect(result.branchCount <= 256)
        #expect(result.counts.count > 200)  // close to uniform over 256 outcomes
    }

    @Test func statevectorOfAMeasuredCircuitIsTheLastBranch() throws {
        let c = circuit(qubits: 1, clbits: 1, [gate(.h, 0), measure(0, 0), gate(.h, 0)])
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 100, seed: 1, statevector: true)).run(c)
        let state = try #require(result.statevector)
        // After collapse and h, the state is |+⟩ or |−⟩: equal magnitudes.
        #expect(abs(state[0].magnitudeSquared - 0.5) < 1e-12)
        #expect(abs(state[1].magnitudeSquared - 0.5) < 1e-12)
    }

    @Test func branchesReplayWhenNoCopyFits() throws {
        // Room for one 3-qubit state only: every split must rebuild the waiting branch.
        var tuning = ExecutionTuning()
        tuning.memoryBudget = 16 << 3
        let options = SimulatorOptions(shots: 20_000, seed: 3, memory: true)
        let replayed = try StatevectorSimulator(options: options, tuning: tuning).run(self.teleportation())
        let copied = try StatevectorSimulator(options: options).run(self.teleportation())
        #expect(replayed.branchCount == 4)
        #expect(replayed.counts.values.reduce(0, +) == 20_000)
        #expect(totalVariation(replayed.counts, copied.counts, shots: 20_000) < 1.5 * (8.0 / 20_000).squareRoot())
        // Replaying forces outcomes without drawing, so the draws match the copying run.
        #expect(replayed.counts == copied.counts)
    }

    @Test func replayRebuildsDeepHistories() throws {
        var tuning = ExecutionTuning()
        tuning.memoryBudget = 16 << 2
        var instructions: [Instruction] = []
        for round in 0..<5 {
            instructions += [gate(.h, 0), gate(.x, 1, controls: [0]), measure(0, round), Instruction(.reset(qubit: 0))]
        }
        instructions.append(measure(1, 5))
        let c = circuit(qubits: 2, clbits: 6, instructions)
        let options = SimulatorOptions(shots: 3000, seed: 11)
        let replayed = try StatevectorSimulator(options: options, tuning: tuning).run(c)
        let copied = try StatevectorSimulator(options: options).run(c)
        #expect(replayed.counts == copied.counts)
        // q1 is the parity of the five outcomes: keys must be consistent.
        for key in replayed.counts.keys {
            let bits = key.map { $0 == "1" }
            #expect(bits[0] == (bits[1...].filter { $0 }.count % 2 == 1), "\(key)")
        }
    }
}
