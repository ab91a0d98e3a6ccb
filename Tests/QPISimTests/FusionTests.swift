import Foundation
import OpenQASM
import Testing

@testable import QPISim

struct FusionTests {
    /// Qiskit's QFT construction: h(j), then cp(π/2^(j-k)) on (j, k) for k < j, then swaps.
    private func qft(_ n: Int) -> [Gate] {
        var gates: [Gate] = []
        for j in stride(from: n - 1, through: 0, by: -1) {
            gates.append(Gate(.h, targets: [j]))
            for k in stride(from: j - 1, through: 0, by: -1) {
                gates.append(Gate(.p, parameters: [Double.pi * pow(2, Double(k - j))], controls: [j], targets: [k]))
            }
        }
        for i in 0..<(n / 2) { gates.append(Gate(.swap, targets: [i, n - 1 - i])) }
        return gates
    }

    private let fuser = GateFuser(maxQubits: 4, maxDiagonalQubits: 10, enabled: true)

    @Test func runsOfControlledPhasesBecomeOneTable() {
        let ops = self.fuser.fuse(self.qft(12), qubitCount: 12)
        let tables = ops.filter {
            if case .diagonal(let qubits, _) = $0.action { qubits.count > 2 } else { false }
        }
        #expect(!tables.isEmpty)
        // 84 gates; the 66 phases collapse into far fewer tables.
        #expect(ops.count < self.qft(12).count - 30)
    }

    @Test func fewDiagonalGatesKeepTheirMaskedKernels() {
        let gates = [
            Gate(.h, targets: [0]), Gate(.p, parameters: [0.3], controls: [0], targets: [1]), Gate(.z, targets: [2]),
        ]
        let ops = self.fuser.fuse(gates, qubitCount: 3)
        #expect(ops.count == 3)
        #expect(ops.allSatisfy { if case .diagonal = $0.action { false } else { true } })
    }

    @Test func singleQubitRunsMergeIntoOneMatrix() {
        let gates = [
            Gate(.h, targets: [1]), Gate(.t, targets: [1]), Gate(.sx, targets: [1]),
            Gate(.ry, parameters: [0.2], targets: [1]),
        ]
        let ops = self.fuser.fuse(gates, qubitCount: 2)
        #expect(ops.count == 1)
    }

    @Test(arguments: [true, false])
    func qftMatchesTheReference(tiny: Bool) throws {
        let gates = [Gate(.x, targets: [1]), Gate(.h, targets: [4])] + self.qft(9)
        let reference = ReferenceSimulator.run(gates, qubits: 9)
        let engine = try statevector(
            circuit(qubits: 9, instructions(gates)), tuning: tiny ? tinyBlocks : ExecutionTuning())
        #expect(maxDifference(engine, reference) < 1e-10)
    }
}
