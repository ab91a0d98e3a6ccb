import QPICore
import QPIScheduler
import QPIWire

/// The QPUs the controller places jobs on: each one's state, the node session that speaks
/// for it and the dispatches in flight there.
///
/// A value type with no clock, store or I/O of its own: every transition takes the time and
/// returns what the caller must do (send, requeue, wake the scheduler), so the rules are
/// tested in-process (`QPUFleetTests`). The controller's actor owns the one instance.
struct QPUFleet {
    struct Member {
        var qpu: QPU
        var session: NodeSession
        /// Dispatches sent to the node whose results are not yet stored, in the order the node
        /// runs them: the first is on the QPU, the rest wait in the node's queue, at most
        /// DispatchDepth in all. Empty when the QPU is free.
        fileprivate(set) var inFlight: [JobRef] = []
        /// When the first of `inFlight` became first, which is about when the node started it:
        /// the time-limit rule counts from here, not from a queued job's dispatch.
        fileprivate(set) var headSince: Double
        /// The controller's own cap on the node's telemetry.
        var telemetryLimiter = TelemetryRateLimiter()

        init(qpu: QPU, now: Double) {
            self.qpu = qpu
            // Until its node says hello, a QPU that would take jobs is down.
            if qpu.state == .idle || qpu.state == .allocated { self.qpu.state = .down }
            self.session = NodeSession(now: now)
            self.headSince = now
        }

        /// When `job`, the first in flight, started: not before it became first.
        func headStart(of job: Job) -> Double {
            max(job.startTime ?? self.headSince, self.headSince)
        }

        /// The state the QPU is in when in service: down without a welcomed node.
        var serviceState: QPUState {
            guard self.session.welcomed else { return .down }
            return self.inFlight.isEmpty ? .idle : .allocated
        }

        fileprivate mutating func follow(now: Double, _ change: (inout [JobRef]) -> Void) {
            let head = self.inFlight.first
            change(&self.inFlight)
            if self.inFlight.first != head { self.headSince = now }
            if self.qpu.state == .idle || self.qpu.state == .allocated {
                self.qpu.state = self.inFlight.isEmpty ? .idle : .allocated
            }
        }
    }

    private(set) var members: [String: Member] = [:]

    init(declared: [QPU], now: Double) {
        for qpu in declared { self.members[qpu.name] = Member(qpu: qpu, now: now) }
    }

    subscript(name: String) -> Member? { self.members[name] }

    /// The QPU names, sorted and joined for error messages ("none" when there are none).
    var knownNames: String {
        let names = self.members.keys.sorted().joined(separator: ", ")
        return names.isEmpty ? "none" : names
    }

    /// The error for a request naming a QPU the fleet does not have, with the names it has.
    func unknown(_ name: String) -> WireError {
        WireError(.notFound, "no QPU named '\(name)' (known: \(self.knownNames))", field: "name")
    }

    /// Adds a QPU (`qctl qpu create`, or a registered one at start-up). False when the name is taken.
    mutating func add(_ qpu: QPU, now: Double) -> Bool {
        guard self.members[qpu.name] == nil else { return false }
        self.members[qpu.name] = Member(qpu: qpu, now: now)
        return true
    }

    /// Removes a QPU (`qctl qpu delete`, which checks first that it holds no job).
    @discardableResult
    mutating func remove(_ name: String) -> Member? {
        self.members.removeValue(forKey: name)
    }

    // MARK: The node session

    /// A node said hello on `link`: nil for an undeclared QPU, else whether to reconcile.
    /// A new session brings a QPU that was down back up (with fewer qubits if the node has
    /// fewer than declared).
    mutating func hello(_ hello: NodeHello, on link: any NodeLink, now: Double) -> NodeSession.HelloStep? {
        guard var member = self.members[hello.qpu] else { return nil }
        let step = member.session.hello(hello.session, on: link, at: now)
        if step == .reconcile {
            member.qpu.qubits = min(member.qpu.qubits, hello.qubits)
            if member.qpu.state == .down { member.qpu.state = .idle }
        }
        self.members[hello.qpu] = member
        return step
    }

