/// An error from the job store: a stable code, a message that names the bad value, what
/// the store was doing, and the SQLite error behind it where there is one.
///
/// Callers branch on `code` (and tests assert it); the message is for people.
public struct StoreError: Error, Sendable {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable {
        private enum Value: String, Hashable, Sendable {
            case notFound, conflict, constraint, invalidArgument, exhausted
            case schemaTooNew, notADatabase, corrupt, io, busy, closed, unknown, leaseHeld, leaseLost
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The job, QPU or user named does not exist.
        public static let notFound = Code(.notFound)
        /// A unique value (a port, a name) is already taken.
        public static let conflict = Code(.conflict)
        /// A row broke a schema rule (a check or a foreign key).
        public static let constraint = Code(.constraint)
        /// A caller passed a value the store cannot accept; nothing was written.
        public static let invalidArgument = Code(.invalidArgument)
        /// A finite supply ran out (every port of a range is taken).
        public static let exhausted = Code(.exhausted)
        /// The file was written by a newer QPI whose schema this binary does not know.
        public static let schemaTooNew = Code(.schemaTooNew)
        /// The file exists but is not an SQLite database.
        public static let notADatabase = Code(.notADatabase)
        /// The database or a row in it is damaged.
        public static let corrupt = Code(.corrupt)
        /// The file system refused: permissions, a full disk, an I/O error.
        public static let io = Code(.io)
        /// Another process holds the database lock past the busy timeout.
        public static let busy = Code(.busy)
        /// The store was closed.
        public static let closed = Code(.closed)
        /// Another controller holds the database's lease: this one may only stand by.
        public static let leaseHeld = Code(.leaseHeld)
        /// This controller's lease was taken over or lapsed: it may write nothing more.
        public static let leaseLost = Code(.leaseLost)
        /// Anything the store does not classify.
        public static let unknown = Code(.unknown)
    }

    /// The stable code.
    public var code: Code
    /// One sentence for people: names the value at fault and, where there is one, the fix.
    public var message: String
    /// The store operation that failed (`submit`, `recordResult`, `open '/var/qpi/qpi.db'`).
    public var operation: String
    /// The SQLite or file-system error behind this one, if any.
    public var cause: (any Error)?

    /// Makes an error; `operation` is filled in by the store method that throws it.
    public init(code: Code, message: String, operation: String = "", cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.operation = operation
        self.cause = cause
    }
}

extension StoreError.Code: CustomStringConvertible {
    /// The code's stable name (`notFound`, `schemaTooNew`, …), as logs and the API print it.
    public var description: String { self.value.rawValue }
}

extension StoreError: CustomStringConvertible {
    /// One line for logs: `store error (code) in operation: message`.
    public var description: String {
        let place = self.operation.isEmpty ? "" : " in \(self.operation)"
        return "store error (\(self.code))\(place): \(self.message)"
    }

    /// The one-line description followed by the cause, indented, for diagnostics.
    public func detailedDescription() -> String {
        guard let cause = self.cause else { return self.description }
        return "\(self.description)\n  caused by: \(String(describing: cause))"
    }
}
