import OpenQASM
import Testing

struct InputTests {
    private static let sweep = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        input int array_task_id;
        qubit[1] q; bit[1] c;
        rx(theta * array_task_id) q[0];
        c = measure q;

        """

    private func bind(_ text: String, _ values: [String: String]) throws(QASMError) -> String {
        try QASMParser.bind(SourceFile(name: "test.qasm", text: text), values: values).text
    }

    private func inputs(_ text: String) throws(QASMError) -> [ProgramInput] {
        try QASMParser.inputs(of: SourceFile(name: "test.qasm", text: text))
    }

    /// The diagnostics of binding `text`, or none when it binds.
    private func bindingDiagnostics(_ text: String, _ values: [String: String]) -> [Diagnostic] {
        do {
            _ = try self.bind(text, values)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Expects binding `marked` to `values` to fail with `id` at the `1️⃣` marker and,
    /// with `noteAtSecondMarker`, a note at the `2️⃣` marker.
    private func expectBindingError(
        _ id: DiagnosticID,
        _ marked: String,
        values: [String: String] = [:],
        noteAtSecondMarker: Bool = false,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let source = MarkedSource(marked)
        func spot(_ marker: Character) -> OpenQASM.SourceLocation? {
            source.markers[marker].map { OpenQASM.SourceLocation(file: "test.qasm", line: $0.line, column: $0.column) }
        }
        guard let expected = spot("1️⃣") else {
            Issue.record("the test source has no 1️⃣ marker", sourceLocation: sourceLocation)
            return
        }
        expectDiagnostic(
            id, in: self.bindingDiagnostics(source.text, values), at: expected,
            noteAt: noteAtSecondMarker ? spot("2️⃣") : nil, sourceLocation: sourceLocation)
    }

    /// The first parameter of the first gate of `text`.
    private func firstParameter(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Double? {
        guard case .gate(let gate)? = operations(text, sourceLocation: sourceLocation).first else { return nil }
        return gate.parameters.first
    }

    // MARK: Declarations

    @Test func declarationsComeInOrderWithTypesAndLocations() throws {
        let source = MarkedSource(
            """
            OPENQASM 3.0;
            input float[64] 1️⃣theta;
            input int 2️⃣array_task_id;
            input uint[8] 3️⃣n; input angle 4️⃣a;
              input bool 5️⃣flag;
            input int[16]
                6️⃣wide;

            """)
        let expected: [(String, InputType, Character)] = [
            ("theta", .float(width: 64), "1️⃣"), ("array_task_id", .int(width: nil), "2️⃣"),
            ("n", .uint(width: 8), "3️⃣"), ("a", .angle(width: nil), "4️⃣"), ("flag", .bool, "5️⃣"),
            ("wide", .int(width: 16), "6️⃣"),
        ]
        let found = try self.inputs(source.text)
        #expect(
            found
                == expected.map { name, type, marker in
                    let spot = source.markers[marker] ?? (0, 0)
                    return ProgramInput(
                        name: name, type: type,
                        location: OpenQASM.SourceLocation(file: "test.qasm", line: spot.line, column: spot.column))
                })
    }

    @Test func typesReadAsWritten() {
        #expect(InputType.int(width: 8).description == "int[8]")
        #expect(InputType.uint(width: nil).description == "uint")
        #expect(InputType.float(width: 64).description == "float[64]")
        #expect(InputType.angle(width: 20).description == "angle[20]")
        #expect(InputType.bool.description == "bool")
    }

    @Test func aProgramWithoutInputsComesBackUnchanged() throws {
        // Not OpenQASM at all: without the word `input` nothing is lexed.
        let text = "no inputs here ((\n"
        #expect(try self.bind(text, [:]) == text)
        #expect(try self.inputs(text).isEmpty)
        let commented = "OPENQASM 3;\n// input float theta;\nqubit q;\n"
        #expect(try self.bind(commented, [:]) == commented)
        #expect(try self.inputs(commented).isEmpty)
    }

    // MARK: Binding

    @Test func bindingBlanksDeclarationsAndWritesValuesIn() throws {
        let bound = try self.bind(Self.sweep, ["theta": "0.1", "array_task_id": "3"])
        let blank = { (declaration: String) in String(repeating: " ", count: declaration.utf8.count) }
        #expect(
            bound == """
                OPENQASM 3.0;
                include "stdgates.inc";
                \(blank("input float[64] theta;"))
                \(blank("input int array_task_id;"))
                qubit[1] q; bit[1] c;
                rx(0.1 * 3) q[0];
                c = measure q;

