import QPIClient
import QPIConfig
import Testing

/// The qpid line that `qctl qpu create` and the registry page print is pasted into a shell,
/// so every word must come back from it unchanged.
struct NodeCommandLineTests {
    func snippet(executor: String) -> NodeUnitSnippet {
        NodeUnitSnippet(
            qpu: "lab0", executor: executor, controller: "ctl.example:6817", token: "lab0.s3cret",
            caFingerprint: "ab:cd")
    }

    @Test func theTokenIsInTheEnvironmentAndTheRestAreOptions() {
        #expect(
            self.snippet(executor: "qiskit_aer").commandLine
                == "QPID_TOKEN=lab0.s3cret qpid --controller ctl.example:6817 --ca-fingerprint ab:cd --executor qiskit_aer"
        )
    }

    @Test func anExecutorTheShellWouldSplitIsQuoted() {
        #expect(self.snippet(executor: "my exec").commandLine.hasSuffix("--executor 'my exec'"))
        #expect(self.snippet(executor: "it's $HOME").commandLine.hasSuffix(#"--executor 'it'\''s $HOME'"#))
    }

    @Test func anIPv6ControllerIsQuotedAgainstGlobbing() {
        var snippet = self.snippet(executor: "sim")
        snippet.controller = "[::1]:6817"
        #expect(snippet.commandLine.contains("--controller '[::1]:6817' "))
    }

    @Test func controllerAddressesHoldNothingTheShellOrSystemdReads() {
        for address in ["127.0.0.1:6817", "[::1]:6817", "ctl-1.example.org:6817"] {
            #expect(NodeUnitSnippet.isControllerAddress(address), "\(address)")
        }
        for address in ["", "ctl", "a b:1", "h:1;reboot", "$(id):1", "h:1`x`", "h:1\nQPID_TOKEN=x", "é:1", "h:'1'"] {
            #expect(!NodeUnitSnippet.isControllerAddress(address), "\(address)")
        }
    }
}
