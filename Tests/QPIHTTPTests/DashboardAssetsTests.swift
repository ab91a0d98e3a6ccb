import Foundation
import Testing

@testable import QPIHTTP

struct DashboardAssetsTests {
    let assets = DashboardAssets(files: [
        "index.html": Data("<html>".utf8),
        "app.js": Data("export {}".utf8),
        "views/jobs.js": Data("export {}".utf8),
        "style.css": Data("body{}".utf8),
    ])

    @Test func servesFilesByExactPathWithTheirTypes() throws {
        #expect(try #require(self.assets.asset(forPath: "")).contentType == "text/html; charset=utf-8")
        #expect(try #require(self.assets.asset(forPath: "app.js")).contentType == "text/javascript; charset=utf-8")
        #expect(try #require(self.assets.asset(forPath: "views/jobs.js")).body == Data("export {}".utf8))
        #expect(try #require(self.assets.asset(forPath: "style.css")).contentType == "text/css; charset=utf-8")
        #expect(self.assets.asset(forPath: "missing.js") == nil)
    }

    @Test(arguments: [
        "../Package.swift", "views/../app.js", "./app.js", "%2e%2e/app.js", "views%2fjobs.js", ".hidden",
        "views//jobs.js", "/app.js", "views\\jobs.js", "app.js\0", "app.js/", "views/.git/config",
    ])
    func refusesPathsThatAreNotPlainNames(path: String) {
        #expect(self.assets.asset(forPath: path) == nil)
        #expect(!DashboardAssets.isSafe(path))
    }

    @Test func unknownExtensionsAreOctetStreams() {
        #expect(DashboardAssets.contentType(forPath: "data.bin") == "application/octet-stream")
        #expect(DashboardAssets.contentType(forPath: "README") == "application/octet-stream")
    }

    /// The built bundle holds the dashboard, and its client is the file in clients/js,
    /// byte for byte: one source, copied as a file (a link would dangle outside the checkout).
    @Test func theBundleHoldsTheDashboardAndTheOneClient() throws {
        let bundled = try DashboardAssets.bundled()
        for path in ["index.html", "app.js", "style.css", "qpi-client.js", "views/jobs.js", "views/bookings.js"] {
            #expect(bundled.asset(forPath: path) != nil, "missing \(path)")
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let client = try Data(contentsOf: repository.appendingPathComponent("clients/js/qpi-client.js"))
        #expect(bundled.asset(forPath: "qpi-client.js")?.body == client)

        let url = try #require(Bundle.module.url(forResource: "dashboard", withExtension: nil))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: url.appendingPathComponent("qpi-client.js").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }

    /// Every module a dashboard script imports is in the bundle, so no page fails to load.
    @Test func everyImportResolvesInsideTheBundle() throws {
        let bundled = try DashboardAssets.bundled()
        let pattern = try Regex(#"from\s+"(\.{1,2}/[^"]+)""#)
        for (path, asset) in bundled.files where path.hasSuffix(".js") {
            let text = String(decoding: asset.body, as: UTF8.self)
            let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
            for match in text.matches(of: pattern) {
                let specifier = String(text[match.output[1].range!])
                let target = base.appendingPathComponent(specifier).standardizedFileURL.path.dropFirst()
                #expect(bundled.files[String(target)] != nil, "\(path) imports \(specifier), which is not bundled")
            }
        }
    }
}
