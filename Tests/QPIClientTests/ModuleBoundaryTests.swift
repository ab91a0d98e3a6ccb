import Foundation
import Testing

/// The target graph keeps its layers (issue 23): read from `swift package dump-package`, so
/// a dependency added in Package.swift that crosses a layer fails here.
struct ModuleBoundaryTests {
    /// Each target's direct dependencies on other targets of this package.
    static func targetGraph() throws -> [String: [String]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // A scratch directory of its own: `swift test`, which runs this, holds the package's lock on .build.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-dump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "swift package dump-package failed")
        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let targets = try #require(package["targets"] as? [[String: Any]])
        var graph: [String: [String]] = [:]
        for target in targets {
            let name = try #require(target["name"] as? String)
            let dependencies = target["dependencies"] as? [[String: Any]] ?? []
            graph[name] = dependencies.compactMap { ($0["byName"] as? [Any])?.first as? String }
        }
        return graph
    }

    /// Every target `name` depends on, directly or not.
    static func closure(of name: String, in graph: [String: [String]]) -> Set<String> {
        var seen = Set<String>()
        var next = graph[name] ?? []
        while let target = next.popLast() {
            guard seen.insert(target).inserted else { continue }
            next += graph[target] ?? []
        }
        return seen
    }

    /// The commands' modules use FoundationEssentials: one `import Foundation` links all of
    /// Foundation into every command, which costs each run milliseconds (Package.swift).
    @Test func commandsDoNotLinkFoundation() throws {
        let graph = try Self.targetGraph()
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let commands = ["qsub", "qrun", "qstat", "qcancel", "qresult", "qinfo", "qres", "qctl", "qacct"]
        let modules = commands.reduce(into: Set(commands)) { $0.formUnion(Self.closure(of: $1, in: graph)) }
        var importers: [String] = []
        for module in modules.sorted() {
            let directory = sources.appendingPathComponent(module)
            guard let files = FileManager.default.enumerator(atPath: directory.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                // `#if canImport(FoundationEssentials)` takes Essentials wherever it exists.
                let imports =
                    !text.contains("canImport(FoundationEssentials)")
                    && text.split(separator: "\n").contains { line in
                        line.split(separator: " ").last == "Foundation" && line.split(separator: " ").contains("import")
                    }
                if imports { importers.append("\(module)/\(file)") }
            }
        }
        #expect(modules.contains("QPIConfig") && modules.contains("OpenQASM"), "the closure was not read")
        #expect(importers.isEmpty, "import Foundation in the commands' modules: \(importers)")
    }

    @Test func layersHold() throws {
        let graph = try Self.targetGraph()
        try #require(graph.count > 20, "the package's targets were not read")
        for command in ["qsub", "qrun", "qstat", "qcancel", "qresult", "qinfo", "qres", "qctl", "qacct"] {
            #expect(!Self.closure(of: command, in: graph).contains("QPISim"), "\(command) links the simulator")
        }
        for daemonPart in ["QPIHTTP", "QPINode", "qpictld", "qpid"] {
            #expect(
                !Self.closure(of: daemonPart, in: graph).contains("QPIClient"),
                "\(daemonPart) depends on the command-line kit")
        }
        // The controller module is the actor, its state and its policies; listeners, munge,
        // the configuration file and metrics export are the daemon module's.
        let controllerReaches = Self.closure(of: "QPIController", in: graph)
        for wiring in ["QPITransport", "QPIConfig", "QPIControllerDaemon", "QPIHTTP"] {
            #expect(!controllerReaches.contains(wiring), "QPIController depends on \(wiring)")
        }
        #expect(!Self.closure(of: "QPIHTTP", in: graph).contains("QPIControllerDaemon"))
        let outer: Set = [
            "QPIStore", "QPITransport", "QPIAuth", "QPIController", "QPIControllerDaemon", "QPINode", "QPIClient",
            "QPIControllerClient",
        ]
        for core in ["OpenQASM", "QPICore", "QPIScheduler", "QPISim"] {
            let reached = Self.closure(of: core, in: graph).intersection(outer)
            #expect(reached.isEmpty, "\(core) depends on \(reached.sorted())")
        }
    }
}
