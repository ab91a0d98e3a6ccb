import ArgumentParser
import FoundationEssentials
import QPIClient
import QPICore
import QPIDocuments
import QPIWire

/// `qctl token …`: API tokens for the HTTP API.
struct TokenCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list, change and revoke API tokens (your own; admins: anyone's).",
        discussion: """
            A token is shown once, when created; the controller keeps only its SHA-256 hash and \
            refuses it once expired or revoked. `create` runs on the controller's host only, as the \
            command port is plain TCP; elsewhere, create tokens with POST /api/tokens over HTTPS.
            """,
        subcommands: [Create.self, List.self, Show.self, Update.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token and print it once.")
        @Option(help: "A name to recognise the token by.") var name: String?
        @Option(help: "Lifetime, as 30d, 12h or 1d12h (default: never expires).") var expires: String?
        @Option(help: "Create it for this user (admins only).") var user: String?
        @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let lifetime = try parseLifetime(self.expires)
            let client = try self.cluster.connect()
            let created = try await client.callOrExit(
                TokenCreateRequest(name: self.name, expiresInSeconds: lifetime, user: self.user),
                command: "qctl token create")
            if self.json {
                try printDocument(CreatedTokenJSON(token: created.token, info: TokenJSON(created.info)))
                return
            }
            print("Token \(created.info.id) (\(created.info.name)) for \(created.info.user), \(expiry(created.info))")
            print("Token (shown only now): \(created.token)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API tokens (never the tokens themselves).")
        @Option(help: "Only this user's tokens (admins: anyone's).") var user: String?
        @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect()
            let tokens = try await client.callOrExit(TokenListRequest(user: self.user), command: "qctl token list")
                .tokens
            if self.json {
                try printDocument(ListJSON(items: tokens.map(TokenJSON.init)))
            } else {
                print(table(tokens), terminator: "")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one API token.")
        @Argument(help: "The token's id.") var id: Int64
        @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect()
            let info = try await client.callOrExit(TokenShowRequest(id: self.id), command: "qctl token show").info
            if self.json { try printDocument(TokenJSON(info)) } else { print(table([info]), terminator: "") }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename an API token or change its expiry.")
        @Argument(help: "The token's id.") var id: Int64
        @Option(help: "New name.") var name: String?
        @Option(help: "New lifetime from now, as 30d or 12h.") var expires: String?
        @Flag(help: "Make the token never expire.") var neverExpires = false
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            guard self.name != nil || self.expires != nil || self.neverExpires else {
                throw ValidationError("nothing to change: give --name, --expires or --never-expires")
            }
            guard !(self.expires != nil && self.neverExpires) else {
                throw ValidationError("--expires and --never-expires contradict each other")
            }
        }

        func run() async throws {
            let lifetime = try parseLifetime(self.expires)
            let client = try self.cluster.connect()
            let info = try await client.callOrExit(
                TokenUpdateRequest(
                    id: self.id, name: self.name, expiresInSeconds: lifetime, neverExpires: self.neverExpires),
                command: "qctl token update"
            ).info
            print("Token \(info.id) (\(info.name)): \(expiry(info))")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token for good.")
        @Argument(help: "The token's id.") var id: Int64
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect()
            let info = try await client.callOrExit(TokenRevokeRequest(id: self.id), command: "qctl token revoke").info
            print("Token \(info.id) (\(info.name)) revoked")
        }
    }
}

/// Seconds in an `--expires` duration; nil for none.
private func parseLifetime(_ text: String?) throws -> Double? {
    guard let text else { return nil }
    guard let seconds = DurationText.seconds(text), seconds > 0 else {
        throw ValidationError("--expires '\(text)' is not a positive duration (e.g. 30d, 12h, 1d12h)")
    }
    return seconds
}

private func expiry(_ info: APIToken) -> String {
    if info.revokedAt != nil { return "revoked" }
    guard let expiresAt = info.expiresAt else { return "never expires" }
    return "expires \(timestamp(expiresAt))"
}

func timestamp(_ seconds: Double) -> String {
    Date(timeIntervalSince1970: seconds).formatted(.iso8601)
}

private func table(_ tokens: [APIToken]) -> String {
    var table = TextTable(columns: [
        .init("ID", .right), .init("USER"), .init("NAME"), .init("CREATED"), .init("EXPIRES"), .init("STATE"),
    ])
    let now = Date().timeIntervalSince1970
    for token in tokens {
        let state =
            token.revokedAt != nil ? "revoked" : (token.expiresAt.map { $0 <= now } ?? false) ? "expired" : "active"
        table.append([
            String(token.id), token.user, token.name, timestamp(token.createdAt),
            token.expiresAt.map(timestamp) ?? "never", state,
        ])
    }
    return table.render()
}
