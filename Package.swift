// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let coreMetrics = Target.Dependency.product(name: "CoreMetrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

/// The thin command-line executables over QPIClient (the command-line kit) and QPIControllerClient.
let commands = ["qsub", "qrun", "qstat", "qcancel", "qresult", "qinfo", "qres", "qctl", "qacct"]

/// A command's start-up is most of its run time, and a third of it went to loading and
/// relocating the Swift runtime's and Foundation's shared libraries: linked statically, a
/// command maps only the code it uses (the README's start-up figures). The modules the
/// commands link use FoundationEssentials, never Foundation, whose static link alone added
/// 1,800 protocol conformances (each scanned at every first dynamic cast) and 50 MB to each
/// command; `ModuleBoundaryTests` keeps it so. `qpid` is linked statically too, which took its
/// idle RSS from 29.0 to 26.5 MiB in the README's same-session figures; `qpictld` gained
/// nothing. The static Foundation archives are named here because SwiftPM's link line leaves
/// them out or in an order only lld resolves. Linux only; elsewhere the default.
#if os(Linux)
    let commandLinkerSettings: [LinkerSetting] = [
        .unsafeFlags(["-static-stdlib", "-use-ld=lld", "-l_FoundationCollections", "-l_FoundationCShims"])
    ]
    let qpidLinkerSettings: [LinkerSetting] = [
        .unsafeFlags([
            "-static-stdlib", "-use-ld=lld", "-l_FoundationICU", "-l_FoundationCollections", "-l_FoundationCShims",
            "-lFoundationInternationalization", "-lCoreFoundation",
        ])
    ]
#else
    let commandLinkerSettings: [LinkerSetting] = []
    let qpidLinkerSettings: [LinkerSetting] = []
#endif

