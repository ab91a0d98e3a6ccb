public import QPIWire

/// A registered QPU's new access token, shown only in this document, and the CA
/// fingerprint its node checks: `qctl qpu rotate-token --json`.
public struct RotatedTokenJSON: Codable, Sendable, Hashable {
    public var name: String
    public var token: String
    public var caFingerprint: String

    public init(_ rotated: QPURotateTokenRequest.Response) {
        self.name = rotated.name
        self.token = rotated.token
        self.caFingerprint = rotated.caFingerprint
    }
}
