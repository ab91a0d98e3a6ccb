import Foundation
import HTTPTypes
import QPIController
import QPIWire
import Testing

@testable import QPIHTTP

struct SubmitLimitsTests {
    static let limits = SubmitLimits(circuits: 3, bytesPerCircuit: 4_096, instructions: 1_000)
    static let bell = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0], q[1];
        measure q -> c;
        """

    /// A circuit whose `levels` nested gate definitions expand to 4^levels instructions.
    static func nested(levels: Int) -> String {
        var text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ngate g0 a { x a; }\n"
        for level in 1...levels {
            let inner = "g\(level - 1) a;"
            text += "gate g\(level) a { \(inner) \(inner) \(inner) \(inner) }\n"
        }
        return text + "g\(levels) q[0];\n"
    }

    static func body(_ circuits: [String]) -> SubmitBody {
        SubmitBody(circuits: circuits.map { SubmitBody.Circuit(circuit: $0) })
    }

    @Test func aJobWithinTheLimitsIsChecked() throws {
        let request = try Self.body([Self.bell, Self.nested(levels: 4)]).request(limits: Self.limits)
        #expect(request.circuitCount == 2 && request.qubits == 2)
    }

    @Test func theExpansionBudgetCoversAllCircuitsTogether() {
        // 4^5 = 1,024 instructions alone, and 2 × 256 + 2 × 4 within 1,000 but 4 × 256 not.
        for circuits in [[Self.nested(levels: 5)], Array(repeating: Self.nested(levels: 4), count: 4)] {
            let limits = SubmitLimits(circuits: 8, bytesPerCircuit: 4_096, instructions: 1_000)
            #expect {
                _ = try Self.body(circuits).request(limits: limits)
            } throws: { error in
                let error = error as? APIError
                return error?.status == .contentTooLarge && error?.wire.field == "circuits"
                    && error?.wire.message.contains("1000 instructions") == true
            }
        }
    }

    @Test func countAndSizeAreCheckedBeforeAnyExpansion() {
        #expect {
            _ = try Self.body(Array(repeating: Self.bell, count: 4)).request(limits: Self.limits)
        } throws: { ($0 as? APIError)?.wire.field == "circuits" && ($0 as? APIError)?.status == .contentTooLarge }
        let long = Self.bell + String(repeating: "// padding\n", count: 500)
        #expect {
            _ = try Self.body([Self.bell, long]).request(limits: Self.limits)
        } throws: { ($0 as? APIError)?.wire.field == "circuits[1].circuit" }
    }

    @Test func deeplyNestedCircuitsAreCheckedOnThePoolsThreads() async throws {
        let parentheses = String(repeating: "(", count: 99) + "0.5" + String(repeating: ")", count: 99)
        let sum = Array(repeating: "0.001", count: 999).joined(separator: "+")
        let circuit = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrz(\(parentheses)) q[0];\nrz(\(sum)) q[0];\n"
        let limits = SubmitLimits(circuits: 1, bytesPerCircuit: 1 << 16, instructions: 1_000)
        let pool = BlockingWorkPool(name: "circuit checks", width: 1, queueLimit: 0)
        let request = try await Self.body([circuit]).request(limits: limits, pool: pool)
        #expect(request.qubits == 1)
    }
}
