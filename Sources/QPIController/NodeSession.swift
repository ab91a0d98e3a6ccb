/// Which node speaks for one QPU, as a state machine over the link's events.
///
/// No link → a link said hello (``hello(_:on:at:)``; not yet welcomed) → welcomed
/// (``welcomeSent(_:on:)``; the QPU takes jobs) → link dropped or cut (no link). A hello on a
/// new link or with a new session id starts over and asks the caller to reconcile; a hello
/// repeated on the same link and session only asks for the welcome again. Events from a
/// link that is no longer the session's change nothing.
struct NodeSession {
    /// What the caller does after a hello.
    enum HelloStep: Equatable {
        /// The same link and session asked again: send the welcome, reconcile nothing.
        case welcomeAgain
        /// A new session took the QPU over: reconcile the jobs both sides hold, then welcome.
        case reconcile
    }

    private(set) var link: (any NodeLink)?
    /// The node's session id on `link`, from its hello.
    private(set) var id: UInt64?
    /// The welcome for `id` has gone out on `link`. Dispatches wait for it: the node drops a
    /// dispatch that arrives before its welcome, and a link delivers in order, so one sent
    /// after the welcome is received after it.
    private(set) var welcomed = false
    /// Last message from the node (seconds since the epoch).
    private(set) var lastSeen: Double

    init(now: Double) {
        self.lastSeen = now
    }

    /// Whether `link` is this session's: messages from replaced links are ignored.
    func isCurrent(_ link: any NodeLink) -> Bool {
        self.link === link
    }

    mutating func hello(_ session: UInt64, on link: any NodeLink, at now: Double) -> HelloStep {
        if self.link === link, self.id == session { return .welcomeAgain }
        self.link = link
        self.id = session
        self.welcomed = false
        self.lastSeen = now
        return .reconcile
    }

    /// The welcome for `session` went out on `link`. True when the QPU takes jobs from now on
    /// (false for a stale link or session, or a welcome already counted).
    mutating func welcomeSent(_ session: UInt64, on link: any NodeLink) -> Bool {
        guard self.link === link, self.id == session, !self.welcomed else { return false }
        self.welcomed = true
        return true
    }

    mutating func heard(at now: Double) {
        self.lastSeen = now
    }

    /// `link` dropped. True when it was this session's, which has then ended.
    mutating func dropped(_ link: any NodeLink) -> Bool {
        guard self.link === link else { return false }
        self.end()
        return true
    }

    /// Ends the session from this side (a QPU disabled or its token rotated) and returns the
    /// link it had, to tell the node why.
    mutating func cut() -> (any NodeLink)? {
        defer { self.end() }
        return self.link
    }

    private mutating func end() {
        self.link = nil
        self.welcomed = false
    }
}
