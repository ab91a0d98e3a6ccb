import QPICore

/// A listing laid out as the user asked: `qstat -o` takes squeue's format (`%.10i %-20j
/// %T`: fields between literal text), `qacct -o` sacct's (`JobID,JobName%20,State%-10`).
/// Both read into the same pieces and print through `render`.
public struct OutputFormat: Sendable, Hashable {
    /// How wide a field's cells are.
    public enum Width: Sendable, Hashable {
        /// The value as it is (squeue without a size).
        case natural
        /// Exactly this many characters: shorter values are padded, longer ones cut.
        case fixed(Int)
        /// As wide as the widest cell of the column, header included (sacct without a size).
        case fit
    }

    /// One field of a format: its key in the listing's field table, width and alignment.
    public struct Field: Sendable, Hashable {
        public var key: String
        public var width: Width
        public var alignment: TextTable.Alignment

        public init(_ key: String, width: Width = .natural, alignment: TextTable.Alignment = .left) {
            self.key = key
            self.width = width
            self.alignment = alignment
        }
    }

    public enum Piece: Sendable, Hashable {
        case text(String)
        case field(Field)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// The fields, in order.
    public var fields: [Field] {
        self.pieces.compactMap { piece in
            if case .field(let field) = piece { return field }
            return nil
        }
    }

    /// The fields' keys, each once, in the order they first appear: the columns to ask the
    /// controller for.
    public var distinctKeys: [String] {
        var keys: [String] = []
        for field in self.fields where !keys.contains(field.key) { keys.append(field.key) }
        return keys
    }

    /// Reads squeue's `-o` syntax: `%[.|-][width]letter` fields, `%%` for a percent sign,
    /// anything else printed as written. `.` right-aligns (as squeue), `-` left-aligns
    /// (the default); a width pads and cuts the value to exactly that many characters.
    ///
    /// - Parameter letters: the field letters the listing knows.
    public static func squeue(_ text: String, letters: Set<Character>) throws(OutputFormatError) -> OutputFormat {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            guard character == "%" else {
                literal.append(character)
                continue
            }
            if rest.first == "%" {
                literal.append("%")
                rest = rest.dropFirst()
                continue
            }
            let start = rest
            var alignment = TextTable.Alignment.left
            var explicitAlignment = false
            if let sign = rest.first, sign == "." || sign == "-" {
                alignment = sign == "." ? .right : .left
                explicitAlignment = true
                rest = rest.dropFirst()
            }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            guard let letter = rest.first else {
                throw OutputFormatError(field: "%" + start, reason: .incomplete)
            }
            rest = rest.dropFirst()
            let spec = "%" + start.prefix(start.count - rest.count)
            guard letters.contains(letter) else { throw OutputFormatError(field: spec, reason: .unknown) }
            var width = Width.natural
            if !digits.isEmpty {
                guard let size = Int(digits), size >= 1, size <= Self.maxWidth else {
                    throw OutputFormatError(field: spec, reason: .badWidth)
                }
                width = .fixed(size)
            } else if explicitAlignment {
                throw OutputFormatError(field: spec, reason: .alignmentNeedsWidth)
            }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
            pieces.append(.field(Field(String(letter), width: width, alignment: alignment)))
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        guard pieces.contains(where: { if case .field = $0 { true } else { false } }) else {
            throw OutputFormatError(field: text, reason: .noField)
        }
        return OutputFormat(pieces: pieces)
    }

    /// Reads sacct's `--format` syntax: comma-separated field names (any case), each
    /// optionally with `%WIDTH` (right-aligned, as sacct) or `%-WIDTH` (left-aligned).
    /// Without a width a column is as wide as its widest cell, aligned as `alignments` says.
    ///
    /// - Parameter names: the listing's field names, as printed in its header.
    public static func sacct(
        _ text: String, names: [String], alignments: [String: TextTable.Alignment] = [:]
    ) throws(OutputFormatError) -> OutputFormat {
        var pieces: [Piece] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let spec = String(item).trimmingWhitespace()
            let parts = spec.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = names.first(where: { $0.lowercased() == parts[0].lowercased() }) else {
                throw OutputFormatError(field: spec, reason: spec.isEmpty ? .empty : .unknown)
            }
            var field = Field(name, width: .fit, alignment: alignments[name] ?? .left)
            if parts.count == 2 {
                let size = parts[1].hasPrefix("-") ? parts[1].dropFirst() : parts[1]
                guard let width = Int(size), width >= 1, width <= Self.maxWidth else {
                    throw OutputFormatError(field: spec, reason: .badWidth)
                }
                field.width = .fixed(width)
                field.alignment = parts[1].hasPrefix("-") ? .left : .right
            }
            if !pieces.isEmpty { pieces.append(.text(" ")) }
            pieces.append(.field(field))
        }
        return OutputFormat(pieces: pieces)
    }

    /// Widest accepted field, in characters.
    static let maxWidth = 1_000

