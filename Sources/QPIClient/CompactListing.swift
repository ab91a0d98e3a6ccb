import QPIWire

/// Lays out a compact listing (``CompactTable``) as a command prints it: `qstat` and `qacct`
/// both print through here.
enum CompactListing {
    /// `table`'s rows in `format`, each field found among `columns` (the listing's, in the
    /// order of its cells). `kind` says how a key's cells are shown, nil for a key the command
    /// does not know; times print in this host's time zone, `none` when a job has none; text
    /// in the columns `cuts` names is cut to that many characters with a `+`.
    /// - Parameter what: The listing, for errors ("usage listing").
    static func render(
        _ table: CompactTable, columns: [String], format: OutputFormat, kind: (String) -> CompactCells.Kind?,
        cuts: [String: Int], none: String, what: String, title: (String) -> String, parsable: Bool, header: Bool
    ) throws(WireError) -> String {
        var positions: [Int] = []
        var kinds: [CompactCells.Kind] = []
        var widths: [Int?] = []
        for field in format.fields {
            guard let position = columns.firstIndex(of: field.key), let known = kind(field.key) else {
                throw WireError(.malformed, "the controller's \(what) lacks the '\(field.key)' column")
            }
            positions.append(position)
            kinds.append(known)
            widths.append(cuts[field.key])
        }
        func cell(_ row: Int, _ field: Int) -> ArraySlice<UInt8> {
            Self.shown(table[row, positions[field]], kind: kinds[field], cut: widths[field], none: none)
        }
        return parsable
            ? format.renderParsable(rowCount: table.rowCount, title: title, header: header, cell: cell)
            : format.render(rowCount: table.rowCount, title: title, header: header, cell: cell)
    }

    private static func shown(_ value: ArraySlice<UInt8>, kind: CompactCells.Kind, cut: Int?, none: String)
        -> ArraySlice<UInt8>
    {
        if kind == .time {
            let seconds = Double(String(decoding: value, as: UTF8.self))
            return ArraySlice((seconds.map(JobListing.timestamp) ?? none).utf8)
        }
        guard let cut, OutputFormat.width(value) > cut else { return value }
        return ArraySlice(JobListing.truncated(String(decoding: value, as: UTF8.self), cut).utf8)
    }
}
