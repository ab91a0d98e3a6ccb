/// The amplitudes of an n-qubit state in one contiguous buffer; index bit q is qubit q.
///
/// The storage is a Swift array so the final state can be handed to the result without a
/// copy; all work goes through `withAmplitudes`, which gives the kernels a raw pointer.
/// Reductions add in fixed chunks and then add the chunk sums in order, so they give the
/// same bits whatever the number of threads.
/// - Warning: Not thread-safe; one run owns it and parallelises inside its methods.
final class StateVector {
    let qubitCount: Int
    private(set) var amplitudes: [ComplexDouble]

    /// log2 of the chunk size used by every reduction.
    static let reductionChunkLog = 12

    /// |0…0⟩; pages are first touched by the workers that will process them.
    init(qubitCount: Int, pool: WorkerPool) {
        self.qubitCount = qubitCount
        let count = 1 << qubitCount
        self.amplitudes = [ComplexDouble](unsafeUninitializedCapacity: count) { buffer, initialized in
            let shared = SharedPointer(base: buffer.baseAddress!)
            pool.forEachRange(Self.chunkCount(count)) { _, chunks in
                let range = Self.indices(of: chunks, count: count)
                (shared.base + range.lowerBound).initialize(repeating: .zero, count: range.count)
            }
            buffer[0] = .one
            initialized = count
        }
    }

    /// A copy of `other`, copied in parallel.
    init(copying other: StateVector, pool: WorkerPool) {
        self.qubitCount = other.qubitCount
        let count = other.amplitudes.count
        self.amplitudes = [ComplexDouble](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = SharedPointer(base: buffer.baseAddress!)
            other.amplitudes.withUnsafeBufferPointer { source in
                let source = SharedPointer(base: UnsafeMutablePointer(mutating: source.baseAddress!))
                pool.forEachRange(Self.chunkCount(count)) { _, chunks in
                    let range = Self.indices(of: chunks, count: count)
                    (target.base + range.lowerBound).initialize(
                        from: source.base + range.lowerBound, count: range.count)
                }
            }
            initialized = count
        }
    }

    var count: Int { self.amplitudes.count }

    func withAmplitudes<R>(_ body: (UnsafeMutablePointer<ComplexDouble>) -> R) -> R {
        self.amplitudes.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    /// Hands the amplitudes over, leaving the state empty.
    func takeAmplitudes() -> [ComplexDouble] {
        defer { self.amplitudes = [] }
        return self.amplitudes
    }

    /// Sets the state back to |0…0⟩.
    func reset(pool: WorkerPool) {
        let count = self.count
        self.withAmplitudes { base in
            let shared = SharedPointer(base: base)
            pool.forEachRange(Self.chunkCount(count)) { _, chunks in
                let range = Self.indices(of: chunks, count: count)
                (shared.base + range.lowerBound).update(repeating: .zero, count: range.count)
            }
            base[0] = .one
        }
    }

    /// Multiplies every amplitude by `factor`.
    func scale(by factor: ComplexDouble, pool: WorkerPool) {
        let count = self.count
        self.withAmplitudes { base in
            let shared = SharedPointer(base: base)
            pool.forEachRange(Self.chunkCount(count)) { _, chunks in
                for index in Self.indices(of: chunks, count: count) { shared.base[index] *= factor }
            }
        }
    }

    /// The probability of measuring 1 on `qubit`, unnormalised (relative to `norm`).
    func probabilityOfOne(qubit: Int, pool: WorkerPool) -> Double {
        let bit = 1 << qubit
        return self.chunkSums(pool: pool) { p, start, length in
            var sum = 0.0
            for j in 0..<length where (start + j) & bit != 0 { sum += p[j].magnitudeSquared }
            return sum
        }.reduce(0, +)
    }

    /// Σ|amplitude|² over each reduction chunk, in index order.
    func chunkProbabilities(pool: WorkerPool) -> [Double] {
        self.chunkSums(pool: pool) { p, _, length in
            var sum = 0.0
            for j in 0..<length { sum += p[j].magnitudeSquared }
            return sum
        }
    }

    private func chunkSums(
        pool: WorkerPool,
        _ sum: @Sendable (UnsafeMutablePointer<ComplexDouble>, _ start: Int, _ length: Int) -> Double
    ) -> [Double] {
        let count = self.count
        let chunks = Self.chunkCount(count)
        var sums = [Double](repeating: 0, count: chunks)
        self.withAmplitudes { base in
            let shared = SharedPointer(base: base)
            sums.withUnsafeMutableBufferPointer { sums in
                let output = SharedPointer(base: sums.baseAddress!)
                pool.forEachRange(chunks) { _, range in
                    for chunk in range {
                        let indices = Self.indices(of: chunk..<(chunk + 1), count: count)
                        output.base[chunk] = sum(shared.base + indices.lowerBound, indices.lowerBound, indices.count)
                    }
                }
            }
        }
        return sums
    }

    static func chunkCount(_ count: Int) -> Int {
        max(1, count >> Self.reductionChunkLog)
    }

    /// The amplitude indices covered by a range of reduction chunks.
    static func indices(of chunks: Range<Int>, count: Int) -> Range<Int> {
        let size = min(count, 1 << Self.reductionChunkLog)
        return (chunks.lowerBound * size)..<min(count, chunks.upperBound * size)
    }
}
