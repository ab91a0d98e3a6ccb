import OpenQASM
import QPICore
import Testing

/// Hostile or broken input gives diagnostics, never a crash, a hang or unbounded memory.
struct RobustnessTests {
    @Test(arguments: [10_000, 20_000])
    func deepNestingIsRefused(depth: Int) {
        let cases = [
            "OPENQASM 2.0;\nqreg q[1];\nU(" + String(repeating: "(", count: depth) + "1"
                + String(repeating: ")", count: depth) + ", 0, 0) q[0];\n",
            "OPENQASM 2.0;\nqreg q[1];\nU(" + String(repeating: "-", count: depth) + "1, 0, 0) q[0];\n",
            "OPENQASM 3;\n" + String(repeating: "{", count: depth) + String(repeating: "}", count: depth),
            "OPENQASM 3;\nbit c;\nqubit q;\n" + String(repeating: "if (c) ", count: depth) + "U(0, 0, 0) q;\n",
            "OPENQASM 2.0;\nqreg q[1];\nU(" + String(repeating: "2^", count: depth) + "1, 0, 0) q[0];\n",
            "OPENQASM 2.0;\nqreg q[1];\nU(" + Array(repeating: "1", count: depth).joined(separator: "+")
                + ", 0, 0) q[0];\n",
        ]
        for text in cases {
            #expect(diagnostics(text).contains { $0.id == .nestingTooDeep })
        }
    }

    @Test func reasonableNestingIsFine() {
        let parentheses = String(repeating: "(", count: 450) + "1" + String(repeating: ")", count: 450)
        #expect(operations("OPENQASM 2.0;\nqreg q[1];\nU(\(parentheses), 0, 0) q[0];\n").count == 1)
        let negations = String(repeating: "-", count: 900)
        #expect(
            operations("OPENQASM 2.0;\nqreg q[1];\nU(\(negations)1, 0, 0) q[0];\n") == [
                gate(.u, 0, parameters: [1, 0, 0])
            ])
        let mixed = String(repeating: "-(", count: 300) + "2" + String(repeating: ")", count: 300)
        #expect(
            operations("OPENQASM 2.0;\nqreg q[1];\nU(\(mixed), 0, 0) q[0];\n") == [gate(.u, 0, parameters: [2, 0, 0])])
        let sum = Array(repeating: "1", count: 900).joined(separator: " + ")
        #expect(
            operations("OPENQASM 2.0;\nqreg q[1];\nU(\(sum), 0, 0) q[0];\n") == [gate(.u, 0, parameters: [900, 0, 0])])
    }

    @Test func garbageGivesErrors() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let bytes = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            let found = diagnostics(text)
            #expect(found.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
        }
        #expect(diagnostics("OPENQASM 2.0;\n\0\0\0qreg q[1];\n").contains { $0.id == .invalidToken })
    }

    @Test func errorFloodsStop() {
        let text = "OPENQASM 2.0;\n" + String(repeating: "foo bar;\n", count: 10_000)
        let found = diagnostics(text)
        #expect(found.count <= 101)
        #expect(found.last?.id == .limitExceeded)
    }

    @Test func hugeRegistersAreRefused() {
        expectDiagnostic(.valueOutOfRange, "OPENQASM 2.0;\nqreg q[1️⃣100000000000];\n")
        expectDiagnostic(.valueOutOfRange, "OPENQASM 2.0;\nqreg q[1️⃣-1];\n")
        expectDiagnostic(.limitExceeded, "OPENQASM 2.0;\nqreg a[1000000];\nqreg 1️⃣b[1000000];\n")
    }

    @Test func aHundredThousandGatesParse() throws {
        let lines = [
            "h q[3];\n", "cx q[1],q[2];\n", "rz(pi/2) q[7];\n", "u3(0.1,0.2,0.3) q[19];\n", "measure q[4] -> c[4];\n",
        ]
        var text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[20];\ncreg c[20];\n"
        for index in 0..<100_000 {
            text += lines[index % lines.count]
        }
        let circuit = try #require(try parse(text).circuits.first)
        #expect(circuit.instructions.count == 100_000)
        #expect(circuit.instructions.last?.location?.line == 100_004)
    }
}
