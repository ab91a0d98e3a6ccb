import FoundationEssentials
import QPIDocuments

/// Prints a value as pretty, key-sorted JSON: `--json` of the commands that report on the
/// cluster rather than show a resource (`qctl diag`, `qctl ping`, `qctl backup`, ...).
public func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints a resource's document (a job, QPU, slot, token, notification…) exactly as the
/// HTTP API serves it, indented: `--json` of the commands that show resources.
public func printDocument<T: Encodable>(_ document: T) throws {
    print(String(decoding: try APIJSON.prettyEncoder.encode(document), as: UTF8.self))
}

/// Seconds since the Unix epoch, for elapsed-time columns.
public func currentTime() -> Double {
    Date().timeIntervalSince1970
}
