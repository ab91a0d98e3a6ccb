#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall time and this process's CPU time since creation. On a machine shared with other
/// work, operations per CPU-second say more about the store than operations per second.
struct Stopwatch {
    private let wallStart = ContinuousClock.now
    private let cpuStart = Stopwatch.processCPUSeconds()

    /// `count` operations as rates: per wall-clock second and per CPU-second of the process.
    func rates(_ count: Int) -> String {
        let elapsed = ContinuousClock.now - self.wallStart
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = Stopwatch.processCPUSeconds() - self.cpuStart
        return "\(Int(Double(count) / max(wall, 1e-9)))/s wall, \(Int(Double(count) / max(cpu, 1e-9)))/CPU-s"
    }

    /// Seconds elapsed, wall clock.
    var seconds: Double {
        let elapsed = ContinuousClock.now - self.wallStart
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
