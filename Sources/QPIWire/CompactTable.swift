/// The compact form of the listings commands print (``JobRows``, ``UsageRows``): only the
/// columns asked for, as text, each cell written as its UTF-8 length, a colon and the value
/// (`4:bell`), row after row, in one string. Encoding and decoding a few megabytes of one
/// string that JSON need not escape is far cheaper than as many full records, on both ends.
public enum CompactCells {
    /// How a column's cells are shown.
    public enum Kind: Sendable {
        /// As they are.
        case text
        /// Whole seconds since the Unix epoch, or empty for none: the command prints them in
        /// its own time zone, which need not be the controller's.
        case time
    }

    /// Appends `value` as one cell. Control characters inside it are shown as spaces, since
    /// a listing is for reading.
    public static func append(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            value = String(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        }
        bytes += String(value.utf8.count).utf8
        bytes.append(UInt8(ascii: ":"))
        bytes += value.utf8
    }
}

/// The cells of a compact listing as UTF-8 slices of one buffer: no string per cell.
public struct CompactTable: Sendable {
    let bytes: [UInt8]
    let cells: [Range<Int>]
    public let width: Int

    /// Splits `text` into cells, checked to be `rows` rows of `width`.
    /// - Parameter what: The listing, for errors ("job listing").
    public init(text: String, rows: Int, width: Int, what: String) throws(WireError) {
        let bytes = Array(text.utf8)
        let (expected, overflow) = max(rows, 0).multipliedReportingOverflow(by: width)
        guard rows >= 0, !overflow else {
            throw WireError(.malformed, "\(what) announces \(rows) rows")
        }
        var cells: [Range<Int>] = []
        cells.reserveCapacity(min(expected, bytes.count))
        var position = 0
        while position < bytes.count {
            var length = 0
            while position < bytes.count, let digit = Self.digit(bytes[position]), length < bytes.count {
                length = length * 10 + digit
                position += 1
            }
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":"), length <= bytes.count - position - 1
            else {
                throw WireError(.malformed, "\(what) cell \(cells.count + 1) is not LENGTH:VALUE")
            }
            cells.append(position + 1..<position + 1 + length)
            position += 1 + length
        }
        guard cells.count == expected else {
            throw WireError(.malformed, "\(what) holds \(cells.count) cells, not \(rows) rows of \(width)")
        }
        self.bytes = bytes
        self.cells = cells
        self.width = width
    }

    static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    public var rowCount: Int { self.width == 0 ? 0 : self.cells.count / self.width }

    public subscript(row: Int, column: Int) -> ArraySlice<UInt8> {
        self.bytes[self.cells[row * self.width + column]]
    }
}
