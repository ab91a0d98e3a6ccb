import QPICore

/// Registers a QPU for a remote node (`qctl qpu create`); admins only.
public struct QPUCreateRequest: WireRequest {
    public static let type = "qpu_create"
    public var name: String
    public var executor: String
    public var qubits: Int

    public init(name: String, executor: String, qubits: Int) {
        self.name = name
        self.executor = executor
        self.qubits = qubits
    }

    public struct Response: Codable, Sendable, Hashable {
        public var qpu: QPU
        public var dispatchPort: Int
        public var resultPort: Int
        /// The access token, shown this once; the controller keeps only its hash.
        public var token: String
        /// SHA-256 fingerprint of the cluster CA's certificate, for `qpid --ca-fingerprint`.
        public var caFingerprint: String

        public init(qpu: QPU, dispatchPort: Int, resultPort: Int, token: String, caFingerprint: String) {
            self.qpu = qpu
            self.dispatchPort = dispatchPort
            self.resultPort = resultPort
            self.token = token
            self.caFingerprint = caFingerprint
        }
    }
}

/// Changes a QPU's availability (`qctl qpu enable|disable|drain|resume`); admins only.
public struct QPUStateRequest: WireRequest {
    public static let type = "qpu_state"

    public enum Action: String, Codable, Sendable, CaseIterable {
        /// Takes jobs again after `disable`.
        case enable
        /// Takes no jobs and drops its node.
        case disable
        /// Takes no new jobs; the running one finishes.
        case drain
        /// Takes jobs again after `drain`.
        case resume
    }

    public var name: String
    public var action: Action
    public var reason: String?

    public init(name: String, action: Action, reason: String? = nil) {
        self.name = name
        self.action = action
        self.reason = reason
    }

    public struct Response: Codable, Sendable, Hashable {
        public var qpu: QPU
        public init(qpu: QPU) { self.qpu = qpu }
    }
}

/// Deletes a registered QPU, freeing its ports (`qctl qpu delete`); admins only.
public struct QPUDeleteRequest: WireRequest {
    public static let type = "qpu_delete"
    public var name: String
    public init(name: String) { self.name = name }

    public struct Response: Codable, Sendable, Hashable {
        public var name: String
        public init(name: String) { self.name = name }
    }
}

/// Replaces a registered QPU's token (`qctl qpu rotate-token`); admins only. A node
/// connected with the old token is dropped.
public struct QPURotateTokenRequest: WireRequest {
    public static let type = "qpu_rotate_token"
    public var name: String
    public init(name: String) { self.name = name }

    public struct Response: Codable, Sendable, Hashable {
        public var name: String
        public var token: String
        public var caFingerprint: String
        public init(name: String, token: String, caFingerprint: String) {
            self.name = name
            self.token = token
            self.caFingerprint = caFingerprint
        }
    }
}

/// The first thing a remote `qpid` asks, over plain TCP and without credentials: a
/// challenge to prove its token on (``NodeBootstrapRequest``).
public struct NodeChallengeRequest: WireRequest {
    public static let type = "node_challenge"
    public var qpu: String
    public init(qpu: String) { self.qpu = qpu }

    public struct Response: Codable, Sendable, Hashable {
        public var challenge: String
        public init(challenge: String) { self.challenge = challenge }
    }
}

/// What a remote `qpid` asks next, over plain TCP and without credentials: the cluster's CA
/// certificate and where its QPU's TLS link listens, answered only to a node whose proof
/// shows it holds the QPU's token (`NodeTokenProof`). Nothing in the answer is secret, and
/// nothing in it is trusted before the CA's fingerprint matches the pinned one.
public struct NodeBootstrapRequest: WireRequest {
    public static let type = "node_bootstrap"
    public var qpu: String
    /// The answer to ``NodeChallengeRequest``.
    public var challenge: String
    /// HMAC-SHA256 over the challenge, keyed by the token's hash, in hex.
    public var proof: String

    public init(qpu: String, challenge: String, proof: String) {
        self.qpu = qpu
        self.challenge = challenge
        self.proof = proof
    }

    public struct Response: Codable, Sendable, Hashable {
        public var caCertificatePEM: String
        /// The DNS name in the controller's certificate, checked by the TLS handshake.
        public var serverName: String
        /// Port of the QPU's `tls+tcp` link on the controller's host.
        public var linkPort: Int
        public init(caCertificatePEM: String, serverName: String, linkPort: Int) {
            self.caCertificatePEM = caCertificatePEM
            self.serverName = serverName
            self.linkPort = linkPort
        }
    }
}
