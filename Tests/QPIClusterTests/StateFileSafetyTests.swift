import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// The daemons' files are theirs alone and never opened through a planted link
    /// (issue 18, item 14), whatever umask started them.
    @Suite struct StateFileSafetyTests {
        @Test func theDatabaseAndSpoolAreOwnerOnlyWhateverTheUmask() async throws {
            let previous = umask(0o022)
            defer { umask(previous) }
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.one)
                #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                for path in [cluster.stateDirectory + "/qpi.db", cluster.dataDirectory(of: "sim0") + "/spool"] {
                    let mode = try #require(
                        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
                    #expect(mode & 0o077 == 0, "\(path) has mode \(String(mode, radix: 8))")
                }
            }
        }

        @Test func aLinkInPlaceOfTheDatabaseIsRefused() async throws {
            try await withCluster(daemons: false) { cluster in
                let elsewhere = cluster.path(of: "elsewhere.db")
                try FileManager.default.createSymbolicLink(
                    atPath: cluster.stateDirectory + "/qpi.db", withDestinationPath: elsewhere)
                try cluster.start(.controller)
                let ended = try await cluster.waitForExit(of: .controller, within: .seconds(60))
                #expect(ended == .exited(1))
                let log = try String(contentsOfFile: cluster.path(of: "log/qpictld.log"), encoding: .utf8)
                #expect(log.contains("is a symbolic link"), "\(log)")
                #expect(
                    !FileManager.default.fileExists(atPath: elsewhere), "qpictld opened the database through a link")
            }
        }
    }
}
