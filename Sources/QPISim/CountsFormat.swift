public import OpenQASM

/// The text keys of `SimulationResult.counts` and `.memory`, as Qiskit's `get_counts()`
/// prints them.
///
/// The rule: the circuit's classical bits are cut into segments, one per classical
/// register and one per maximal run of consecutive loose bits (OpenQASM 3 `bit c0;` bits
/// that belong to no register). Segments are printed in reverse order of their first bit,
/// so the last-declared register is leftmost, separated by single spaces; inside a segment
/// the highest bit is leftmost, so clbit 0 is the rightmost character. A circuit whose bits
/// are all loose therefore gives one unspaced string ("010"), and one whose bits are all in
/// registers gives Qiskit's spaced form ("1 01"). Mixing both kinds follows the same rule;
/// Qiskit itself has no consistent answer there. Empty registers print nothing.
public enum CountsFormat {
    /// The key for one outcome; `clbits[i]` is the value of clbit `i`.
    /// - Precondition: `clbits.count == circuit.clbitCount`.
    public static func key(for clbits: [Bool], in circuit: Circuit) -> String {
        Layout(circuit).key { clbits[$0] }
    }

    /// The clbit values a key stands for (index = clbit), or nil when the key does not have
    /// this circuit's shape. Bits that appear in no segment read as false.
    public static func clbits(fromKey key: String, in circuit: Circuit) -> [Bool]? {
        Layout(circuit).clbits(fromKey: key, clbitCount: circuit.clbitCount)
    }
}

extension CountsFormat {
    /// The segments of one circuit, computed once per run rather than once per key.
    struct Layout: Sendable {
        /// Segments left to right; each lists its clbits left to right (highest first).
        let segments: [[Int]]
        let characterCount: Int

        init(_ circuit: Circuit) {
            var inRegister = [Bool](repeating: false, count: circuit.clbitCount)
            var segments: [(offset: Int, bits: [Int])] = []
            for register in circuit.classicalRegisters where register.size > 0 {
                segments.append((register.offset, Array(register.indices)))
                for bit in register.indices where bit < circuit.clbitCount {
                    inRegister[bit] = true
                }
            }
            var bit = 0
            while bit < circuit.clbitCount {
                guard !inRegister[bit] else {
                    bit += 1
                    continue
                }
                let start = bit
                while bit < circuit.clbitCount, !inRegister[bit] { bit += 1 }
                segments.append((start, Array(start..<bit)))
            }
            // Stable by offset, so registers declared at the same offset keep declaration order.
            let ordered = segments.enumerated()
                .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
                .map { $0.element.bits }
            self.segments = ordered.reversed().map { $0.reversed() }
            self.characterCount = self.segments.reduce(0) { $0 + $1.count } + max(0, self.segments.count - 1)
        }

        /// The key for an outcome given as a clbit-value lookup.
        func key(_ value: (Int) -> Bool) -> String {
            var utf8: [UInt8] = []
            utf8.reserveCapacity(self.characterCount)
            for (index, segment) in self.segments.enumerated() {
                if index > 0 { utf8.append(UInt8(ascii: " ")) }
                for bit in segment {
                    utf8.append(value(bit) ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                }
            }
            return String(decoding: utf8, as: UTF8.self)
        }

        func clbits(fromKey key: String, clbitCount: Int) -> [Bool]? {
            let parts = key.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == max(self.segments.count, 1) else { return nil }
            var result = [Bool](repeating: false, count: clbitCount)
            for (part, segment) in zip(parts, self.segments) {
                guard part.utf8.count == segment.count else { return nil }
                for (character, bit) in zip(part.utf8, segment) {
                    switch character {
                    case UInt8(ascii: "0"): result[bit] = false
                    case UInt8(ascii: "1"): result[bit] = true
                    default: return nil
                    }
                }
            }
            if self.segments.isEmpty, !key.isEmpty { return nil }
            return result
        }
    }
}
