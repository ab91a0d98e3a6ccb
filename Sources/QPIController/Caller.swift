import QPICore
import QPIWire

/// Who sent a request, as its credential proved.
public struct Caller: Sendable, Hashable {
    public var user: String
    public var uid: UInt32
    public var isAdmin: Bool
    /// May say hello as a qpi.conf QPU's node: administrators and `NodeUsers` accounts.
    public var mayRunNodes: Bool

    /// - Parameter mayRunNodes: nil for "only if an administrator".
    public init(user: String, uid: UInt32, isAdmin: Bool, mayRunNodes: Bool? = nil) {
        self.user = user
        self.uid = uid
        self.isAdmin = isAdmin
        self.mayRunNodes = isAdmin || mayRunNodes == true
    }
}

/// The one place that decides whether a caller may act on a job. Every front end asks
/// here, so the rule is written once: users see the whole queue, as in Slurm (unless
/// `PrivateData=jobs`, which `ClusterController.job(_:visibleTo:)` applies), but read
/// results of, cancel, hold or change only their own jobs; admins act on any.
public enum Authorization {
    public enum JobAction: String, Sendable {
        case readResult = "read the result of", cancel, hold, release, modify, requeue
    }

    public static func check(_ action: JobAction, on job: Job, by caller: Caller) throws(WireError) {
        if caller.isAdmin || caller.uid == job.uid { return }
        throw WireError(
            .forbidden, "job \(job.id) belongs to \(job.user); you (\(caller.user)) may not \(action.rawValue) it")
    }

    /// What only admins may do, whoever it concerns: change balances, decide time
    /// requests, read other users' time requests, change QPUs, run a node daemon.
    public enum AdminAction: String, Sendable, CaseIterable {
        case setBalance = "change qpu_seconds balances"
        case decideTimeRequest = "approve or reject time requests"
        case listAllTimeRequests = "list other users' time requests"
        case manageQPUs = "create, change or delete QPUs"
        case verifyAPITokens = "verify API tokens"
        case manageNotifications = "create, change or delete notifications"
        case listAllNotifications = "list every notification, whoever it is for"
        case backup = "back up the controller's database"
        case reconfigure = "reload the controller's configuration"
        case setPasswords = "set login passwords"
    }

    /// Running `qpid` for a qpi.conf QPU: administrators, or the accounts in `NodeUsers`,
    /// which may do nothing else an administrator may.
    public static func checkRunsNodes(_ caller: Caller) throws(WireError) {
        if caller.mayRunNodes { return }
        throw WireError(
            .forbidden, "only root, AdminUsers or NodeUsers accounts may run a node daemon; you are \(caller.user)")
    }

    public static func check(_ action: AdminAction, by caller: Caller) throws(WireError) {
        if caller.isAdmin { return }
        throw WireError(
            .forbidden, "only root or an AdminUsers account may \(action.rawValue); you are \(caller.user)")
    }

    /// Actions on something a user owns other than a job (API tokens): the owner or an admin.
    public enum OwnedAction: String, Sendable, CaseIterable {
        case manageTokens = "manage the API tokens of"
    }

    public static func check(_ action: OwnedAction, ownedBy owner: String, by caller: Caller) throws(WireError) {
        if caller.isAdmin || caller.user == owner { return }
        throw WireError(.forbidden, "you (\(caller.user)) may not \(action.rawValue) \(owner)")
    }
}

extension Authorization {
    /// What a caller may do with another user's time slot.
    public enum UserAction: String, Sendable {
        case book = "book a slot for", cancelSlot = "cancel a slot of"
    }

    /// Users act for themselves; admins for anyone.
    public static func check(_ action: UserAction, forUser user: String, by caller: Caller) throws(WireError) {
        if caller.isAdmin || caller.user == user { return }
        throw WireError(.forbidden, "you (\(caller.user)) may not \(action.rawValue) \(user); only administrators may")
    }

    /// Only admins raise a job's priority above 0; anyone may lower their own.
    public static func checkPriority(_ priority: Int, by caller: Caller) throws(WireError) {
        if priority <= 0 || caller.isAdmin { return }
        throw WireError(
            .forbidden,
            "only administrators may raise a job's priority (--priority=\(priority)); "
                + "you (\(caller.user)) may lower yours with --nice=N",
            field: "priority")
    }
}
