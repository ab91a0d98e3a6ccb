#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be read: the C library's text for its `errno` (`No such file or directory`).
public struct FileReadError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(errno number: Int32) {
        self.description = String(cString: strerror(number))
    }
}

/// Reads whole files, or standard input, with plain system calls: Foundation's `FileHandle`
/// would link all of Foundation into every command.
public enum FileContents {
    /// The bytes of `path`, or of standard input for nil, up to `limit` bytes; reading stops
    /// there, so a caller passes one more than it accepts to tell an oversized file from one
    /// exactly at its limit.
    public static func read(path: String?, limit: Int = .max) throws(FileReadError) -> [UInt8] {
        let descriptor: Int32
        if let path {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileReadError(errno: errno) }
        } else {
            descriptor = STDIN_FILENO
        }
        defer { if path != nil { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileReadError(errno: errno)
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }
}
