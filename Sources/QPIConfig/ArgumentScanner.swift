/// Reads the daemon's flags: `--key VALUE`, `--key=VALUE`, a bare `--switch` for Boolean
/// keys, and `--conf`/`--config-file`. Anything else is refused: a daemon that silently
/// ignored a mistyped flag would run with a setting its administrator did not choose.
struct ArgumentScanner {
    /// Flags naming the configuration file.
    static let configFileFlags = ["--conf", "--config-file"]

    /// The flags that set keys, in the order given (a repeated flag's last value wins).
    private(set) var settings: [Setting] = []
    /// The configuration file named by the last `--conf` or `--config-file`, if any.
    private(set) var configFile: String?
    private(set) var diagnostics: [ConfigurationDiagnostic] = []

    /// A scan of no flags but a file chosen by the caller's own option parsing.
    init(configFile: String?) {
        self.configFile = configFile
    }

    /// Scans `arguments` (without the program name).
    init(_ arguments: [String]) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                let message = "unexpected argument '\(argument)': options are --key VALUE or --key=VALUE"
                self.diagnostics.append(
                    .init(code: .unexpectedArgument, message: message, location: .commandLine(flag: nil)))
                continue
            }
            let flag = String(argument.prefix { $0 != "=" })
            let inlineValue = argument.count > flag.count ? String(argument.dropFirst(flag.count + 1)) : nil
            let location = ConfigurationLocation.commandLine(flag: flag)
            let key = ConfigurationKey.flagged(flag)
            let namesFile = Self.configFileFlags.contains(flag)
            guard key != nil || namesFile else {
                let hint = KeySuggestion.hint(for: flag, among: ConfigurationKey.all.map(\.flag) + Self.configFileFlags)
                self.diagnostics.append(
                    .init(code: .unknownFlag, message: "unknown flag '\(flag)'\(hint)", location: location))
                // Its value, if it has one, would otherwise be reported again as a stray argument.
                if inlineValue == nil, let next = remaining.first, !next.hasPrefix("--") { remaining.removeFirst() }
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if key?.binding.isSwitch == true {
                value = "true"
            } else if let next = remaining.first, !next.hasPrefix("--") {
                value = next
                remaining.removeFirst()
            } else {
                let message = "\(flag) needs a value, as in \(flag) VALUE or \(flag)=VALUE"
                self.diagnostics.append(.init(code: .missingFlagValue, message: message, location: location))
                continue
            }
            if let key {
                self.settings.append(Setting(key: key, text: value, location: location))
            } else {
                self.configFile = value
            }
        }
    }
}
