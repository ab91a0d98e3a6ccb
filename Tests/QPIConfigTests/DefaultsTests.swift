import Foundation
import Testing

@testable import QPIConfig

struct DefaultsTests {
    @Test func noFileNoEnvironmentNoFlagsGivesDefaults() throws {
        let config = try ConfigurationLoader.load(arguments: [], environment: [:], searchPaths: [])
        #expect(config == QPIConfiguration())
        #expect(config.sourcePath == nil)
        #expect(config.qpus.isEmpty)
    }

    @Test func defaultsAreTheDocumentedOnes() {
        let config = QPIConfiguration()
        #expect(config.clusterName == "qpi")
        #expect(config.controlAddr == "127.0.0.1")
        #expect(config.controlPort == 6817)
        #expect(config.stateSaveLocation == "var/state")
        #expect(config.serverPort == 8090)
        #expect(config.domain == "")
        #expect(config.ipAddr == "127.0.0.1")
        #expect(config.portRange == 6000...7000)
        #expect(config.tlsCACertFile == ".qpi.ca.pem")
        #expect(config.tlsCAKeyFile == ".qpi.ca.key")
        #expect(config.tlsCertFile == ".qpi.cert.pem")
        #expect(config.tlsKeyFile == ".qpi.key")
        #expect(config.disableEmailPasswordAuth == false)
        #expect(config.oauth2Providers == "")
        #expect(config.adminUsers == [])
        #expect(config.mungeSocket == nil)
        #expect(config.idleThreshold == .seconds(5))
        #expect(config.recoveryInterval == .seconds(10))
        #expect(config.jobTimeout == .seconds(20))
        #expect(config.dispatchPollInterval == .seconds(1))
        #expect(config.nodeTimeout == .seconds(30))
        #expect(config.heartbeatInterval == .seconds(5))
        #expect(config.maxRequeue == 3)
        #expect(config.defaultTime == .seconds(3_600))
        #expect(config.maxTime == .seconds(86_400))
        #expect(config.defaultShots == 1_024)
        #expect(config.maxShots == 10_000_000)
        #expect(config.maxMessageSize == 16_777_216)
        #expect(config.logLevel == .info)
        #expect(config.eventRetention == .seconds(720 * 3_600))
        #expect(config.maxBookingDuration == .seconds(4 * 3_600))
        #expect(config.bookingHorizon == .seconds(30 * 86_400))
        #expect(config.slotCharge == .none)
    }

    @Test func everyKeysDefaultTextParsesToItsDefault() throws {
        for key in ConfigurationLoader.keys {
            var draft = ConfigurationDraft()
            try key.binding.apply(key.defaultText, &draft)
            #expect(draft.finished() == QPIConfiguration(), "\(key.name)=\(key.defaultText)")
        }
    }

    @Test func defaultsBreakNoRuleBetweenKeys() {
        #expect(ConfigurationDraft().inconsistencies.isEmpty)
    }

    @Test func keyTableSpellsFlagsAndVariablesLikeTheReference() throws {
        let keys = ConfigurationLoader.keys
        #expect(Set(keys.map(\.name)).count == keys.count)
        #expect(Set(keys.map(\.flag)).count == keys.count)
        #expect(Set(keys.map(\.environmentVariable)).count == keys.count)
        let byName = Dictionary(uniqueKeysWithValues: keys.map { ($0.name, $0) })
        let expected: [(String, String, String)] = [
            ("ServerPort", "--server-port", "QPI_SERVER_PORT"),
            ("IdleThreshold", "--idle-threshold", "QPI_IDLE_THRESHOLD"),
            ("TLSCACertFile", "--tls-ca-cert-file", "QPI_TLS_CA_CERT_FILE"),
            ("TLSCAKeyFile", "--tls-ca-key-file", "QPI_TLS_CA_KEY_FILE"),
            ("IPAddr", "--ip-addr", "QPI_IP_ADDR"),
            ("PortRangeStart", "--port-range-start", "QPI_PORT_RANGE_START"),
            ("PortRangeEnd", "--port-range-end", "QPI_PORT_RANGE_END"),
            ("DisableEmailPasswordAuth", "--disable-email-password-auth", "QPI_DISABLE_EMAIL_PASSWORD_AUTH"),
            ("OAuth2Providers", "--oauth2-providers", "QPI_OAUTH2_PROVIDERS"),
            ("DispatchPollInterval", "--dispatch-poll-interval", "QPI_DISPATCH_POLL_INTERVAL"),
        ]
        for (name, flag, variable) in expected {
            let key = try #require(byName[name])
            #expect(key.flag == flag)
            #expect(key.environmentVariable == variable)
        }
        #expect(keys.allSatisfy { !$0.help.isEmpty && !$0.help.contains("\n") })
    }

    @Test func searchPathsAreTriedInOrderAndMissingOnesSkipped() throws {
        try Fixture.withFile("ServerPort=9100\n") { path in
            let config = try ConfigurationLoader.load(
                arguments: [], environment: [:], searchPaths: ["/nonexistent/qpi.conf", path]
            )
            #expect(config.serverPort == 9_100)
            #expect(config.sourcePath == path)
        }
        let none = try ConfigurationLoader.load(arguments: [], environment: [:], searchPaths: ["/nonexistent/qpi.conf"])
        #expect(none == QPIConfiguration())
    }
}
