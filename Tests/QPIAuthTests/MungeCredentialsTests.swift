import Foundation
import QPIAuth
import QPITesting
import Testing

struct MungeCredentialsTests {
    @Test func roundTripCarriesUIDGIDAndPayload() throws {
        let daemon = try MungeDaemon()
        let payload = Array("submit job 42".utf8)
        let credential = try daemon.credentials.encode(payload: payload)
        let verified = try daemon.credentials.decode(credential)
        #expect(verified.uid == getuid())
        #expect(verified.gid == getgid())
        #expect(verified.payload == payload)
        #expect(abs(verified.encodedAt.timeIntervalSinceNow) < 60)
    }

    @Test func emptyPayloadRoundTrips() throws {
        let daemon = try MungeDaemon()
        let verified = try daemon.credentials.decode(try daemon.credentials.encode())
        #expect(verified.payload.isEmpty)
    }

    @Test func replayedCredentialIsRefused() throws {
        let daemon = try MungeDaemon()
        let credential = try daemon.credentials.encode(payload: [1, 2, 3])
        _ = try daemon.credentials.decode(credential)
        let error = #expect(throws: MungeError.self) { try daemon.credentials.decode(credential) }
        #expect(error?.code == .replayed)
    }

    @Test func expiredCredentialIsRefused() async throws {
        let daemon = try MungeDaemon()
        let credential = try daemon.credentials.encode(payload: [7], ttl: 1)
        try await Task.sleep(for: .milliseconds(2_500))
        let error = #expect(throws: MungeError.self) { try daemon.credentials.decode(credential) }
        #expect(error?.code == .expired)
    }

    @Test func credentialFromAnotherKeyIsRefused() throws {
        let ours = try MungeDaemon()
        let theirs = try MungeDaemon()
        let credential = try theirs.credentials.encode(payload: [9])
        let error = #expect(throws: MungeError.self) { try ours.credentials.decode(credential) }
        #expect(error?.code == .invalid)
    }

    @Test(arguments: [
        ("", MungeError.Code.badArgument),
        ("garbage", .malformed),
        ("MUNGE:", .malformed),
        ("MUNGE:AAAA:", .badVersion),
        ("MUNGE:\(String(repeating: "A", count: 200)):", .badVersion),
    ])
    func garbageIsRefused(text: String, code: MungeError.Code) throws {
        let daemon = try MungeDaemon()
        let error = #expect(throws: MungeError.self) { try daemon.credentials.decode(text) }
        #expect(error?.code == code)
    }

    @Test func missingDaemonIsASocketError() throws {
        let directory = try TemporaryDirectory()
        let credentials = MungeCredentials(socketPath: directory.path(of: "no-munged.socket"))
        let error = #expect(throws: MungeError.self) { try credentials.encode() }
        #expect(error?.code == .socket)
        #expect(error?.message.contains("no-munged.socket") == true)
    }
}
