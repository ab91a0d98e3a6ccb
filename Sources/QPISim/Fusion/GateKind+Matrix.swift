import OpenQASM

extension GateKind {
    /// The gate's matrix on its targets, row-major, Qiskit conventions: bit r of a row or
    /// column index is the value of `targets[r]`.
    func matrix(_ parameters: [Double]) -> [ComplexDouble] {
        let o = ComplexDouble.zero
        let l = ComplexDouble.one
        let i = ComplexDouble.i
        switch self {
        case .id: return [l, o, o, l]
        case .x: return [o, l, l, o]
        case .y: return [o, -i, i, o]
        case .z: return [l, o, o, -l]
        case .h:
            let r = 0.5.squareRoot()
            return [ComplexDouble(r), ComplexDouble(r), ComplexDouble(r), ComplexDouble(-r)]
        case .s: return [l, o, o, i]
        case .sdg: return [l, o, o, -i]
        case .t: return [l, o, o, ComplexDouble(phase: .pi / 4)]
        case .tdg: return [l, o, o, ComplexDouble(phase: -.pi / 4)]
        case .sx:
            let a = ComplexDouble(0.5, 0.5)
            let b = ComplexDouble(0.5, -0.5)
            return [a, b, b, a]
        case .sxdg:
            let a = ComplexDouble(0.5, -0.5)
            let b = ComplexDouble(0.5, 0.5)
            return [a, b, b, a]
        case .rx:
            let (c, s) = Self.halfAngle(parameters[0])
            return [ComplexDouble(c), ComplexDouble(0, -s), ComplexDouble(0, -s), ComplexDouble(c)]
        case .ry:
            let (c, s) = Self.halfAngle(parameters[0])
            return [ComplexDouble(c), ComplexDouble(-s), ComplexDouble(s), ComplexDouble(c)]
        case .rz:
            let λ = parameters[0]
            return [ComplexDouble(phase: -λ / 2), o, o, ComplexDouble(phase: λ / 2)]
        case .p:
            return [l, o, o, ComplexDouble(phase: parameters[0])]
        case .u:
            let (c, s) = Self.halfAngle(parameters[0])
            let φ = parameters[1]
            let λ = parameters[2]
            return [
                ComplexDouble(c), -(s * ComplexDouble(phase: λ)),
                s * ComplexDouble(phase: φ), c * ComplexDouble(phase: φ + λ),
            ]
        case .swap:
            return [
                l, o, o, o,
                o, o, l, o,
                o, l, o, o,
                o, o, o, l,
            ]
        case .rxx:
            let (c, s) = Self.halfAngle(parameters[0])
            let d = ComplexDouble(c)
            let a = ComplexDouble(0, -s)
            return [
                d, o, o, a,
                o, d, a, o,
                o, a, d, o,
                a, o, o, d,
            ]
        case .ryy:
            let (c, s) = Self.halfAngle(parameters[0])
            let d = ComplexDouble(c)
            let plus = ComplexDouble(0, s)
            let minus = ComplexDouble(0, -s)
            return [
                d, o, o, plus,
                o, d, minus, o,
                o, minus, d, o,
                plus, o, o, d,
            ]
        case .rzz:
            let θ = parameters[0]
            let even = ComplexDouble(phase: -θ / 2)
            let odd = ComplexDouble(phase: θ / 2)
            return [
                even, o, o, o,
                o, odd, o, o,
                o, o, odd, o,
                o, o, o, even,
            ]
        }
    }

    /// Whether the matrix is diagonal for every parameter value.
    var isDiagonal: Bool {
        switch self {
        case .id, .z, .s, .sdg, .t, .tdg, .rz, .p, .rzz: return true
        default: return false
        }
    }

    private static func halfAngle(_ θ: Double) -> (Double, Double) {
        (Math.cos(θ / 2), Math.sin(θ / 2))
    }
}
