import CNNG

extension NNGError {
    /// The kind of an ``NNGError``. New kinds may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable {
        private enum Kind: Hashable, Sendable {
            case interrupted, outOfMemory, invalidArgument, busy, timedOut, connectionRefused
            case closed, tryAgain, notSupported, addressInUse, invalidState, notFound
            case protocolError, unreachable, invalidAddress, permissionDenied, messageTooLarge
            case connectionAborted, connectionReset, canceled, tooManyFiles, noSpace
            case alreadyExists, readOnly, writeOnly, cryptographic, peerAuthentication
            case missingArgument, ambiguous, badType, connectionShutdown, internalError
            case system, transport, unknown
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A timeout expired before the operation completed.
        public static let timedOut = Code(.timedOut)
        /// The socket (or context, dialer, listener) was closed.
        public static let closed = Code(.closed)
        /// Nobody listens at the remote address.
        public static let connectionRefused = Code(.connectionRefused)
        /// A message exceeded the receive size limit.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// The operation was cancelled (for example by task cancellation).
        public static let canceled = Code(.canceled)
        /// A non-blocking operation could not proceed now.
        public static let tryAgain = Code(.tryAgain)
        /// The local address is already bound.
        public static let addressInUse = Code(.addressInUse)
        /// The address or URL is malformed or unusable.
        public static let invalidAddress = Code(.invalidAddress)
        /// An argument was out of range or otherwise invalid.
        public static let invalidArgument = Code(.invalidArgument)
        /// The object is in the wrong state for the operation.
        public static let invalidState = Code(.invalidState)
        /// The option or operation is not supported by this protocol or transport.
        public static let notSupported = Code(.notSupported)
        /// A TLS handshake or certificate check failed.
        public static let cryptographic = Code(.cryptographic)
        /// The peer could not be authenticated.
        public static let peerAuthentication = Code(.peerAuthentication)
        /// The peer reset the connection.
        public static let connectionReset = Code(.connectionReset)
        /// The connection was aborted locally.
        public static let connectionAborted = Code(.connectionAborted)
        /// The peer shut the connection down.
        public static let connectionShutdown = Code(.connectionShutdown)
        /// The remote address is unreachable.
        public static let unreachable = Code(.unreachable)
        /// A protocol violation was detected.
        public static let protocolError = Code(.protocolError)
        /// The operation is not permitted.
        public static let permissionDenied = Code(.permissionDenied)
        /// An item (address, file, option) does not exist.
        public static let notFound = Code(.notFound)
        /// The item already exists.
        public static let alreadyExists = Code(.alreadyExists)
        /// The resource is busy.
        public static let busy = Code(.busy)
        /// Memory could not be allocated.
        public static let outOfMemory = Code(.outOfMemory)
        /// Too many open files.
        public static let tooManyFiles = Code(.tooManyFiles)
        /// No space left (on a device or in a buffer).
        public static let noSpace = Code(.noSpace)
        /// The operation was interrupted.
        public static let interrupted = Code(.interrupted)
        /// The option is read-only.
        public static let readOnly = Code(.readOnly)
        /// The option is write-only.
        public static let writeOnly = Code(.writeOnly)
        /// A required option argument is missing.
        public static let missingArgument = Code(.missingArgument)
        /// An option name is ambiguous.
        public static let ambiguous = Code(.ambiguous)
        /// An option value has the wrong type.
        public static let badType = Code(.badType)
        /// NNG reported an internal error.
        public static let internalError = Code(.internalError)
        /// An operating system error; ``NNGError/number`` holds `NNG_ESYSERR | errno`.
        public static let system = Code(.system)
        /// A transport-specific error; ``NNGError/number`` holds `NNG_ETRANERR | code`.
        public static let transport = Code(.transport)
        /// A number this version of QPI does not know.
        public static let unknown = Code(.unknown)

        private static let byNumber: [UInt32: Kind] = [
            NNG_EINTR.rawValue: .interrupted, NNG_ENOMEM.rawValue: .outOfMemory,
            NNG_EINVAL.rawValue: .invalidArgument, NNG_EBUSY.rawValue: .busy,
            NNG_ETIMEDOUT.rawValue: .timedOut, NNG_ECONNREFUSED.rawValue: .connectionRefused,
            NNG_ECLOSED.rawValue: .closed, NNG_EAGAIN.rawValue: .tryAgain,
            NNG_ENOTSUP.rawValue: .notSupported, NNG_EADDRINUSE.rawValue: .addressInUse,
            NNG_ESTATE.rawValue: .invalidState, NNG_ENOENT.rawValue: .notFound,
            NNG_EPROTO.rawValue: .protocolError, NNG_EUNREACHABLE.rawValue: .unreachable,
            NNG_EADDRINVAL.rawValue: .invalidAddress, NNG_EPERM.rawValue: .permissionDenied,
            NNG_EMSGSIZE.rawValue: .messageTooLarge, NNG_ECONNABORTED.rawValue: .connectionAborted,
            NNG_ECONNRESET.rawValue: .connectionReset, NNG_ECANCELED.rawValue: .canceled,
            NNG_ENOFILES.rawValue: .tooManyFiles, NNG_ENOSPC.rawValue: .noSpace,
            NNG_EEXIST.rawValue: .alreadyExists, NNG_EREADONLY.rawValue: .readOnly,
            NNG_EWRITEONLY.rawValue: .writeOnly, NNG_ECRYPTO.rawValue: .cryptographic,
            NNG_EPEERAUTH.rawValue: .peerAuthentication, NNG_ENOARG.rawValue: .missingArgument,
            NNG_EAMBIGUOUS.rawValue: .ambiguous, NNG_EBADTYPE.rawValue: .badType,
            NNG_ECONNSHUT.rawValue: .connectionShutdown, NNG_EINTERNAL.rawValue: .internalError,
        ]

        init(number: Int32) {
            let bits = UInt32(bitPattern: number)
            if bits & NNG_ESYSERR.rawValue != 0 {
                self.kind = .system
            } else if bits & NNG_ETRANERR.rawValue != 0 {
                self.kind = .transport
            } else {
                self.kind = Self.byNumber[bits] ?? .unknown
            }
        }
    }
}

extension NNGError.Code: CustomStringConvertible {
    /// The code's name, for example `timedOut`.
    public var description: String {
        String(describing: self.kind)
    }
}
