import FoundationEssentials
import Glibc
import Synchronization

/// Why a request over an ``IPCRequestConnection`` failed.
public struct IPCRequestError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Nothing listens at the path, or it refused the connection.
        case unreachable
        /// No whole reply within the timeout.
        case timedOut
        /// The peer does not speak NNG's rep0 over IPC, or broke the framing.
        case protocolViolation
        /// The connection failed while sending or receiving.
        case io
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { self.message }
}

/// A req0 connection to an NNG rep0 listener on a Unix socket (`ipc://PATH`), spoken on a
/// plain socket that the calling thread waits on with poll(2).
///
/// A command makes one request and exits, and NNG's first use starts a poller, four name
/// resolvers and a task pool (over a dozen threads), which costs a short command more than
/// its request. On the controller's host the commands use this instead; the wire is NNG's
/// own (SP header, then frames of a type byte and a 64-bit length), so the controller's
/// listener cannot tell the two apart. Anything that keeps a connection busy (`qpid`,
/// the HTTP side, benchmarks with many clients) stays on ``RequestClient``.
///
/// Requests are serialized: a second caller waits for the first exchange to end. The
/// connection is made by ``init(path:maxReplySize:timeout:)`` and made again by a request
/// that finds it broken, for as long as that request's timeout allows.
public final class IPCRequestConnection: Sendable {
    /// NNG's protocol numbers, as the SP header carries them.
    private static let requestProtocol: UInt16 = 0x30
    private static let replyProtocol: UInt16 = 0x31
    /// The type byte of a message frame in NNG's IPC transport.
    private static let messageFrame: UInt8 = 1

