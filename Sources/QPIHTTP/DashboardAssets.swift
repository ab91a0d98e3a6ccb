import Foundation

/// The dashboard's static files, read once from the resource bundle into memory and
/// served by exact path only.
///
/// A request path is looked up in a table of the files that exist; it is never joined to
/// a directory and opened. Paths with `..`, `.`, empty segments, backslashes, percent
/// escapes or hidden names are refused before the lookup, so no request can name a file
/// outside the dashboard, and a file added to the resources is served only after a restart.
public struct DashboardAssets: Sendable {
    /// One servable file.
    public struct Asset: Sendable, Hashable {
        /// The file's bytes.
        public var body: Data
        /// The `Content-Type` header value.
        public var contentType: String
    }

    /// Files by their path below `/dashboard/`, e.g. `views/jobs.js`.
    public let files: [String: Asset]

    /// Builds the table from `files` (paths below `/dashboard/`, without a leading slash).
    public init(files: [String: Data]) {
        var table: [String: Asset] = [:]
        for (path, body) in files {
            table[path] = Asset(body: body, contentType: Self.contentType(forPath: path))
        }
        self.files = table
    }

    /// Reads every regular file under `directory`, following symbolic links to files, as
    /// SwiftPM copies them into the bundle.
    /// - Throws: when `directory` cannot be listed or a file cannot be read.
    public init(directory: URL) throws {
        let root = directory.resolvingSymlinksInPath()
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        var files: [String: Data] = [:]
        while let url = enumerator?.nextObject() as? URL {
            let resolved = url.resolvingSymlinksInPath()
            guard (try resolved.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)
            files[String(relative)] = try Data(contentsOf: resolved)
        }
        self.init(files: files)
    }

    /// The dashboard shipped in this module's resources.
    /// - Throws: when the bundle has no `dashboard` folder (a build without resources).
    public static func bundled() throws -> DashboardAssets {
        guard let url = Bundle.module.url(forResource: "dashboard", withExtension: nil) else {
            throw DashboardAssetsError(message: "the dashboard is missing from the QPIHTTP resource bundle")
        }
        return try DashboardAssets(directory: url)
    }

    /// The file a request for `/dashboard/<path>` gets: `index.html` for the empty path,
    /// nil for anything that is not exactly one of the files.
    public func asset(forPath path: String) -> Asset? {
        let name = path.isEmpty ? "index.html" : path
        guard Self.isSafe(name) else { return nil }
        return self.files[name]
    }

    /// Whether `path` is a plain relative path of visible names: no traversal, no escapes.
    static func isSafe(_ path: String) -> Bool {
        guard !path.hasPrefix("/"), !path.contains("\\"), !path.contains("%"), !path.contains("\0") else {
            return false
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            !segment.isEmpty && !segment.hasPrefix(".")
                && segment.unicodeScalars.allSatisfy { Self.allowedCharacters.contains($0) }
        }
    }

    private static let allowedCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    /// The media type for a file name's extension; `application/octet-stream` when unknown.
    static func contentType(forPath path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}

/// The dashboard's files could not be loaded.
public struct DashboardAssetsError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { self.message }
}
