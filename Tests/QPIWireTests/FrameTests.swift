import QPICore
import Testing

@testable import QPIWire

struct FrameTests {
    @Test func roundTripsCredentialAndBody() throws {
        let frame = Frame(credential: "MUNGE:abc", body: Array("{\"type\":\"ping\"}".utf8))
        let decoded = try Frame.decode(frame.encoded(), maxSize: 1 << 20)
        #expect(decoded == frame)
    }

    @Test func refusesOversizedBeforeParsing() {
        let bytes = Frame(body: [UInt8](repeating: 0x20, count: 100)).encoded()
        #expect(throws: WireError.self) { try Frame.decode(bytes, maxSize: 50) }
        do {
            _ = try Frame.decode(bytes, maxSize: 50)
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test func transportLimitLeavesRoomToRefuseOversizedFrames() {
        #expect(Frame.transportLimit(forMaxSize: 16 << 20) == 32 << 20)
        #expect(Frame.transportLimit(forMaxSize: .max) == .max)
    }

    static let header: [UInt8] = Array("QPI".utf8)
    static let brokenFrames: [([UInt8], WireError.Code)] = [
        ([], .malformed),
        (header, .malformed),
        (Array("XYZ".utf8) + [1, 0, 0, 0, 0], .malformed),
        (header + [9, 0, 0, 0, 0], .unsupportedVersion),
        (header + [1, 0, 0, 0, 200] + Array("short".utf8), .malformed),
        (header + [1, 0xFF, 0xFF, 0xFF, 0xFF], .malformed),
    ]

    @Test(arguments: Self.brokenFrames)
    func rejectsBrokenFrames(bytes: [UInt8], code: WireError.Code) {
        do {
            _ = try Frame.decode(bytes, maxSize: 1 << 20)
            Issue.record("decoded a broken frame")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func decodeErrorsNameTheField() {
        let body = Array("{\"type\":\"submit\",\"body\":{\"scripts\":[],\"options\":{},\"circuitCount\":\"x\"}}".utf8)
        do {
            _ = try WireCoding.decode(RequestEnvelope<SubmitRequest>.self, from: body)
            Issue.record("decoded a bad body")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.field == "body.circuitCount")
        }
    }

    @Test func nodeMessagesRoundTrip() throws {
        let ref = JobRef(jobID: 7, dispatchID: 3)
        let messages: [NodeMessage] = [
            .hello(NodeHello(session: 9, qpu: "sim0", executor: "sim", qubits: 24, running: [ref], spooled: [])),
            .heartbeat(running: [ref]),
            .accepted(ref),
            .result(
                JobOutcome(
                    ref: ref, status: .completed,
                    results: [CircuitResult(name: "bell", counts: ["00": 5], shots: 5, seed: 1, timeTaken: 0.1)],
                    message: nil, deviceSeconds: 0.1)),
        ]
        for message in messages {
            let bytes = try WireCoding.encode(message)
            #expect(try WireCoding.decode(NodeMessage.self, from: bytes) == message)
        }
    }
}
