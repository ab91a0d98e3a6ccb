/// Where the controller keeps its store and, on PostgreSQL, the lease that makes it the
/// active controller: what `qctl diag` shows an admin.
public struct StoreStatus: Codable, Sendable, Hashable {
    /// `sqlite` or `postgresql`.
    public var engine: String
    /// The SQLite file, or the PostgreSQL URL (never with a password).
    public var location: String
    /// This controller's `HOST:PORT` as the lease names it; nil without a lease (SQLite).
    public var leaseHolder: String?
    /// When this controller took the lease, in seconds since the epoch.
    public var leaseSince: Double?
    /// When it last renewed it, in seconds since the epoch.
    public var leaseRenewed: Double?
    /// How long the lease lasts unrenewed (`TakeoverTimeout`).
    public var leaseTimeoutSeconds: Double?

    public init(
        engine: String, location: String, leaseHolder: String? = nil, leaseSince: Double? = nil,
        leaseRenewed: Double? = nil, leaseTimeoutSeconds: Double? = nil
    ) {
        self.engine = engine
        self.location = location
        self.leaseHolder = leaseHolder
        self.leaseSince = leaseSince
        self.leaseRenewed = leaseRenewed
        self.leaseTimeoutSeconds = leaseTimeoutSeconds
    }
}
