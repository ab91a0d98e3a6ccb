import Foundation
import QPITesting

/// A tmpfs of a few megabytes mounted over a directory for one test, to fill up on cue.
/// ``unmount()`` (also on deinit) detaches it lazily, so it goes even while a daemon
/// still holds files open in it.
final class SmallFilesystem: Sendable {
    let mountPoint: String
    var fillerPath: String { self.mountPoint + "/chaos-filler" }

    init(at mountPoint: String, megabytes: Int) throws {
        self.mountPoint = mountPoint
        try SystemCommand.run("mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", mountPoint])
    }

    deinit { self.unmount() }

    /// Writes a file until the filesystem has no space left.
    func fill() throws {
        guard let handle = FileHandle(forWritingAtPath: self.fillerPath) ?? self.createFiller() else {
            throw HarnessError("cannot create \(self.fillerPath)")
        }
        defer { try? handle.close() }
        let chunk = Data(count: 64 << 10)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        // The last partial chunk: a page at a time until nothing fits.
        let page = Data(count: 4096)
        while (try? handle.write(contentsOf: page)) != nil {}
    }

    private func createFiller() -> FileHandle? {
        _ = FileManager.default.createFile(atPath: self.fillerPath, contents: nil)
        return FileHandle(forWritingAtPath: self.fillerPath)
    }

    /// Gives the space back.
    func free() throws {
        try FileManager.default.removeItem(atPath: self.fillerPath)
    }

    func unmount() {
        _ = try? SystemCommand.run("umount", ["-l", self.mountPoint])
    }
}
