import CMunge
import CMungeShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Encodes and decodes munge credentials through a munged socket.
///
/// Every call creates its own `munge_ctx` (an allocation, negligible beside the round trip to
/// munged), so no context is ever shared: one instance is safe to use from many threads at
/// once, and decoding scales with the threads that call it.
///
/// - Warning: Each call blocks its thread for a round trip to munged (about 0.1 ms when idle).
///   Fine for commands; a server decoding many credentials should call from a few threads of
///   its own rather than from Swift's cooperative pool.
public final class MungeCredentials: Sendable {
    /// The munged socket; nil means munge's default (`/run/munge/munge.socket.2`).
    public let socketPath: String?

    /// Credentials through the munged listening at `socketPath` (nil: munge's default).
    public init(socketPath: String? = nil) {
        self.socketPath = socketPath
    }

    /// Seals `payload` into a credential that proves this process's uid and gid.
    /// - Parameters:
    ///   - payload: Bytes to carry (for example a digest of the request it authenticates).
    ///   - ttl: Seconds the credential stays valid; nil uses munged's default (300 s).
    /// - Returns: The credential as munge's printable text.
    public func encode(payload: [UInt8] = [], ttl: Int? = nil) throws(MungeError) -> String {
        let context = try self.makeContext()
        defer { munge_ctx_destroy(context) }
        if let ttl {
            try check(shimStatus(qpi_munge_ctx_set_ttl(context, Int32(clamping: ttl)))) { .setTTL($0, context) }
        }
        var credential: UnsafeMutablePointer<CChar>?
        let status = payload.withUnsafeBytes { bytes in
            munge_encode(&credential, context, bytes.baseAddress, Int32(clamping: bytes.count))
        }
        defer { free(credential) }
        try check(status) { .encode($0, context) }
        guard let credential else { throw .encode(EMUNGE_SNAFU, context) }
        return String(cString: credential)
    }

    /// Verifies `credential` and returns who encoded it and what it carries.
    ///
    /// munged accepts each credential once: decoding it again throws `.replayed`.
    /// - Throws: ``MungeError`` with `.invalid` (forged, or another key), `.expired`,
    ///   `.replayed`, `.rewound`, `.unauthorized`, `.malformed`, or `.socket`.
    public func decode(_ credential: String) throws(MungeError) -> VerifiedCredential {
        let context = try self.makeContext()
        defer { munge_ctx_destroy(context) }
        var payload: UnsafeMutableRawPointer?
        var length: Int32 = 0
        var uid = uid_t()
        var gid = gid_t()
        let status = munge_decode(credential, context, &payload, &length, &uid, &gid)
        defer { free(payload) }
        try check(status) { .decode($0, context) }
        var encodeTime = time_t()
        try check(shimStatus(qpi_munge_ctx_get_encode_time(context, &encodeTime))) {
            .getEncodeTime($0, context)
        }
        let bytes = payload.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(length))) } ?? []
        return VerifiedCredential(
            uid: uid,
            gid: gid,
            payload: bytes,
            encodedAt: Date(timeIntervalSince1970: TimeInterval(encodeTime))
        )
    }

    private func makeContext() throws(MungeError) -> munge_ctx_t {
        guard let context = munge_ctx_create() else { throw .contextCreate() }
        if let socketPath = self.socketPath {
            let status = shimStatus(qpi_munge_ctx_set_socket(context, socketPath))
            if status != EMUNGE_SUCCESS {
                let error = MungeError.setSocket(status, context)
                munge_ctx_destroy(context)
                throw error
            }
        }
        return context
    }
}

/// A CMungeShim result (a `munge_err_t` passed as `int`) as munge's type.
private func shimStatus(_ status: Int32) -> munge_err_t {
    munge_err_t(rawValue: UInt32(bitPattern: status))
}
