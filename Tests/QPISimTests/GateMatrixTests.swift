import Foundation
import OpenQASM
import Testing

@testable import QPISim

struct GateMatrixTests {
    /// Prepares basis state `basis` with x gates, applies `gates`, returns the statevector.
    private func apply(_ gates: [Gate], toBasis basis: Int, qubits: Int, fusion: Bool = true) throws -> [ComplexDouble]
    {
        let prepare = (0..<qubits).filter { basis >> $0 & 1 == 1 }.map { Gate(.x, targets: [$0]) }
        return try statevector(circuit(qubits: qubits, instructions(prepare + gates)), fusion: fusion)
    }

    /// The column `basis` of the hand matrix, placed on the given qubits of a 3-qubit state.
    private func expectColumns(_ kind: GateKind, _ parameters: [Double], _ expected: [[ComplexDouble]], targets: [Int])
        throws
    {
        let size = 1 << targets.count
        for column in 0..<size {
            var basis = 0
            for (r, t) in targets.enumerated() where column >> r & 1 == 1 { basis |= 1 << t }
            let state = try self.apply(
                [Gate(kind, parameters: parameters, targets: targets)], toBasis: basis, qubits: 3)
            for row in 0..<size {
                var index = 0
                for (r, t) in targets.enumerated() where row >> r & 1 == 1 { index |= 1 << t }
                let difference = (state[index] - expected[row][column]).magnitudeSquared.squareRoot()
                #expect(difference < 1e-12, "\(kind) \(parameters) row \(row) column \(column): \(state[index])")
            }
            let norm = state.reduce(0) { $0 + $1.magnitudeSquared }
            #expect(abs(norm - 1) < 1e-12)
        }
    }

    private func c(_ re: Double, _ im: Double = 0) -> ComplexDouble { ComplexDouble(re, im) }

    @Test func fixedSingleQubitGates() throws {
        let r = 1 / 2.0.squareRoot()
        let cases: [(GateKind, [[ComplexDouble]])] = [
            (.id, [[c(1), c(0)], [c(0), c(1)]]),
            (.x, [[c(0), c(1)], [c(1), c(0)]]),
            (.y, [[c(0), c(0, -1)], [c(0, 1), c(0)]]),
            (.z, [[c(1), c(0)], [c(0), c(-1)]]),
            (.h, [[c(r), c(r)], [c(r), c(-r)]]),
            (.s, [[c(1), c(0)], [c(0), c(0, 1)]]),
            (.sdg, [[c(1), c(0)], [c(0), c(0, -1)]]),
            (.t, [[c(1), c(0)], [c(0), c(r, r)]]),
            (.tdg, [[c(1), c(0)], [c(0), c(r, -r)]]),
            (.sx, [[c(0.5, 0.5), c(0.5, -0.5)], [c(0.5, -0.5), c(0.5, 0.5)]]),
            (.sxdg, [[c(0.5, -0.5), c(0.5, 0.5)], [c(0.5, 0.5), c(0.5, -0.5)]]),
        ]
        for (kind, matrix) in cases {
            for target in 0..<3 {
                try self.expectColumns(kind, [], matrix, targets: [target])
            }
        }
    }

    @Test(arguments: [0.0, 0.3, -1.7, Double.pi, 2.5])
    func rotationsAndPhases(angle θ: Double) throws {
        let (ch, sh) = (cos(θ / 2), sin(θ / 2))
        try self.expectColumns(.rx, [θ], [[c(ch), c(0, -sh)], [c(0, -sh), c(ch)]], targets: [1])
        try self.expectColumns(.ry, [θ], [[c(ch), c(-sh)], [c(sh), c(ch)]], targets: [2])
        try self.expectColumns(
            .rz, [θ], [[c(cos(θ / 2), -sin(θ / 2)), c(0)], [c(0), c(cos(θ / 2), sin(θ / 2))]], targets: [0])
        try self.expectColumns(.p, [θ], [[c(1), c(0)], [c(0), c(cos(θ), sin(θ))]], targets: [1])
    }

