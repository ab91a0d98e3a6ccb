/// Settings from each layer, applied over the defaults so that for every key the highest
/// layer that sets it wins: command line over environment over file.
struct LayeredSettings {
    /// Settings per layer, from lowest precedence to highest.
    var layers: [[Setting]]

    /// Keys that set the same value in different ways; one layer may use only one spelling.
    private static let exclusiveKeys: [(whole: String, parts: Set<String>)] = [
        ("PortRange", ["PortRangeStart", "PortRangeEnd"]),
        ("DebugLevel", ["LogLevel"]),
    ]

    /// The configuration with `qpus` and `sourcePath` filled in, or nil when a value or a
    /// rule between values is refused (with a diagnostic for each).
    func resolve(
        qpus: [QPUDeclaration],
        sourcePath: String?,
        diagnostics: inout [ConfigurationDiagnostic]
    ) -> QPIConfiguration? {
        let errorCount = diagnostics.count
        var draft = ConfigurationDraft()
        var origins: [String: (rank: Int, location: ConfigurationLocation)] = [:]
        for (rank, layer) in self.layers.enumerated() {
            self.checkExclusiveKeys(in: layer, diagnostics: &diagnostics)
            for setting in layer {
                do {
                    try setting.key.binding.apply(setting.text, &draft)
                    origins[setting.key.name] = (rank, setting.location)
                } catch {
                    diagnostics.append(.invalidValue(setting.text, for: setting.key.name, error, at: setting.location))
                }
            }
        }
        // A refused value leaves its default in place, which could break a rule only
        // because of the refusal: report rules once every value is accepted.
        guard diagnostics.count == errorCount else { return nil }
        for inconsistency in draft.inconsistencies {
            // Defaults break no rule (a test checks), so some key here has an origin.
            let location = inconsistency.keys.compactMap { origins[$0] }.max { $0.rank < $1.rank }?.location
            diagnostics.append(
                .init(
                    code: .inconsistentValues, message: inconsistency.message,
                    location: location ?? .commandLine(flag: nil)
                )
            )
        }
        guard diagnostics.count == errorCount, var configuration = draft.finished() else { return nil }
        configuration.qpus = qpus
        configuration.sourcePath = sourcePath
        return configuration
    }

    private func checkExclusiveKeys(in layer: [Setting], diagnostics: inout [ConfigurationDiagnostic]) {
        for rule in Self.exclusiveKeys {
            guard let whole = layer.first(where: { $0.key.name == rule.whole }) else { continue }
            for part in layer where rule.parts.contains(part.key.name) {
                let message =
                    "\(part.key.name) cannot be combined with \(rule.whole) (set at \(whole.location)); use one or the other"
                diagnostics.append(.init(code: .conflictingKeys, message: message, location: part.location))
            }
        }
    }
}
