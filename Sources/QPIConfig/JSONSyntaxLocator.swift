/// Finds where a text stops being JSON (RFC 8259), for the diagnostic of a configuration
/// file that does not parse: Foundation's `JSONDecoder` only says that it does not.
/// It checks syntax alone; values are read by `JSONDecoder` once this finds nothing.
struct JSONSyntaxLocator {
    /// What is wrong, and the line (from 1) where.
    struct Problem: Equatable {
        var message: String
        var line: Int
    }

    /// Deeper than any configuration nests, and shallow enough for the stack.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// The first syntax error in `text`, or nil when it is one JSON value.
    static func firstProblem(in text: String) -> Problem? {
        var locator = JSONSyntaxLocator(text)
        do throws(Failure) {
            locator.skipSpace()
            try locator.value(depth: 0)
            locator.skipSpace()
            if locator.index < locator.bytes.count { throw locator.problem("unexpected text after the value") }
            return nil
        } catch {
            return error.problem
        }
    }

    private struct Failure: Error {
        var problem: Problem
    }

    private func problem(_ message: String) -> Failure {
        let line = self.bytes[..<min(self.index, self.bytes.count)].count { $0 == UInt8(ascii: "\n") } + 1
        return Failure(problem: Problem(message: message, line: line))
    }

    private var current: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

    private mutating func skipSpace() {
        while let byte = self.current, [0x20, 0x09, 0x0A, 0x0D].contains(byte) { self.index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        self.skipSpace()
        guard self.current == byte else { throw self.unexpected(expecting: what) }
        self.index += 1
    }

    private func unexpected(expecting what: String) -> Failure {
        guard let byte = self.current else { return self.problem("unexpected end of file, expected \(what)") }
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte \(byte)"
        return self.problem("unexpected \(shown), expected \(what)")
    }

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw self.problem("nested more than \(Self.maximumDepth) levels deep") }
        self.skipSpace()
        switch self.current {
        case UInt8(ascii: "{"):
            self.index += 1
            try self.items(closing: UInt8(ascii: "}"), depth: depth) { (locator, depth) throws(Failure) in
                try locator.member(depth: depth)
            }
        case UInt8(ascii: "["):
            self.index += 1
            try self.items(closing: UInt8(ascii: "]"), depth: depth) { (locator, depth) throws(Failure) in
                try locator.value(depth: depth)
            }
        case UInt8(ascii: "\""): try self.string()
        case UInt8(ascii: "t"): try self.literal("true")
        case UInt8(ascii: "f"): try self.literal("false")
        case UInt8(ascii: "n"): try self.literal("null")
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            try self.number()
        default: throw self.unexpected(expecting: "a value")
        }
    }

    /// Comma-separated items up to `closing`, the opening bracket already read: an object's
    /// members and an array's elements alike.
    private mutating func items(
        closing: UInt8, depth: Int, item: (inout JSONSyntaxLocator, Int) throws(Failure) -> Void
    ) throws(Failure) {
        self.skipSpace()
        if self.current == closing {
            self.index += 1
            return
        }
        while true {
            try item(&self, depth + 1)
            self.skipSpace()
            guard self.current == UInt8(ascii: ",") else {
                try self.expect(closing, "',' or '\(Character(UnicodeScalar(closing)))'")
                return
            }
            self.index += 1
        }
    }

    private mutating func member(depth: Int) throws(Failure) {
        self.skipSpace()
        guard self.current == UInt8(ascii: "\"") else { throw self.unexpected(expecting: "a quoted member name") }
        try self.string()
        try self.expect(UInt8(ascii: ":"), "':' after the member name")
        try self.value(depth: depth)
    }

    private mutating func string() throws(Failure) {
        self.index += 1
        while let byte = self.current {
            self.index += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard let escaped = self.current, Array("\"\\/bfnrtu".utf8).contains(escaped) else {
                    throw self.problem("invalid escape in a string")
                }
                self.index += 1
                if escaped == UInt8(ascii: "u") {
                    let hex = self.bytes[self.index..<min(self.index + 4, self.bytes.count)]
                    guard hex.count == 4, hex.allSatisfy({ Character(UnicodeScalar($0)).isHexDigit }) else {
                        throw self.problem("invalid \\u escape in a string")
                    }
                    self.index += 4
                }
            case 0..<0x20: throw self.problem("a control character inside a string")
            default: continue
            }
        }
        throw self.problem("unterminated string")
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard self.bytes[self.index..<min(self.index + expected.count, self.bytes.count)].elementsEqual(expected) else {
            throw self.unexpected(expecting: "a value")
        }
        self.index += expected.count
    }

    private mutating func number() throws(Failure) {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        func skipDigits(_ locator: inout JSONSyntaxLocator) -> Int {
            let start = locator.index
            while let byte = locator.current, digits.contains(byte) { locator.index += 1 }
            return locator.index - start
        }
        if self.current == UInt8(ascii: "-") { self.index += 1 }
        let leadingZero = self.current == UInt8(ascii: "0")
        let whole = skipDigits(&self)
        guard whole > 0, !(leadingZero && whole > 1) else { throw self.problem("invalid number") }
        if self.current == UInt8(ascii: ".") {
            self.index += 1
            guard skipDigits(&self) > 0 else { throw self.problem("invalid number: no digits after '.'") }
        }
        if self.current == UInt8(ascii: "e") || self.current == UInt8(ascii: "E") {
            self.index += 1
            if self.current == UInt8(ascii: "+") || self.current == UInt8(ascii: "-") { self.index += 1 }
            guard skipDigits(&self) > 0 else { throw self.problem("invalid number: no digits in the exponent") }
        }
    }
}
