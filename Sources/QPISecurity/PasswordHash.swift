import Crypto
import Foundation
import _CryptoExtras

/// Login passwords as the store keeps them: scrypt (memory-hard) with a random salt, in
/// a self-describing text `scrypt$N$r$p$SALT$HASH` (base64), so the cost can be raised
/// later without breaking stored hashes.
public enum PasswordHash {
    /// scrypt cost: N = 2^15, r = 8, p = 1 uses 32 MiB and some 50 ms per check, the
    /// interactive-login setting the scrypt paper recommends.
    public static let rounds = 1 << 15
    public static let blockSize = 8
    public static let parallelism = 1
    static let saltBytes = 16
    static let hashBytes = 32

    /// Shortest accepted password, in characters.
    public static let minimumLength = 8

    /// A new hash of `password` with a fresh salt.
    public static func make(_ password: String, rounds: Int = Self.rounds) throws -> String {
        let salt = SymmetricKey(size: .init(bitCount: Self.saltBytes * 8)).withUnsafeBytes { Data($0) }
        let hash = try Self.derive(
            password, salt: salt, rounds: rounds, blockSize: Self.blockSize, parallelism: Self.parallelism)
        return [
            "scrypt", "\(rounds)", "\(Self.blockSize)", "\(Self.parallelism)", salt.base64EncodedString(),
            hash.base64EncodedString(),
        ].joined(separator: "$")
    }

    /// Whether `password` matches `stored`, compared in constant time; false for a stored
    /// text this code cannot read.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), let salt = Data(base64Encoded: String(parts[4])),
            let expected = Data(base64Encoded: String(parts[5])),
            let derived = try? Self.derive(
                password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        guard derived.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(derived, expected) { difference |= left ^ right }
        return difference == 0
    }

    private static func derive(_ password: String, salt: Data, rounds: Int, blockSize: Int, parallelism: Int) throws
        -> Data
    {
        let key = try KDF.Scrypt.deriveKey(
            from: Data(password.utf8), salt: salt, outputByteCount: Self.hashBytes, rounds: rounds,
            blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }
}
