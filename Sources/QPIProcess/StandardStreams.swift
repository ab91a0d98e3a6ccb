#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a line to standard error, where commands put diagnostics and warnings.
public func printError(_ text: String) {
    writeAll(text.hasSuffix("\n") ? text : text + "\n", to: STDERR_FILENO)
}

/// Writes `text` to standard output in as few system calls as the pipe takes, bypassing
/// `print`'s buffering: a listing of a hundred thousand jobs is one buffer. Stops quietly
/// when the reader has gone (`qstat | head`).
public func writeStandardOutput(_ text: String) {
    writeAll(text, to: STDOUT_FILENO)
}

private func writeAll(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in
        var rest = UnsafeRawBufferPointer(bytes)
        while let base = rest.baseAddress, !rest.isEmpty {
            let written = write(descriptor, base, rest.count)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
    }
}
