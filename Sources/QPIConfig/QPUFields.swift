import QPICore

/// The fields of a `QPUName=` line, and how one line becomes `QPUDeclaration`s.
enum QPUFields {
    /// Canonical field names, for messages and suggestions.
    static let names = ["QPUName", "Executor", "Qubits", "ExecutorCommand", "State", "Reason"]
    /// `QPUName` as `ConfigurationKey.normalized` spells it: what marks a QPU line.
    static let nameKey = ConfigurationKey.normalized("QPUName")
    /// States a QPU may be declared in; the others are reached at run time.
    static let declarableStates: [QPUState] = [.drain, .disabled]
    /// Qubit counts accepted, generous for hardware yet catching typos.
    static let qubitRange = 1...100_000

    /// The canonical name of a field spelled `key`; `Name` is accepted for `QPUName`
    /// because JSON and YAML entries read more naturally with it.
    static func canonicalName(_ key: String) -> String? {
        let normalized = ConfigurationKey.normalized(key)
        if normalized == "name" { return "QPUName" }
        return self.names.first { ConfigurationKey.normalized($0) == normalized }
    }

    /// The QPUs `entry` declares (several when its name is a range), or none if it has errors.
    static func declarations(
        from entry: FileDocument.QPUEntry,
        diagnostics: inout [ConfigurationDiagnostic]
    ) -> [QPUDeclaration] {
        let errorCount = diagnostics.count
        var fields: [String: FileDocument.Entry] = [:]
        for field in entry.fields {
            guard let name = self.canonicalName(field.key) else {
                let hint = KeySuggestion.hint(for: field.key, among: self.names)
                diagnostics.append(
                    .init(
                        code: .unknownKey, message: "unknown QPU field '\(field.key)'\(hint)", location: field.location)
                )
                continue
            }
            guard fields[name] == nil else {
                diagnostics.append(
                    .init(code: .duplicateKey, message: "QPU field \(name) is given twice", location: field.location)
                )
                continue
            }
            fields[name] = field
        }
        let missing = ["QPUName", "Executor", "Qubits"].filter { fields[$0] == nil }
        guard missing.isEmpty else {
            let what = missing.map { "\($0)=" }.joined(separator: " and ")
            diagnostics.append(
                .init(code: .incompleteQPU, message: "QPU declaration needs \(what)", location: entry.location))
            return []
        }

        func check<Value>(_ name: String, _ parse: (String) throws(InvalidValue) -> Value) -> Value? {
            guard let field = fields[name] else { return nil }
            do {
                return try parse(field.value)
            } catch {
                diagnostics.append(.invalidValue(field.value, for: name, error, at: field.location))
                return nil
            }
        }
        let names = check("QPUName", self.names(_:))
        let executor = check("Executor", self.executor(_:))
        let qubits = check("Qubits") { text throws(InvalidValue) in try ValueText.integer(text, in: self.qubitRange) }
        let command = check("ExecutorCommand", ValueText.nonEmpty)
        let state = check("State", self.state(_:))
        guard diagnostics.count == errorCount, let names, let executor, let qubits else { return [] }
        return names.map { name in
            QPUDeclaration(
                name: name, executor: executor, qubits: qubits, executorCommand: command, state: state,
                reason: fields["Reason"]?.value, location: entry.location
            )
        }
    }

    private static func names(_ text: String) throws(InvalidValue) -> [String] {
        guard let names = QPUNameRange.expand(text), names.allSatisfy(JobOptions.isValidQPUName) else {
            throw InvalidValue(
                expected: "expected a name of letters, digits, '_', '-' and '.', or a range such as sim[0-3]"
            )
        }
        return names
    }

    private static func executor(_ text: String) throws(InvalidValue) -> String {
        guard JobOptions.isValidQPUName(text) else {
            throw InvalidValue(expected: "expected an executor name such as sim or qiskit_aer")
        }
        return text
    }

    private static func state(_ text: String) throws(InvalidValue) -> QPUState {
        guard let state = QPUState(rawValue: text.uppercased()), self.declarableStates.contains(state) else {
            throw InvalidValue(expected: "expected \(self.declarableStates.map(\.rawValue).joined(separator: " or "))")
        }
        return state
    }
}
