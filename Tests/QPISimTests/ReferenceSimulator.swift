import Foundation
import OpenQASM
import QPISim

/// A deliberately naive simulator: hand-written matrices, one full pass per gate, controls
/// tested on every index. It shares no code with the engine.
enum ReferenceSimulator {
    static func matrix(_ kind: GateKind, _ p: [Double]) -> [ComplexDouble] {
        func c(_ re: Double, _ im: Double = 0) -> ComplexDouble { ComplexDouble(re, im) }
        func e(_ θ: Double) -> ComplexDouble { ComplexDouble(cos(θ), sin(θ)) }
        let r = 1 / 2.0.squareRoot()
        switch kind {
        case .id: return [c(1), c(0), c(0), c(1)]
        case .x: return [c(0), c(1), c(1), c(0)]
        case .y: return [c(0), c(0, -1), c(0, 1), c(0)]
        case .z: return [c(1), c(0), c(0), c(-1)]
        case .h: return [c(r), c(r), c(r), c(-r)]
        case .s: return [c(1), c(0), c(0), c(0, 1)]
        case .sdg: return [c(1), c(0), c(0), c(0, -1)]
        case .t: return [c(1), c(0), c(0), c(r, r)]
        case .tdg: return [c(1), c(0), c(0), c(r, -r)]
        case .sx: return [c(0.5, 0.5), c(0.5, -0.5), c(0.5, -0.5), c(0.5, 0.5)]
        case .sxdg: return [c(0.5, -0.5), c(0.5, 0.5), c(0.5, 0.5), c(0.5, -0.5)]
        case .rx: return [c(cos(p[0] / 2)), c(0, -sin(p[0] / 2)), c(0, -sin(p[0] / 2)), c(cos(p[0] / 2))]
        case .ry: return [c(cos(p[0] / 2)), c(-sin(p[0] / 2)), c(sin(p[0] / 2)), c(cos(p[0] / 2))]
        case .rz: return [e(-p[0] / 2), c(0), c(0), e(p[0] / 2)]
        case .p: return [c(1), c(0), c(0), e(p[0])]
        case .u:
            let (θ, φ, λ) = (p[0], p[1], p[2])
            return [
                c(cos(θ / 2)), c(-cos(λ) * sin(θ / 2), -sin(λ) * sin(θ / 2)),
                c(cos(φ) * sin(θ / 2), sin(φ) * sin(θ / 2)), c(cos(φ + λ) * cos(θ / 2), sin(φ + λ) * cos(θ / 2)),
            ]
        case .swap:
            return [c(1), c(0), c(0), c(0), c(0), c(0), c(1), c(0), c(0), c(1), c(0), c(0), c(0), c(0), c(0), c(1)]
        case .rxx, .ryy, .rzz:
            // exp(-iθ P⊗P/2) = cos(θ/2) I - i sin(θ/2) P⊗P, with P⊗P built by Kronecker product.
            let pauli: [ComplexDouble] = kind == .rxx ? matrix(.x, []) : kind == .ryy ? matrix(.y, []) : matrix(.z, [])
            var result = [ComplexDouble](repeating: c(0), count: 16)
            for row in 0..<4 {
                for col in 0..<4 {
                    // Index bit 0 is the first target; P⊗P is symmetric in the two factors.
                    let pp = pauli[(row & 1) * 2 + (col & 1)] * pauli[(row >> 1) * 2 + (col >> 1)]
                    let identity = row == col ? c(cos(p[0] / 2)) : c(0)
                    result[row * 4 + col] = identity + c(0, -sin(p[0] / 2)) * pp
                }
            }
            return result
        }
    }

    static func apply(_ gate: Gate, to state: inout [ComplexDouble]) {
        let m = self.matrix(gate.kind, gate.parameters)
        let size = 1 << gate.targets.count
        let original = state
        for index in 0..<state.count {
            guard gate.controls.allSatisfy({ index >> $0 & 1 == 1 }) else { continue }
            var row = 0
            for (r, t) in gate.targets.enumerated() { row |= (index >> t & 1) << r }
            var sum = ComplexDouble.zero
            for col in 0..<size {
                var source = index
                for (r, t) in gate.targets.enumerated() {
                    source = (source & ~(1 << t)) | ((col >> r & 1) << t)
                }
                sum = sum + m[row * size + col] * original[source]
            }
            state[index] = sum
        }
    }

    static func run(_ gates: [Gate], qubits: Int) -> [ComplexDouble] {
        var state = [ComplexDouble](repeating: .zero, count: 1 << qubits)
        state[0] = .one
        for gate in gates { self.apply(gate, to: &state) }
        return state
    }
}
