/// Draws basis states from a state's outcome distribution without copying it.
///
/// Small states use a cumulative table and a binary search per shot. Large ones use sorted
/// uniforms: per-chunk probability sums locate the chunk of each draw, then each chunk
/// holding draws is scanned once, so the cost is O(2^n + shots) and the only extra memory
/// is one Double per chunk of 4,096 amplitudes plus the draws themselves.
/// Draws come back in no particular order; callers that report shot order shuffle them.
struct ShotSampler {
    /// States up to this many amplitudes use the cumulative table.
    static let tableLimit = 1 << 12

    let pool: WorkerPool

    /// `shots` basis-state indices drawn with probability |amplitude|² / Σ|amplitude|².
    func sample(_ state: StateVector, shots: Int, rng: inout Xoshiro256) -> [Int] {
        guard shots > 0 else { return [] }
        if state.count <= Self.tableLimit {
            return self.sampleFromTable(state, shots: shots, rng: &rng)
        }
        return self.sampleSorted(state, shots: shots, rng: &rng)
    }

    private func sampleFromTable(_ state: StateVector, shots: Int, rng: inout Xoshiro256) -> [Int] {
        let count = state.count
        var cumulative = [Double](repeating: 0, count: count)
        var lastNonzero = 0
        state.withAmplitudes { amplitudes in
            var sum = 0.0
            for index in 0..<count {
                let p = amplitudes[index].magnitudeSquared
                if p > 0 { lastNonzero = index }
                sum += p
                cumulative[index] = sum
            }
        }
        let total = cumulative[state.count - 1]
        var result = [Int](repeating: 0, count: shots)
        for shot in 0..<shots {
            let target = rng.nextUnit() * total
            // First index whose cumulative probability exceeds the draw.
            var low = 0
            var high = state.count
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > target { high = middle } else { low = middle + 1 }
            }
            result[shot] = min(low, lastNonzero)
        }
        return result
    }

    private func sampleSorted(_ state: StateVector, shots: Int, rng: inout Xoshiro256) -> [Int] {
        let chunkSums = state.chunkProbabilities(pool: self.pool)
        let chunkCount = chunkSums.count
        var chunkStarts = [Double](repeating: 0, count: chunkCount + 1)
        for chunk in 0..<chunkCount { chunkStarts[chunk + 1] = chunkStarts[chunk] + chunkSums[chunk] }
        let total = chunkStarts[chunkCount]

        // Sorted uniforms from normalised partial sums of exponential spacings: O(shots)
        // instead of sorting.
        var targets = [Double](repeating: 0, count: shots)
        var sum = 0.0
        for shot in 0..<shots {
            sum += -Math.log(1 - rng.nextUnit())
            targets[shot] = sum
        }
        sum += -Math.log(1 - rng.nextUnit())
        let scale = total / sum
        for shot in 0..<shots { targets[shot] *= scale }

        // firstDraw[c]..<firstDraw[c + 1] are the draws that land in chunk c.
        var firstDraw = [Int](repeating: shots, count: chunkCount + 1)
        var draw = 0
        for chunk in 0..<chunkCount {
            firstDraw[chunk] = draw
            let end = chunkStarts[chunk + 1]
            while draw < shots, targets[draw] < end || (chunk == chunkCount - 1) { draw += 1 }
        }
        let busyChunks = (0..<chunkCount).filter { firstDraw[$0] < firstDraw[$0 + 1] && chunkSums[$0] > 0 }
        var result = [Int](repeating: -1, count: shots)
        let (starts, draws) = (chunkStarts, firstDraw)
        let chunkSize = min(state.count, 1 << StateVector.reductionChunkLog)
        state.withAmplitudes { amplitudes in
            let shared = SharedPointer(base: amplitudes)
            targets.withUnsafeBufferPointer { targetBuffer in
                let targets = SharedPointer(base: UnsafeMutablePointer(mutating: targetBuffer.baseAddress!))
                result.withUnsafeMutableBufferPointer { resultBuffer in
                    let output = SharedPointer(base: resultBuffer.baseAddress!)
                    self.pool.forEachRange(busyChunks.count) { _, range in
                        for chunk in range.map({ busyChunks[$0] }) {
                            let start = chunk * chunkSize
                            let offset = starts[chunk]
                            var draw = draws[chunk]
                            let end = draws[chunk + 1]
                            var accumulated = 0.0
                            var lastNonzero = start
                            for index in start..<(start + chunkSize) {
                                let p = shared.base[index].magnitudeSquared
                                guard p > 0 else { continue }
                                lastNonzero = index
                                accumulated += p
                                while draw < end, targets.base[draw] - offset < accumulated {
                                    output.base[draw] = index
                                    draw += 1
                                }
                                if draw == end { break }
                            }
                            while draw < end {
                                output.base[draw] = lastNonzero
                                draw += 1
                            }
                        }
                    }
                }
            }
        }
        // Draws that fell in chunks of zero probability (only through rounding at a chunk
        // boundary) take the nearest earlier sampled outcome.
        if let firstFilled = result.first(where: { $0 >= 0 }) {
            var previous = firstFilled
            for shot in 0..<shots {
                if result[shot] < 0 { result[shot] = previous } else { previous = result[shot] }
            }
        }
        return result
    }
}
