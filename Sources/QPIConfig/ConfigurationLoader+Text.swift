extension ConfigurationLoader {
    /// The configuration `text` holds, read as the file `path` would be (its extension
    /// picks the format), without environment or flags and without touching the disk.
    /// The fuzzer drives the configuration parser through here.
    /// - Throws: every problem found, as loading the file would.
    public static func load(text: String, path: String) throws(ConfigurationError) -> QPIConfiguration {
        var diagnostics: [ConfigurationDiagnostic] = []
        let file = ConfigurationFile.parse(text, path: path, diagnostics: &diagnostics)
        let layers = LayeredSettings(layers: [file.settings])
        let configuration = layers.resolve(qpus: file.qpus, sourcePath: path, diagnostics: &diagnostics)
        guard let configuration, diagnostics.isEmpty else { throw ConfigurationError(diagnostics) }
        return configuration
    }
}
