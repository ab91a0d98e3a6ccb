/// The options of one `// QPI --shots=2000 --name="my job" --dry-run` comment line.
///
/// Accepted forms: `--option=value`, `--option value`, a bare `--flag`, and values in
/// single or double quotes. Option names are not checked against a list; the layer that
/// runs jobs does that.
struct DirectiveLine {
    struct Option {
        var name: String
        var value: String?
        /// Byte offset of the option's `--`.
        var offset: Int
    }

    struct Problem {
        var message: Message
        var offset: Int
    }

    private(set) var options: [Option] = []
    private(set) var problems: [Problem] = []

    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    /// Reads the comment that spans `range`, which starts with `//` and holds `QPI`.
    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.end = range.upperBound
        self.index = range.lowerBound
        self.skipPrefix()
        self.readOptions()
    }

    private mutating func skipPrefix() {
        self.index += 2
        self.skipBlanks()
        self.index += 3
    }

    private mutating func readOptions() {
        // An option written without `=` takes the next word as its value.
        var optionAwaitingValue: Int?
        while true {
            self.skipBlanks()
            guard self.index < self.end else { return }
            let start = self.index
            if self.startsOption(at: start) {
                optionAwaitingValue = self.readOption()
            } else if let waiting = optionAwaitingValue {
                self.options[waiting].value = self.readValue()
                optionAwaitingValue = nil
            } else {
                self.skipWord()
                self.problems.append(
                    Problem(
                        message: .invalidDirective(self.text(start..<self.index), reason: "options start with '--'"),
                        offset: start)
                )
            }
        }
    }

    /// Reads `--name`, `--name=value` or `--name="value"`; returns the option's index
    /// when it may still take a value from the next word.
    private mutating func readOption() -> Int? {
        let start = self.index
        self.index += 2
        let nameStart = self.index
        while self.index < self.end, Self.isNameByte(self.bytes[self.index]) {
            self.index += 1
        }
        let name = self.text(nameStart..<self.index)
        let atBoundary = self.index == self.end || Self.isBlank(self.bytes[self.index])
        let hasValue = self.index < self.end && self.bytes[self.index] == UInt8(ascii: "=")
        guard !name.isEmpty, atBoundary || hasValue else {
            self.skipWord()
            self.problems.append(
                Problem(
                    message: .invalidDirective(
                        self.text(start..<self.index), reason: "option names use letters, digits, '-' and '_'"),
                    offset: start
                )
            )
            return nil
        }
        if hasValue {
            self.index += 1
            self.options.append(Option(name: name, value: self.readValue(), offset: start))
            return nil
        }
        self.options.append(Option(name: name, value: nil, offset: start))
        return self.options.count - 1
    }

    /// Reads a bare word or a quoted string; an unterminated quote is a problem and the
    /// value runs to the end of the line.
    private mutating func readValue() -> String {
        guard self.index < self.end else { return "" }
        let quote = self.bytes[self.index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            let start = self.index
            self.skipWord()
            return self.text(start..<self.index)
        }
        let openingQuote = self.index
        self.index += 1
        let start = self.index
        while self.index < self.end, self.bytes[self.index] != quote {
            self.index += 1
        }
        let value = self.text(start..<self.index)
        if self.index < self.end {
            self.index += 1
        } else {
            self.problems.append(
                Problem(
                    message: .invalidDirective(self.text(openingQuote..<self.end), reason: "the quote is not closed"),
                    offset: openingQuote)
            )
        }
        return value
    }

    private func startsOption(at index: Int) -> Bool {
        index + 1 < self.end && self.bytes[index] == UInt8(ascii: "-") && self.bytes[index + 1] == UInt8(ascii: "-")
    }

    private mutating func skipWord() {
        while self.index < self.end, !Self.isBlank(self.bytes[self.index]) {
            self.index += 1
        }
    }

    private mutating func skipBlanks() {
        while self.index < self.end, Self.isBlank(self.bytes[self.index]) {
            self.index += 1
        }
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: self.bytes[range], as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
