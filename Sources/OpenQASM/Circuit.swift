/// A flat quantum circuit: what the parser produces and the simulator consumes.
///
/// Every user-defined gate, modifier (`ctrl @`, `negctrl @`, `inv @`, `pow(k) @`) and
/// register broadcast has already been expanded, so instructions name concrete qubit
/// and clbit indices and carry evaluated angles in radians.
public struct Circuit: Sendable, Hashable {
    /// Name of the circuit (the job-script name or the file name without extension).
    public var name: String
    /// Number of qubits over all quantum registers; qubit 0 is the first qubit declared.
    public var qubitCount: Int
    /// Number of classical bits over all classical registers and loose bits.
    public var clbitCount: Int
    /// Quantum registers in declaration order.
    public var quantumRegisters: [Register]
    /// Classical registers in declaration order. OpenQASM 3 loose bits (`bit c0;`) belong
    /// to no register, which changes how counts keys are spaced (see `CountsFormat`).
    public var classicalRegisters: [Register]
    /// The operations in program order.
    public var instructions: [Instruction]
    /// Global phase in radians accumulated from `gphase` and gate definitions; it never
    /// changes measurement statistics but is part of the statevector.
    public var globalPhase: Double

    public init(
        name: String,
        qubitCount: Int,
        clbitCount: Int,
        quantumRegisters: [Register] = [],
        classicalRegisters: [Register] = [],
        instructions: [Instruction] = [],
        globalPhase: Double = 0
    ) {
        self.name = name
        self.qubitCount = qubitCount
        self.clbitCount = clbitCount
        self.quantumRegisters = quantumRegisters
        self.classicalRegisters = classicalRegisters
        self.instructions = instructions
        self.globalPhase = globalPhase
    }
}

/// A named, contiguous run of qubits or clbits.
public struct Register: Sendable, Hashable {
    public var name: String
    /// Index of the register's bit 0 in the circuit's flat qubit or clbit numbering.
    public var offset: Int
    public var size: Int

    public init(name: String, offset: Int, size: Int) {
        self.name = name
        self.offset = offset
        self.size = size
    }

    /// The flat indices of the register's bits, bit 0 first.
    public var indices: Range<Int> { self.offset..<(self.offset + self.size) }
}

/// One step of a circuit, optionally guarded by a classical condition.
public struct Instruction: Sendable, Hashable {
    public var operation: Operation
    /// When set, the operation runs only in shots where the condition holds.
    public var condition: Condition?
    /// Where the statement that produced this instruction starts in the source.
    public var location: SourceLocation?

    public init(_ operation: Operation, condition: Condition? = nil, location: SourceLocation? = nil) {
        self.operation = operation
        self.condition = condition
        self.location = location
    }
}

/// The operations a flat circuit is made of.
public enum Operation: Sendable, Hashable {
    case gate(Gate)
    /// Measure `qubit` in the computational basis and write the outcome to `clbit`.
    case measure(qubit: Int, clbit: Int)
    /// Reset `qubit` to |0⟩.
    case reset(qubit: Int)
    /// A scheduling barrier; it has no effect on the state.
    case barrier(qubits: [Int])
    /// An application of an `opaque` gate: it parses, but no executor knows how to run it.
    case opaque(name: String, parameters: [Double], qubits: [Int])
}

/// A primitive gate, possibly controlled on further qubits (all controls on |1⟩; the
/// parser rewrites `negctrl` as X-conjugated controls).
public struct Gate: Sendable, Hashable {
    public var kind: GateKind
    /// Angles in radians, as many as `kind.parameterCount`.
    public var parameters: [Double]
    /// Control qubits: the gate acts on `targets` only where all of these are |1⟩.
    public var controls: [Int]
    /// Target qubits, as many as `kind.qubitCount`, in the order the gate's matrix expects.
    public var targets: [Int]

    public init(_ kind: GateKind, parameters: [Double] = [], controls: [Int] = [], targets: [Int]) {
        self.kind = kind
        self.parameters = parameters
        self.controls = controls
        self.targets = targets
    }

    /// Every qubit the gate touches, controls first.
    public var qubits: [Int] { self.controls + self.targets }
}

/// The primitive gates of the IR. Composite gates (cx, ccx, cswap, cp, cu3, c3x, …) are
/// primitives with controls; everything else is expanded from its definition.
public enum GateKind: String, Sendable, Hashable, CaseIterable {
    case id, x, y, z, h, s, sdg, t, tdg, sx, sxdg
    /// Rotations exp(-iθP/2) about the X, Y and Z axes.
    case rx, ry, rz
    /// Phase gate diag(1, e^{iλ}) (qelib1 `u1` and `p`, stdgates `phase`).
    case p
    /// The general single-qubit gate U(θ, φ, λ) (qelib1 `u3` and `u`).
    case u
    case swap
    /// Two-qubit rotations exp(-iθ P⊗P/2).
    case rxx, ryy, rzz

    /// Number of angle parameters.
    public var parameterCount: Int {
        switch self {
        case .rx, .ry, .rz, .p, .rxx, .ryy, .rzz: return 1
        case .u: return 3
        default: return 0
        }
    }

    /// Number of target qubits.
    public var qubitCount: Int {
        switch self {
        case .swap, .rxx, .ryy, .rzz: return 2
        default: return 1
        }
    }
}

/// A classical condition: the bits `clbits` (bit 0 first) read as an unsigned integer
/// compare to `value`.
public struct Condition: Sendable, Hashable {
    public var clbits: [Int]
    public var value: UInt64
    /// When true the condition holds if the register value differs from `value` (used for
    /// OpenQASM 3 `!=` and `else` branches).
    public var negated: Bool

    public init(clbits: [Int], value: UInt64, negated: Bool = false) {
        self.clbits = clbits
        self.value = value
        self.negated = negated
    }
}

/// A position in a source file; line and column are 1-based, column counts UTF-8 bytes.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(self.file):\(self.line):\(self.column)" }
}
