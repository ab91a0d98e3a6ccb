public import OpenQASM

/// A double-precision statevector simulator for flat circuits.
///
/// The pipeline: the circuit is validated and lowered to steps (`Program`); runs of gates
/// are multiplied into kernel ops (`GateFuser`); ops are grouped into stages that each cost
/// one sweep over memory (`StagePlanner`) and applied block by block on worker threads
/// (`StageExecutor`); shots are sampled from the final distribution (`ShotSampler`), with
/// shots split between outcomes at mid-circuit measurements (`BranchingRunner`).
///
/// The simulator does no I/O and reads no clock. Under a given seed the result does not
/// depend on `threads`.
public struct StatevectorSimulator: Sendable {
    /// The largest circuit accepted whatever the memory: 2^30 amplitudes are 16 GiB.
    public static let maxQubits = 30

    public var options: SimulatorOptions
    var tuning: ExecutionTuning

    public init(options: SimulatorOptions = SimulatorOptions()) {
        self.options = options
        self.tuning = ExecutionTuning()
    }

    init(options: SimulatorOptions, tuning: ExecutionTuning) {
        self.options = options
        self.tuning = tuning
    }

    /// Runs `circuit` for `options.shots` shots.
    /// - Throws: `SimulationError` for opaque gates, circuits that break the IR's rules,
    ///   invalid options, and states that would not fit in memory.
    public func run(_ circuit: Circuit) throws(SimulationError) -> SimulationResult {
        guard self.options.shots >= 0 else {
            throw SimulationError(code: .invalidOptions, message: "shots must be 0 or more, got \(self.options.shots)")
        }
        guard self.options.threads >= 0 else {
            throw SimulationError(
                code: .invalidOptions,
                message: "threads must be 0 (one per core) or more, got \(self.options.threads)"
            )
        }
        let program = try Program(circuit)
        let budget = self.tuning.memoryBudget ?? Self.memoryBudget()
        try Self.checkSize(circuit, budget: budget)

        var system = SystemRandomNumberGenerator()
        let seed = self.options.seed ?? system.next()
        let threads = self.options.threads == 0 ? SystemResources.activeProcessorCount : self.options.threads
        let pool = WorkerPool(threads: circuit.qubitCount >= self.tuning.parallelQubits ? threads : 1)
        var runner = BranchingRunner(
            circuit: circuit,
            program: program,
            options: self.options,
            tuning: self.tuning,
            pool: pool,
            memoryBudget: budget,
            seed: seed
        )
        let outcome = runner.run()

        var statevector: [ComplexDouble]?
        if self.options.statevector {
            if circuit.globalPhase != 0 {
                outcome.finalState.scale(by: ComplexDouble(phase: circuit.globalPhase), pool: pool)
            }
            statevector = outcome.finalState.takeAmplitudes()
        }
        return SimulationResult(
            counts: outcome.counts,
            shots: self.options.shots,
            seed: seed,
            memory: outcome.memory,
            statevector: statevector,
            branchCount: outcome.branchCount
        )
    }

    /// Half of physical memory, the most all copies of the state may take together.
    static func memoryBudget() -> Int {
        (SystemResources.physicalMemory ?? (16 << 30)) / 2
    }

    private static func checkSize(_ circuit: Circuit, budget: Int) throws(SimulationError) {
        let n = circuit.qubitCount
        guard n <= Self.maxQubits else {
            throw SimulationError(
                code: .tooManyQubits,
                message: "circuit '\(circuit.name)' has \(n) qubits; the statevector simulator runs at most "
                    + "\(Self.maxQubits) (2^\(Self.maxQubits) amplitudes, 16 GiB)"
            )
        }
        let bytes = MemoryLayout<ComplexDouble>.stride << n
        guard bytes <= budget else {
            throw SimulationError(
                code: .tooManyQubits,
                message: "circuit '\(circuit.name)' has \(n) qubits: its statevector takes \(bytes >> 20) MiB, more "
                    + "than half of this machine's memory (\(budget >> 20) MiB); use fewer qubits"
            )
        }
    }
}
