extension Caller {
    /// Whether a caller has administrator rights: root, the controller's own account and
    /// the AdminUsers names. Every front end (munge, HTTP tokens, login) asks here, each
    /// with its view of AdminUsers (the live roster or the controller's settings).
    public static func isAdmin(uid: UInt32, daemonUID: UInt32, listedInAdminUsers: Bool) -> Bool {
        uid == 0 || uid == daemonUID || listedInAdminUsers
    }
}
