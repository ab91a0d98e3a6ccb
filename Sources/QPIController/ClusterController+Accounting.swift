import Foundation
import Logging
import QPIAuth
import QPICore
import QPIStore
import QPIWire

/// Accounting: usage reports, balances, time requests, and the balance cap at dispatch.
extension ClusterController {
    /// Longest reason or note a time request may carry, in characters.
    static let maxTimeRequestText = 2_000

    /// Per-job usage and per-user balances, straight from the store (the committed truth):
    /// the caller's own unless the request names users or asks for all. Jobs named by id
    /// are shown whoever owns them, as `qstat -j` shows any job.
    public func accounting(_ request: AccountingRequest, by caller: Caller) async throws(WireError)
        -> AccountingRequest.Response
    {
        let selection = try self.usageSelection(request, by: caller)
        // A report may scan the whole history: it is read off the actor.
        return try await self.readStore("accounting records") { store in
            AccountingRequest.Response(
                jobs: try store.usage(selection.filter).map(JobUsage.init), users: try selection.balances(in: store))
        }
    }

    /// `qacct`'s table: a page of the same jobs as ``accounting(_:by:)`` with only the
    /// columns asked for, in the compact form, and the users' totals over the whole selection.
    public func usageRows(_ request: ListUsageRowsRequest, by caller: Caller) async throws(WireError)
        -> ListUsageRowsRequest.Response
    {
        var fields: [UsageField] = []
        for name in request.fields {
            guard let field = UsageField.byName[name] else {
                let known = UsageField.all.map(\.name).joined(separator: ", ")
                throw WireError(.invalidArgument, "unknown field '\(name)'; known fields: \(known)", field: "fields")
            }
            fields.append(field)
        }
        try Self.checkPageLimit(request.limit)
        let selection = try self.usageSelection(request.query, by: caller)
        var page = selection.filter
        page.idAbove = request.after
        // One job more than the page shows whether another page follows.
        page.limit = request.limit.map { $0 + 1 }
        return try await self.readStore("accounting records") { [page, fields] store in
            let jobs = try store.usage(page)
            let shown = request.limit.map { jobs.prefix($0) } ?? jobs[...]
            var rows = UsageRows.Builder(fields: fields)
            for job in shown { rows.append(JobUsage(job: job)) }
            return ListUsageRowsRequest.Response(
                rows: rows.rows, users: try selection.balances(in: store),
                next: jobs.count > shown.count ? shown.last?.id : nil)
        }
    }

    /// What an accounting request selects: its jobs, and whose balances to show.
    struct UsageSelection: Sendable {
        var filter: JobFilter
        /// Users whose accounts are shown; nil for every account.
        var wanted: Set<String>?
        /// Whether jobs were named or picked by what they are rather than whose: accounts
        /// without selected jobs are then left out.
        var picksJobs: Bool

        /// Each user with selected jobs or (unless jobs were picked) an account, by name.
        func balances(in store: JobStore) throws -> [UserBalance] {
            var balances: [String: UserBalance] = [:]
            for total in try store.usageTotals(self.filter) {
                balances[total.user] = UserBalance(
                    user: total.user, jobs: total.jobs, usedSeconds: total.qpuSeconds, balance: nil)
            }
            for account in try store.users() where self.wanted?.contains(account.name) ?? true {
                if self.picksJobs && balances[account.name] == nil { continue }
                balances[account.name, default: UserBalance(user: account.name, jobs: 0, usedSeconds: 0, balance: nil)]
                    .balance = account.qpuSecondsBalance
            }
            return balances.values.sorted { $0.user < $1.user }
        }
    }

    func usageSelection(_ request: AccountingRequest, by caller: Caller) throws(WireError) -> UsageSelection {
        var request = request
        if request.users == nil && !request.allUsers && request.jobIDs == nil { request.users = [caller.user] }
        try self.checkUsageVisible(request, to: caller)
        return UsageSelection(
            filter: JobFilter(
                ids: request.jobIDs, users: request.users, states: request.states.map(Set.init), qpus: request.qpus,
                names: request.names, activeSince: request.since, submittedBy: request.until),
            wanted: request.users.map(Set.init),
            picksJobs: request.jobIDs != nil || request.states != nil || request.qpus != nil || request.names != nil)
    }

