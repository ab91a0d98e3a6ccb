import OpenQASM

/// Runs a program for all shots at once, splitting shots between outcomes only where a
/// measurement or reset result matters before the end.
///
/// All shots start in one branch. At a mid-circuit measurement or reset the branch's shots
/// are split by a binomial draw; the state is copied only when both outcomes receive shots,
/// and each part continues with its own collapsed state and classical bits. Within a branch
/// every classical bit is known, so conditions are plain checks. Once the rest of the
/// program qualifies for terminal sampling (`Program.terminalFrom`) the branch evolves once
/// and samples its shots from the final distribution. Branches are processed depth first,
/// so at most one copy per pending split is alive; when another copy would exceed the
/// memory budget, the waiting branch keeps only its history of outcomes and is rebuilt
/// later from |0…0⟩ by replaying it (slower, never wrong).
struct BranchingRunner {
    let circuit: Circuit
    let program: Program
    let options: SimulatorOptions
    let pool: WorkerPool
    /// Bytes all live copies of the state may take together.
    let memoryBudget: Int
    let seed: UInt64

    struct Outcome {
        var counts: [String: Int]
        var memory: [String]?
        var finalState: StateVector
        var branchCount: Int
    }

    /// A group of shots with one history of mid-circuit outcomes; its state is kept apart.
    private struct Branch {
        var step: Int
        var shots: Int
        var clbits: [Bool]
        /// Collapse ops of the last measurement, applied with the next batch of gates.
        var pending: [KernelOp]
        /// The outcome of every measurement and reset the branch went through, in order.
        var path: [Int]
        /// How many entries of `path` the branch has passed; the rest are replayed.
        var passed: Int
    }

    private let fuser: GateFuser
    private let planner: StagePlanner
    private let layout: CountsFormat.Layout
    private var rng: Xoshiro256
    /// The state of the branch being simulated.
    private var state: StateVector
    /// Branches waiting their turn, depth first; one without a state is rebuilt from |0…0⟩
    /// by replaying its path.
    private var waiting: [(branch: Branch, state: StateVector?)] = []
    private var counts: [String: Int] = [:]
    private var memory: [String] = []
    private var branchCount = 0

    init(
        circuit: Circuit, program: Program, options: SimulatorOptions, tuning: ExecutionTuning,
        pool: WorkerPool, memoryBudget: Int, seed: UInt64
    ) {
        self.circuit = circuit
        self.program = program
        self.options = options
        self.pool = pool
        self.memoryBudget = memoryBudget
        self.seed = seed
        let n = circuit.qubitCount
        self.fuser = GateFuser(
            maxQubits: tuning.maxFusedQubits,
            maxDiagonalQubits: tuning.maxDiagonalQubits,
            enabled: options.fusion
        )
        let blockQubits = tuning.blockQubits(forQubitCount: n)
        self.planner = StagePlanner(
            qubitCount: n,
            blockQubits: blockQubits,
            minimumRunQubits: min(tuning.minimumRunQubits, max(0, blockQubits - tuning.maxFusedQubits))
        )
        self.layout = CountsFormat.Layout(circuit)
        self.rng = Xoshiro256(seed: seed)
        self.state = StateVector(qubitCount: n, pool: pool)
    }

    /// Simulates every shot; call once.
    mutating func run() -> Outcome {
        var branch = Branch(
            step: 0,
            shots: self.options.shots,
            clbits: [Bool](repeating: false, count: self.circuit.clbitCount),
            pending: [],
            path: [],
            passed: 0
        )
        while true {
            let gates = self.advanceToTerminal(&branch)
            self.finish(&branch, after: gates)
            guard let next = self.waiting.popLast() else { break }
            branch = next.branch
            if let saved = next.state {
                self.state = saved
            } else {
                self.state.reset(pool: self.pool)
            }
        }
        // Branches leave shots grouped by outcome; a stream of its own (so counts do not
        // depend on whether memory was asked for) puts them in a random shot order.
        if self.options.memory {
            var shuffler = Xoshiro256(seed: self.seed ^ 0x6D65_6D6F_7279)
            shuffler.shuffle(&self.memory)
        }
        return Outcome(
            counts: self.counts,
            memory: self.options.memory ? self.memory : nil,
            finalState: self.state,
            branchCount: self.branchCount
        )
    }

    /// Runs the branch up to the terminal suffix, splitting it at each measurement or reset;
    /// returns the gates gathered since the last one.
    private mutating func advanceToTerminal(_ branch: inout Branch) -> [Gate] {
        var gates: [Gate] = []
        while branch.step < self.program.terminalFrom {
            let step = self.program.steps[branch.step]
            branch.step += 1
            if let condition = step.condition, !condition.holds(for: branch.clbits) { continue }
            let qubit: Int
            switch step.action {
            case .gate(let gate):
                gates.append(gate)
                continue
            case .measure(let measured, _), .reset(let measured):
                qubit = measured
            }
            self.evolve(&branch, gates)
            gates = []
            let p1 = min(1, max(0, self.state.probabilityOfOne(qubit: qubit, pool: self.pool)))
            let outcome: Int
            if branch.passed < branch.path.count {
                outcome = branch.path[branch.passed]
            } else {
                outcome = self.drawOutcome(of: step, probability: p1, splitting: &branch)
                branch.path.append(outcome)
            }
            branch.passed += 1
            Self.record(outcome: outcome, of: step, probability: outcome == 1 ? p1 : 1 - p1, in: &branch)
        }
        return gates
    }

