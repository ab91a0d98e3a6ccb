/// A modifier met an opaque gate, which has no definition to invert, raise or control.
struct OpaqueGateModified: Error {
    var name: String
}

extension ElementaryOperation {
    /// `inv @`: the operations reversed, each inverted.
    static func inverse(of operations: [ElementaryOperation]) throws(OpaqueGateModified) -> [ElementaryOperation] {
        var result: [ElementaryOperation] = []
        result.reserveCapacity(operations.count)
        for operation in operations.reversed() {
            switch operation {
            case .gate(let gate): result.append(.gate(gate.inverse))
            case .globalPhase(let angle): result.append(.globalPhase(-angle))
            case .barrier: result.append(operation)
            case .opaque(let name, _, _): throw OpaqueGateModified(name: name)
            }
        }
        return result
    }

    /// `pow(k) @` for a non-integer `k`: defined for global phase and for one rotation or
    /// phase gate, whose angle scales; nil for anything else. Integer powers are
    /// repetitions, which the caller builds so that it can bound their size.
    static func fractionalPower(of operations: [ElementaryOperation], _ exponent: Double) throws(OpaqueGateModified)
        -> [ElementaryOperation]?
    {
        var gates = 0
        var result: [ElementaryOperation] = []
        for operation in operations {
            switch operation {
            case .gate(let gate):
                gates += 1
                guard gates == 1, let power = gate.power(exponent) else { return nil }
                result.append(.gate(power))
            case .globalPhase(let angle):
                result.append(.globalPhase(angle * exponent))
            case .barrier:
                result.append(operation)
            case .opaque(let name, _, _):
                throw OpaqueGateModified(name: name)
            }
        }
        return result
    }

    /// `ctrl @` and `negctrl @`: every operation conditioned on `controls`; a negative
    /// control is an ordinary control between two X gates.
    static func controlled(
        _ operations: [ElementaryOperation],
        by controls: [Int],
        negative: Bool
    ) throws(OpaqueGateModified) -> [ElementaryOperation] {
        var result: [ElementaryOperation] = []
        result.reserveCapacity(operations.count + (negative ? 2 * controls.count : 0))
        let flips = negative ? controls.map { ElementaryOperation.gate(Gate(.x, targets: [$0])) } : []
        result.append(contentsOf: flips)
        for operation in operations {
            switch operation {
            case .gate(var gate):
                gate.controls = controls + gate.controls
                result.append(.gate(gate))
            case .globalPhase(let angle):
                // A global phase under controls is a phase on the last control, conditioned on the others.
                if let last = controls.last {
                    result.append(
                        .gate(Gate(.p, parameters: [angle], controls: Array(controls.dropLast()), targets: [last])))
                }
            case .barrier(let qubits):
                result.append(.barrier(controls + qubits))
            case .opaque(let name, _, _):
                throw OpaqueGateModified(name: name)
            }
        }
        result.append(contentsOf: flips)
        return result
    }
}

extension Gate {
    /// The gate that undoes this one.
    var inverse: Gate {
        var inverse = self
        switch self.kind {
        case .s: inverse.kind = .sdg
        case .sdg: inverse.kind = .s
        case .t: inverse.kind = .tdg
        case .tdg: inverse.kind = .t
        case .sx: inverse.kind = .sxdg
        case .sxdg: inverse.kind = .sx
        case .rx, .ry, .rz, .p, .rxx, .ryy, .rzz:
            inverse.parameters = self.parameters.map { -$0 }
        case .u where self.parameters.count == 3:
            // U(θ, φ, λ)⁻¹ = U(-θ, -λ, -φ)
            inverse.parameters = [-self.parameters[0], -self.parameters[2], -self.parameters[1]]
        default:
            break
        }
        return inverse
    }

    /// The gate to a non-integer power, for gates that are rotations or phases; nil
    /// for the others.
    func power(_ exponent: Double) -> Gate? {
        var power = self
        switch self.kind {
        case .id:
            break
        case .rx, .ry, .rz, .p, .rxx, .ryy, .rzz:
            power.parameters = self.parameters.map { $0 * exponent }
        case .z: power = self.phase(.pi * exponent)
        case .s: power = self.phase(.pi / 2 * exponent)
        case .sdg: power = self.phase(-.pi / 2 * exponent)
        case .t: power = self.phase(.pi / 4 * exponent)
        case .tdg: power = self.phase(-.pi / 4 * exponent)
        default: return nil
        }
        return power
    }

    /// A phase gate on this gate's qubits; Z, S and T are phase gates of fixed angle.
    private func phase(_ angle: Double) -> Gate {
        Gate(.p, parameters: [angle], controls: self.controls, targets: self.targets)
    }
}