    @Test func generalU() throws {
        let (θ, φ, λ) = (0.7, -1.1, 2.3)
        let expected = [
            [c(cos(θ / 2)), c(-cos(λ) * sin(θ / 2), -sin(λ) * sin(θ / 2))],
            [c(cos(φ) * sin(θ / 2), sin(φ) * sin(θ / 2)), c(cos(φ + λ) * cos(θ / 2), sin(φ + λ) * cos(θ / 2))],
        ]
        for target in 0..<3 {
            try self.expectColumns(.u, [θ, φ, λ], expected, targets: [target])
        }
    }

    @Test(arguments: [[0, 1], [1, 0], [0, 2], [2, 1]])
    func twoQubitGates(targets: [Int]) throws {
        let θ = 0.9
        let (ch, sh) = (cos(θ / 2), sin(θ / 2))
        let o = c(0)
        try self.expectColumns(
            .swap, [],
            [
                [c(1), o, o, o], [o, o, c(1), o], [o, c(1), o, o], [o, o, o, c(1)],
            ], targets: targets)
        try self.expectColumns(
            .rxx, [θ],
            [
                [c(ch), o, o, c(0, -sh)], [o, c(ch), c(0, -sh), o], [o, c(0, -sh), c(ch), o], [c(0, -sh), o, o, c(ch)],
            ], targets: targets)
        // Qiskit's RYYGate matrix.
        try self.expectColumns(
            .ryy, [θ],
            [
                [c(ch), o, o, c(0, sh)], [o, c(ch), c(0, -sh), o], [o, c(0, -sh), c(ch), o], [c(0, sh), o, o, c(ch)],
            ], targets: targets)
        let minus = c(cos(θ / 2), -sin(θ / 2))
        let plus = c(cos(θ / 2), sin(θ / 2))
        try self.expectColumns(
            .rzz, [θ],
            [
                [minus, o, o, o], [o, plus, o, o], [o, o, plus, o], [o, o, o, minus],
            ], targets: targets)
    }

    /// Every kind with one, two and three controls in several placements, against the
    /// naive reference, with fusion on and off.
    @Test(arguments: [true, false])
    func controlledVariants(fusion: Bool) throws {
        let qubits = 5
        let placements: [([Int], [Int])] = [([0], [1, 2]), ([4], [0, 3]), ([1, 3], [2, 0]), ([4, 0, 2], [3, 1])]
        for kind in GateKind.allCases {
            let parameters = Array([0.4, -1.3, 2.2].prefix(kind.parameterCount))
            for (controls, targetPool) in placements {
                let gate = Gate(
                    kind, parameters: parameters, controls: controls, targets: Array(targetPool.prefix(kind.qubitCount))
                )
                for basis in [0, 0b11111, 0b10101, 0b01011, 0b11010, 0b00111] {
                    let engine = try self.apply(
                        [Gate(.h, targets: [3]), gate], toBasis: basis, qubits: qubits, fusion: fusion)
                    let prepare = (0..<qubits).filter { basis >> $0 & 1 == 1 }.map { Gate(.x, targets: [$0]) }
                    let reference = ReferenceSimulator.run(prepare + [Gate(.h, targets: [3]), gate], qubits: qubits)
                    #expect(maxDifference(engine, reference) < 1e-12, "\(kind) controls \(controls) basis \(basis)")
                }
            }
        }
    }

    @Test func toffoliAndFredkinTruthTables() throws {
        for basis in 0..<8 {
            let toffoli = try self.apply([Gate(.x, controls: [0, 1], targets: [2])], toBasis: basis, qubits: 3)
            let flipped = basis & 0b11 == 0b11 ? basis ^ 0b100 : basis
            #expect(toffoli[flipped] == .one, "ccx on \(basis)")
            let fredkin = try self.apply([Gate(.swap, controls: [2], targets: [0, 1])], toBasis: basis, qubits: 3)
            let swapped = basis & 0b100 != 0 ? (basis & 0b100) | (basis & 1) << 1 | (basis >> 1 & 1) : basis
            #expect(fredkin[swapped] == .one, "cswap on \(basis)")
        }
    }
}
