import CNNG

/// Copies between Swift byte arrays and `nng_msg` bodies.
enum NNGMessage {
    /// A new message holding a copy of `bytes`; the caller owns it until NNG accepts it.
    static func make(_ bytes: [UInt8]) throws(NNGError) -> OpaquePointer {
        var message: OpaquePointer?
        try check(nng_msg_alloc(&message, bytes.count)) { .messageAlloc($0, size: bytes.count) }
        guard let message else { throw .messageAlloc(Int32(NNG_ENOMEM.rawValue), size: bytes.count) }
        if !bytes.isEmpty {
            bytes.withUnsafeBytes { source in
                nng_msg_body(message).copyMemory(from: source.baseAddress!, byteCount: source.count)
            }
        }
        return message
    }

    /// The body of `message` as bytes and the id of the pipe (peer connection) it came
    /// over; frees the message.
    static func consumeWithPipe(_ message: OpaquePointer) -> (bytes: [UInt8], pipeID: Int) {
        let pipeID = Int(nng_pipe_id(nng_msg_get_pipe(message)))
        return (Self.consume(message), pipeID)
    }

    /// The body of `message` as bytes; frees the message.
    static func consume(_ message: OpaquePointer) -> [UInt8] {
        defer { nng_msg_free(message) }
        let count = nng_msg_len(message)
        guard count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: nng_msg_body(message), count: count))
    }
}
