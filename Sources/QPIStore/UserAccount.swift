/// A user as accounting knows them.
public struct UserAccount: Sendable, Hashable {
    public var name: String
    public var uid: UInt32
    /// Remaining qpu_seconds; nil means unlimited. May go below zero: runs are charged
    /// what they measured after the fact.
    public var qpuSecondsBalance: Double?
    public var isAdmin: Bool

    public init(name: String, uid: UInt32, qpuSecondsBalance: Double? = nil, isAdmin: Bool = false) {
        self.name = name
        self.uid = uid
        self.qpuSecondsBalance = qpuSecondsBalance
        self.isAdmin = isAdmin
    }
}
