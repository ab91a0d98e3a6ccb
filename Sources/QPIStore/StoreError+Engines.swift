internal import Foundation
internal import GRDB

/// The one place where SQLite, GRDB, PostgreSQL and file-system errors become `StoreError`s.
extension StoreError {
    /// Classifies `error` thrown while doing `operation`; a `StoreError` keeps its code and
    /// gains the operation if it had none.
    static func wrapping(_ error: any Error, operation: String) -> StoreError {
        if var storeError = error as? StoreError {
            if storeError.operation.isEmpty {
                storeError.operation = operation
            }
            return storeError
        }
        if let postgresError = error as? PostgresError {
            return StoreError(
                code: self.code(forSQLState: postgresError.sqlState),
                message: postgresError.message,
                operation: operation,
                cause: postgresError
            )
        }
        if let databaseError = error as? DatabaseError {
            return StoreError(
                code: self.code(for: databaseError),
                message: databaseError.message ?? "SQLite result code \(databaseError.extendedResultCode.rawValue)",
                operation: operation,
                cause: databaseError
            )
        }
        // Rows are decoded with GRDB's throwing accessors, so a value of the wrong type or
        // a NULL where the schema forbids one (a file edited by hand) is an error, not a crash.
        if error is RowDecodingError {
            return StoreError(code: .corrupt, message: String(describing: error), operation: operation, cause: error)
        }
        if error is CocoaError || error is POSIXError {
            return StoreError(code: .io, message: error.localizedDescription, operation: operation, cause: error)
        }
        return StoreError(code: .unknown, message: String(describing: error), operation: operation, cause: error)
    }

    private static func code(for error: DatabaseError) -> Code {
        switch error.extendedResultCode {
        // The only trigger in the schema refuses a port that another QPU already uses.
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_TRIGGER:
            return .conflict
        default:
            break
        }
        switch error.resultCode {
        case .SQLITE_CONSTRAINT: return .constraint
        case .SQLITE_NOTADB: return .notADatabase
        case .SQLITE_CORRUPT: return .corrupt
        case .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM: return .io
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy
        // GRDB reports use after `close()` as misuse; nothing else in the store misuses SQLite.
        case .SQLITE_MISUSE where error.message == "Connection is closed": return .closed
        default: return .unknown
        }
    }

    /// PostgreSQL's SQLSTATE classes mapped to the codes SQLite's errors get.
    private static func code(forSQLState state: String?) -> Code {
        guard let state else { return .unknown }
        switch state {
        case "23505": return .conflict
        case _ where state.hasPrefix("23"): return .constraint
        case "40001", "40P01", "55P03": return .busy
        case _ where state.hasPrefix("08") || state.hasPrefix("28") || state.hasPrefix("53") || state.hasPrefix("57"):
            return .io
        default: return .unknown
        }
    }

    /// A row whose stored text no longer decodes (an unknown state name, bad JSON).
    static func corruptRow(_ what: String, _ value: String, cause: (any Error)? = nil) -> StoreError {
        StoreError(code: .corrupt, message: "\(what) has an unreadable value '\(value)'", cause: cause)
    }

    /// Any lookup by key that found nothing.
    static func notFound(_ what: String) -> StoreError {
        StoreError(code: .notFound, message: "\(what) does not exist")
    }

    /// A caller-side mistake detected before anything was written.
    static func invalidArgument(_ message: String) -> StoreError {
        StoreError(code: .invalidArgument, message: message)
    }
}
