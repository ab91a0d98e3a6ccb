import ArgumentParser
import QPICore

/// Comma-separated selections on command lines (`qstat -q sim0,sim1`, `qacct -n bell`).
public enum ListSelection {
    /// The names in `text`, blanks around them dropped; nil when the option was not given.
    ///
    /// - Throws: `ValidationError` naming `option` when no name is left.
    public static func names(_ text: String?, option: String) throws -> [String]? {
        guard let text else { return nil }
        let names = text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("\(option) needs at least one name") }
        return names
    }

    /// The job states in `text`, by name or code (`PD,R`, `pending`), as `squeue -t` reads
    /// them; nil when the option was not given.
    ///
    /// - Throws: `ValidationError` naming `option` and the states it takes.
    public static func states(_ text: String?, option: String) throws -> [JobState]? {
        try Self.names(text, option: option).map { names in
            try names.map { name in
                guard let state = JobState(nameOrCode: name) else {
                    let valid = JobState.allCases.map { "\($0.rawValue) (\($0.code))" }.joined(separator: ", ")
                    throw ValidationError("invalid state '\(name)' for \(option): expected one of \(valid)")
                }
                return state
            }
        }
    }
}

/// `-q QPU[,QPU]` and `-n NAME[,NAME]`, as `qstat` and `qacct` take them.
public struct QPUAndNameOptions: ParsableArguments {
    @Option(name: [.customShort("q"), .customLong("qpu")], help: "Only jobs on these QPUs (comma-separated).")
    public var qpus: String?
    @Option(name: [.customShort("n"), .customLong("name")], help: "Only jobs with these names (comma-separated).")
    public var names: String?

    public init() {}

    /// The QPUs given, nil for any.
    public func qpuList() throws -> [String]? { try ListSelection.names(self.qpus, option: "-q") }

    /// The names given, nil for any.
    public func nameList() throws -> [String]? { try ListSelection.names(self.names, option: "-n") }

    public func validate() throws {
        _ = try self.qpuList()
        _ = try self.nameList()
    }
}
