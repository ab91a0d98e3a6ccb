/// Converts UTF-8 byte offsets to 1-based line and column numbers.
struct LineTable: Sendable {
    /// Offset of the first byte of each line; line 1 starts at 0.
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The line and column of `offset`; the column counts bytes, so it is 1-based.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = self.lineStarts.count - 1
        // Find the last line start not after `offset`.
        while low < high {
            let middle = (low + high + 1) / 2
            if self.lineStarts[middle] <= offset {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return (low + 1, offset - self.lineStarts[low] + 1)
    }
}
