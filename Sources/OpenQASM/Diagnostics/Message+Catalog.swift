extension Message {
    // MARK: Tokens and syntax

    static func expected(_ expected: String, found: String) -> Message {
        Message(.unexpectedToken, "expected \(expected), found \(found)")
    }

    static func unexpectedCharacter(_ character: String) -> Message {
        Message(.invalidToken, "unexpected character '\(character)'")
    }

    static let unterminatedString = Message(.invalidToken, "unterminated string literal; add the closing quote")

    static let unterminatedComment = Message(.invalidToken, "unterminated block comment; add '*/'")

    static func malformedNumber(_ text: String) -> Message {
        Message(.invalidToken, "malformed number '\(text)'")
    }

    static func integerTooLarge(_ value: Double) -> Message {
        Message(.valueOutOfRange, "integer \(value) does not fit in 64 bits")
    }

    static func nestingTooDeep(limit: Int) -> Message {
        Message(.nestingTooDeep, "nesting is deeper than \(limit) levels; simplify the program")
    }

    static func gateExpansionTooDeep(_ gate: String, limit: Int) -> Message {
        Message(.nestingTooDeep, "expanding gate '\(gate)' nests definitions deeper than \(limit) levels")
    }

    // MARK: Placement

    static let versionNotFirst = Message(
        .misplacedStatement,
        "the OPENQASM version statement must come before every other statement"
    )

    static func onlyAtGlobalScope(_ what: String) -> Message {
        Message(.misplacedStatement, "\(what) is only allowed at global scope, not inside a block")
    }

    static func notInGateBody(_ what: String) -> Message {
        Message(
            .misplacedStatement,
            "\(what) is not allowed in a gate body, which may only apply gates, 'gphase' and 'barrier'"
        )
    }

    static let indexedGateArgument = Message(
        .typeMismatch,
        "gate arguments are single qubits and cannot be indexed inside a gate body"
    )

    // MARK: Versions, includes, directives

    static let missingVersion = Message(
        .missingVersion,
        "missing 'OPENQASM' version statement; assuming OpenQASM 2.0",
        severity: .warning
    )

    static func unsupportedVersion(_ version: String) -> Message {
        Message(.unsupportedVersion, "unsupported OpenQASM version '\(version)'; expected 2.0 or 3")
    }

    static func includeUnavailable(_ path: String) -> Message {
        Message(.includeFailed, "cannot include '\(path)': no include resolver was given to the parser")
    }

    static func includeFailed(_ path: String, reason: String) -> Message {
        Message(.includeFailed, "cannot include '\(path)': \(reason)")
    }

    static func includeCycle(_ path: String) -> Message {
        Message(.includeFailed, "cannot include '\(path)': it is already being included (include cycle)")
    }

    static func includeTooDeep(_ path: String, limit: Int) -> Message {
        Message(.includeFailed, "cannot include '\(path)': includes are nested deeper than \(limit) levels")
    }

    static func invalidDirective(_ token: String, reason: String) -> Message {
        Message(.invalidDirective, "invalid '// QPI' option '\(token)': \(reason)")
    }

    static let ignoredDirective = Message(
        .ignoredDirective,
        "'// QPI' directive ignored: directives must come before the first statement of the job script",
        severity: .warning
    )

    // MARK: Unsupported

    static func unsupportedFeature(_ feature: String) -> Message {
        Message(.unsupportedFeature, "unsupported OpenQASM 3 feature '\(feature)'")
    }

    static func unsupportedFeature(_ feature: String, because reason: String) -> Message {
        Message(.unsupportedFeature, "unsupported OpenQASM 3 feature '\(feature)': \(reason)")
    }

    // MARK: Names

    static func undeclared(_ name: String) -> Message {
        Message(.undeclaredIdentifier, "use of undeclared identifier '\(name)'")
    }

    static func unknownFunction(_ name: String) -> Message {
        Message(.undeclaredIdentifier, "unknown function '\(name)'")
    }

    static func unknownGate(_ name: String, library: String?) -> Message {
        if let library {
            return Message(.unknownGate, "unknown gate '\(name)'; it is defined in '\(library)', which is not included")
        }
        return Message(.unknownGate, "unknown gate '\(name)'")
    }

    static func redefinition(_ name: String) -> Message {
        Message(.redefinition, "redefinition of '\(name)'")
    }

    static func redefinitionOfBuiltin(_ name: String) -> Message {
        Message(.redefinition, "'\(name)' is a built-in gate and cannot be redefined")
    }

    static func expectedQuantum(_ name: String, actual: String) -> Message {
        Message(.typeMismatch, "'\(name)' is \(actual); expected a qubit or quantum register")
    }

    static func expectedClassical(_ name: String, actual: String) -> Message {
        Message(.typeMismatch, "'\(name)' is \(actual); expected a bit or classical register")
    }

    static func notConstant(_ name: String, actual: String) -> Message {
        Message(.typeMismatch, "'\(name)' is \(actual), not a compile-time value")
    }

    static func notIndexable(_ name: String, actual: String) -> Message {
        Message(.typeMismatch, "'\(name)' is \(actual) and cannot be indexed")
    }

    static func expectedValue(_ expected: String, in context: String, found: String) -> Message {
        Message(.typeMismatch, "\(context) must be \(expected), found \(found)")
    }

    static func invalidOperands(_ operation: String, _ types: String) -> Message {
        Message(.typeMismatch, "operator '\(operation)' cannot be applied to \(types)")
    }

    static func unsupportedCondition(_ reason: String) -> Message {
        .unsupportedFeature("condition", because: reason)
    }

    // MARK: Gate applications

    static func wrongQubitCount(_ gate: String, expected: Int, found: Int) -> Message {
        Message(.wrongArgumentCount, "gate '\(gate)' takes \(plural(expected, "qubit argument")), found \(found)")
    }

    static func wrongParameterCount(_ gate: String, expected: Int, found: Int) -> Message {
        Message(.wrongParameterCount, "gate '\(gate)' takes \(plural(expected, "parameter")), found \(found)")
    }

    static func wrongFunctionArgumentCount(_ function: String, expected: Int, found: Int) -> Message {
        Message(.wrongArgumentCount, "function '\(function)' takes \(plural(expected, "argument")), found \(found)")
    }

    static func duplicateQubit(_ qubit: String, gate: String) -> Message {
        Message(.duplicateQubitArgument, "qubit \(qubit) is passed to gate '\(gate)' more than once")
    }

    static func indexOutOfRange(_ index: Int, register: String, size: Int) -> Message {
        Message(.indexOutOfRange, "index \(index) is out of range for '\(register)', which has \(size) bits")
    }

    static func broadcastSizeMismatch(_ sizes: String) -> Message {
        Message(.registerSizeMismatch, "registers in one broadcast must have the same size, found \(sizes)")
    }

    static func measureSizeMismatch(qubits: Int, bits: Int) -> Message {
        Message(.registerSizeMismatch, "cannot measure \(plural(qubits, "qubit")) into \(plural(bits, "bit"))")
    }

    static func measureShapeMismatch(registerIsQuantum: Bool) -> Message {
        Message(
            .registerSizeMismatch,
            registerIsQuantum
                ? "cannot measure a quantum register into a single bit; name a classical register or one qubit"
                : "cannot measure a single qubit into a classical register; name one bit or a quantum register"
        )
    }

    static func opaqueUnderModifier(_ gate: String) -> Message {
        Message(
            .unsupportedFeature, "unsupported OpenQASM 3 feature 'modifier on opaque gate': '\(gate)' has no definition"
        )
    }

    static func fractionalPower(_ exponent: Double, gate: String) -> Message {
        Message(
            .unsupportedFeature,
            "unsupported OpenQASM 3 feature 'pow(\(exponent)) @ \(gate)': non-integer powers apply only to rotation and phase gates"
        )
    }

    static func discardedMeasurementReused(_ qubit: String) -> Message {
        Message(
            .unsupportedFeature,
            "unsupported OpenQASM 3 feature 'measure without target': qubit \(qubit) is used after a measurement whose result is not stored"
        )
    }

    // MARK: Values

    static let divisionByZero = Message(.divisionByZero, "division by zero")

    static func nonFinite(_ what: String) -> Message {
        Message(.nonFiniteValue, "\(what) is not a finite number")
    }

    static func invalidRegisterSize(_ size: Int, limit: Int) -> Message {
        Message(.valueOutOfRange, "register size must be between 0 and \(limit), found \(size)")
    }

    static func invalidModifierCount(_ modifier: String, _ count: Int) -> Message {
        Message(.valueOutOfRange, "'\(modifier)' needs a positive number of control qubits, found \(count)")
    }

    static let zeroLoopStep = Message(.valueOutOfRange, "the step of a loop range must not be zero")

    static func conditionValueTooWide(_ value: String, bits: Int) -> Message {
        Message(.valueOutOfRange, "value \(value) cannot be compared with \(plural(bits, "bit")); it does not fit")
    }

    static func conditionNeverHolds(_ value: String, bits: Int) -> Message {
        Message(
            .valueOutOfRange,
            "value \(value) does not fit in \(plural(bits, "bit")), so the comparison is constant",
            severity: .warning
        )
    }

    // MARK: Inputs

    /// `type` is nil where the parser meets the declaration, which reads no further than the name.
    static func unboundInput(_ name: String, type: InputType? = nil) -> Message {
        let declared = type.map { "input '\(name)' (\($0))" } ?? "input '\(name)'"
        return Message(.unboundInput, "\(declared) has no value; bind it with --param \(name)=VALUE")
    }

    static func invalidInputValue(_ input: ProgramInput, value: String, _ problem: InputValueProblem) -> Message {
        let reason =
            switch problem {
            case .notAnInteger: "'\(value)' is not an integer"
            case .outOfRange(let range): "'\(value)' is out of range \(range.lowerBound) to \(range.upperBound)"
            case .notANumber: "'\(value)' is not a number"
            case .notFinite: "'\(value)' is not a finite number"
            case .notABoolean: "'\(value)' is not true, false, 1 or 0"
            }
        return Message(.invalidInputValue, "input '\(input.name)' is \(input.type); \(reason)")
    }

    static func unknownInput(_ name: String, file: String, declared: [String]) -> Message {
        let inputs = declared.isEmpty ? "it declares no inputs" : "it declares \(declared.joined(separator: ", "))"
        return Message(.unknownInput, "no input '\(name)' in \(file); \(inputs)")
    }

    static func inputDeclaredTwice(_ name: String) -> Message {
        Message(.redefinition, "input '\(name)' is declared twice")
    }

    /// Binding replaces every later use of an input's name by its value, which would be
    /// wrong where the name means something else.
    static func inputNameTaken(_ name: String, by role: DeclaredNameRole) -> Message {
        let other =
            switch role {
            case .gateParameter: "a gate parameter"
            case .gateQubit: "a gate qubit argument"
            case .loopVariable: "a loop variable"
            case .register: "a register"
            case .variable: "a variable"
            }
        return Message(
            .redefinition,
            "'\(name)' names both an input and \(other); inputs are bound by name, so rename one of them"
        )
    }

    static let inputInVersion2 = Message.unsupportedFeature(
        "input", because: "OpenQASM 2.0 programs have no inputs; declare 'OPENQASM 3.0;'")

    static func unsupportedInputType(_ type: String) -> Message {
        .unsupportedFeature("input \(type)", because: "an input is an int, uint, float, angle or bool")
    }

    static func invalidInputWidth(_ type: ScalarType, found: String, maximum: Int?) -> Message {
        let allowed = maximum.map { "a whole number from 1 to \($0)" } ?? "a positive whole number"
        return Message(.valueOutOfRange, "the width of \(type.withArticle) input must be \(allowed), found \(found)")
    }

    // MARK: Limits

    static func tooManyInstructions(limit: Int) -> Message {
        Message(.limitExceeded, "the program expands to more than \(limit) instructions")
    }

    static func tooManyLoopIterations(limit: Int) -> Message {
        Message(.limitExceeded, "loops run more than \(limit) iterations in total")
    }

    static func tooManyBits(limit: Int) -> Message {
        Message(.limitExceeded, "the program declares more than \(limit) qubits or bits")
    }

    static func tooManyErrors(limit: Int) -> Message {
        Message(.limitExceeded, "too many errors (\(limit)); stopping")
    }

    static func sourceTooLarge(limit: Int) -> Message {
        Message(.limitExceeded, "the source is larger than \(limit) bytes")
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }
}

/// Wording of notes attached to diagnostics.
enum NoteText {
    static func firstDeclared(_ name: String) -> String { "'\(name)' was first declared here" }

    static func includedLibrary(_ name: String, library: String) -> String {
        "'\(name)' is declared by '\(library)', included here"
    }

    static func inExpansion(of gate: String) -> String { "in the expansion of gate '\(gate)' applied here" }

    static let measuredWithoutTarget = "the measurement without a target is here"
}