    /// The welcome for `session` went out on `link`: true when the QPU takes jobs from now on.
    mutating func welcomeSent(qpu: String, session: UInt64, on link: any NodeLink) -> Bool {
        self.members[qpu]?.session.welcomeSent(session, on: link) ?? false
    }

    /// A message from `qpu`'s current link. True when that revived a QPU that was down
    /// because its node fell silent.
    mutating func heard(from qpu: String, now: Double) -> Bool {
        guard var member = self.members[qpu] else { return false }
        member.session.heard(at: now)
        let revived = member.qpu.state == .down && member.session.welcomed
        if revived { member.qpu.state = member.serviceState }
        self.members[qpu] = member
        return revived
    }

    /// The telemetry limiter's verdict on one event from `qpu`'s node (nil: unknown QPU).
    mutating func admitTelemetry(from qpu: String, now: Double) -> TelemetryRateLimiter.Decision? {
        self.members[qpu]?.session.heard(at: now)
        return self.members[qpu]?.telemetryLimiter.admit(at: now)
    }

    /// `link` dropped: true when it was `qpu`'s, which is then down until a node says hello.
    mutating func linkDropped(qpu: String, link: any NodeLink) -> Bool {
        guard var member = self.members[qpu], member.session.dropped(link) else { return false }
        if member.qpu.state == .idle || member.qpu.state == .allocated { member.qpu.state = .down }
        self.members[qpu] = member
        return true
    }

    /// Ends `qpu`'s session from this side (its token was rotated): the QPU is down, and the
    /// link returned, if any, is told why.
    mutating func cutLink(of qpu: String) -> (any NodeLink)? {
        guard var member = self.members[qpu] else { return nil }
        let link = member.session.cut()
        if link != nil, member.qpu.state == .idle || member.qpu.state == .allocated { member.qpu.state = .down }
        self.members[qpu] = member
        return link
    }

    func isCurrent(_ link: any NodeLink, for qpu: String) -> Bool {
        self.members[qpu]?.session.isCurrent(link) ?? false
    }

    /// Connected QPUs whose nodes have been silent longer than `nodeTimeout` go down; each
    /// is returned with its link (to drop: a dead peer TCP has not noticed would hold the
    /// link against the node's restart) and how long it was silent.
    mutating func markSilent(now: Double, nodeTimeout: Double) -> [(qpu: String, link: any NodeLink, silent: Double)] {
        var silent: [(qpu: String, link: any NodeLink, silent: Double)] = []
        for (name, member) in self.members {
            guard let link = member.session.link, now - member.session.lastSeen > nodeTimeout,
                member.qpu.state == .idle || member.qpu.state == .allocated
            else { continue }
            self.members[name]?.qpu.state = .down
            silent.append((name, link, now - member.session.lastSeen))
        }
        return silent
    }

    /// The controller itself stood still: the silence since is its own, not its nodes'.
    mutating func forgiveSilence(now: Double) {
        for name in self.members.keys { self.members[name]?.session.heard(at: now) }
    }

    // MARK: Administration