    /// Sets a user's balance (nil: unlimited). The user must exist on this system or
    /// already have an account.
    public func setBalance(_ request: SetBalanceRequest, by caller: Caller) async throws(WireError) -> BalanceReply {
        try Authorization.check(.setBalance, by: caller)
        if let seconds = request.qpuSeconds, !(seconds.isFinite && seconds >= 0) {
            throw WireError(
                .invalidArgument, "qpu_seconds must be a number of seconds, 0 or more, or 'unlimited'; got \(seconds)",
                field: "qpu_seconds")
        }
        let uid = try self.accountUID(for: request.user)
        do {
            let account = try await self.store.setBalance(request.user, uid: uid, qpuSeconds: request.qpuSeconds)
            self.logger.notice(
                "balance set",
                metadata: [
                    "user": "\(request.user)", "qpu_seconds": "\(request.qpuSeconds.map { "\($0)" } ?? "unlimited")",
                    "by": "\(caller.user)",
                ])
            self.balancesUpdated()
            return BalanceReply(user: account.name, balance: account.qpuSecondsBalance)
        } catch {
            throw Self.wireError(error, doing: "set the balance of \(request.user)")
        }
    }

    /// Adds seconds to (or, below 0, takes them from) a limited balance, atomically.
    public func addSeconds(_ request: AddSecondsRequest, by caller: Caller) async throws(WireError) -> BalanceReply {
        try Authorization.check(.setBalance, by: caller)
        guard request.seconds.isFinite, request.seconds != 0 else {
            throw WireError(
                .invalidArgument, "seconds to add must be a number other than 0, got \(request.seconds)",
                field: "seconds")
        }
        do {
            let account = try await self.store.addSeconds(request.seconds, to: request.user)
            self.logger.notice(
                "balance changed",
                metadata: ["user": "\(request.user)", "added": "\(request.seconds)", "by": "\(caller.user)"])
            self.balancesUpdated()
            return BalanceReply(user: account.name, balance: account.qpuSecondsBalance)
        } catch let error as StoreError where error.code == .notFound {
            throw WireError(
                .notFound,
                "user '\(request.user)' has no account yet; give it a balance with qctl user set \(request.user) qpu_seconds=N",
                field: "user")
        } catch {
            throw Self.wireError(error, doing: "add seconds to \(request.user)")
        }
    }

    /// Files the caller's request for more qpu_seconds.
    public func fileTimeRequest(_ request: FileTimeRequest, by caller: Caller) async throws(WireError) -> QPUTimeRequest
    {
        guard request.seconds.isFinite, request.seconds > 0 else {
            throw WireError(
                .invalidArgument, "seconds must be a number above 0, got \(request.seconds)", field: "seconds")
        }
        let reason = request.reason.trimmingWhitespace()
        guard !reason.isEmpty else {
            throw WireError(.invalidArgument, "say why you need the time", field: "reason")
        }
        guard reason.count <= Self.maxTimeRequestText else {
            throw WireError(
                .invalidArgument, "the reason is \(reason.count) characters; at most \(Self.maxTimeRequestText)",
                field: "reason")
        }
        do {
            let filed = try await self.store.fileTimeRequest(
                user: caller.user, uid: caller.uid, seconds: request.seconds, reason: reason, time: self.now())
            self.logger.notice(
                "time request filed",
                metadata: ["request": "\(filed.id)", "user": "\(caller.user)", "seconds": "\(request.seconds)"])
            return filed
        } catch {
            throw Self.wireError(error, doing: "file the time request")
        }
    }

    /// The caller's time requests, or everyone's (admins only).
    public func listTimeRequests(_ request: ListTimeRequestsRequest, by caller: Caller) throws(WireError)
        -> ListTimeRequestsRequest.Response
    {
        if request.all { try Authorization.check(.listAllTimeRequests, by: caller) }
        do {
            return .init(requests: try self.store.timeRequests(of: request.all ? nil : caller.user))
        } catch {
            throw Self.wireError(error, doing: "read time requests")
        }
    }

