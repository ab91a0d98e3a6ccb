import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in
/// it when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory() + "qpi-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        self.path = base
    }

    /// A path inside the directory.
    func file(_ name: String) -> String {
        self.path + "/" + name
    }

    deinit {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
