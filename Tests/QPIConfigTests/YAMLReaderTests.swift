import Testing

@testable import QPIConfig

/// libyaml through `YAMLReader`: YAML 1.1's plain scalars, lines, and the inputs that must
/// be refused with a line rather than crash or loop.
struct YAMLReaderTests {
    static func root(_ text: String) throws -> [(key: String, value: StructuredNode)] {
        let node = try #require(try YAMLReader.compose(text))
        guard case .mapping(let members) = node.value else {
            Issue.record("not a mapping: \(node.value)")
            return []
        }
        return members
    }

    @Test func plainScalarsResolveAsYAML11AndQuotedOnesStayText() throws {
        let members = try Self.root(
            """
            a: yes
            b: "yes"
            c: ~
            d:
            e: 8090
            f: -1.5e3
            g: '8090'
            h: Off
            i: 0x1F
            j: [on, 2, text]
            """)
        #expect(members.map(\.key) == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
        let texts = members.map { $0.value.scalarText }
        #expect(texts == ["true", "yes", "", "", "8090", "-1.5e3", "8090", "false", "0x1F", nil])
        if case .number = members[4].value.value {} else { Issue.record("8090 is not a number") }
        if case .string = members[6].value.value {} else { Issue.record("'8090' is not text") }
        if case .string = members[8].value.value {} else { Issue.record("hex is read as a number") }
        #expect(members.map { $0.value.line } == Array(1...10))
    }

    @Test func aliasesAreFollowed() throws {
        let members = try Self.root("base: &b {executor: sim}\ncopy: *b\n")
        #expect(members.count == 2)
        guard case .mapping(let copied) = members[1].value.value else {
            Issue.record("the alias did not resolve to its mapping")
            return
        }
        #expect(copied.map(\.key) == ["executor"])
        #expect(copied.first?.value.scalarText == "sim")
    }

    @Test func refusalsNameTheLine() {
        let cases: [(String, String, Int)] = [
            ("a: 1\nb: [2, 3\nc: 4\n", "", 3),
            ("a: 1\na: 2\n", "duplicate keys a", 2),
            ("a: 1\n---\nb: 2\n", "expected a single document", 2),
            ("a: *missing\n", "undefined alias", 1),
        ]
        for (text, problem, line) in cases {
            do {
                _ = try YAMLReader.compose(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.problem.contains(problem), "\(error.problem)")
                #expect(error.line == line, "\(text)")
            }
        }
    }

    @Test func nestingBeyondTheLimitIsRefusedNotRecursedInto() {
        let deep =
            String(repeating: "[", count: YAMLReader.maximumDepth + 1)
            + String(repeating: "]", count: YAMLReader.maximumDepth + 1)
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.compose("a: \(deep)\n") }
    }

    @Test func emptyAndCommentOnlyTextsHoldNoDocument() throws {
        #expect(try YAMLReader.compose("") == nil)
        #expect(try YAMLReader.compose("# nothing\n") == nil)
    }
}

struct JSONSyntaxLocatorTests {
    @Test func validJSONHasNoProblem() {
        for text in [#"{"a": [1, -2.5e3, true, null, "x\u00e9\n"], "b": {}}"#, "[]", " 0 ", #""text""#] {
            #expect(JSONSyntaxLocator.firstProblem(in: text) == nil, "\(text)")
        }
    }

    @Test func theFirstProblemIsNamedWithItsLine() {
        let cases: [(String, String, Int)] = [
            ("{\n  \"a\": 1,\n  oops\n}", "unexpected 'o', expected a quoted member name", 3),
            ("{\"a\": 1,}", "unexpected '}', expected a quoted member name", 1),
            ("[1,\n2\n", "unexpected end of file, expected ',' or ']'", 3),
            ("{\"a\" 1}", "expected ':' after the member name", 1),
            ("\n\n{\"a\": 01}", "invalid number", 3),
            ("{\"a\": \"\\q\"}", "invalid escape", 1),
            ("{\"a\": tru}", "expected a value", 1),
            ("{} {}", "unexpected text after the value", 1),
            ("{\"a\": \"open", "unterminated string", 1),
        ]
        for (text, message, line) in cases {
            let problem = JSONSyntaxLocator.firstProblem(in: text)
            #expect(problem?.message.contains(message) == true, "\(text): \(String(describing: problem))")
            #expect(problem?.line == line, "\(text)")
        }
    }

    @Test func nestingBeyondTheLimitIsAProblemNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONSyntaxLocator.firstProblem(in: deep)?.message.contains("nested") == true)
    }
}
