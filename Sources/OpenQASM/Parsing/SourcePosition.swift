/// A byte offset in one of the files the front end has loaded; the elaborator turns it
/// into a `SourceLocation` when it reports or records it.
struct SourcePosition: Hashable, Sendable {
    /// Index of the file in the elaborator's list of loaded files.
    var file: Int
    /// UTF-8 byte offset in that file.
    var offset: Int
}

/// A name as written, with where it was written.
struct Identifier: Hashable, Sendable {
    var name: String
    var position: SourcePosition
}
