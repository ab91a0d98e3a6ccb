/// A value for a known key from one layer, with where it was set.
struct Setting {
    let key: ConfigurationKey
    let text: String
    let location: ConfigurationLocation
}
