/// How a circuit is run: shots, randomness, parallelism and what the result carries.
public struct SimulatorOptions: Sendable, Hashable {
    /// Number of shots to sample; 0 gives empty counts (and still the statevector if asked).
    public var shots: Int
    /// Seed of the simulator's random generator. `nil` draws one from the system generator;
    /// the seed actually used is reported in `SimulationResult.seed` either way, so any run
    /// can be reproduced.
    public var seed: UInt64?
    /// Worker threads for large states; 0 means one per active core. Results do not depend
    /// on it.
    public var threads: Int
    /// Whether the result lists every shot's outcome (`SimulationResult.memory`).
    public var memory: Bool
    /// Whether the result carries the final statevector (`SimulationResult.statevector`).
    public var statevector: Bool
    /// Whether consecutive gates are multiplied into fewer, larger matrices before they
    /// touch the state. Turning it off changes speed only, not results beyond rounding.
    public var fusion: Bool

    public init(
        shots: Int = 1024,
        seed: UInt64? = nil,
        threads: Int = 0,
        memory: Bool = false,
        statevector: Bool = false,
        fusion: Bool = true
    ) {
        self.shots = shots
        self.seed = seed
        self.threads = threads
        self.memory = memory
        self.statevector = statevector
        self.fusion = fusion
    }
}
