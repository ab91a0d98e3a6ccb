import Foundation
import HTTPTypes
import QPICore
import QPIWire
import Testing

@testable import QPIHTTP

/// Request bodies that do not fit name what was wrong: 400 for what is not JSON, 422 with
/// the JSON path for missing fields, wrong types and bad values.
struct BodyDecodingTests {
    static let limits = SubmitLimits(circuits: 1_000, bytesPerCircuit: 1 << 20, instructions: 200_000)

    func failure(_ json: String) -> APIError? {
        do {
            _ = try BodyDecoding.decode(SubmitBody.self, from: Data(json.utf8)).request(limits: Self.limits)
            return nil
        } catch let error as APIError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func notJSONIs400() {
        let error = self.failure("{\"circuits\": [")
        #expect(error?.status == .badRequest && error?.wire.code == .malformed && error?.wire.field == "body")
    }

    @Test func wrongTypesNameTheirPath() {
        #expect(self.failure(#"{"circuits": [{"circuit": 1}]}"#)?.wire.field == "circuits[0].circuit")
        #expect(self.failure(#"{"circuits": [], "shots": "x"}"#)?.wire.field == "shots")
        #expect(self.failure(#"{"circuits": [], "time": 5}"#)?.status == .unprocessableContent)
        #expect(self.failure(#"[1]"#)?.wire.field == "body")
    }

    @Test func missingFieldsAreNamed() {
        let error = self.failure(#"{"shots": 3}"#)
        #expect(error?.status == .unprocessableContent && error?.wire.field == "circuits")
        #expect(self.failure(#"{"circuits": [{}]}"#)?.wire.field == "circuits[0].circuit")
    }

    @Test func badValuesUseQsubsRules() {
        let circuit = #"[{"circuit": "OPENQASM 2.0; qreg q[1]; creg c[1]; measure q -> c;"}]"#
        #expect(self.failure(#"{"circuits": \#(circuit), "shots": 0}"#)?.wire.field == "shots")
        #expect(self.failure(#"{"circuits": \#(circuit), "time": "soon"}"#)?.wire.field == "time")
        #expect(self.failure(#"{"circuits": \#(circuit), "priority": 20000}"#)?.wire.field == "priority")
        #expect(self.failure(#"{"circuits": \#(circuit), "dependency": "after"}"#)?.wire.field == "dependency")
        #expect(self.failure(#"{"circuits": []}"#)?.wire.field == "circuits")
        let qasm = self.failure(#"{"circuits": [{"circuit": "OPENQASM 2.0;\nqreg q[1];\nbogus q[0];"}]}"#)
        #expect(qasm?.wire.field == "circuits" && qasm?.wire.message.contains("circuits[0]:3:") == true)
    }

    @Test func aValidBodyBecomesTheSubmissionQsubWouldSend() throws {
        let json = #"""
            {"circuits": [{"circuit": "OPENQASM 2.0; qreg q[2]; creg c[2]; measure q -> c;"},
                          {"circuit": "OPENQASM 2.0; qreg q[3]; creg c[3]; measure q -> c;"}],
             "shots": 10, "qpu": "sim0", "name": "pair", "time": "5m", "seed": 7, "hold": true}
            """#
        let request = try BodyDecoding.decode(SubmitBody.self, from: Data(json.utf8)).request(limits: Self.limits)
        #expect(request.circuitCount == 2 && request.qubits == 3 && request.hold)
        #expect(request.options.shots == 10 && request.options.qpu == "sim0" && request.options.name == "pair")
        #expect(request.options.timeLimitSeconds == 300 && request.options.seed == 7)
    }
}

struct APIErrorTests {
    @Test func everyCodeHasItsStatus() {
        let expected: [(WireError.Code, Int)] = [
            (.malformed, 400), (.unauthenticated, 401), (.forbidden, 403), (.notFound, 404), (.conflict, 409),
            (.tooLarge, 413), (.invalidArgument, 422), (.rateLimited, 429), (.unavailable, 503), (.internal, 500),
        ]
        for (code, status) in expected {
            #expect(APIError.status(for: code).code == status, "\(code)")
        }
    }

    @Test func unauthorizedRepliesAskForABearerToken() {
        #expect(APIError(.unauthenticated, "no").headers[.wwwAuthenticate] == "Bearer realm=\"qpi\"")
    }
}
