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
}
