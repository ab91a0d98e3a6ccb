/// The byte layout every QPI message shares on NNG sockets.
///
/// ```
/// "QPI" version(1 byte) | credential length (UInt32, big endian) | credential | body (JSON)
/// ```
/// The credential is a munge credential whose payload is the SHA-256 digest of the body,
/// `token QPU.SECRET` in a registered node's hello (sent only inside TLS), ``peerCredential``
/// over the controller's local socket (the kernel names the sender), or empty where
/// the link is already authenticated or the request needs no proof (a node's bootstrap). Decoding checks sizes before
/// touching the body, so a truncated or hostile frame is an error, never a crash.
public struct Frame: Sendable, Hashable {
    /// Protocol version this build speaks.
    public static let version: UInt8 = 1
    static let magic: [UInt8] = Array("QPI".utf8)
    static let headerSize = 8

    public var credential: String
    public var body: [UInt8]

    /// The credential of a command on the controller's local socket: "take my uid from the
    /// connection". It proves nothing by itself; the controller honours it only on a
    /// connection whose peer uid the kernel reported.
    public static let peerCredential = "peer-uid"

    public init(credential: String = "", body: [UInt8]) {
        self.credential = credential
        self.body = body
    }

    /// The frame's bytes.
    public func encoded() -> [UInt8] {
        let credentialBytes = Array(self.credential.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + credentialBytes.count + self.body.count)
        bytes += Self.magic
        bytes.append(Self.version)
        let length = UInt32(credentialBytes.count)
        bytes += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        bytes += credentialBytes
        bytes += self.body
        return bytes
    }

    /// The receive limit to give a transport whose frames may be at most `maxSize` bytes.
    ///
    /// Twice `maxSize`: a frame somewhat over the limit still arrives, so that
    /// ``decode(_:maxSize:)`` refuses it and its sender learns why, where the transport
    /// would drop it without a word. Anything larger the transport still drops, with its
    /// connection, before reading it into memory.
    public static func transportLimit(forMaxSize maxSize: Int) -> Int {
        maxSize > Int.max / 2 ? Int.max : maxSize * 2
    }

    /// Parses a frame, refusing anything larger than `maxSize` bytes.
    public static func decode(_ bytes: [UInt8], maxSize: Int) throws(WireError) -> Frame {
        guard bytes.count <= maxSize else {
            throw WireError(.tooLarge, "message of \(bytes.count) bytes exceeds the limit of \(maxSize) bytes")
        }
        guard bytes.count >= Self.headerSize, Array(bytes[0..<3]) == Self.magic else {
            throw WireError(.malformed, "not a QPI message (missing header)")
        }
        guard bytes[3] == Self.version else {
            throw WireError(
                .unsupportedVersion,
                "message version \(bytes[3]) is not supported; this daemon speaks version \(Self.version)"
            )
        }
        let length = Int(bytes[4]) << 24 | Int(bytes[5]) << 16 | Int(bytes[6]) << 8 | Int(bytes[7])
        guard length <= bytes.count - Self.headerSize else {
            throw WireError(.malformed, "truncated message: credential of \(length) bytes announced")
        }
        let credentialEnd = Self.headerSize + length
        guard let credential = String(validating: bytes[Self.headerSize..<credentialEnd], as: UTF8.self) else {
            throw WireError(.malformed, "credential is not text")
        }
        return Frame(credential: credential, body: Array(bytes[credentialEnd...]))
    }
}
