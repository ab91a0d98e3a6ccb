/// xoshiro256** seeded through SplitMix64: fast, 256 bits of state, and the same stream
/// on every platform, which `SystemRandomNumberGenerator` is not.
struct Xoshiro256: RandomNumberGenerator {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        // SplitMix64 spreads any seed (0 included) over the four words, none of them zero.
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        self.s0 = splitMix()
        self.s1 = splitMix()
        self.s2 = splitMix()
        self.s3 = splitMix()
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((self.s1 &* 5) << 7 | (self.s1 &* 5) >> 57) &* 9
        let t = self.s1 << 17
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = self.s3 << 45 | self.s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    mutating func nextUnit() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    /// The number of successes in `trials` independent draws of probability `p`.
    ///
    /// Exact and O(trials): shots are at most millions and every split is paid once per
    /// branch, so a cleverer sampler would not show in a profile.
    mutating func binomial(trials: Int, probability p: Double) -> Int {
        if p <= 0 { return 0 }
        if p >= 1 { return trials }
        var successes = 0
        for _ in 0..<trials where self.nextUnit() < p {
            successes += 1
        }
        return successes
    }

    /// Shuffles `values` in place (Fisher–Yates).
    mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = Int(self.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            values.swapAt(i, j)
        }
    }
}
