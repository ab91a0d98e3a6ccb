import OpenQASM
import Testing

@testable import QPISim

struct ErrorTests {
    private func run(_ c: Circuit, _ options: SimulatorOptions = SimulatorOptions(shots: 1, seed: 1))
        -> SimulationError?
    {
        do {
            _ = try StatevectorSimulator(options: options).run(c)
            return nil
        } catch {
            return error
        }
    }

    @Test func opaqueGateIsNamedWithItsLocation() throws {
        let location = SourceLocation(file: "job.qasm", line: 7, column: 3)
        let c = circuit(
            qubits: 2,
            [
                gate(.h, 0),
                Instruction(.opaque(name: "magic", parameters: [], qubits: [0, 1]), location: location),
            ])
        let error = try #require(self.run(c))
        #expect(error.code == .opaqueGate)
        #expect(error.location == location)
        #expect(error.description.hasPrefix("job.qasm:7:3: error: cannot run opaque gate 'magic'"))
    }

    @Test func tooManyQubitsIsRefusedBeforeAllocating() throws {
        let error = try #require(self.run(circuit(qubits: 31, [gate(.h, 30)])))
        #expect(error.code == .tooManyQubits)
        #expect(error.description.contains("31 qubits"))
        #expect(error.location == nil)
        #expect(error.description.hasPrefix("error: "))
    }

    @Test func invalidCircuitsAreRejected() throws {
        let cases: [Instruction] = [
            gate(.h, 5),
            gate(.x, 0, controls: [0]),
            Instruction(.gate(Gate(.rx, parameters: [], targets: [0]))),
            Instruction(.gate(Gate(.swap, targets: [0]))),
            gate(.rz, 0, parameters: [.nan]),
            measure(0, 9),
            gate(.x, 0, condition: Condition(clbits: [4], value: 1)),
        ]
        for instruction in cases {
            let error = self.run(circuit(qubits: 2, clbits: 1, [instruction]))
            #expect(error?.code == .invalidCircuit, "\(instruction)")
        }
    }

    @Test func invalidOptionsAreRejected() {
        let c = circuit(qubits: 1, [gate(.h, 0)])
        #expect(self.run(c, SimulatorOptions(shots: -1))?.code == .invalidOptions)
        #expect(self.run(c, SimulatorOptions(threads: -2))?.code == .invalidOptions)
    }
}
