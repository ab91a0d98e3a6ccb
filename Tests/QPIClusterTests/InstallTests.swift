import Foundation
import QPICore
import QPITesting
import Testing

/// Item 1, 2 and 7 of the operations issue without a running cluster: `--version`, the
/// generated man pages, `scripts/install` (what `make install` and `make uninstall` run),
/// and the systemd units under `systemd-analyze verify`.
@Suite(.serialized) struct InstallTests {
    static let programs = [
        "qsim", "qpictld", "qpid", "qsub", "qrun", "qstat", "qcancel", "qresult", "qinfo", "qres", "qctl", "qacct",
    ]

    @Test func everyProgramPrintsTheVersion() throws {
        let bin = try ClusterHarness.buildDirectory()
        for program in Self.programs + ["qpi-bench"] {
            let output = try Tool.run("\(bin)/\(program)", ["--version"])
            #expect(output.status == 0, "\(program): \(output)")
            #expect(output.stdout == QPIVersion.current + "\n", "\(program): \(output)")
        }
    }

    @Test func manPagesComeFromEveryProgramsOwnHelp() throws {
        let bin = try ClusterHarness.buildDirectory()
        let out = try TemporaryDirectory(prefix: "qpi-man")
        let generated = try Tool.run("\(Tool.repositoryRoot)/scripts/generate-man", [bin, out.path])
        try #require(generated.status == 0, "\(generated)")
        for program in Self.programs {
            let page = try String(contentsOfFile: out.path(of: "\(program).1"), encoding: .utf8)
            #expect(page.hasPrefix(".TH \"\(program.uppercased())\" \"1\""), "\(program)")
            #expect(page.contains("QPI \(QPIVersion.current)"), "\(program)")
            #expect(page.contains(".SH NAME\n\(program) \\- "), "\(program)")
        }
        // Options, subcommands and the daemon's configuration keys are all there.
        let qsub = try String(contentsOfFile: out.path(of: "qsub.1"), encoding: .utf8)
        #expect(qsub.contains("--shots"))
        let qctl = try String(contentsOfFile: out.path(of: "qctl.1"), encoding: .utf8)
        #expect(qctl.contains(".SH QCTL BACKUP") && qctl.contains(".SH QCTL QPU CREATE"))
        let qpictld = try String(contentsOfFile: out.path(of: "qpictld.1"), encoding: .utf8)
        #expect(qpictld.contains("--state-save-location"))
        // groff-base comes with scripts/install-deps: every page renders without a warning.
        let groff = "/usr/bin/groff"
        try #require(FileManager.default.isExecutableFile(atPath: groff), "groff: run scripts/install-deps")
        do {
            for program in Self.programs {
                let rendered = try Tool.run(groff, ["-man", "-Tutf8", "-ww", "-z", out.path(of: "\(program).1")])
                #expect(rendered.status == 0 && rendered.stderr.isEmpty, "\(program).1: \(rendered)")
            }
        }
    }

