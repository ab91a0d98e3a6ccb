import Foundation
import QPISecurity
import Testing

struct TokenTests {
    @Test func secretsAreLongRandomAndURLSafe() {
        let secrets = (0..<1_000).map { _ in SecretToken.generateSecret() }
        #expect(Set(secrets).count == secrets.count)
        for secret in secrets {
            // 32 bytes in base64url without padding: 43 characters, 256 bits.
            #expect(secret.count == 43)
            #expect(secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }

    @Test func onlyTheHashIsKeptAndOnlyTheTokenMatchesIt() {
        let token = "qpi_7." + SecretToken.generateSecret()
        let hash = SecretToken.hash(token)
        #expect(hash.hasPrefix("sha256:") && hash.count == 7 + 64)
        #expect(!hash.contains(token))
        #expect(SecretToken.matches(token, storedHash: hash))
        #expect(!SecretToken.matches(token + "x", storedHash: hash))
        #expect(!SecretToken.matches(String(token.dropLast()), storedHash: hash))
        #expect(!SecretToken.matches("", storedHash: hash))
        #expect(!SecretToken.matches(token, storedHash: ""))
        #expect(!SecretToken.matches(token, storedHash: hash.uppercased()))
    }

    @Test func qpuTokensNameTheirQPUAndBindTheHashToIt() throws {
        let token = QPUToken.generate(for: "lab.qpu-1")
        let parsed = try #require(QPUToken(token.description))
        #expect(parsed == token)
        #expect(parsed.qpu == "lab.qpu-1")
        #expect(token.description.hasPrefix("lab.qpu-1."))
        // The same secret for another QPU is another token.
        let moved = try #require(QPUToken("other.\(token.secret)"))
        #expect(moved.hash != token.hash)
        for bad in ["", "nodot", ".secretonly", "qpu."] {
            #expect(QPUToken(bad) == nil, "\(bad)")
        }
    }

    @Test func fingerprintsParseInTheFormsPeopleCopy() throws {
        let bytes = (0..<32).map { UInt8($0 * 7 % 256) }
        let colons = bytes.map { String(format: "%02X", $0) }.joined(separator: ":")
        let plain = colons.replacingOccurrences(of: ":", with: "").lowercased()
        let parsed = try #require(CertificateFingerprint(colons))
        #expect(parsed.bytes == bytes)
        #expect(parsed.description == colons)
        #expect(CertificateFingerprint(plain) == parsed)
        #expect(CertificateFingerprint("sha256:" + plain) == parsed)
        #expect(CertificateFingerprint("SHA256 Fingerprint=" + colons) == parsed)
        for bad in ["", "abc", String(plain.dropLast(2)), plain + "00", String(repeating: "zz", count: 32)] {
            #expect(CertificateFingerprint(bad) == nil, "\(bad)")
        }
    }
}
