import CMunge

extension MungeError {
    /// The kind of a ``MungeError``. New kinds may be added; switch with a `default` case.
    public struct Code: Hashable, Sendable {
        private enum Kind: Hashable, Sendable {
            case internalError, badArgument, tooLong, overflow, outOfMemory, socket, timeout
            case malformed, badVersion, badCipher, badMAC, badCompression, badRealm
            case invalid, expired, rewound, replayed, unauthorized, unknown
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// munged could not be reached: no daemon at the socket, or the socket is unusable.
        public static let socket = Code(.socket)
        /// The credential does not verify: forged, corrupted, or encoded under another key.
        public static let invalid = Code(.invalid)
        /// The credential's time-to-live has passed.
        public static let expired = Code(.expired)
        /// The credential was encoded in the future (the clocks disagree).
        public static let rewound = Code(.rewound)
        /// The credential has been decoded before.
        public static let replayed = Code(.replayed)
        /// The credential was restricted to another uid or gid.
        public static let unauthorized = Code(.unauthorized)
        /// The text is not a munge credential at all.
        public static let malformed = Code(.malformed)
        /// The credential's format version is not supported.
        public static let badVersion = Code(.badVersion)
        /// The credential names an unknown cipher.
        public static let badCipher = Code(.badCipher)
        /// The credential names an unknown MAC.
        public static let badMAC = Code(.badMAC)
        /// The credential names an unknown compression.
        public static let badCompression = Code(.badCompression)
        /// The credential's security realm is not recognized.
        public static let badRealm = Code(.badRealm)
        /// An argument was invalid (for example a TTL out of range).
        public static let badArgument = Code(.badArgument)
        /// The payload exceeds munge's maximum message length.
        public static let tooLong = Code(.tooLong)
        /// A buffer overflowed.
        public static let overflow = Code(.overflow)
        /// Memory could not be allocated.
        public static let outOfMemory = Code(.outOfMemory)
        /// Talking to munged timed out.
        public static let timeout = Code(.timeout)
        /// munge reported an internal error.
        public static let internalError = Code(.internalError)
        /// A number this version of QPI does not know.
        public static let unknown = Code(.unknown)

        private static let byStatus: [UInt32: Kind] = [
            EMUNGE_SNAFU.rawValue: .internalError, EMUNGE_BAD_ARG.rawValue: .badArgument,
            EMUNGE_BAD_LENGTH.rawValue: .tooLong, EMUNGE_OVERFLOW.rawValue: .overflow,
            EMUNGE_NO_MEMORY.rawValue: .outOfMemory, EMUNGE_SOCKET.rawValue: .socket,
            EMUNGE_TIMEOUT.rawValue: .timeout, EMUNGE_BAD_CRED.rawValue: .malformed,
            EMUNGE_BAD_VERSION.rawValue: .badVersion, EMUNGE_BAD_CIPHER.rawValue: .badCipher,
            EMUNGE_BAD_MAC.rawValue: .badMAC, EMUNGE_BAD_ZIP.rawValue: .badCompression,
            EMUNGE_BAD_REALM.rawValue: .badRealm, EMUNGE_CRED_INVALID.rawValue: .invalid,
            EMUNGE_CRED_EXPIRED.rawValue: .expired, EMUNGE_CRED_REWOUND.rawValue: .rewound,
            EMUNGE_CRED_REPLAYED.rawValue: .replayed, EMUNGE_CRED_UNAUTHORIZED.rawValue: .unauthorized,
        ]

        init(status: munge_err_t) {
            self.kind = Self.byStatus[status.rawValue] ?? .unknown
        }
    }
}

extension MungeError.Code: CustomStringConvertible {
    /// The code's name, for example `replayed`.
    public var description: String {
        String(describing: self.kind)
    }
}