    /// Every file under `root`, relative to it, directories left out.
    static func files(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }.sorted()
    }

    @Test func installKeepsAnEditedConfigurationAndUninstallRemovesOnlyWhatItPut() throws {
        let built = try ClusterHarness.buildDirectory()
        let work = try TemporaryDirectory(prefix: "qpi-install")
        // A bin directory like a release build's, with a resource bundle such as the HTTP server's.
        let bin = work.path(of: "bin")
        try FileManager.default.createDirectory(
            atPath: "\(bin)/QPI_Demo.resources/static", withIntermediateDirectories: true)
        try "body {}\n".write(toFile: "\(bin)/QPI_Demo.resources/static/site.css", atomically: true, encoding: .utf8)
        for program in Self.programs + ["qpi-executor-guard"] {
            try FileManager.default.createSymbolicLink(
                atPath: "\(bin)/\(program)", withDestinationPath: "\(built)/\(program)")
        }
        let man = work.path(of: "man")
        try #require(try Tool.run("\(Tool.repositoryRoot)/scripts/generate-man", [built, man]).status == 0)
        let destdir = work.path(of: "root")
        let install = "\(Tool.repositoryRoot)/scripts/install"
        let environment = ["DESTDIR": destdir, "PREFIX": "/usr/local"]

        let first = try Tool.run(install, ["install", bin, man], environment: environment)
        try #require(first.status == 0, "\(first)")
        let installed = Self.files(under: destdir)
        var expected = [
            "etc/qpi/qpi.conf", "usr/local/bin/QPI_Demo.resources/static/site.css",
            "usr/local/lib/systemd/system/qpictld.service", "usr/local/lib/systemd/system/qpid@.service",
            "usr/local/lib/sysusers.d/qpi.conf", "usr/local/share/qpi/install-manifest",
            "usr/local/bin/qpi-executor-guard",
        ]
        expected += Self.programs.flatMap { ["usr/local/bin/\($0)", "usr/local/share/man/man1/\($0).1"] }
        #expect(installed == expected.sorted())
        let unit = try String(
            contentsOfFile: "\(destdir)/usr/local/lib/systemd/system/qpictld.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/qpictld --conf /etc/qpi/qpi.conf"))
        #expect(!unit.contains("@BINDIR@"))
        let version = try Tool.run("\(destdir)/usr/local/bin/qsub", ["--version"])
        #expect(version.stdout == QPIVersion.current + "\n", "\(version)")
        let conf = "\(destdir)/etc/qpi/qpi.conf"
        let shipped = try String(contentsOfFile: conf, encoding: .utf8)
        #expect(shipped.contains("\nStateSaveLocation=/var/lib/qpi\n"))
        #expect(shipped.contains("\n#MungeSocket=\n"))
        // The units' accounts: qpid as qpi-node, a node account that trusts qpi's welcome.
        #expect(shipped.contains("\nAdminUsers=qpi\n") && shipped.contains("\nNodeUsers=qpi-node\n"))
        // Every user reaches the local socket in the unit's runtime directory.
        #expect(shipped.contains("\nLocalSocket=/run/qpi/qpictld.sock\n"))
        #expect(unit.contains("\nRuntimeDirectory=qpi\nRuntimeDirectoryMode=0755\n"))
        let nodeUnit = try String(
            contentsOfFile: "\(destdir)/usr/local/lib/systemd/system/qpid@.service", encoding: .utf8)
        #expect(nodeUnit.contains("\nUser=qpi-node\n") && !nodeUnit.contains("/var/lib/qpi/"))
        let users = try String(contentsOfFile: "\(destdir)/usr/local/lib/sysusers.d/qpi.conf", encoding: .utf8)
        #expect(users.contains("\nu qpi ") && users.contains("\nu qpi-node "), "\(users)")

        // The admin's edit survives a reinstall and the uninstall.
        let edited = shipped.replacingOccurrences(of: "\nAdminUsers=qpi\n", with: "\nAdminUsers=qpi,alice\n")
        try edited.write(toFile: conf, atomically: true, encoding: .utf8)
        let second = try Tool.run(install, ["install", bin, man], environment: environment)
        try #require(second.status == 0, "\(second)")
        #expect(second.stdout.contains("keeping the existing"))
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == edited)
        let removed = try Tool.run(install, ["uninstall"], environment: environment)
        try #require(removed.status == 0, "\(removed)")
        #expect(Self.files(under: destdir) == ["etc/qpi/qpi.conf"], "\(removed)")
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == edited)
        // Resource bundles go whole, directories included.
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(destdir)/usr/local/bin") == [])

        // Unchanged, the configuration goes too, and nothing of ours is left.
        try FileManager.default.removeItem(atPath: destdir)
        #expect(try Tool.run(install, ["install", bin, man], environment: environment).status == 0)
        #expect(try Tool.run(install, ["uninstall"], environment: environment).status == 0)
        #expect(Self.files(under: destdir) == [])
        let again = try Tool.run(install, ["uninstall"], environment: environment)
        #expect(again.status == 1 && again.stderr.contains("no manifest"), "\(again)")
    }

    @Test func systemdUnitsPassVerify() throws {
        let analyze = "/usr/bin/systemd-analyze"
        try #require(FileManager.default.isExecutableFile(atPath: analyze), "systemd-analyze: run scripts/install-deps")
        let bin = try ClusterHarness.buildDirectory()
        let units = try TemporaryDirectory(prefix: "qpi-units")
        for (source, target) in [("qpictld.service", "qpictld.service"), ("qpid@.service", "qpid@sim0.service")] {
            let text = try String(contentsOfFile: "\(Tool.repositoryRoot)/etc/systemd/\(source)", encoding: .utf8)
            try text.replacingOccurrences(of: "@BINDIR@", with: bin)
                .write(toFile: units.path(of: target), atomically: true, encoding: .utf8)
        }
        let paths = [units.path(of: "qpictld.service"), units.path(of: "qpid@sim0.service")]
        // The man pages are not installed here, so their Documentation= links are not followed.
        let verified = try Tool.run(analyze, ["verify", "--man=no"] + paths)
        #expect(verified.status == 0, "\(verified)")
        // verify warns without failing; a warning about our units is a defect all the same.
        let ours = verified.stderr.split(separator: "\n").filter { $0.contains("qpictld") || $0.contains("qpid@") }
        #expect(ours.isEmpty, "\(verified)")

        // systemd's own score of the hardening: 0 is locked down, 100 unprotected; the units
        // score 1.5 (systemd 252), and a lost setting would push them past 2.5.
        let security = try Tool.run(analyze, ["security", "--offline=yes", "--threshold=25"] + paths)
        #expect(security.status == 0, "\(security)")

        // A unit with a mistake does fail, so the check above can.
        try "[Service]\nExecStart=relative/qpictld\nRestart=sometimes\n".write(
            toFile: units.path(of: "broken.service"), atomically: true, encoding: .utf8)
        #expect(try Tool.run(analyze, ["verify", units.path(of: "broken.service")]).status != 0)
    }
}
