/// What a run produced.
public struct SimulationResult: Sendable, Hashable {
    /// Shots per outcome, keyed as Qiskit's `get_counts()` prints them (see `CountsFormat`).
    /// Empty when the circuit has no classical bits or `shots` is 0.
    public var counts: [String: Int]
    /// Number of shots taken.
    public var shots: Int
    /// The seed the run used: the requested one, or the one drawn when none was given.
    public var seed: UInt64
    /// Each shot's key in shot order, when `SimulatorOptions.memory` is set (empty, like
    /// `counts`, for a circuit without classical bits); otherwise nil.
    public var memory: [String]?
    /// The final state, index = basis state with qubit 0 as the least significant bit,
    /// including the circuit's global phase; nil unless `SimulatorOptions.statevector` is
    /// set. Terminal measurements are not applied to it. With mid-circuit measurements or
    /// resets it is the state of the last branch simulated (collapsed on that branch's
    /// outcomes), which is one possible trajectory, not an average.
    public var statevector: [ComplexDouble]?
    /// How many distinct state evolutions the run needed: 1 when every measurement is
    /// terminal, otherwise the number of outcome branches followed.
    public var branchCount: Int

    public init(
        counts: [String: Int],
        shots: Int,
        seed: UInt64,
        memory: [String]? = nil,
        statevector: [ComplexDouble]? = nil,
        branchCount: Int = 1
    ) {
        self.counts = counts
        self.shots = shots
        self.seed = seed
        self.memory = memory
        self.statevector = statevector
        self.branchCount = branchCount
    }
}
