extension KeyBinding {
    /// `DebugLevel` and `LogLevel` name one setting in two vocabularies: each stores both
    /// fields, so whichever layer set it last decides, whatever its spelling.
    static let debugLevel = Self(
        apply: { text, draft throws(InvalidValue) in
            let level: QPIConfiguration.DebugLevel = try ValueText.choice(text)
            draft.configuration.debugLevel = level
            draft.configuration.logLevel = level.logLevel
        },
        render: { $0.debugLevel.rawValue })

    static let logLevel = Self(
        apply: { text, draft throws(InvalidValue) in
            let level: QPIConfiguration.LogLevel = try ValueText.choice(text)
            draft.configuration.logLevel = level
            draft.configuration.debugLevel = .init(level)
        },
        render: { $0.logLevel.rawValue })
}
