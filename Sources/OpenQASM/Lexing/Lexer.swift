/// Splits OpenQASM source into tokens, one at a time, working on UTF-8 bytes.
///
/// The lexer never fails: bytes that form no token come back as a `.invalid` token
/// carrying its problem, and the parser decides how to report it. Comments are skipped,
/// except `// QPI` lines, which come back as `.directive` tokens.
struct Lexer {
    private let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // Editors on Windows may start a file with a UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.offset = 3
        }
    }

    mutating func next() -> Token {
        if let trivia = self.skipTrivia() {
            return trivia
        }
        let start = self.offset
        guard start < self.bytes.count else {
            return Token(kind: .endOfFile, start: start, end: start)
        }
        let byte = self.bytes[start]
        if Self.isIdentifierStart(byte) {
            self.offset += 1
            while let next = self.peek(), Self.isIdentifierContinue(next) {
                self.offset += 1
            }
            return Token(kind: .identifier, start: start, end: self.offset)
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && self.peek(at: 1).map(Self.isDigit) == true) {
            return self.number(from: start)
        }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return self.string(from: start, quote: byte)
        case UInt8(ascii: "$"):
            self.offset += 1
            guard let next = self.peek(), Self.isDigit(next) else {
                return Token(kind: .invalid(.unexpectedCharacter), start: start, end: self.offset)
            }
            while let next = self.peek(), Self.isDigit(next) {
                self.offset += 1
            }
            return Token(kind: .hardwareQubit, start: start, end: self.offset)
        default:
            return self.punctuation(from: start, byte)
        }
    }

    // MARK: Trivia

    /// Skips whitespace and comments; returns a token when a comment must be reported:
    /// a `// QPI` directive or an unterminated block comment.
    private mutating func skipTrivia() -> Token? {
        while let byte = self.peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                self.offset += 1
            case UInt8(ascii: "/") where self.peek(at: 1) == UInt8(ascii: "/"):
                let start = self.offset
                while let next = self.peek(), next != UInt8(ascii: "\n") {
                    self.offset += 1
                }
                if self.isDirective(from: start) {
                    return Token(kind: .directive, start: start, end: self.offset)
                }
            case UInt8(ascii: "/") where self.peek(at: 1) == UInt8(ascii: "*"):
                let start = self.offset
                self.offset += 2
                while self.offset < self.bytes.count {
                    if self.bytes[self.offset] == UInt8(ascii: "*") && self.peek(at: 1) == UInt8(ascii: "/") {
                        break
                    }
                    self.offset += 1
                }
                guard self.offset < self.bytes.count else {
                    return Token(kind: .invalid(.unterminatedComment), start: start, end: self.offset)
                }
                self.offset += 2
            default:
                return nil
            }
        }
        return nil
    }

    /// Whether the line comment starting at `start` reads `// QPI` followed by a space or
    /// the end of the line.
    private func isDirective(from start: Int) -> Bool {
        var index = start + 2
        while index < self.offset, self.bytes[index] == UInt8(ascii: " ") || self.bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index + 3 <= self.offset,
            self.bytes[index] == UInt8(ascii: "Q"),
            self.bytes[index + 1] == UInt8(ascii: "P"),
            self.bytes[index + 2] == UInt8(ascii: "I")
        else { return false }
        guard index + 3 < self.offset else { return true }
        let after = self.bytes[index + 3]
        return after == UInt8(ascii: " ") || after == UInt8(ascii: "\t") || after == UInt8(ascii: "\r")
    }

    // MARK: Literals

    private mutating func number(from start: Int) -> Token {
        if self.bytes[start] == UInt8(ascii: "0"), let prefix = self.peek(at: 1),
            let isDigit = Self.radixDigitTest(prefix)
        {
            self.offset += 2
            let digitsStart = self.offset
            while let next = self.peek(), isDigit(next) || next == UInt8(ascii: "_") {
                self.offset += 1
            }
            return self.finishNumber(from: start, kind: self.offset > digitsStart ? .integer : nil)
        }
        var isReal = false
        self.skipDigits()
        if self.peek() == UInt8(ascii: ".") {
            isReal = true
            self.offset += 1
            self.skipDigits()
        }
        if let e = self.peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var exponent = 1
            if let sign = self.peek(at: 1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponent = 2
            }
            guard let digit = self.peek(at: exponent), Self.isDigit(digit) else {
                self.offset += 1
                return self.finishNumber(from: start, kind: nil)
            }
            isReal = true
            self.offset += exponent
            self.skipDigits()
        }
        return self.finishNumber(from: start, kind: isReal ? .real : .integer)
    }

    /// Ends a number: letters glued to it make it a duration (`100ns`) or malformed.
    private mutating func finishNumber(from start: Int, kind: TokenKind?) -> Token {
        let suffixStart = self.offset
        while let next = self.peek(), Self.isIdentifierContinue(next) {
            self.offset += 1
        }
        guard let kind else {
            return Token(kind: .invalid(.malformedNumber), start: start, end: self.offset)
        }
        if suffixStart == self.offset {
            return Token(kind: kind, start: start, end: self.offset)
        }
        let suffix = self.bytes[suffixStart..<self.offset]
        if suffix.elementsEqual("im".utf8) {
            return Token(kind: .imaginaryLiteral, start: start, end: self.offset)
        }
        let isDuration = Self.durationUnits.contains { $0.elementsEqual(suffix) }
        return Token(kind: isDuration ? .durationLiteral : .invalid(.malformedNumber), start: start, end: self.offset)
    }

    private static let durationUnits: [[UInt8]] = ["ns", "us", "µs", "ms", "s", "dt"].map { Array($0.utf8) }

    private mutating func skipDigits() {
        while let next = self.peek(), Self.isDigit(next) || next == UInt8(ascii: "_") {
            self.offset += 1
        }
    }

    private static func radixDigitTest(_ prefix: UInt8) -> ((UInt8) -> Bool)? {
        switch prefix {
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            return { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }
        case UInt8(ascii: "b"), UInt8(ascii: "B"):
            return { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
        case UInt8(ascii: "o"), UInt8(ascii: "O"):
            return { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }
        default:
            return nil
        }
    }

    private mutating func string(from start: Int, quote: UInt8) -> Token {
        self.offset += 1
        while let next = self.peek(), next != quote {
            if next == UInt8(ascii: "\n") {
                return Token(kind: .invalid(.unterminatedString), start: start, end: self.offset)
            }
            self.offset += 1
        }
        guard self.offset < self.bytes.count else {
            return Token(kind: .invalid(.unterminatedString), start: start, end: self.offset)
        }
        self.offset += 1
        return Token(kind: .string, start: start, end: self.offset)
    }

    // MARK: Punctuation

    private mutating func punctuation(from start: Int, _ byte: UInt8) -> Token {
        let next = self.peek(at: 1)
        let kind: TokenKind
        var length = 1
        switch byte {
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "@"): kind = .at
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: "~"): kind = .tilde
        case UInt8(ascii: "-") where next == UInt8(ascii: ">"):
            (kind, length) = (.arrow, 2)
        case UInt8(ascii: "*") where next == UInt8(ascii: "*"):
            let isAssignment = self.peek(at: 2) == UInt8(ascii: "=")
            (kind, length) = isAssignment ? (.compoundAssignment, 3) : (.doubleStar, 2)
        case UInt8(ascii: "<") where next == UInt8(ascii: "<"), UInt8(ascii: ">") where next == UInt8(ascii: ">"):
            if self.peek(at: 2) == UInt8(ascii: "=") {
                (kind, length) = (.compoundAssignment, 3)
            } else {
                (kind, length) = (byte == UInt8(ascii: "<") ? .shiftLeft : .shiftRight, 2)
            }
        case UInt8(ascii: "&") where next == UInt8(ascii: "&"):
            (kind, length) = (.doubleAmpersand, 2)
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"):
            (kind, length) = (.doublePipe, 2)
        case UInt8(ascii: "="): (kind, length) = next == UInt8(ascii: "=") ? (.equalEquals, 2) : (.equals, 1)
        case UInt8(ascii: "!"): (kind, length) = next == UInt8(ascii: "=") ? (.bangEquals, 2) : (.bang, 1)
        case UInt8(ascii: "<"): (kind, length) = next == UInt8(ascii: "=") ? (.lessEquals, 2) : (.less, 1)
        case UInt8(ascii: ">"): (kind, length) = next == UInt8(ascii: "=") ? (.greaterEquals, 2) : (.greater, 1)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"),
            UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"):
            if next == UInt8(ascii: "=") {
                (kind, length) = (.compoundAssignment, 2)
            } else {
                kind = Self.arithmeticOperator(byte)
            }
        default:
            kind = .invalid(.unexpectedCharacter)
        }
        self.offset += length
        return Token(kind: kind, start: start, end: self.offset)
    }

    private static func arithmeticOperator(_ byte: UInt8) -> TokenKind {
        switch byte {
        case UInt8(ascii: "+"): .plus
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "*"): .star
        case UInt8(ascii: "/"): .slash
        case UInt8(ascii: "%"): .percent
        case UInt8(ascii: "^"): .caret
        case UInt8(ascii: "&"): .ampersand
        default: .pipe
        }
    }

    // MARK: Bytes

    private func peek(at distance: Int = 0) -> UInt8? {
        let index = self.offset + distance
        return index < self.bytes.count ? self.bytes[index] : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Letters, `_` and any non-ASCII byte: OpenQASM 3 allows Unicode letters such as `π`
    /// in identifiers, and validating UTF-8 letter classes is not worth its cost here.
    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isIdentifierContinue(_ byte: UInt8) -> Bool {
        self.isIdentifierStart(byte) || self.isDigit(byte)
    }
}
