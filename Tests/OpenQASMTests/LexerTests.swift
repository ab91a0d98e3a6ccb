import Testing

@testable import OpenQASM

struct LexerTests {
    /// Every token of `text` up to the end of the file, as kind and text.
    private func tokens(_ text: String) -> [(TokenKind, String)] {
        let bytes = Array(text.utf8)
        var lexer = Lexer(bytes: bytes)
        var result: [(TokenKind, String)] = []
        while true {
            let token = lexer.next()
            if token.kind == .endOfFile {
                return result
            }
            result.append((token.kind, String(decoding: bytes[token.start..<token.end], as: UTF8.self)))
        }
    }

    @Test(arguments: [
        ("42", TokenKind.integer), ("0x1F", .integer), ("0b101", .integer), ("0o17", .integer), ("1_000", .integer),
        ("1.5", .real), (".5", .real), ("1.", .real), ("1e-3", .real), ("2E+10", .real), ("6.02e23", .real),
        ("100ns", .durationLiteral), ("4dt", .durationLiteral), ("1e", .invalid(.malformedNumber)),
        ("12abc", .invalid(.malformedNumber)), ("0x", .invalid(.malformedNumber)),
    ])
    func numbers(text: String, kind: TokenKind) {
        let lexed = self.tokens(text)
        #expect(lexed.count == 1)
        #expect(lexed.first?.0 == kind)
        #expect(lexed.first?.1 == text)
    }

    @Test func punctuationAndOperators() {
        let kinds = self.tokens("; , : @ ( ) [ ] { } -> + - * ** / % ^ ~ = == != ! < <= > >= << >> & && | || += **=")
            .map(\.0)
        #expect(
            kinds == [
                .semicolon, .comma, .colon, .at, .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace,
                .rightBrace, .arrow, .plus, .minus, .star, .doubleStar, .slash, .percent, .caret, .tilde, .equals,
                .equalEquals, .bangEquals, .bang, .less, .lessEquals, .greater, .greaterEquals, .shiftLeft,
                .shiftRight, .ampersand, .doubleAmpersand, .pipe, .doublePipe, .compoundAssignment, .compoundAssignment,
            ]
        )
    }

    @Test func identifiersIncludeUnicodeLetters() {
        let lexed = self.tokens("π θ_1 q0 _x")
        #expect(lexed.map(\.0) == [.identifier, .identifier, .identifier, .identifier])
        #expect(lexed.map(\.1) == ["π", "θ_1", "q0", "_x"])
    }

    @Test func commentsAreSkippedButDirectivesAreTokens() {
        let lexed = self.tokens("// plain\n/* block\n comment */ x // QPI --shots=5\n//QPI --a\n// QPIX\n")
        #expect(lexed.map(\.0) == [.identifier, .directive, .directive])
        #expect(lexed[1].1 == "// QPI --shots=5")
    }

    @Test func problemsBecomeInvalidTokens() {
        #expect(self.tokens("\"open").map(\.0) == [.invalid(.unterminatedString)])
        #expect(self.tokens("x /* never closed").map(\.0) == [.identifier, .invalid(.unterminatedComment)])
        #expect(self.tokens("# ?").map(\.0) == [.invalid(.unexpectedCharacter), .invalid(.unexpectedCharacter)])
        #expect(self.tokens("$ $3").map(\.0) == [.invalid(.unexpectedCharacter), .hardwareQubit])
    }

    @Test func aByteOrderMarkIsSkipped() {
        #expect(self.tokens("\u{FEFF}OPENQASM 2.0;").map(\.1) == ["OPENQASM", "2.0", ";"])
    }

    @Test func stringsKeepTheirQuotes() {
        #expect(self.tokens("include \"a b.inc\";").map(\.1) == ["include", "\"a b.inc\"", ";"])
    }

    @Test func lineTableCountsBytes() {
        let table = LineTable(Array("ab\nπx\n\nz".utf8))
        #expect(table.lineAndColumn(of: 0) == (1, 1))
        #expect(table.lineAndColumn(of: 3) == (2, 1))
        // `π` is two bytes, so `x` is in column 3.
        #expect(table.lineAndColumn(of: 5) == (2, 3))
        #expect(table.lineAndColumn(of: 7) == (3, 1))
        #expect(table.lineAndColumn(of: 8) == (4, 1))
    }
}