    /// `qctl qpu enable|disable|drain|resume` by `user`. Disabling a QPU also ends its session
    /// when `cutSession` (a registered QPU, whose node authenticates with a token); the link
    /// returned is told why.
    mutating func apply(
        _ action: QPUStateRequest.Action, to name: String, reason: String?, by user: String, cutSession: Bool
    ) throws(WireError) -> (qpu: QPU, cut: (any NodeLink)?) {
        guard var member = self.members[name] else {
            throw self.unknown(name)
        }
        let current = member.qpu.state
        switch action {
        case .disable:
            member.qpu.state = .disabled
            member.qpu.reason = reason ?? "disabled by \(user)"
        case .drain:
            guard current != .disabled else {
                throw WireError(.conflict, "QPU '\(name)' is disabled; enable it before draining")
            }
            member.qpu.state = .drain
            member.qpu.reason = reason ?? "drained by \(user)"
        case .enable:
            guard current == .disabled else {
                throw WireError(.conflict, "QPU '\(name)' is \(current.rawValue), not DISABLED")
            }
            member.qpu.state = member.serviceState
            member.qpu.reason = nil
        case .resume:
            guard current == .drain else {
                throw WireError(.conflict, "QPU '\(name)' is \(current.rawValue), not DRAIN")
            }
            member.qpu.state = member.serviceState
            member.qpu.reason = nil
        }
        var cut: (any NodeLink)?
        if action == .disable, cutSession { cut = member.session.cut() }
        self.members[name] = member
        return (member.qpu, cut)
    }

    // MARK: Dispatches in flight

    /// Every dispatch in flight, QPU by QPU.
    var allInFlight: some Sequence<JobRef> { self.members.values.lazy.flatMap(\.inFlight) }

    /// The QPU's member when its welcomed node has room for another dispatch.
    func room(on qpu: String, depth: Int) -> Member? {
        guard let member = self.members[qpu], member.session.welcomed, member.session.link != nil,
            member.inFlight.count < depth
        else { return nil }
        return member
    }

    /// `ref` is on its way to `qpu`: it holds a place there from now on.
    mutating func reserve(_ ref: JobRef, on qpu: String, now: Double) {
        self.members[qpu]?.follow(now: now) { $0.append(ref) }
    }

    /// `ref` no longer holds a place on `qpu`: it ended, was requeued, or its dispatch was
    /// withdrawn. The next in line is now first, and a QPU with nothing left is free.
    mutating func release(_ ref: JobRef, from qpu: String, now: Double) {
        guard let index = self.members[qpu]?.inFlight.firstIndex(of: ref) else { return }
        self.members[qpu]?.follow(now: now) { $0.remove(at: index) }
    }

    /// Restores a run found RUNNING in the store at start-up, in the order given.
    mutating func restore(_ ref: JobRef, on qpu: String) {
        self.members[qpu]?.inFlight.append(ref)
    }

    /// What a node's hello says `qpu` holds: `listed`, the runs it lists (running first, then
    /// its queue) that are still the controller's, after those of `inFlight` it no longer
    /// lists but are still the controller's (`isCurrent`), finished and spooled, whose
    /// results follow the welcome.
    mutating func reconcile(qpu: String, listed: [JobRef], isCurrent: (JobRef) -> Bool, now: Double) {
        guard let member = self.members[qpu] else { return }
        let finished = member.inFlight.filter { !listed.contains($0) && isCurrent($0) }
        self.members[qpu]?.follow(now: now) { $0 = finished + listed }
    }

    /// The QPUs as the scheduler sees them. One not yet welcomed is down. One running jobs
    /// is idle while its node's queue has room (`depth`), so the next job is there when the
    /// running one ends; but not while slots are booked on it, so that no job waiting in its
    /// queue can start inside another user's slot.
    func views(depth: Int, slots: [Slot]) -> [QPUView] {
        // Once per call, not once per QPU: a thousand slots over fifty QPUs add up.
        let everyQPUBooked = slots.contains { $0.qpu == nil }
        let booked = Set(slots.compactMap(\.qpu))
        return self.members.values.map { member in
            var state = member.qpu.state
            let name = member.qpu.name
            if state == .idle || state == .allocated {
                if !member.session.welcomed {
                    state = .down
                } else if member.inFlight.isEmpty {
                    state = .idle
                } else if member.inFlight.count < depth && !everyQPUBooked && !booked.contains(name) {
                    state = .idle
                } else {
                    state = .allocated
                }
            }
            return QPUView(name: name, qubits: member.qpu.qubits, state: state, inFlight: member.inFlight.count)
        }
    }
}
