/// Reads the Prometheus text exposition format into `series → value`, where a series is
/// the metric name with its labels as written (`name{label="value"}`). Comments are
/// skipped; a line that is not `series value` fails the parse, naming the line.
public enum PrometheusText {
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var description: String { "line \(self.line): not a Prometheus sample: \(self.text)" }
    }

    public static func parse(_ text: String) throws -> [String: Double] {
        var series: [String: Double] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw ParseError(line: index + 1, text: String(line))
            }
            series[String(line[..<space])] = value
        }
        return series
    }
}
