/// Enumerates the indices of a block where some bits are fixed, without visiting the rest.
///
/// Kernels fix a gate's target bits to 0 and its control bits to 1, then loop over the
/// compressed index and insert the fixed bits. Bits below the lowest fixed one vary
/// freely, so indices come in contiguous runs of `1 << runLog` that the inner loops can
/// stream (and the compiler can vectorise).
struct IndexSpread: Sendable {
    /// For each fixed bit position p, ascending: the mask (1 << p) - 1.
    let lowMasks: [Int]
    /// Bits that are 1 in every enumerated index (the controls).
    let setMask: Int
    /// log2 of the run length.
    let runLog: Int
    /// Number of runs.
    let runCount: Int

    /// - Parameters:
    ///   - localQubits: log2 of the block size.
    ///   - fixed: distinct bit positions below `localQubits` that do not vary.
    ///   - setMask: which of the fixed positions are 1 (the others are 0).
    init(localQubits: Int, fixed: [Int], setMask: Int) {
        let sorted = fixed.sorted()
        self.lowMasks = sorted.map { (1 << $0) - 1 }
        self.setMask = setMask
        self.runLog = sorted.first ?? localQubits
        self.runCount = 1 << (localQubits - sorted.count - self.runLog)
    }

    /// Calls `body(start, length)` for every run of enumerated indices.
    @inline(__always)
    func forEachRun(_ body: (_ start: Int, _ length: Int) -> Void) {
        let length = 1 << self.runLog
        let (runLog, setMask) = (self.runLog, self.setMask)
        // One and two fixed bits (plain gates, singly controlled ones) get loops without the
        // inner mask loop; they are most of what circuits hold.
        switch self.lowMasks.count {
        case 1:
            let m0 = self.lowMasks[0]
            for run in 0..<self.runCount {
                let index = run << runLog
                body(((index & ~m0) << 1) | setMask, length)
            }
        case 2:
            let (m0, m1) = (self.lowMasks[0], self.lowMasks[1])
            for run in 0..<self.runCount {
                var index = (run << runLog & ~m0) << 1
                index = (index & m1) | ((index & ~m1) << 1)
                body(index | setMask, length)
            }
        default:
            self.lowMasks.withUnsafeBufferPointer { masks in
                for run in 0..<self.runCount {
                    var index = run << runLog
                    for mask in masks { index = (index & mask) | ((index & ~mask) << 1) }
                    body(index | setMask, length)
                }
            }
        }
    }
}
