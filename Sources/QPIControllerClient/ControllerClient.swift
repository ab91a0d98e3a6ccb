import Crypto
import FoundationEssentials
import QPIAuth
import QPITransport
import QPIWire

#if canImport(Glibc)
    import Glibc
#endif

/// Why a command could not get an answer from `qpictld`.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The controller's own error, when it answered with one.
    public var wire: WireError?

    public init(_ message: String, wire: WireError? = nil) {
        self.message = message
        self.wire = wire
    }

    public var description: String { self.message }
}

/// A command's connection to the controller: each call is one request, munge-signed, or
/// on the controller's host sent over its local socket, where the kernel names the sender.
///
/// The munge credential's payload is the SHA-256 digest of the request body, so a
/// credential cannot be lifted onto another request; munged itself refuses replays.
///
/// The first connection is made by the initializer, so a controller that is not listening
/// is reported at once, as Slurm's commands do, not after a request's timeout. Later
/// losses of the connection are repaired: by NNG in the background, over the local socket
/// by the next request.
public final class ControllerClient: Sendable {
    public let url: String
    let link: Link
    let credentials: Credentials
    let timeout: Duration
    /// The controller's MaxMessageSize: it refuses larger requests, so they are not sent.
    let maxRequestSize: Int
    /// Largest reply accepted. Replies come from the controller, not from users, and a
    /// queue listing of 100,000 jobs is far larger than any request may be.
    let maxReplySize: Int
    /// The notifications this command prints once, when enabled.
    public let messageOfTheDay = MessageOfTheDay()

    /// - Parameters:
    ///   - cluster: `ClusterName`, which every request's credential names.
    ///   - localSocket: the controller's Unix socket (`LocalSocket`). When it exists here
    ///     and takes the connection, requests go through it unsigned: the controller learns
    ///     the caller's uid from the kernel. Otherwise they go to `url`, signed by munge.
    ///   - maxMessageSize: the controller's MaxMessageSize; replies may be larger.
    public init(
        url: String, mungeSocket: String?, cluster: String, localSocket: String? = nil,
        timeout: Duration = .seconds(30), maxMessageSize: Int = 64 << 20
    ) throws(ClientError) {
        self.timeout = timeout
        self.maxRequestSize = maxMessageSize
        self.maxReplySize = max(maxMessageSize, 1 << 30)
        if let localSocket, Self.isSocket(localSocket),
            let connection = try? IPCRequestConnection(path: localSocket, maxReplySize: self.maxReplySize)
        {
            self.url = "ipc://\(localSocket)"
            self.link = .local(connection)
            self.credentials = .peerUID
            return
        }
        self.url = url
        self.credentials = .munge(RequestSigner(munge: MungeCredentials(socketPath: mungeSocket), cluster: cluster))
        var options = SocketOptions()
        options.maxReceiveSize = self.maxReplySize
        let socket: RequestClient
        do {
            socket = try RequestClient(options: options)
        } catch {
            throw ClientError("cannot open a socket for qpictld: \(error)")
        }
        self.link = .network(socket)
        do {
            try socket.dial(url: url, waitForConnection: true)
        } catch  where error.code == .connectionRefused {
            throw ClientError("cannot connect to qpictld at \(url): connection refused; is qpictld running?")
        } catch {
            throw ClientError("cannot connect to qpictld at \(url): \(error)")
        }
    }

    /// The connection requests travel on.
    enum Link: Sendable {
        /// The controller's Unix socket, spoken without NNG (see ``IPCRequestConnection``).
        case local(IPCRequestConnection)
        /// NNG's req0 socket, to the controller's command listener.
        case network(RequestClient)

        func request(_ frame: [UInt8], timeout: Duration) async throws -> [UInt8] {
            switch self {
            case .local(let connection): try await connection.request(frame, timeout: timeout)
            case .network(let socket): try await socket.request(frame, timeout: timeout)
            }
        }
    }

    /// How requests prove who sends them.
    enum Credentials: Sendable {
        /// A munge credential over the request's digest.
        case munge(RequestSigner)
        /// None: the controller's local socket names the sender's uid.
        case peerUID

        func sign(_ body: [UInt8]) throws -> String {
            switch self {
            case .munge(let signer): try signer.sign(body)
            case .peerUID: Frame.peerCredential
            }
        }
    }

    /// Whether `path` is a Unix socket; a stale regular file or nothing at all is not.
    static func isSocket(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
    }

    /// Sends `request` and returns the controller's answer, or throws its error.
    /// - Parameter timeout: How long to wait for the answer; nil for the client's timeout.
    ///   A request that makes the controller wait, such as ``WaitJobRequest``, needs more
    ///   than its own wait.
    public func call<R: WireRequest>(_ request: R, timeout: Duration? = nil) async throws(ClientError) -> R.Response {
        let timeout = timeout ?? self.timeout
        // The command's first request brings back the caller's unshown notifications.
        let notices = self.messageOfTheDay.claim()
        let body: [UInt8]
        let credential: String
        do {
            body = try WireCoding.encode(RequestEnvelope(type: R.type, body: request, notices: notices ? true : nil))
            credential = try self.credentials.sign(body)
        } catch {
            throw ClientError("cannot sign the request: \(error)")
        }
        let frame = Frame(credential: credential, body: body).encoded()
        guard frame.count <= self.maxRequestSize else {
            throw ClientError(
                "the request is \(frame.count) bytes, over the controller's MaxMessageSize of \(self.maxRequestSize) bytes"
            )
        }
        let replyBytes: [UInt8]
        do {
            replyBytes = try await self.link.request(frame, timeout: timeout)
        } catch let error as NNGError where error.code == .timedOut {
            throw ClientError("no answer from qpictld at \(self.url) within \(timeout): is it running?")
        } catch let error as IPCRequestError where error.kind == .timedOut {
            throw ClientError("no answer from qpictld at \(self.url) within \(timeout): is it running?")
        } catch {
            throw ClientError("cannot reach qpictld at \(self.url): \(error)")
        }
        do {
            let frame = try Frame.decode(replyBytes, maxSize: self.maxReplySize)
            let reply = try WireCoding.decode(ReplyEnvelope<R.Response>.self, from: frame.body)
            if let notices = reply.notices { self.messageOfTheDay.show(notices) }
            if let error = reply.error { throw ClientError(error.description, wire: error) }
            guard let result = reply.result else { throw ClientError("qpictld sent an empty reply") }
            return result
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError("unreadable reply from qpictld: \(error)")
        }
    }

    public func close() {
        switch self.link {
        case .local(let connection): connection.close()
        case .network(let socket): socket.close()
        }
    }
}