    /// Chooses the outcome the branch continues with. When both outcomes get shots, the
    /// zeros are split off into a waiting branch (with a copy of the state if it fits) and
    /// the branch keeps the ones.
    private mutating func drawOutcome(of step: Program.Step, probability p1: Double, splitting branch: inout Branch)
        -> Int
    {
        let ones = self.rng.binomial(trials: branch.shots, probability: p1)
        guard ones > 0, ones < branch.shots else {
            // Without shots (statevector only) follow the likelier outcome.
            return branch.shots == 0 ? (p1 > 0.5 ? 1 : 0) : (ones > 0 ? 1 : 0)
        }
        var zeros = branch
        zeros.shots -= ones
        zeros.path.append(0)
        let stateBytes = MemoryLayout<ComplexDouble>.stride << self.circuit.qubitCount
        let live = 1 + self.waiting.count { $0.state != nil }
        if (live + 1) * stateBytes <= self.memoryBudget {
            zeros.passed += 1
            Self.record(outcome: 0, of: step, probability: 1 - p1, in: &zeros)
            self.waiting.append((zeros, self.state))
            self.state = StateVector(copying: self.state, pool: self.pool)
        } else {
            zeros.step = 0
            zeros.clbits = [Bool](repeating: false, count: self.circuit.clbitCount)
            zeros.pending = []
            zeros.passed = 0
            self.waiting.append((zeros, nil))
        }
        branch.shots = ones
        return 1
    }

    /// Applies the terminal suffix and samples the branch's shots.
    private mutating func finish(_ branch: inout Branch, after gates: [Gate]) {
        var gates = gates
        var measured: [(clbit: Int, qubit: Int)] = []
        for step in self.program.steps[branch.step...] {
            if let condition = step.condition, !condition.holds(for: branch.clbits) { continue }
            switch step.action {
            case .gate(let gate): gates.append(gate)
            case .measure(let qubit, let clbit): measured.append((clbit, qubit))
            case .reset: preconditionFailure("terminal steps hold no resets")
            }
        }
        self.evolve(&branch, gates)
        self.branchCount += 1
        guard self.circuit.clbitCount > 0, branch.shots > 0 else { return }
        let samples = ShotSampler(pool: self.pool).sample(self.state, shots: branch.shots, rng: &self.rng)
        let mask = measured.reduce(0) { $0 | 1 << $1.qubit }
        // Tally by measured bits first: a key string per distinct outcome, not per shot.
        var keys: [Int: String] = [:]
        for (outcome, count) in Self.tally(samples, mask: mask, stateCount: self.state.count) {
            var clbits = branch.clbits
            for (clbit, qubit) in measured { clbits[clbit] = outcome >> qubit & 1 == 1 }
            let key = self.layout.key { clbits[$0] }
            keys[outcome] = key
            self.counts[key, default: 0] += count
        }
        if self.options.memory {
            self.memory.append(contentsOf: samples.map { keys[$0 & mask]! })
        }
    }

    private func evolve(_ branch: inout Branch, _ gates: [Gate]) {
        let ops = branch.pending + self.fuser.fuse(gates, qubitCount: self.circuit.qubitCount)
        branch.pending = []
        StageExecutor(pool: self.pool).run(self.planner.plan(ops), on: self.state)
    }

    /// Shots per distinct `sample & mask`, in no particular order.
    private static func tally(_ samples: [Int], mask: Int, stateCount: Int) -> [(outcome: Int, count: Int)] {
        if stateCount <= 1 << 16 {
            var counts = [Int](repeating: 0, count: stateCount)
            for sample in samples { counts[sample & mask] += 1 }
            return counts.indices.compactMap { counts[$0] > 0 ? ($0, counts[$0]) : nil }
        }
        var counts: [Int: Int] = [:]
        for sample in samples { counts[sample & mask, default: 0] += 1 }
        return counts.map { ($0.key, $0.value) }
    }

    /// Writes the outcome of a measurement or reset into the branch.
    private static func record(outcome: Int, of step: Program.Step, probability: Double, in branch: inout Branch) {
        let scale = ComplexDouble(1 / probability.squareRoot())
        switch step.action {
        case .measure(let qubit, let clbit):
            branch.clbits[clbit] = outcome == 1
            branch.pending.append(Self.projector(qubit: qubit, outcome: outcome, scale: scale))
        case .reset(let qubit):
            branch.pending.append(Self.projector(qubit: qubit, outcome: outcome, scale: scale))
            if outcome == 1 { branch.pending.append(KernelOp(action: .flip(qubit: qubit), controls: [])) }
        case .gate:
            preconditionFailure("only measurements and resets split branches")
        }
    }

    /// Keeps the amplitudes where `qubit` equals `outcome`, renormalised.
    private static func projector(qubit: Int, outcome: Int, scale: ComplexDouble) -> KernelOp {
        let table = outcome == 0 ? [scale, .zero] : [.zero, scale]
        return KernelOp(action: .diagonal(qubits: [qubit], table: table), controls: [])
    }
}
