/// What a command run by a harness did.
public struct CommandResult: Sendable, CustomStringConvertible {
    /// The command line, for messages.
    public let commandLine: String
    /// Its exit status; nil if a signal ended it.
    public let exitStatus: Int32?
    public let stdout: String
    public let stderr: String

    /// Whether it exited with status 0.
    public var succeeded: Bool { self.exitStatus == 0 }

    public var description: String {
        let status = self.exitStatus.map { "exited \($0)" } ?? "killed by a signal"
        return "`\(self.commandLine)` \(status)\nstdout: \(self.stdout)\nstderr: \(self.stderr)"
    }
}
