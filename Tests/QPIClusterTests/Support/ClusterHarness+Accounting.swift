import Foundation
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterHarness {
    /// `qacct --json` with `arguments`, run as root unless `user` is given.
    func accounting(_ arguments: [String] = [], as user: TestUser? = nil) async throws -> AccountingRequest.Response {
        let result = try await self.run("qacct", arguments + ["--json"], as: user)
        guard result.succeeded else { throw HarnessError("\(result)") }
        return try APIJSON.decoder.decode(AccountingJSON.self, from: Data(result.stdout.utf8)).usage
    }

    /// `user`'s balance as `qacct -u USER --json` reports it; nil is unlimited.
    func balance(of user: String) async throws -> Double? {
        try await self.accounting(["-u", user]).users.first { $0.user == user }?.balance
    }

    /// Runs an admin command (as root) that must succeed, and returns its output.
    @discardableResult
    func admin(_ command: String, _ arguments: [String]) async throws -> String {
        let result = try await self.run(command, arguments)
        guard result.succeeded else { throw HarnessError("\(result)") }
        return result.stdout
    }
}
