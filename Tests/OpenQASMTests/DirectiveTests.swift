import OpenQASM
import Testing

struct DirectiveTests {
    @Test func leadingCommentLinesBecomeDirectives() throws {
        let program = try parse(
            """
            // QPI --shots=2000 --qpu=sim0 --time=30s --name=bell
            // An ordinary comment.
            // QPI --name="my job" --dry-run --qpu sim1 --label 'a b'
            OPENQASM 2.0;
            qreg q[1];
            """
        )
        let options = program.directives.map { [$0.option, $0.value ?? "<nil>"] }
        #expect(
            options == [
                ["shots", "2000"], ["qpu", "sim0"], ["time", "30s"], ["name", "bell"], ["name", "my job"],
                ["dry-run", "<nil>"], ["qpu", "sim1"], ["label", "a b"],
            ]
        )
        #expect(program.warnings.isEmpty)
    }

    @Test func directivesPointAtTheirOptions() throws {
        let source = MarkedSource("//   QPI 1️⃣--shots=5  2️⃣--name \"x y\"\nOPENQASM 3;\n")
        let program = try parse(source.text)
        let locations = program.directives.map { [$0.location.line, $0.location.column] }
        let expected = ["1️⃣", "2️⃣"].compactMap { source.markers[Character($0)] }.map { [$0.line, $0.column] }
        #expect(locations == expected)
        #expect(program.directives.first?.location.file == "test.qasm")
    }

    @Test func directivesMayFollowTheVersionStatement() throws {
        let program = try parse("OPENQASM 2.0;\n// QPI --shots=10\nqreg q[1];\n")
        #expect(program.directives.map(\.option) == ["shots"])
    }

    @Test func malformedOptionsAreErrors() {
        expectDiagnostic(.invalidDirective, "// QPI --shots=5 1️⃣shots=6\nOPENQASM 2.0;\n")
        expectDiagnostic(.invalidDirective, "// QPI 1️⃣-q sim0\nOPENQASM 2.0;\n")
        expectDiagnostic(.invalidDirective, "// QPI 1️⃣--=5\nOPENQASM 2.0;\n")
        expectDiagnostic(.invalidDirective, "// QPI 1️⃣--sh@ts=5\nOPENQASM 2.0;\n")
        expectDiagnostic(.invalidDirective, "// QPI --name=1️⃣\"unclosed\nOPENQASM 2.0;\n")
        expectDiagnostic(.invalidDirective, "// QPI --flag value 1️⃣extra\nOPENQASM 2.0;\n")
    }

    @Test func directivesAfterTheFirstStatementAreIgnoredWithAWarning() throws {
        let marked = "OPENQASM 2.0;\nqreg q[1];\n1️⃣// QPI --shots=5\n"
        expectDiagnostic(.ignoredDirective, marked, severity: .warning)
        let program = try parse(MarkedSource(marked).text)
        #expect(program.directives.isEmpty)
    }

    @Test func directivesInIncludedFilesAreIgnored() throws {
        let program = try parse(
            "OPENQASM 2.0;\ninclude \"lib.inc\";\n",
            files: ["lib.inc": "// QPI --shots=5\ngate g a { U(0, 0, 0) a; }\n"]
        )
        #expect(program.directives.isEmpty)
        #expect(program.warnings.map(\.id) == [.ignoredDirective])
        #expect(program.warnings.first?.location.file == "lib.inc")
    }

    @Test func otherCommentsAreNotDirectives() throws {
        let program = try parse("// QPIX --a\n// qpi --b\n/* QPI --c */\nOPENQASM 2.0;\n")
        #expect(program.directives.isEmpty)
    }
}
