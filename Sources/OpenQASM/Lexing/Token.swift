/// One token: its kind and the UTF-8 byte range it covers in its file.
struct Token: Equatable, Sendable {
    var kind: TokenKind
    /// Offset of the first byte.
    var start: Int
    /// Offset one past the last byte.
    var end: Int
}

/// What a token is. Keywords are identifiers here: OpenQASM 2 lets most of them name
/// registers, so the parser decides by context.
enum TokenKind: Equatable, Sendable {
    case identifier
    case integer
    case real
    /// A number with a time unit (`100ns`, `4dt`), which only OpenQASM 3 timing uses.
    case durationLiteral
    /// A number with the `im` suffix, an OpenQASM 3 complex literal.
    case imaginaryLiteral
    /// A quoted string; the range includes the quotes.
    case string
    /// `$0`, an OpenQASM 3 physical qubit.
    case hardwareQubit
    /// A whole `// QPI …` comment line.
    case directive

    case semicolon, comma, colon, at
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case arrow
    case plus, minus, star, doubleStar, slash, percent, caret, tilde
    case equals, equalEquals, bangEquals, bang
    case less, lessEquals, greater, greaterEquals, shiftLeft, shiftRight
    case ampersand, doubleAmpersand, pipe, doublePipe
    /// `+=`, `-=` and the other compound assignments of OpenQASM 3 classical code.
    case compoundAssignment

    /// Bytes that form no valid token.
    case invalid(LexicalProblem)
    case endOfFile
}

/// Why some bytes form no token; the parser turns it into a diagnostic.
enum LexicalProblem: Equatable, Sendable {
    case unexpectedCharacter
    case unterminatedString
    case unterminatedComment
    case malformedNumber
}
