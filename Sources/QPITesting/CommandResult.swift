/// What a command run by a harness did.
public struct CommandResult: Sendable, CustomStringConvertible {
    /// The command line, for messages.
    public let commandLine: String
    /// How it ended.
    public let termination: ProcessTermination
    public let stdout: String
    public let stderr: String

    /// Its exit status; nil if a signal ended it.
    public var exitStatus: Int32? {
        if case .exited(let status) = self.termination { return status }
        return nil
    }

    /// Whether it exited with status 0.
    public var succeeded: Bool { self.termination == .exited(0) }

    public var description: String {
        "`\(self.commandLine)` ended with \(self.termination)\nstdout: \(self.stdout)\nstderr: \(self.stderr)"
    }
}
