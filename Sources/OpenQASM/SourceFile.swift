/// OpenQASM source text with the name diagnostics use for it.
public struct SourceFile: Sendable {
    /// The name shown in diagnostics (`name:line:col`) and, without its directory and
    /// extension, the name of the circuits it holds.
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// Resolves `include "path";`: given the path as written and the name of the including
/// file, returns the included source.
///
/// The parser does no file I/O itself. It reports any error the resolver throws as a
/// diagnostic at the include statement. `qelib1.inc` and `stdgates.inc` are built in and
/// never reach the resolver.
public typealias IncludeResolver = @Sendable (_ path: String, _ includingFile: String) throws -> SourceFile
