/// Splits a byte stream into frames of a 4-byte big-endian length followed by that many
/// bytes, as the executor protocol sends them over pipes.
///
/// Bytes are appended as they arrive; complete frames come out in order. A length above
/// `maxFrameSize` poisons the stream (an executor printing garbage), which the caller
/// treats as a failed executor rather than trying to resynchronise.
public struct LengthPrefixedFrames: Sendable {
    public struct Oversized: Error, Sendable, CustomStringConvertible {
        public var length: Int
        public var limit: Int
        public var description: String {
            "executor sent a frame of \(self.length) bytes, over the limit of \(self.limit) bytes"
        }
    }

    public let maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(maxFrameSize: Int) {
        self.maxFrameSize = maxFrameSize
    }

    /// The frame encoding of `payload`.
    public static func encode(_ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
            + payload
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        self.buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, nil when more bytes are needed.
    public mutating func next() throws(Oversized) -> [UInt8]? {
        guard self.buffer.count - self.start >= 4 else { return nil }
        let b = self.buffer
        let length = Int(b[start]) << 24 | Int(b[start + 1]) << 16 | Int(b[start + 2]) << 8 | Int(b[start + 3])
        guard length <= self.maxFrameSize else { throw Oversized(length: length, limit: self.maxFrameSize) }
        guard self.buffer.count - self.start - 4 >= length else { return nil }
        let frame = Array(self.buffer[(self.start + 4)..<(self.start + 4 + length)])
        self.start += 4 + length
        if self.start > 65_536 && self.start * 2 > self.buffer.count {
            self.buffer.removeFirst(self.start)
            self.start = 0
        }
        return frame
    }

    /// Bytes received but not yet part of a complete frame.
    public var pendingByteCount: Int { self.buffer.count - self.start }
}
