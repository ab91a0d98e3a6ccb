/// The two include files the parser knows without reading them: Qiskit's `qelib1.inc`
/// for OpenQASM 2 and `stdgates.inc` for OpenQASM 3.
///
/// Their gates map to IR primitives (a controlled primitive where the gate is one),
/// so `ccx` becomes one X with two controls rather than fifteen gates. Global phases that
/// differ between a library definition and its primitive (u1 versus rz, say) are not
/// tracked: they change no measurement statistics.
enum StandardLibrary: String, CaseIterable, Sendable {
    case qelib1 = "qelib1.inc"
    case stdgates = "stdgates.inc"

    /// One gate a library declares.
    struct Entry: Sendable {
        var name: String
        var parameterCount: Int
        var qubitCount: Int
        var intrinsic: Intrinsic

        static func primitive(_ name: String, _ kind: GateKind, controls: Int = 0) -> Entry {
            Entry(
                name: name,
                parameterCount: kind.parameterCount,
                qubitCount: kind.qubitCount + controls,
                intrinsic: .primitive(kind, controls: controls)
            )
        }
    }

    var entries: [Entry] {
        switch self {
        case .qelib1: Self.qelib1Entries
        case .stdgates: Self.stdgatesEntries
        }
    }

    /// The library that declares `gate`, for hints when a file forgot its include.
    static func declaring(_ gate: String) -> StandardLibrary? {
        Self.allCases.first { library in library.entries.contains { $0.name == gate } }
    }

    /// Gates that belong to the language itself and need no include.
    static let builtins: [Entry] = [
        .primitive("U", .u),
        .primitive("CX", .x, controls: 1),
        Entry(name: "gphase", parameterCount: 1, qubitCount: 0, intrinsic: .globalPhase),
    ]

    private static let shared: [Entry] = [
        .primitive("id", .id),
        .primitive("x", .x), .primitive("y", .y), .primitive("z", .z), .primitive("h", .h),
        .primitive("s", .s), .primitive("sdg", .sdg), .primitive("t", .t), .primitive("tdg", .tdg),
        .primitive("sx", .sx),
        .primitive("rx", .rx), .primitive("ry", .ry), .primitive("rz", .rz),
        .primitive("p", .p), .primitive("u1", .p), .primitive("u3", .u),
        Entry(name: "u2", parameterCount: 2, qubitCount: 1, intrinsic: .u2),
        .primitive("cx", .x, controls: 1), .primitive("cy", .y, controls: 1), .primitive("cz", .z, controls: 1),
        .primitive("ch", .h, controls: 1), .primitive("cp", .p, controls: 1),
        .primitive("crx", .rx, controls: 1), .primitive("cry", .ry, controls: 1), .primitive("crz", .rz, controls: 1),
        .primitive("swap", .swap), .primitive("ccx", .x, controls: 2), .primitive("cswap", .swap, controls: 1),
        Entry(name: "cu", parameterCount: 4, qubitCount: 2, intrinsic: .controlledU),
    ]

    private static let qelib1Entries: [Entry] =
        shared + [
            .primitive("u", .u), .primitive("sxdg", .sxdg),
            Entry(name: "u0", parameterCount: 1, qubitCount: 1, intrinsic: .u0),
            .primitive("cu1", .p, controls: 1), .primitive("cu3", .u, controls: 1), .primitive("csx", .sx, controls: 1),
            .primitive("rxx", .rxx), .primitive("rzz", .rzz),
            .primitive("c3x", .x, controls: 3), .primitive("c4x", .x, controls: 4),
            .primitive("c3sqrtx", .sx, controls: 3),
            Entry(name: "rccx", parameterCount: 0, qubitCount: 3, intrinsic: .sequence(Self.relativePhaseToffoli)),
            Entry(name: "rc3x", parameterCount: 0, qubitCount: 4, intrinsic: .sequence(Self.relativePhaseC3X)),
        ]

    private static let stdgatesEntries: [Entry] =
        shared + [
            .primitive("CX", .x, controls: 1), .primitive("phase", .p), .primitive("cphase", .p, controls: 1),
        ]

    // MARK: Definitions without a primitive

    /// qelib1's `rccx a,b,c`, gate for gate (u2(0,π) is U(π/2, 0, π), u1 is a phase).
    private static let relativePhaseToffoli: [Gate] = [
        hadamardU(2), phase(.pi / 4, 2), cx(1, 2), phase(-.pi / 4, 2),
        cx(0, 2), phase(.pi / 4, 2), cx(1, 2), phase(-.pi / 4, 2), hadamardU(2),
    ]

    /// qelib1's `rc3x a,b,c,d`.
    private static let relativePhaseC3X: [Gate] = [
        hadamardU(3), phase(.pi / 4, 3), cx(2, 3), phase(-.pi / 4, 3), hadamardU(3),
        cx(0, 3), phase(.pi / 4, 3), cx(1, 3), phase(-.pi / 4, 3),
        cx(0, 3), phase(.pi / 4, 3), cx(1, 3), phase(-.pi / 4, 3),
        hadamardU(3), phase(.pi / 4, 3), cx(2, 3), phase(-.pi / 4, 3), hadamardU(3),
    ]

    private static func hadamardU(_ qubit: Int) -> Gate {
        Gate(.u, parameters: [.pi / 2, 0, .pi], targets: [qubit])
    }

    private static func phase(_ angle: Double, _ qubit: Int) -> Gate {
        Gate(.p, parameters: [angle], targets: [qubit])
    }

    private static func cx(_ control: Int, _ target: Int) -> Gate {
        Gate(.x, controls: [control], targets: [target])
    }
}
