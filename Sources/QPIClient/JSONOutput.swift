import Foundation

/// Prints a value as pretty, key-sorted JSON: the `--json` output of every command.
public func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Seconds since the Unix epoch, for elapsed-time columns.
public func currentTime() -> Double {
    Date().timeIntervalSince1970
}