                """)
    }

    @Test func aBoundProgramIsTheCircuitOfHandWrittenLiterals() throws {
        let bound = try self.bind(Self.sweep, ["theta": "-0.25", "array_task_id": "7"])
        // Blank lines where the declarations were, as instructions carry their lines.
        let handWritten = """
            OPENQASM 3.0;
            include "stdgates.inc";


            qubit[1] q; bit[1] c;
            rx(-0.25 * 7) q[0];
            c = measure q;
            """
        let circuit = try #require(firstCircuit(bound))
        #expect(circuit == firstCircuit(handWritten))
        #expect(circuit.instructions.count == 2)
    }

    @Test func inputsSizeRegistersAndLoops() throws {
        let text = """
            OPENQASM 3;
            include "stdgates.inc";
            input uint[8] n;
            qubit[n] q;
            for int i in [0:n - 1] { h q[i]; }

            """
        let circuit = try #require(firstCircuit(try self.bind(text, ["n": "3"])))
        #expect(circuit.qubitCount == 3)
        #expect(circuit.instructions.map(\.operation) == [gate(.h, 0), gate(.h, 1), gate(.h, 2)])
    }

    @Test func commentsStringsAndLongerNamesAreUntouched() throws {
        let text = """
            OPENQASM 3;
            include "stdgates.inc";
            // QPI --name=theta
            input float theta; // theta is swept
            /* theta */ qubit q;
            rz(theta + theta_offset_theta) q; // "theta"
            include "theta.inc";

            """
        let bound = try self.bind(text, ["theta": "0.5"])
        let expected = text.replacing("input float theta;", with: String(repeating: " ", count: 18))
            .replacing("rz(theta +", with: "rz(0.5 +")
        #expect(bound == expected)
    }

    @Test func otherLinesAndColumnsStayWhereTheyWere() throws {
        let marked = """
            OPENQASM 3;
            include "stdgates.inc";
            input
              float[64] theta; input int k;
            qubit q;
            rz(theta) q;
            1️⃣foo q;

