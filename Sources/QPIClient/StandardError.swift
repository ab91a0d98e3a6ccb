import Foundation

/// Writes a line to standard error, where commands put diagnostics and warnings.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
