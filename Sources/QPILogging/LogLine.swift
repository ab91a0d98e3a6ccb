import Foundation
import Logging
import QPIConfig

/// One log message rendered as a line, without I/O: text for people, JSON for collectors.
public enum LogLine {
    /// The line for one message, ending in a newline.
    ///
    /// Text: `2026-01-02T03:04:05.678Z info qpictld: job started job=12 qpu=sim0`, metadata
    /// sorted by key. JSON: `{"time":…,"level":…,"label":…,"message":…,"job":"12",…}` with
    /// metadata as top-level string fields (a key clashing with one of the four is prefixed
    /// with `meta.`), so `jq 'select(.job=="12")'` finds every line about a job.
    public static func render(
        format: QPIConfiguration.LogFormat,
        time: Date,
        level: Logger.Level,
        label: String,
        message: String,
        metadata: Logger.Metadata
    ) -> String {
        let stamp = Self.timestamp(time)
        switch format {
        case .text:
            let fields = metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\(Self.flatten($0.value))" }.joined()
            return "\(stamp) \(level) \(label): \(message)\(fields)\n"
        case .json:
            var object: [String: String] = ["time": stamp, "level": "\(level)", "label": label, "message": message]
            for (key, value) in metadata {
                object[object[key] == nil ? key : "meta.\(key)"] = Self.flatten(value)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // A [String: String] always encodes; the fallback keeps the message if it ever did not.
            let data = (try? encoder.encode(object)) ?? Data("{\"message\":\"unencodable log line\"}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    private static func flatten(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    private static func timestamp(_ time: Date) -> String {
        time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