            """
        let source = MarkedSource(marked)
        let bound = try self.bind(source.text, ["theta": "0.5", "k": "2"])
        #expect(bound.split(separator: "\n", omittingEmptySubsequences: false).count == 8)
        let marker = try #require(source.markers["1️⃣"])
        let location = OpenQASM.SourceLocation(file: "test.qasm", line: marker.line, column: marker.column)
        expectDiagnostic(.unknownGate, in: diagnostics(bound), at: location)
    }

    @Test func negativeValuesKeepTheirSignNextToOperators() throws {
        let text = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float x;\nqubit q;\nrz(x ** 2) q;\n"
        let bound = try self.bind(text, ["x": "-0.5"])
        #expect(bound.contains("rz((-0.5) ** 2) q;"))
        #expect(self.firstParameter(bound) == 0.25)
        let negated = try self.bind(text.replacing("x ** 2", with: "-x"), ["x": "-3"])
        #expect(self.firstParameter(negated) == 3)
    }

    @Test(arguments: ["0.1", "1e-5", "-1e-300", "5e-324", "1.7976931348623157e308", "123456789.123456789", "3", "2E+3"])
    func floatsReadBackExactly(value: String) throws {
        let text = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float[64] x;\nqubit q;\nrz(x) q;\n"
        let bound = try self.bind(text, ["x": value])
        #expect(self.firstParameter(bound) == Double(value))
    }

    @Test func exponentFloatsAreWrittenAsOpenQASMReals() throws {
        let text = "OPENQASM 3;\ninput angle x;\nqubit q;\nU(x, 0, 0) q;\n"
        #expect(try self.bind(text, ["x": "1e-5"]).contains("U(1e-05, 0, 0) q;"))
        #expect(try self.bind(text, ["x": "-2.5e20"]).contains("U((-2.5e+20), 0, 0) q;"))
    }

    @Test func integersAreWrittenInDecimal() throws {
        let text = "OPENQASM 3;\ninput int k;\nint[64] m = k;\nqubit q;\nU(m, 0, 0) q;\n"
        #expect(try self.bind(text, ["k": "+42"]).contains("int[64] m = 42;"))
        #expect(try self.bind(text, ["k": "-7"]).contains("int[64] m = (-7);"))
        // The smallest integer has no literal of its own; it still parses as an integer.
        let smallest = try self.bind(text, ["k": "\(Int.min)"])
        #expect(self.firstParameter(smallest) == Double(Int.min))
    }

    @Test(arguments: [("true", true), ("1", true), ("false", false), ("0", false)])
    func booleansAreTrueOrFalse(value: String, holds: Bool) throws {
        let text = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput bool flag;\nqubit q;\nif (flag) x q;\n"
        let bound = try self.bind(text, ["flag": value])
        #expect(bound.contains("if (\(holds)) x q;"))
        #expect(operations(bound) == (holds ? [gate(.x, 0)] : []))
    }

    // MARK: Values

    @Test func anInputWithoutAValueSaysHowToGiveOne() throws {
        self.expectBindingError(.unboundInput, "OPENQASM 3;\ninput float[64] 1️⃣theta;\n")
        let found = self.bindingDiagnostics(Self.sweep, ["array_task_id": "1"])
        #expect(
            found.map(\.description) == [
                "test.qasm:3:17: error: input 'theta' (float[64]) has no value; bind it with --param theta=VALUE"
            ])
    }

    @Test func anUnboundInputStopsTheParse() {
        expectDiagnostic(.unboundInput, "OPENQASM 3;\ninput float[64] 1️⃣theta;\nqubit q;\n")
        expectDiagnostic(.unboundInput, "qubit q;\ninput bool 1️⃣b;\n")
        let found = diagnostics("OPENQASM 3;\ninput float[64] theta;\n")
        #expect(found.map(\.message) == ["input 'theta' has no value; bind it with --param theta=VALUE"])
    }

    @Test(arguments: [
        ("int[8]", "0.5", "input 'v' is int[8]; '0.5' is not an integer"),
        ("int[8]", "128", "input 'v' is int[8]; '128' is out of range -128 to 127"),
        ("int[8]", "-129", "input 'v' is int[8]; '-129' is out of range -128 to 127"),
        ("int", "1e3", "input 'v' is int; '1e3' is not an integer"),
        (
            "int", "99999999999999999999",
            "input 'v' is int; '99999999999999999999' is out of range \(Int.min) to \(Int.max)"
        ),
        ("uint[4]", "-1", "input 'v' is uint[4]; '-1' is out of range 0 to 15"),
        ("uint[4]", "16", "input 'v' is uint[4]; '16' is out of range 0 to 15"),
        ("uint", "", "input 'v' is uint; '' is not an integer"),
        ("float[64]", "inf", "input 'v' is float[64]; 'inf' is not a finite number"),
        ("float", "nan", "input 'v' is float; 'nan' is not a finite number"),
        ("angle", "pi", "input 'v' is angle; 'pi' is not a number"),
        ("float", "1e400", "input 'v' is float; '1e400' is not a finite number"),
        ("bool", "yes", "input 'v' is bool; 'yes' is not true, false, 1 or 0"),
    ])
    func aValueOfTheWrongTypeIsRefusedAtTheDeclaration(type: String, value: String, message: String) throws {
        let found = self.bindingDiagnostics("OPENQASM 3;\ninput \(type) v;\n", ["v": value])
        let error = try #require(found.first)
        #expect(found.count == 1)
        #expect(error.id == .invalidInputValue)
        #expect(error.message == message)
        #expect(error.location == OpenQASM.SourceLocation(file: "test.qasm", line: 2, column: 8 + type.utf8.count))
    }

    @Test func integerWidthsBoundTheirValues() throws {
        let text = "OPENQASM 3;\ninput int[8] lo;\ninput uint[8] hi;\n"
        #expect(throws: Never.self) { try self.bind(text, ["lo": "-128", "hi": "255"]) }
        #expect(throws: Never.self) { try self.bind(text, ["lo": "127", "hi": "0"]) }
        #expect(self.bindingDiagnostics(text, ["lo": "-128", "hi": "256"]).map(\.id) == [.invalidInputValue])
        let wide = "OPENQASM 3;\ninput uint[64] u;\ninput int[64] s;\n"
        #expect(throws: Never.self) { try self.bind(wide, ["u": "\(Int.max)", "s": "\(Int.min)"]) }
    }

    @Test func aValueForANameThatIsNoInputListsTheInputs() {
        let found = self.bindingDiagnostics(Self.sweep, ["theta": "1", "array_task_id": "0", "phi": "2"])
        #expect(
            found.map(\.description) == [
                "test.qasm:1:1: error: no input 'phi' in test.qasm; it declares theta, array_task_id"
            ])
        #expect(found.map(\.id) == [.unknownInput])
        let none = self.bindingDiagnostics("OPENQASM 3;\nqubit q;\n", ["phi": "2"])
        #expect(none.map(\.message) == ["no input 'phi' in test.qasm; it declares no inputs"])
    }

    // MARK: Declarations refused

    @Test func anInputDeclaredTwiceIsRefusedAtTheSecond() {
        self.expectBindingError(
            .redefinition, "OPENQASM 3;\ninput float 2️⃣theta;\ninput int 1️⃣theta;\n", values: ["theta": "1"],
            noteAtSecondMarker: true)
        let found = self.bindingDiagnostics("OPENQASM 3;\ninput float theta;\ninput int theta;\n", ["theta": "1"])
        #expect(found.map(\.message) == ["input 'theta' is declared twice"])
    }

    @Test func anInputNameMayNameNothingElse() {
        let header = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float 2️⃣t;\n"
        let values = ["t": "1"]
        for declaration in [
            "gate g(1️⃣t) a { rx(t) a; }", "gate g(p) 1️⃣t { rx(p) t; }", "opaque g(1️⃣t) a;",
            "for int 1️⃣t in [0:1] { }", "for 1️⃣t in {1, 2} { }", "qubit[2] 1️⃣t;", "bit 1️⃣t;", "qreg 1️⃣t[1];",
            "const int 1️⃣t = 3;", "float[64] 1️⃣t;",
        ] {
            self.expectBindingError(.redefinition, header + declaration, values: values, noteAtSecondMarker: true)
        }
        self.expectBindingError(
            .redefinition, "OPENQASM 3;\nqubit 2️⃣t;\ninput float 1️⃣t;\n", values: values, noteAtSecondMarker: true)
        self.expectBindingError(
            .redefinition, "OPENQASM 3;\ngate g(2️⃣t) a { }\ninput float 1️⃣t;\n", values: values,
            noteAtSecondMarker: true)
        let found = self.bindingDiagnostics("OPENQASM 3;\ninput float t;\nfor int t in [0:1] { }\n", values)
        #expect(
            found.map(\.message) == [
                "'t' names both an input and a loop variable; inputs are bound by name, so rename one of them"
            ])
    }

    @Test func anInputLeavesAGateOfItsNameAlone() throws {
        let text = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float x;\nqubit q;\nx q;\nrx(x) q;\nctrl @ x q, $1;\n"
        let bound = try self.bind(text, ["x": "0.5"])
        #expect(bound.contains("x q;\nrx(0.5) q;\nctrl @ x q, $1;"))
        let defined = "OPENQASM 3;\ninput float g;\ngate g(p) a { U(p, 0, 0) a; }\nqubit q;\ng(g) q;\n"
        let circuit = try #require(firstCircuit(try self.bind(defined, ["g": "0.5"])))
        #expect(circuit.instructions.map(\.operation) == [gate(.u, 0, parameters: [0.5, 0, 0])])
    }

    @Test func declarationsThatUseAnInputAreNotTakenForItsName() throws {
        let text = "OPENQASM 3;\ninput int n;\nqubit[n] q;\nint[n] m = n;\nfor int[n] i in [0:n] { }\n"
        #expect(try self.bind(text, ["n": "2"]).contains("qubit[2] q;\nint[2] m = 2;\nfor int[2] i in [0:2] { }"))
    }

    @Test(arguments: ["bit", "bit[2]", "complex[float[64]]", "array[int[8], 2]", "duration", "stretch"])
    func inputTypesOtherThanScalarsAreUnsupported(type: String) {
        self.expectBindingError(.unsupportedFeature, "OPENQASM 3;\ninput 1️⃣\(type) v;\n", values: ["v": "1"])
    }

    @Test func malformedDeclarationsAreRefused() {
        self.expectBindingError(.unexpectedToken, "OPENQASM 3;\ninput float1️⃣;\n")
        self.expectBindingError(.unexpectedToken, "OPENQASM 3;\ninput 1️⃣theta;\n")
        self.expectBindingError(.unexpectedToken, "OPENQASM 3;\ninput float 1️⃣def;\n")
        self.expectBindingError(.unexpectedToken, "OPENQASM 3;\ninput float theta 1️⃣= 1.0;\n")
        self.expectBindingError(.valueOutOfRange, "OPENQASM 3;\ninput int[1️⃣0] n;\n")
        self.expectBindingError(.valueOutOfRange, "OPENQASM 3;\ninput uint[1️⃣65] n;\n")
        self.expectBindingError(.valueOutOfRange, "OPENQASM 3;\nconst int w = 8;\ninput float[1️⃣w] x;\n")
    }

    @Test func inputsAreDeclaredAtGlobalScopeOfOpenQASM3Programs() {
        self.expectBindingError(.misplacedStatement, "OPENQASM 3;\n{\n  1️⃣input float theta;\n}\n")
        self.expectBindingError(.unsupportedFeature, "OPENQASM 2.0;\n1️⃣input float theta;\n")
        expectDiagnostic(.unsupportedFeature, "OPENQASM 2.0;\n1️⃣input float theta;\n")
    }
}
