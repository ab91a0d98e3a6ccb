import HTTPTypes
import QPIController
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// Usage and balances, as `qacct` shows them: the caller's own jobs, or those of `user`
    /// (comma-separated names), or everyone's with `all=true`; `since` (RFC 3339, or epoch
    /// seconds) keeps jobs that had not ended by then. Every user may read every user's
    /// usage, as in Slurm without PrivateData.
    mutating func addAccountingRoutes() {
        self.add(.get, "/api/accounting", auth: .user) { call in
            let caller = try call.user()
            let all = try Self.flag(call.query("all"), named: "all")
            let users = call.query("user").map { text in
                text.split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
            }
            if all && users != nil {
                throw APIError(.invalidArgument, "give user or all=true, not both", field: "all")
            }
            let request = AccountingRequest(users: users, allUsers: all, since: try call.time("since"))
            let usage = try await call.run { () async throws(WireError) in
                try await call.controller.accounting(request, by: caller)
            }
            return AccountingJSON(usage)
        }
    }
}
