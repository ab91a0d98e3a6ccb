/// A configuration file's entries as written, before keys are looked up and values checked:
/// what the `qpi.conf`, JSON and YAML readers produce alike.
struct FileDocument {
    /// One `Key=Value` (or JSON/YAML member) with its key as spelled in the file.
    struct Entry {
        var key: String
        var value: String
        var location: ConfigurationLocation
    }

    /// One QPU declaration's fields, in the order written.
    struct QPUEntry {
        var fields: [Entry]
        var location: ConfigurationLocation
    }

    var settings: [Entry] = []
    var qpus: [QPUEntry] = []
}