    /// Approves (adding the seconds, once) or rejects a pending time request.
    public func decideTimeRequest(_ request: DecideTimeRequest, by caller: Caller) async throws(WireError)
        -> DecideTimeRequest.Response
    {
        try Authorization.check(.decideTimeRequest, by: caller)
        let note = request.note?.trimmingWhitespace()
        if let note, note.count > Self.maxTimeRequestText {
            throw WireError(
                .invalidArgument, "the note is \(note.count) characters; at most \(Self.maxTimeRequestText)",
                field: "note")
        }
        do {
            let decision = try await self.store.decideTimeRequest(
                request.id, approve: request.approve, by: caller.user, note: note?.isEmpty == true ? nil : note,
                time: self.now())
            self.logger.notice(
                "time request decided",
                metadata: [
                    "request": "\(request.id)", "state": "\(decision.request.state.rawValue)", "by": "\(caller.user)",
                ])
            if request.approve { self.balancesUpdated() }
            return .init(request: decision.request, balance: decision.balance)
        } catch let error as StoreError where error.code == .notFound {
            throw WireError(.notFound, "no time request \(request.id)", field: "id")
        } catch {
            throw Self.wireError(error, doing: "decide time request \(request.id)")
        }
    }

    /// A balance changed: jobs waiting for one may now run.
    func balancesUpdated() {
        self.wakeScheduler()
    }

    /// The time limit `job` is dispatched with under EnforceBalance: its own, cut to what
    /// its user's balance still covers after the limits of their running jobs. Nil when
    /// nothing is left; the job then waits with reason BalanceExhausted.
    func dispatchTimeLimit(for job: Job) -> Int? {
        guard self.settings.enforceBalance else { return job.timeLimitSeconds }
        let balance: Double?
        do {
            balance = try self.store.user(named: job.user)?.qpuSecondsBalance
        } catch {
            self.logger.error(
                "cannot read the balance: \(error)", metadata: ["job": "\(job.id)", "user": "\(job.user)"])
            return nil
        }
        let committed = self.committedSeconds()[job.user] ?? 0
        guard let limit = BalanceCap.timeLimit(requested: job.timeLimitSeconds, balance: balance, committed: committed)
        else {
            self.active[job.id]?.reason = .balanceExhausted
            return nil
        }
        return limit
    }

    /// The uid to open an account for `name` with: its existing account's, else the
    /// system's, else N for `uidN`, the name of a caller without a passwd entry.
    func accountUID(for name: String) throws(WireError) -> UInt32 {
        if let uid = self.accountUIDs[name] { return uid }
        let existing: UserAccount?
        do {
            existing = try self.store.user(named: name)
        } catch {
            throw Self.wireError(error, doing: "read the account of \(name)")
        }
        if let existing {
            self.accountUIDs[name] = existing.uid
            return existing.uid
        }
        if let uid = UserDirectory().uid(for: name) { return uid }
        if let uid = Self.fallbackUID(of: name) { return uid }
        throw WireError(.notFound, "no user '\(name)' on this system", field: "user")
    }

    /// N for `uidN`, the name the controller gives a munge caller whose uid has no passwd
    /// entry; nil for any other name. Never root's or this daemon's uid, nor a uid that
    /// has a passwd name (that user goes by it): a name is not a way to become them.
    static func fallbackUID(of name: String) -> UInt32? {
        guard name.hasPrefix("uid"), let uid = UInt32(name.dropFirst(3)), name == "uid\(uid)",
            uid != 0, uid != getuid(), UserDirectory().name(for: uid) == name
        else { return nil }
        return uid
    }

    /// A store failure as the reply to a command: its code kept where the caller can act on it.
    static func wireError(_ error: any Error, doing what: String) -> WireError {
        guard let error = error as? StoreError else { return WireError(.internal, "cannot \(what): \(error)") }
        switch error.code {
        case .notFound: return WireError(.notFound, error.message)
        case .conflict: return WireError(.conflict, error.message)
        case .invalidArgument: return WireError(.invalidArgument, error.message)
        default: return WireError(.unavailable, "cannot \(what): \(error)")
        }
    }
}
