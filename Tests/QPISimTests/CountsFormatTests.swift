import OpenQASM
import Testing

@testable import QPISim

struct CountsFormatTests {
    private func circuit(clbits: Int, registers: [(String, Int, Int)]) -> Circuit {
        Circuit(
            name: "k", qubitCount: 1, clbitCount: clbits,
            classicalRegisters: registers.map { Register(name: $0.0, offset: $0.1, size: $0.2) }
        )
    }

    private func bits(_ ones: Set<Int>, of count: Int) -> [Bool] {
        (0..<count).map { ones.contains($0) }
    }

    @Test func singleRegisterPutsBitZeroRightmost() {
        let c = self.circuit(clbits: 4, registers: [("c", 0, 4)])
        #expect(CountsFormat.key(for: self.bits([0], of: 4), in: c) == "0001")
        #expect(CountsFormat.key(for: self.bits([3], of: 4), in: c) == "1000")
    }

    @Test func lastDeclaredRegisterIsLeftmost() {
        let c = self.circuit(clbits: 5, registers: [("a", 0, 2), ("b", 2, 3)])
        // a = 0b01, b = 0b110
        #expect(CountsFormat.key(for: self.bits([0, 3, 4], of: 5), in: c) == "110 01")
    }

    @Test func manyOneBitRegisters() {
        let c = self.circuit(clbits: 4, registers: [("c0", 0, 1), ("c1", 1, 1), ("c2", 2, 1), ("c3", 3, 1)])
        #expect(CountsFormat.key(for: self.bits([1, 2], of: 4), in: c) == "0 1 1 0")
    }

    @Test func looseBitsAreUnspaced() {
        let c = self.circuit(clbits: 3, registers: [])
        #expect(CountsFormat.key(for: self.bits([0], of: 3), in: c) == "001")
    }

    @Test func mixedLooseBitsAndRegistersFormSegmentsByPosition() {
        // bit b0; creg c[2] at 1..2; bit b3; bit b4.
        let c = self.circuit(clbits: 5, registers: [("c", 1, 2)])
        #expect(CountsFormat.key(for: self.bits([0, 2, 4], of: 5), in: c) == "10 10 1")
    }

    @Test func keysRoundTrip() {
        let layouts = [
            self.circuit(clbits: 5, registers: [("a", 0, 2), ("b", 2, 3)]),
            self.circuit(clbits: 5, registers: [("c", 1, 2)]),
            self.circuit(clbits: 3, registers: []),
        ]
        for c in layouts {
            for value in 0..<(1 << c.clbitCount) {
                let clbits = (0..<c.clbitCount).map { value >> $0 & 1 == 1 }
                let key = CountsFormat.key(for: clbits, in: c)
                #expect(CountsFormat.clbits(fromKey: key, in: c) == clbits)
            }
        }
        let c = layouts[0]
        #expect(CountsFormat.clbits(fromKey: "11001", in: c) == nil)
        #expect(CountsFormat.clbits(fromKey: "11 001", in: c) == nil)
        #expect(CountsFormat.clbits(fromKey: "110 0x", in: c) == nil)
    }

    @Test func simulatorUsesTheFormat() throws {
        let c = Circuit(
            name: "two-registers", qubitCount: 3, clbitCount: 3,
            classicalRegisters: [Register(name: "a", offset: 0, size: 1), Register(name: "b", offset: 1, size: 2)],
            instructions: [gate(.x, 0), gate(.x, 2), measure(0, 0), measure(1, 1), measure(2, 2)]
        )
        let result = try StatevectorSimulator(options: SimulatorOptions(shots: 7, seed: 1)).run(c)
        #expect(result.counts == ["10 1": 7])
    }
}
