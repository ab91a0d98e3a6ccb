import QPIStore
import QPITesting
import Testing

/// The engines every store test runs on: `@Test(arguments: StoreEngineKind.allCases)`.
enum StoreEngineKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { self.rawValue }
}

/// A store on `engine` in a place of its own (a fresh directory, or a fresh database on the
/// test run's PostgreSQL server), and what must outlive it.
struct TestStore {
    let store: JobStore
    private let keep: AnyObject

    init(_ engine: StoreEngineKind) throws {
        switch engine {
        case .sqlite:
            let directory = try TemporaryDirectory()
            self.store = try JobStore.open(directory: directory.path)
            self.keep = directory
        case .postgresql:
            let database = try TestPostgresDatabase()
            self.store = try JobStore.open(postgres: PostgresLocation(url: database.url, password: database.password))
            self.keep = database
        }
    }
}
