extension Caller {
    /// Whether `user` (`uid`) has administrator rights: root, the controller's own account
    /// and the AdminUsers names. Every front end (munge, HTTP tokens, login) asks here.
    public static func isAdmin(user: String, uid: UInt32, adminUsers: Set<String>, daemonUID: UInt32) -> Bool {
        uid == 0 || uid == daemonUID || adminUsers.contains(user)
    }
}
