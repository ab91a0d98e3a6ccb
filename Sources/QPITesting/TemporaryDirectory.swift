import Foundation

/// A fresh directory under `/tmp`, removed with everything in it on ``remove()`` or deinit.
///
/// It lives under `/tmp` rather than `$TMPDIR` because Unix socket paths (munged's socket,
/// `ipc://` URLs) must stay under about 100 bytes.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `/tmp/PREFIX-XXXXXX` with mode 0700.
    public init(prefix: String = "qpi") throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw HarnessError("mkdtemp /tmp/\(prefix)-XXXXXX failed: errno \(errno)")
        }
        self.path = String(cString: created)
    }

    deinit {
        self.remove()
    }

    /// The path of `name` inside this directory.
    public func path(of name: String) -> String {
        "\(self.path)/\(name)"
    }

    /// Deletes the directory and its contents; safe to call more than once.
    public func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
