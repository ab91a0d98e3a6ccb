extension FileDocument {
    /// The file's settings matched to known keys, and its QPUs, refusing unknown and
    /// repeated keys and repeated QPU names. Values are checked later, with the other layers.
    func validated(diagnostics: inout [ConfigurationDiagnostic]) -> (settings: [Setting], qpus: [QPUDeclaration]) {
        var settings: [Setting] = []
        var firstSet: [String: ConfigurationLocation] = [:]
        for entry in self.settings {
            guard let key = ConfigurationKey.named(entry.key) else {
                diagnostics.append(self.unknownKey(entry))
                continue
            }
            if let first = firstSet[key.name] {
                diagnostics.append(
                    .init(
                        code: .duplicateKey, message: "\(key.name) is already set at \(first)", location: entry.location
                    )
                )
                continue
            }
            firstSet[key.name] = entry.location
            settings.append(Setting(key: key, text: entry.value, location: entry.location))
        }

        var qpus: [QPUDeclaration] = []
        var firstDeclared: [String: ConfigurationLocation] = [:]
        for entry in self.qpus {
            for qpu in QPUFields.declarations(from: entry, diagnostics: &diagnostics) {
                if let first = firstDeclared[qpu.name] {
                    diagnostics.append(
                        .init(
                            code: .duplicateQPU, message: "QPU '\(qpu.name)' is already declared at \(first)",
                            location: qpu.location
                        )
                    )
                    continue
                }
                firstDeclared[qpu.name] = qpu.location
                qpus.append(qpu)
            }
        }
        return (settings, qpus)
    }

    private func unknownKey(_ entry: Entry) -> ConfigurationDiagnostic {
        let message: String
        if let field = QPUFields.canonicalName(entry.key), field != "QPUName" {
            message = "unknown key '\(entry.key)': \(field) belongs on a QPUName= line"
        } else {
            let hint = KeySuggestion.hint(for: entry.key, among: ConfigurationKey.all.map(\.name) + ["QPUName"])
            message = "unknown key '\(entry.key)'\(hint)"
        }
        return ConfigurationDiagnostic(code: .unknownKey, message: message, location: entry.location)
    }
}