    public let path: String
    private let maxReplySize: Int
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        /// The next request's id; the high bit marks the header's last (here: only) hop.
        var nextID: UInt32
    }

    /// Connects and exchanges SP headers with the listener at `path`.
    /// - Parameter maxReplySize: Larger replies are refused before they are read.
    /// - Throws: ``IPCRequestError`` `.unreachable` when nothing takes the connection.
    public init(path: String, maxReplySize: Int, timeout: Duration = .seconds(5)) throws(IPCRequestError) {
        self.path = path
        self.maxReplySize = maxReplySize
        let descriptor = try Self.open(path: path, deadline: .now + timeout)
        self.state = Mutex(State(descriptor: descriptor, nextID: UInt32.random(in: 0..<0x7FFF_FFFF)))
    }

    deinit {
        self.close()
    }

    /// Sends `body` and returns the reply's body, waiting on a thread of its own: the
    /// exchange blocks, and must not hold one of the cooperative pool's few threads, which
    /// the listener itself may need when it runs in the same process (tests, benchmarks).
    /// A thread costs tens of microseconds; NNG's start costs milliseconds.
    /// - Parameter timeout: The whole exchange, reconnecting included.
    public func request(_ body: [UInt8], timeout: Duration) async throws(IPCRequestError) -> [UInt8] {
        let result: Result<[UInt8], IPCRequestError> = await withCheckedContinuation { continuation in
            Self.detachThread {
                continuation.resume(
                    returning: Result { () throws(IPCRequestError) in
                        try self.requestBlocking(body, timeout: timeout)
                    })
            }
        }
        return try result.get()
    }

    /// Runs `body` on a new detached thread. pthreads, not Foundation's `Thread`, which
    /// would link all of Foundation into the commands. When no thread can be made, `body`
    /// runs in the caller: it then blocks one pool thread for one exchange, which beats
    /// never answering.
    private static func detachThread(_ body: @escaping @Sendable () -> Void) {
        final class Work: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
            return
        }
        pthread_detach(thread)
    }

    /// ``request(_:timeout:)`` in the calling thread.
    public func requestBlocking(_ body: [UInt8], timeout: Duration) throws(IPCRequestError) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        return try self.state.withLock { (state: inout State) throws(IPCRequestError) -> [UInt8] in
            let id = state.nextID | 0x8000_0000
            state.nextID = (state.nextID &+ 1) & 0x7FFF_FFFF
            while true {
                do throws(IPCRequestError) {
                    if state.descriptor < 0 {
                        state.descriptor = try Self.open(path: self.path, deadline: deadline)
                    }
                    return try self.exchange(body, id: id, on: state.descriptor, deadline: deadline)
                } catch {
                    // A half-sent or half-read frame leaves the stream unusable.
                    if state.descriptor >= 0 {
                        closeDescriptor(state.descriptor)
                        state.descriptor = -1
                    }
                    // A request whose connection was lost (the controller restarting) is sent
                    // again once the listener is back, within the timeout, as NNG's req0 resends
                    // and as the commands behaved over NNG. A submission carries its id, so one
                    // that was stored before the loss is not stored twice.
                    let retryable = error.kind == .io || error.kind == .unreachable
                    guard retryable, ContinuousClock.now + Self.reconnectDelay < deadline else { throw error }
                    usleep(UInt32(Self.reconnectDelay.components.attoseconds / 1_000_000_000_000))
                }
            }
        }
    }

    /// The pause between attempts to reach a listener that went away.
    private static let reconnectDelay = Duration.milliseconds(100)

    /// Closes the connection; later requests make a new one.
    public func close() {
        self.state.withLock { state in
            if state.descriptor >= 0 {
                closeDescriptor(state.descriptor)
                state.descriptor = -1
            }
        }
    }

    private func exchange(_ body: [UInt8], id: UInt32, on descriptor: Int32, deadline: ContinuousClock.Instant)
        throws(IPCRequestError) -> [UInt8]
    {
        var frame: [UInt8] = []
        frame.reserveCapacity(13 + body.count)
        frame.append(Self.messageFrame)
        Self.appendBigEndian(UInt64(4 + body.count), to: &frame)
        Self.appendBigEndian(id, to: &frame)
        frame.append(contentsOf: body)
        try Self.write(frame, to: descriptor, deadline: deadline)
        while true {
            let head = try Self.read(count: 9, from: descriptor, deadline: deadline)
            guard head[0] == Self.messageFrame else {
                throw IPCRequestError(.protocolViolation, "\(self.path): unknown frame type \(head[0])")
            }
            let length = head[1...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard length >= 4 else {
                throw IPCRequestError(.protocolViolation, "\(self.path): a reply of \(length) bytes has no request id")
            }
            guard length - 4 <= UInt64(self.maxReplySize) else {
                throw IPCRequestError(
                    .protocolViolation, "\(self.path): a reply of \(length - 4) bytes is over \(self.maxReplySize)")
            }
            let message = try Self.read(count: Int(length), from: descriptor, deadline: deadline)
            let replyID = message[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            // A reply to an earlier request that timed out is not this one's.
            if replyID == id { return Array(message[4...]) }
        }
    }

    private static func open(path: String, deadline: ContinuousClock.Instant) throws(IPCRequestError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else {
            throw IPCRequestError(.unreachable, "\(path): a Unix socket path is at most \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        // Non-blocking, so that a listener whose backlog is full refuses at once (EAGAIN)
        // instead of holding the command past its timeout.
        let descriptor = socket(
            AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else {
            throw IPCRequestError(.unreachable, "\(path): cannot open a socket: \(Self.errorText())")
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = Self.errorText()
            closeDescriptor(descriptor)
            throw IPCRequestError(.unreachable, "\(path): \(reason)")
        }
        do throws(IPCRequestError) {
            var header: [UInt8] = [0, UInt8(ascii: "S"), UInt8(ascii: "P"), 0]
            Self.appendBigEndian(Self.requestProtocol, to: &header)
            header += [0, 0]
            try Self.write(header, to: descriptor, deadline: deadline)
            let peer = try Self.read(count: 8, from: descriptor, deadline: deadline)
            guard peer[0..<4].elementsEqual(header[0..<4]),
                UInt16(peer[4]) << 8 | UInt16(peer[5]) == Self.replyProtocol
            else {
                throw IPCRequestError(.protocolViolation, "\(path): the listener does not answer as NNG rep0")
            }
        } catch {
            closeDescriptor(descriptor)
            throw error
        }
        return descriptor
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, deadline: ContinuousClock.Instant)
        throws(IPCRequestError)
    {
        var sent = 0
        while sent < bytes.count {
            try Self.wait(for: Int16(POLLOUT), on: descriptor, deadline: deadline)
            let count = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw IPCRequestError(.io, "cannot send to the controller's socket: \(Self.errorText())")
            }
            sent += count
        }
    }

    private static func read(count: Int, from descriptor: Int32, deadline: ContinuousClock.Instant)
        throws(IPCRequestError) -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            try Self.wait(for: Int16(POLLIN), on: descriptor, deadline: deadline)
            let got = bytes.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress! + received, count - received, Int32(MSG_DONTWAIT))
            }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw IPCRequestError(.io, "cannot read from the controller's socket: \(Self.errorText())")
            }
            if got == 0 {
                throw IPCRequestError(.io, "the controller closed its socket before answering")
            }
            received += got
        }
        return bytes
    }

    /// Waits until `descriptor` is ready for `events`, or throws `.timedOut` at `deadline`.
    private static func wait(for events: Int16, on descriptor: Int32, deadline: ContinuousClock.Instant)
        throws(IPCRequestError)
    {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw IPCRequestError(.timedOut, "no answer in time") }
            let (seconds, attoseconds) = left.components
            let milliseconds = min(Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(milliseconds))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw IPCRequestError(.io, "cannot wait on the controller's socket: \(Self.errorText())")
            }
        }
    }

    private static func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// `close(2)`, under a name the connection's own `close()` does not hide.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
