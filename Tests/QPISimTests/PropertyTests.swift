import OpenQASM
import QPICore
import Testing

@testable import QPISim

struct PropertyTests {
    private func randomCircuit(qubits: Int, gates: Int, seed: UInt64) -> (Circuit, [Gate]) {
        var rng = SplitMix64(seed: seed)
        let list = randomGates(qubits: qubits, count: gates, rng: &rng)
        return (circuit(qubits: qubits, instructions(list)), list)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func matchesReferenceOnRandomCircuits(seed: UInt64) throws {
        let (c, gates) = self.randomCircuit(qubits: 7, gates: 120, seed: seed)
        let reference = ReferenceSimulator.run(gates, qubits: 7)
        for fusion in [true, false] {
            for tuning in [ExecutionTuning(), tinyBlocks] {
                let engine = try statevector(c, fusion: fusion, threads: 2, tuning: tuning)
                #expect(maxDifference(engine, reference) < 1e-10, "fusion \(fusion) blocks \(tuning.blockQubits)")
            }
        }
    }

    @Test(arguments: [11, 12, 13])
    func normIsPreserved(seed: UInt64) throws {
        let (c, _) = self.randomCircuit(qubits: 9, gates: 300, seed: seed)
        let state = try statevector(c, tuning: tinyBlocks)
        let norm = state.reduce(0) { $0 + $1.magnitudeSquared }
        #expect(abs(norm - 1) < 1e-12)
    }

    @Test(arguments: [21, 22])
    func circuitFollowedByItsInverseIsIdentity(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let gates = randomGates(qubits: 8, count: 200, rng: &rng, maxControls: 3)
        let inverse = gates.reversed().flatMap(inverse(of:))
        for tuning in [ExecutionTuning(), tinyBlocks] {
            let state = try statevector(circuit(qubits: 8, instructions(gates + inverse)), tuning: tuning)
            #expect((state[0] - .one).magnitudeSquared.squareRoot() < 1e-10)
            #expect(state.dropFirst().allSatisfy { $0.magnitudeSquared < 1e-20 })
        }
        // The forward half alone must not be the identity, or the check above proves nothing.
        let forward = try statevector(circuit(qubits: 8, instructions(gates)))
        #expect(forward[0].magnitudeSquared < 0.99)
    }

    @Test func fusionDoesNotChangeResults() throws {
        let (c, _) = self.randomCircuit(qubits: 10, gates: 400, seed: 31)
        var measured = c
        measured.clbitCount = 10
        measured.classicalRegisters = [Register(name: "c", offset: 0, size: 10)]
        measured.instructions += (0..<10).map { measure($0, $0) }
        let on = try StatevectorSimulator(options: SimulatorOptions(shots: 4000, seed: 5, statevector: true)).run(
            measured)
        let off = try StatevectorSimulator(
            options: SimulatorOptions(shots: 4000, seed: 5, statevector: true, fusion: false)
        ).run(measured)
        #expect(maxDifference(on.statevector!, off.statevector!) < 1e-10)
        #expect(on.counts == off.counts)
    }

    @Test func threadCountDoesNotChangeResults() throws {
        // 15 qubits: above the parallel threshold with the default tuning.
        let (c, _) = self.randomCircuit(qubits: 15, gates: 150, seed: 41)
        var measured = c
        measured.clbitCount = 15
        measured.classicalRegisters = [Register(name: "c", offset: 0, size: 15)]
        measured.instructions += (0..<15).map { measure($0, $0) }
        let results = try [1, 2, 3].map { threads in
            try StatevectorSimulator(
                options: SimulatorOptions(shots: 3000, seed: 9, threads: threads, statevector: true)
            )
            .run(measured)
        }
        for result in results.dropFirst() {
            #expect(result.statevector! == results[0].statevector!)
            #expect(result.counts == results[0].counts)
        }
        // Tiny blocks force gathering over many blocks and workers.
        let tiny = try (1...2).map { threads in
            try StatevectorSimulator(
                options: SimulatorOptions(shots: 3000, seed: 9, threads: threads, statevector: true), tuning: tinyBlocks
            )
            .run(measured)
        }
        #expect(tiny[0].statevector! == tiny[1].statevector!)
        #expect(maxDifference(tiny[0].statevector!, results[0].statevector!) < 1e-10)
    }

    @Test func seedDeterminesTheCounts() throws {
        let (c, _) = self.randomCircuit(qubits: 6, gates: 60, seed: 51)
        var measured = c
        measured.clbitCount = 6
        measured.classicalRegisters = [Register(name: "c", offset: 0, size: 6)]
        measured.instructions += (0..<6).map { measure($0, $0) }
        let first = try StatevectorSimulator(options: SimulatorOptions(shots: 2000, seed: 77, memory: true)).run(
            measured)
        let second = try StatevectorSimulator(options: SimulatorOptions(shots: 2000, seed: 77, memory: true)).run(
            measured)
        let other = try StatevectorSimulator(options: SimulatorOptions(shots: 2000, seed: 78, memory: true)).run(
            measured)
        #expect(first.counts == second.counts)
        #expect(first.memory == second.memory)
        #expect(first.memory != other.memory)
        #expect(first.seed == 77)

        // Without a seed the drawn one is reported and reproduces the run.
        let unseeded = try StatevectorSimulator(options: SimulatorOptions(shots: 2000, memory: true)).run(measured)
        let replay = try StatevectorSimulator(options: SimulatorOptions(shots: 2000, seed: unseeded.seed, memory: true))
            .run(measured)
        #expect(unseeded.memory == replay.memory)
    }

    @Test func globalPhaseIsInTheStatevector() throws {
        let c = circuit(qubits: 1, [gate(.h, 0)], globalPhase: .pi / 2)
        let state = try statevector(c)
        let r = 1 / 2.0.squareRoot()
        #expect(maxDifference(state, [ComplexDouble(0, r), ComplexDouble(0, r)]) < 1e-12)
    }
}
