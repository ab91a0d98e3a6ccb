import OpenQASM
import QPICore
import QPISim

/// Runs a job's circuits on the native simulator in this process, timing each one.
///
/// Shared by `qsim` and by the node daemon's built-in `sim` executor, so both give
/// identical results for the same seed.
public struct LocalRunner: Sendable {
    public var shots: Int
    /// Seed of the first circuit; circuit `i` uses `seed + i`. Nil draws a fresh seed.
    public var seed: UInt64?
    public var threads: Int
    public var memory: Bool
    public var statevector: Bool
    /// Gate fusion (`SimulatorOptions.fusion`): a matter of speed, not of results.
    public var fusion: Bool

    /// Shots per circuit when neither the script nor the command line says.
    public static let defaultShots = 1024

    public init(
        shots: Int, seed: UInt64?, threads: Int = 0, memory: Bool = false, statevector: Bool = false,
        fusion: Bool = true
    ) {
        self.shots = shots
        self.seed = seed
        self.threads = threads
        self.memory = memory
        self.statevector = statevector
        self.fusion = fusion
    }

    /// Simulates every circuit in order; the first failure stops the run.
    public func run(_ circuits: [Circuit]) throws(SimulationError) -> [CircuitResult] {
        var results: [CircuitResult] = []
        results.reserveCapacity(circuits.count)
        let clock = ContinuousClock()
        for (index, circuit) in circuits.enumerated() {
            let options = SimulatorOptions(
                shots: self.shots,
                seed: self.seed.map { $0 &+ UInt64(index) },
                threads: self.threads,
                memory: self.memory,
                statevector: self.statevector,
                fusion: self.fusion
            )
            let started = clock.now
            let outcome = try StatevectorSimulator(options: options).run(circuit)
            let elapsed = started.duration(to: clock.now)
            results.append(
                CircuitResult(
                    name: circuit.name,
                    counts: outcome.counts,
                    shots: outcome.shots,
                    seed: outcome.seed,
                    timeTaken: elapsed.totalSeconds,
                    memory: outcome.memory,
                    statevector: outcome.statevector?.map { [$0.real, $0.imaginary] }
                )
            )
        }
        return results
    }
}
