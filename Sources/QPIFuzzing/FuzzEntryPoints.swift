import OpenQASM
import QPIConfig
import QPIHTTP
import QPIWire

/// What the fuzz targets (`make fuzz`) feed arbitrary bytes to, and what the regression
/// tests replay the seed corpus and every crash found through: the OpenQASM parser, the
/// wire decoder, the `qpi.conf` parser and the HTTP API's request bodies. Each must turn any input into a value or an
/// error, never a crash or a hang.
public enum FuzzEntryPoints {
    /// The targets by name, as `scripts/fuzz` and the tests know them.
    public static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "qasm": openQASM, "wire": wire, "conf": conf, "http": http,
    ]

    /// Parses the bytes as a job script (invalid UTF-8 is repaired, as a file read would not be);
    /// a script that declares inputs is also bound, as a sweep's task, and the result parsed.
    public static func openQASM(_ bytes: [UInt8]) {
        let source = SourceFile(name: "fuzz.qasm", text: String(decoding: bytes, as: UTF8.self))
        _ = try? QASMParser.parse(source)
        guard let inputs = try? QASMParser.inputs(of: source), !inputs.isEmpty else { return }
        var values: [String: String] = [:]
        for input in inputs {
            switch input.type {
            case .bool: values[input.name] = "true"
            case .int, .uint: values[input.name] = "2"
            case .float, .angle: values[input.name] = "-1.5e-3"
            }
        }
        if let bound = try? QASMParser.bind(source, values: values) { _ = try? QASMParser.parse(bound) }
    }

    /// Decodes the bytes as a frame, then its body as each message a daemon receives.
    public static func wire(_ bytes: [UInt8]) {
        guard let frame = try? Frame.decode(bytes, maxSize: 1 << 20) else { return }
        _ = try? WireCoding.decode(RequestTag.self, from: frame.body)
        _ = try? WireCoding.decode(RequestEnvelope<SubmitRequest>.self, from: frame.body)
        _ = try? WireCoding.decode(RequestEnvelope<QPUCreateRequest>.self, from: frame.body)
        _ = try? WireCoding.decode(NodeMessage.self, from: frame.body)
        _ = try? WireCoding.decode(ControllerMessage.self, from: frame.body)
    }

    /// Parses the bytes as a `qpi.conf` file; a first byte of `{` tries JSON too.
    public static func conf(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? ConfigurationLoader.load(text: text, path: "fuzz.conf")
        if bytes.first == UInt8(ascii: "{") {
            _ = try? ConfigurationLoader.load(text: text, path: "fuzz.json")
        }
    }

    /// Decodes the bytes as every HTTP request body, and checks a submission as
    /// `POST /api/jobs` does.
    public static func http(_ bytes: [UInt8]) {
        HTTPBodyFuzzing.decode(bytes)
    }
}
