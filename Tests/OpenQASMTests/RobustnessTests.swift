import Foundation
import OpenQASM
import QPICore
import Testing

/// Hostile or broken input gives diagnostics, never a crash, a hang or unbounded memory.
struct RobustnessTests {
    @Test(arguments: [10_000, 20_000])
    func deepBlocksAreRefused(depth: Int) {
        let cases = [
            "OPENQASM 3;\n" + String(repeating: "{", count: depth) + String(repeating: "}", count: depth),
            "OPENQASM 3;\nbit c;\nqubit q;\n" + String(repeating: "if (c) ", count: depth) + "U(0, 0, 0) q;\n",
        ]
        for text in cases {
            #expect(diagnostics(text).contains { $0.id == .nestingTooDeep })
        }
    }

    /// Expressions nest as deep as memory allows, since nothing that reads them recurses.
    /// Swift Testing calls this on the cooperative pool, and it parses each program again
    /// on a thread with a 256 KiB stack, less than any thread the parser is called on.
    @Test(arguments: [5_000, 10_000, 50_000])
    func deepExpressionsAreEvaluated(depth: Int) {
        func nest(_ open: String, _ inner: String, _ close: String, _ count: Int = depth) -> String {
            String(repeating: open, count: count) + inner + String(repeating: close, count: count)
        }
        func angle(_ expression: String) -> String {
            "OPENQASM 2.0;\nqreg q[1];\nU(\(expression), 0, 0) q[0];\n"
        }
        let iteratedSine = { (x: Double) in (0..<depth).reduce(x) { value, _ in sin(value) } }
        let cases: [(String, Double)] = [
            (angle(nest("(", "1", ")")), 1),
            (angle(String(repeating: "-", count: depth + 1) + "2"), -2),
            (angle(nest("-(", "2", ")", depth + 1)), -2),
            (angle(nest("sin(", "1", ")")), iteratedSine(1)),
            (angle(nest("(1+", "1", ")")), Double(depth + 1)),
            (angle("2^" + String(repeating: "1^", count: depth) + "3"), 2),
            (angle(Array(repeating: "1", count: depth).joined(separator: "+")), Double(depth)),
            (
                "OPENQASM 2.0;\nqreg q[1];\ngate g(t) a { U(\(nest("sin(", "t/2", ")")), 0, 0) a; }\ng(1) q[0];\n",
                iteratedSine(0.5)
            ),
        ]
        for (text, expected) in cases {
            #expect(operations(text) == [gate(.u, 0, parameters: [expected, 0, 0])])
            #expect(Self.onSmallStack { diagnostics(text) }.isEmpty)
        }
        let condition = "OPENQASM 3;\nbit[1] c;\nqubit q;\nif (\(nest("bool(", "c[0]", ")"))) U(1, 0, 0) q;\n"
        #expect(operations(condition).count == 1)
        #expect(Self.onSmallStack { diagnostics(condition) }.isEmpty)
    }

    /// Runs `body` on a new thread with a 256 KiB stack and waits for its result.
    private static func onSmallStack<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        let outcome = Outcome<Result>()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = body()
            finished.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
        finished.wait()
        return outcome.result!
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

    /// The binder's own scan of declarations meets statements cut anywhere.
    @Test func bindingTokenSoupGivesErrorsOrText() {
        let words = [
            "input", "float", "int", "uint", "bool", "bit", "[", "]", "8", "64", "theta", "x", ";", "{", "}", "(", ")",
            ",", "gate", "opaque", "for", "in", "qubit", "qreg", "const", "OPENQASM", "3", "2.0", "=", "$0", "//", "\n",
        ]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 24)
            let text = (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(
                separator: " ")
            let source = SourceFile(name: "soup.qasm", text: text)
            let names = (try? QASMParser.inputs(of: source))?.map(\.name) ?? []
            let values = Dictionary(names.map { ($0, "1") }, uniquingKeysWith: { first, _ in first })
            if let bound = try? QASMParser.bind(source, values: values) {
                #expect(
                    bound.text.split(separator: "\n", omittingEmptySubsequences: false).count
                        == text.split(separator: "\n", omittingEmptySubsequences: false).count)
            }
        }
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

/// A result handed from a thread to the one waiting for it: written before the thread
/// signals, read after the wait, never at the same time.
private final class Outcome<Result>: @unchecked Sendable {
    var result: Result?
}
