import FoundationEssentials

/// Loads QPI's configuration from its layers: command-line flags over `QPI_*` environment
/// variables over the configuration file over defaults, key by key.
///
/// The file is the one named by `--conf`/`--config-file`, else by `QPI_CONFIG_FILE` or
/// `QPI_CONF`, else the first of `searchPaths` that exists; a named file must exist, while
/// finding none on the search paths leaves the defaults. Its format follows its extension:
/// `.json`, `.yaml`/`.yml`, or the `qpi.conf` format for any other name. Environment
/// variables that are not configuration keys are ignored, since commands have their own.
public enum ConfigurationLoader {
    /// Where a configuration file is looked for when none is named: `etc/qpi.conf` under the
    /// working directory, then the system-wide file.
    public static let defaultSearchPaths = ["etc/qpi.conf", "/etc/qpi/qpi.conf"]
    /// Flags that name the configuration file, for `qpictld --help`.
    public static let configFileFlags = ArgumentScanner.configFileFlags
    /// Environment variables that name the configuration file, first one set wins.
    public static let configFileVariables = ["QPI_CONFIG_FILE", "QPI_CONF"]

    /// Every configuration key with its flag, environment variable, default and help, in
    /// the order `qpictld --help` and `etc/qpi.conf` present them.
    public static var keys: [ConfigurationKey] { ConfigurationKey.all }

    /// The configuration of a daemon started with `arguments`.
    ///
    /// - Parameters:
    ///   - arguments: the daemon's flags, without the program name; every one must be a
    ///     key's flag or `--conf`/`--config-file`.
    ///   - environment: the process environment, usually `ProcessInfo.processInfo.environment`.
    ///   - searchPaths: files tried in order when no configuration file is named.
    /// - Throws: every problem found in the file, the environment and the flags.
    public static func load(
        arguments: [String],
        environment: [String: String],
        searchPaths: [String] = defaultSearchPaths
    ) throws(ConfigurationError) -> QPIConfiguration {
        try self.load(ArgumentScanner(arguments), environment: environment, searchPaths: searchPaths).configuration
    }

    /// As ``load(arguments:environment:searchPaths:)``, with where each value came from:
    /// what `qpictld` loads at start and again on every reconfigure.
    public static func loadWithSources(
        arguments: [String],
        environment: [String: String],
        searchPaths: [String] = defaultSearchPaths
    ) throws(ConfigurationError) -> LoadedConfiguration {
        try self.load(ArgumentScanner(arguments), environment: environment, searchPaths: searchPaths)
    }

    /// The configuration from the file and the environment only, for commands and `qpid`,
    /// which parse their own flags and pass on their `--conf` value.
    ///
    /// - Parameter configFile: the file named on the command line, or nil to use the
    ///   environment's `QPI_CONFIG_FILE`/`QPI_CONF` or the search paths.
    public static func load(
        configFile: String?,
        environment: [String: String],
        searchPaths: [String] = defaultSearchPaths
    ) throws(ConfigurationError) -> QPIConfiguration {
        try self.load(ArgumentScanner(configFile: configFile), environment: environment, searchPaths: searchPaths)
            .configuration
    }

    private static func load(
        _ arguments: ArgumentScanner,
        environment: [String: String],
        searchPaths: [String]
    ) throws(ConfigurationError) -> LoadedConfiguration {
        var diagnostics: [ConfigurationDiagnostic] = []
        // An empty name, as in `QPI_CONF= qpictld`, counts as none.
        let candidates = [arguments.configFile] + self.configFileVariables.map { environment[$0] }
        let named = candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
        let path = named ?? searchPaths.first { FileManager.default.fileExists(atPath: $0) }
        var file: (settings: [Setting], qpus: [QPUDeclaration]) = ([], [])
        if let path {
            file = ConfigurationFile.read(path, diagnostics: &diagnostics)
        }
        let environmentSettings = ConfigurationKey.all.compactMap { key in
            environment[key.environmentVariable].map {
                Setting(key: key, text: $0, location: .environment(variable: key.environmentVariable))
            }
        }
        diagnostics += arguments.diagnostics
        let layers = LayeredSettings(layers: [file.settings, environmentSettings, arguments.settings])
        let configuration = layers.resolve(qpus: file.qpus, sourcePath: path, diagnostics: &diagnostics)
        guard let configuration, diagnostics.isEmpty else { throw ConfigurationError(self.inReadingOrder(diagnostics)) }
        return LoadedConfiguration(configuration: configuration, sources: ConfigurationSources(layers: layers.layers))
    }

    /// File problems by line, then environment, then command line; otherwise in the order found.
    private static func inReadingOrder(_ diagnostics: [ConfigurationDiagnostic]) -> [ConfigurationDiagnostic] {
        func rank(_ location: ConfigurationLocation) -> (layer: Int, line: Int) {
            switch location {
            case .file(_, let line): (0, line ?? 0)
            case .environment: (1, 0)
            case .commandLine: (2, 0)
            }
        }
        return diagnostics.enumerated().sorted { first, second in
            let (a, b) = (rank(first.element.location), rank(second.element.location))
            return (a.layer, a.line, first.offset) < (b.layer, b.line, second.offset)
        }.map(\.element)
    }
}