    /// The lines for `rows` (each a field key → value function), after a header line of
    /// `title(key)` unless `header` is false. Trailing spaces are dropped, as `TextTable` does.
    public func render(
        _ rows: [(String) -> String], title: @escaping (String) -> String, header: Bool = true
    ) -> String {
        let keys = self.fields.map(\.key)
        return self.render(rowCount: rows.count, title: title, header: header) { row, field in
            ArraySlice(rows[row](keys[field]).utf8)
        }
    }

    /// The lines for `rowCount` rows whose UTF-8 cells `cell(row, field)` gives (`field`
    /// indexes ``fields``), built in one byte buffer: the listings of a hundred thousand jobs
    /// go through here.
    public func render(
        rowCount: Int, title: (String) -> String, header: Bool = true,
        cell: (_ row: Int, _ field: Int) -> ArraySlice<UInt8>
    ) -> String {
        let fields = self.fields
        let titles = fields.map { ArraySlice(title($0.key).utf8) }
        var fitted = [Int](repeating: 0, count: fields.count)
        for (index, field) in fields.enumerated() where field.width == .fit {
            var widest = header ? Self.width(titles[index]) : 0
            for row in 0..<rowCount { widest = max(widest, Self.width(cell(row, index))) }
            fitted[index] = widest
        }
        let literals = self.pieces.map { piece -> [UInt8] in
            if case .text(let literal) = piece { return Array(literal.utf8) }
            return []
        }
        var out: [UInt8] = []
        func appendLine(_ value: (Int) -> ArraySlice<UInt8>) {
            var index = 0
            for (position, piece) in self.pieces.enumerated() {
                switch piece {
                case .text: out += literals[position]
                case .field(let field):
                    Self.append(value(index), field, fitted[index], to: &out)
                    index += 1
                }
            }
            while out.last == UInt8(ascii: " ") { out.removeLast() }
            out.append(UInt8(ascii: "\n"))
        }
        if header { appendLine { titles[$0] } }
        for row in 0..<rowCount { appendLine { cell(row, $0) } }
        return String(decoding: out, as: UTF8.self)
    }

    /// The fields' values joined by `|`, unpadded, after a header line unless `header` is false.
    public func renderParsable(
        _ rows: [(String) -> String], title: @escaping (String) -> String, header: Bool = true
    ) -> String {
        let keys = self.fields.map(\.key)
        return self.renderParsable(rowCount: rows.count, title: title, header: header) { row, field in
            ArraySlice(rows[row](keys[field]).utf8)
        }
    }

    /// `renderParsable` over UTF-8 cells by row and field index, in one buffer.
    public func renderParsable(
        rowCount: Int, title: (String) -> String, header: Bool = true,
        cell: (_ row: Int, _ field: Int) -> ArraySlice<UInt8>
    ) -> String {
        let fields = self.fields
        var out: [UInt8] = []
        if header { out += Array(fields.map { title($0.key) }.joined(separator: "|").utf8) + [UInt8(ascii: "\n")] }
        for row in 0..<rowCount {
            for index in fields.indices {
                if index > 0 { out.append(UInt8(ascii: "|")) }
                out += cell(row, index)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Characters of a UTF-8 cell as a column counts them; ASCII (nearly every cell)
    /// without decoding.
    static func width(_ text: ArraySlice<UInt8>) -> Int {
        text.allSatisfy { $0 < 0x80 } ? text.count : String(decoding: text, as: UTF8.self).count
    }

    static func append(_ value: ArraySlice<UInt8>, _ field: Field, _ fitted: Int, to out: inout [UInt8]) {
        let width: Int
        switch field.width {
        case .natural:
            out += value
            return
        case .fit: width = fitted
        case .fixed(let size): width = size
        }
        var shown = value
        var length = Self.width(value)
        if length > width {
            shown = ArraySlice(String(decoding: value, as: UTF8.self).prefix(width).utf8)
            length = width
        }
        let padding = repeatElement(UInt8(ascii: " "), count: width - length)
        if field.alignment == .right { out += padding }
        out += shown
        if field.alignment == .left { out += padding }
    }
}

/// A `-o/--format` value that cannot be used, naming the field at fault.
public struct OutputFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case unknown
        case incomplete
        case badWidth
        case alignmentNeedsWidth
        case noField
        case empty
    }

    /// The field as written (`%x`, `%.j`, `Nmae`).
    public var field: String
    public var reason: Reason

    public init(field: String, reason: Reason) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        switch self.reason {
        case .unknown: return "unknown field '\(self.field)'"
        case .incomplete: return "field '\(self.field)' ends before its letter"
        case .badWidth: return "field '\(self.field)' has a width outside 1...\(OutputFormat.maxWidth)"
        case .alignmentNeedsWidth: return "field '\(self.field)' aligns but gives no width, as in %.10i"
        case .noField: return "format '\(self.field)' holds no field"
        case .empty: return "an empty field name (two commas, or one at an end)"
        }
    }
}
