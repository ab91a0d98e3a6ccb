public import OpenQASM

/// Why a circuit could not be simulated.
public struct SimulationError: Error, Sendable, Hashable {
    /// A stable identifier for the kind of failure; tests and callers match on it, never on
    /// the message.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case opaqueGate = "opaque-gate"
            case tooManyQubits = "too-many-qubits"
            case invalidCircuit = "invalid-circuit"
            case invalidOptions = "invalid-options"
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The circuit applies an `opaque` gate, which has no definition to run.
        public static let opaqueGate = Code(.opaqueGate)
        /// The statevector (or the copies branching needs) would not fit in memory.
        public static let tooManyQubits = Code(.tooManyQubits)
        /// The circuit breaks the IR's rules (index out of range, repeated qubit, wrong
        /// number of parameters, …); the parser should never produce one.
        public static let invalidCircuit = Code(.invalidCircuit)
        /// An option is out of range (negative shots or threads).
        public static let invalidOptions = Code(.invalidOptions)

        public var description: String { self.value.rawValue }
    }

    public var code: Code
    /// One sentence naming the bad value and what would be accepted.
    public var message: String
    /// Where the offending statement starts, when the instruction carries a location.
    public var location: SourceLocation?

    public init(code: Code, message: String, location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }
}

extension SimulationError: CustomStringConvertible {
    /// `file:line:col: error: message` when the location is known, `error: message` otherwise.
    public var description: String {
        if let location = self.location {
            return "\(location): error: \(self.message)"
        }
        return "error: \(self.message)"
    }
}