let package = Package(
    name: "QPI",
    platforms: [.macOS(.v15)],
    products: (["qsim", "qpictld", "qpid", "qpi-executor-guard"] + commands).map {
        .executable(name: $0, targets: [$0])
    }
        // For the libFuzzer targets of the Fuzz package (`make fuzz`).
        + [.library(name: "QPIFuzzing", targets: ["QPIFuzzing"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
    ],
    targets: [
        // Pure logic: no I/O, no clocks.
        .target(name: "QPICore", swiftSettings: swiftSettings),
        .target(name: "OpenQASM", swiftSettings: swiftSettings),
        .target(name: "QPISim", dependencies: ["OpenQASM"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "QPIScheduler", dependencies: ["QPICore"], exclude: ["README.md"], swiftSettings: swiftSettings),

        // The JSON document of each resource, as the HTTP API serves it and commands print it.
        .target(name: "QPIDocuments", dependencies: ["QPICore", "QPIWire"], swiftSettings: swiftSettings),

        // Messages between commands, qpictld and qpid.
        .target(name: "QPIWire", dependencies: ["QPICore"], swiftSettings: swiftSettings),

        // etc/qpi.conf parsing and layering: flag > QPI_* environment > file > default.
        .target(
            name: "QPIConfig",
            dependencies: ["QPICore", "CYAML"],
            swiftSettings: swiftSettings
        ),

        // C interop: NNG transport, munge credentials and libyaml.
        .systemLibrary(name: "CNNG"),
        .systemLibrary(name: "CYAML"),
        // libpq, for the store's PostgreSQL engine (`StorageURL=postgresql://…`).
        .systemLibrary(name: "CLibPQ"),
        // glibc's mallopt, for qpictld's allocator tuning.
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CMunge"),
        .target(name: "CMungeShim", dependencies: ["CMunge"]),
        .target(name: "QPITransport", dependencies: ["CNNG"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "QPIAuth",
            dependencies: ["CMunge", "CMungeShim", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),

        // Access tokens (stored as hashes), the cluster CA and certificate fingerprints.
        .target(
            name: "QPISecurity",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),

        // The controller's durable store: SQLite in WAL mode through GRDB.
        .target(
            name: "QPIStore",
            dependencies: ["QPICore", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),

        // Job scripts: OpenQASM files with `// QPI` directives, parsed into circuits and job options.
        // Its own small target so that the commands parse scripts without linking the simulator.
        .target(name: "QPIJobScript", dependencies: ["QPICore", "OpenQASM"], swiftSettings: swiftSettings),

        // Running circuits: the native runner and the executor process protocol.
        .target(
            name: "QPIExecutor", dependencies: ["QPICore", "OpenQASM", "QPISim", "QPIJobScript"],
            swiftSettings: swiftSettings),

        // What every program's process shares: standard streams, signals, Slurm's exit codes.
        .target(name: "QPIProcess", dependencies: [argumentParser], swiftSettings: swiftSettings),

        // Talking to qpictld: connect, sign, request and reply; for the commands, qpid and benchmarks.
        .target(
            name: "QPIControllerClient",
            dependencies: [
                "QPICore", "QPIWire", "QPITransport", "QPIAuth", "QPIProcess",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The command-line kit: options, configuration loading, tables, JSON output, exit codes.
        .target(
            name: "QPIClient",
            dependencies: [
                "QPICore", "OpenQASM", "QPIJobScript", "QPIWire", "QPIConfig", "QPITransport", "QPIAuth",
                "QPIDocuments", "QPIControllerClient", "QPIProcess", argumentParser,
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The daemons' log handler: levels, text or JSON lines, LogFile= reopened on SIGUSR2.
        .target(name: "QPILogging", dependencies: ["QPIConfig", logging], swiftSettings: swiftSettings),

        // The controller: its actor, the state it owns and its policies. No listener, credential
        // check or configuration file: those are the daemon's (QPIControllerDaemon).
        .target(
            name: "QPIController",
            dependencies: [
                "QPICore", "QPIWire", "QPIScheduler", "QPIStore", "QPIAuth", "QPISecurity", "QPIDocuments", logging,
                coreMetrics,
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // qpictld put together: configuration, munge, the command and QPU link listeners, metrics,
        // and the services that run them; a library, so tests drive it in-process too.
        .target(
            name: "QPIControllerDaemon",
            dependencies: [
                "QPIController", "QPICore", "QPIWire", "QPIStore", "QPIAuth", "QPITransport", "QPIConfig",
                "QPISecurity", logging, coreMetrics, prometheus,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "QPINode",
            dependencies: [
                "QPICore", "QPIWire", "QPIExecutor", "QPIJobScript", "QPIAuth", "QPITransport", "QPIControllerClient",
                "QPISecurity",
                logging,
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // OpenID Connect sign-in: PKCE, state and nonce, ID tokens checked against the provider's keys.
        .target(
            name: "QPIOIDC",
            dependencies: [
                "QPIConfig", "QPIWire", .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API over the same controller methods as the command listener.
        .target(
            name: "QPIHTTP",
            dependencies: [
                "QPIController", "QPICore", "QPIWire", "QPIConfig", "QPISecurity", "OpenQASM",
                "QPIJobScript", "QPIDocuments", "QPIOIDC", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/dashboard")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "qpictld",
            dependencies: [
                "QPIController", "QPIControllerDaemon", "QPIHTTP", "QPIProcess", "QPIConfig", "QPILogging", "QPIOIDC",
                "CMalloc",
                logging, coreMetrics, prometheus,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "qpid",
            dependencies: [
                "QPINode", "QPIProcess", "QPIConfig", "QPIExecutor", "QPISecurity", "QPILogging", argumentParser,
                logging,
            ],
            swiftSettings: swiftSettings,
            linkerSettings: qpidLinkerSettings
        ),
        // Runs each executor so that it dies with qpid, even when qpid is killed with SIGKILL.
        .executableTarget(name: "qpi-executor-guard"),
    ]
        + commands.map { name in
            .executableTarget(
                name: name,
                dependencies: [
                    "QPIClient", "QPIControllerClient", "QPIProcess", "QPIWire", "QPICore", "QPIDocuments",
                    argumentParser,
                ],
                swiftSettings: swiftSettings,
                linkerSettings: commandLinkerSettings
            )
        }
        + [
            // `make bench`'s load driver: measures the controller from inside one client.
            .executableTarget(
                name: "qpi-bench",
                dependencies: [
                    "QPIClient", "QPIControllerClient", "QPIProcess", "QPIExecutor", "QPIJobScript", "OpenQASM",
                    "QPIWire",
                    "QPICore", "QPIScheduler", argumentParser,
                ],
                swiftSettings: swiftSettings
            ),
            .executableTarget(
                name: "qsim",
                dependencies: [
                    "QPIClient", "QPIProcess", "QPIDocuments", "QPIExecutor", "QPIJobScript", "QPISim", "OpenQASM",
                    "QPICore",
                    argumentParser,
                ],
                swiftSettings: swiftSettings
            ),
            // The parsers' fuzzing entry points, shared by Fuzz/ and the regression tests.
            .target(
                name: "QPIFuzzing", dependencies: ["OpenQASM", "QPIWire", "QPIConfig", "QPIHTTP"],
                swiftSettings: swiftSettings),

            // Harnesses for tests only (private munged, test certificates); never a production dependency.
            .target(
                name: "QPITesting", dependencies: ["QPIAuth", "QPICore", "QPIWire", "QPIDocuments"],
                swiftSettings: swiftSettings),

            .testTarget(name: "QPICoreTests", dependencies: ["QPICore"], swiftSettings: swiftSettings),
            .testTarget(name: "OpenQASMTests", dependencies: ["OpenQASM", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(
                name: "QPISimTests", dependencies: ["QPISim", "OpenQASM", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(
                name: "QPISchedulerTests", dependencies: ["QPIScheduler", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(
                name: "QPISecurityTests", dependencies: ["QPISecurity", "QPITransport"], swiftSettings: swiftSettings),
            .testTarget(
                name: "QPIFuzzingTests", dependencies: ["QPIFuzzing", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(name: "QPIWireTests", dependencies: ["QPIWire", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(name: "QPIConfigTests", dependencies: ["QPIConfig", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(
                name: "QPILoggingTests", dependencies: ["QPILogging", "QPIConfig", logging],
                swiftSettings: swiftSettings),
            .testTarget(
                name: "QPITransportTests",
                dependencies: ["QPITransport", "QPITesting", "QPICore"],
                swiftSettings: swiftSettings
            ),
            .testTarget(
                name: "QPIAuthTests", dependencies: ["QPIAuth", "QPITesting", "QPICore"], swiftSettings: swiftSettings),
            .testTarget(
                name: "QPIStoreTests",
                dependencies: ["QPIStore", "QPICore", "QPITesting", .product(name: "GRDB", package: "GRDB.swift")],
                swiftSettings: swiftSettings
            ),
            .testTarget(
                name: "QPIClientTests",
                dependencies: [
                    "QPIClient", "QPIControllerClient", "QPIConfig", "QPIExecutor", "QPIJobScript", "QPISim",
                    "OpenQASM",
                    "QPICore", "QPITesting",
                ],
                swiftSettings: swiftSettings
            ),
            .testTarget(name: "QPINodeTests", dependencies: ["QPINode", "QPITesting"], swiftSettings: swiftSettings),
            // The controller in-process: its real store in a temporary directory, a recording node link.
            .testTarget(
                name: "QPIControllerTests",
                dependencies: [
                    "QPIController", "QPIControllerDaemon", "QPIStore", "QPIWire", "QPICore", "QPITesting", prometheus,
                    logging,
                ],
                swiftSettings: swiftSettings
            ),
            // The HTTP API's pieces in-process, and its route table against openapi.json.
            .testTarget(
                name: "QPIHTTPTests",
                dependencies: [
                    "QPIHTTP", "QPIController", "QPISecurity", "QPIWire", "QPICore", "QPIDocuments",
                    .product(name: "HTTPTypes", package: "swift-http-types"),
                    .product(name: "HummingbirdTesting", package: "hummingbird"),
                ],
                swiftSettings: swiftSettings
            ),
            .testTarget(
                name: "QPIOIDCTests", dependencies: ["QPIOIDC", "QPIConfig", "QPIWire"], swiftSettings: swiftSettings),
            // End to end: real munged, qpictld and qpid processes started by QPITesting's ClusterHarness.
            .testTarget(
                name: "QPIClusterTests",
                dependencies: [
                    "QPITesting", "QPIClient", "QPIControllerClient", "QPIWire", "QPICore", "QPITransport", "QPIAuth",
                    "QPIStore", "QPISecurity", "QPIDocuments",
                ],
                swiftSettings: swiftSettings
            ),
        ]
)
