import Foundation

/// The HTTP API's request bodies as the fuzzers (`make fuzz`, target `http`) and the replay
/// tests see them: arbitrary bytes go through the decoder of every body a route reads, and a
/// submission that decodes is checked as `POST /api/jobs` checks it. Each must turn any input
/// into a value or an API error, never a crash or a hang.
public enum HTTPBodyFuzzing {
    /// Limits small enough that one input costs milliseconds.
    static let limits = SubmitLimits(circuits: 64, bytesPerCircuit: 1 << 16, instructions: 20_000)

    /// Decodes `bytes` as each request body of the API.
    public static func decode(_ bytes: [UInt8]) {
        let data = Data(bytes)
        if let submit = try? BodyDecoding.decode(SubmitBody.self, from: data) {
            _ = try? submit.request(limits: Self.limits)
        }
        _ = try? BodyDecoding.decode(LoginBody.self, from: data)
        _ = try? BodyDecoding.decode(TokenCreateBody.self, from: data)
        _ = try? BodyDecoding.decode(TokenUpdateBody.self, from: data)
        _ = try? BodyDecoding.decode(UserUpdateBody.self, from: data)
        _ = try? BodyDecoding.decode(BookBody.self, from: data)
        _ = try? BodyDecoding.decode(FileTimeBody.self, from: data)
        _ = try? BodyDecoding.decode(DecideTimeBody.self, from: data)
        _ = try? BodyDecoding.decode(NotificationCreateBody.self, from: data)
        _ = try? BodyDecoding.decode(NotificationUpdateBody.self, from: data)
        _ = try? BodyDecoding.decode(QPUCreateBody.self, from: data)
        _ = try? BodyDecoding.decode(QPUConnectBody.self, from: data)
        _ = try? BodyDecoding.decode(QPUToggleBody.self, from: data)
    }
}
