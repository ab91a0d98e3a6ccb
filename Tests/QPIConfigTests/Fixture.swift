import Foundation
import QPIConfig

/// Loads configurations from files written to a fresh temporary directory, which is
/// removed again once loaded.
enum Fixture {
    /// The outcome of loading `contents` as a file called `name` (named with `--conf`),
    /// and the path the file had, which diagnostics print.
    static func load(
        _ contents: String,
        name: String = "qpi.conf",
        arguments: [String] = [],
        environment: [String: String] = [:]
    ) -> (path: String, result: Result<QPIConfiguration, ConfigurationError>) {
        self.withFile(contents, name: name) { path -> (String, Result<QPIConfiguration, ConfigurationError>) in
            do throws(ConfigurationError) {
                let config = try ConfigurationLoader.load(
                    arguments: ["--conf", path] + arguments, environment: environment, searchPaths: []
                )
                return (path, .success(config))
            } catch {
                return (path, .failure(error))
            }
        }
    }

    /// The configuration `contents` loads to; throws its diagnostics otherwise.
    static func configuration(
        _ contents: String,
        name: String = "qpi.conf",
        arguments: [String] = [],
        environment: [String: String] = [:]
    ) throws -> QPIConfiguration {
        try self.load(contents, name: name, arguments: arguments, environment: environment).result.get()
    }

    /// The diagnostics of a load that must fail (empty if it succeeded), and the file's path.
    static func diagnostics(
        _ contents: String,
        name: String = "qpi.conf",
        arguments: [String] = [],
        environment: [String: String] = [:]
    ) -> (path: String, diagnostics: [ConfigurationDiagnostic]) {
        let (path, result) = self.load(contents, name: name, arguments: arguments, environment: environment)
        guard case .failure(let error) = result else { return (path, []) }
        return (path, error.diagnostics)
    }

    /// Runs `body` with the path of a file holding `contents`, then removes it.
    static func withFile<T>(_ contents: String, name: String = "qpi.conf", _ body: (String) throws -> T) rethrows -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpiconfig-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try! Data(contents.utf8).write(to: file)
        return try body(file.path)
    }
}
