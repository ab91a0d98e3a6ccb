/// A byte offset in one of the files the front end has loaded; the elaborator turns it
/// into a `SourceLocation` when it reports or records it.
struct SourcePosition: Hashable, Sendable {
    // 32-bit fields keep syntax trees small; `Limits.sourceBytes` keeps offsets in range.
    private var storedFile: Int32
    private var storedOffset: Int32

    init(file: Int, offset: Int) {
        self.storedFile = Int32(truncatingIfNeeded: file)
        self.storedOffset = Int32(truncatingIfNeeded: offset)
    }

    /// Index of the file in the elaborator's list of loaded files.
    var file: Int { Int(self.storedFile) }
    /// UTF-8 byte offset in that file.
    var offset: Int { Int(self.storedOffset) }
}

/// A name as written, with where it was written.
struct Identifier: Hashable, Sendable {
    var name: String
    var position: SourcePosition
}
