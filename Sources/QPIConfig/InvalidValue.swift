/// A value refused by its key's parser: `expected` completes "invalid value 'x' for Key: …".
struct InvalidValue: Error {
    /// What would be accepted, as in `expected a duration such as 5s`.
    let expected: String
}
