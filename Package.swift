// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "QPI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qsim", targets: ["qsim"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure logic: no I/O, no clocks.
        .target(name: "QPICore", swiftSettings: swiftSettings),
        .target(name: "OpenQASM", swiftSettings: swiftSettings),
        .target(name: "QPISim", dependencies: ["OpenQASM"], swiftSettings: swiftSettings),
        .target(name: "QPIWire", dependencies: ["QPICore"], swiftSettings: swiftSettings),
        .target(name: "QPIScheduler", dependencies: ["QPICore"], swiftSettings: swiftSettings),

        // Running circuits: the native runner and the executor process protocol.
        .target(
            name: "QPIExecutor",
            dependencies: ["QPICore", "OpenQASM", "QPISim"],
            swiftSettings: swiftSettings
        ),

        // What the commands share: loading job scripts, formatting output.
        .target(
            name: "QPIClient",
            dependencies: [
                "QPICore", "OpenQASM", "QPISim", "QPIExecutor", "QPIWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "qsim",
            dependencies: [
                "QPIClient", "QPIExecutor", "QPISim", "OpenQASM", "QPICore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "QPICoreTests", dependencies: ["QPICore"], swiftSettings: swiftSettings),
        .testTarget(name: "QPIWireTests", dependencies: ["QPIWire", "QPICore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QPISchedulerTests", dependencies: ["QPIScheduler", "QPICore"], swiftSettings: swiftSettings),
        .testTarget(name: "OpenQASMTests", dependencies: ["OpenQASM"], swiftSettings: swiftSettings),
        .testTarget(name: "QPISimTests", dependencies: ["QPISim", "OpenQASM"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QPIClientTests",
            dependencies: ["QPIClient", "QPIExecutor", "QPISim", "OpenQASM", "QPICore"],
            swiftSettings: swiftSettings
        ),

        // etc/qpi.conf parsing and layering: flag > QPI_* environment > file > default.
        .target(
            name: "QPIConfig",
            dependencies: ["QPICore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "QPIConfigTests", dependencies: ["QPIConfig", "QPICore"], swiftSettings: swiftSettings),
    ]
)
