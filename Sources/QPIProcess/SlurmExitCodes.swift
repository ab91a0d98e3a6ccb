import ArgumentParser
#if canImport(Glibc)
    import Glibc
#endif

/// Commands whose usage errors exit with status 2, as Slurm's commands do, instead of
/// ArgumentParser's EX_USAGE (64). Runtime failures exit 1, success 0.
public protocol SlurmStyleCommand: ParsableCommand {}

extension SlurmStyleCommand {
    public static func main() {
        do {
            var command = try self.parseAsRoot()
            try command.run()
        } catch {
            self.exitSlurmStyle(error)
        }
    }
}

/// The async variant, for commands that talk to the controller.
public protocol SlurmStyleAsyncCommand: AsyncParsableCommand {}

extension SlurmStyleAsyncCommand {
    public static func main() async {
        do {
            var command = try self.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            self.exitSlurmStyle(error)
        }
    }
}

extension ParsableCommand {
    static func exitSlurmStyle(_ error: any Error) -> Never {
        if self.exitCode(for: error) == .validationFailure {
            printError(self.fullMessage(for: error))
            Glibc.exit(2)
        }
        self.exit(withError: error)
    }
}
