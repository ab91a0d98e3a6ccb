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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure logic: no I/O, no clocks.
        .target(name: "QPICore", swiftSettings: swiftSettings),
        .target(name: "OpenQASM", swiftSettings: swiftSettings),
        .target(name: "QPISim", dependencies: ["OpenQASM"], swiftSettings: swiftSettings),

        // What the commands share: loading job scripts, formatting output.
        .target(
            name: "QPIClient",
            dependencies: [
                "QPICore", "OpenQASM", "QPISim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "qsim",
            dependencies: [
                "QPIClient", "QPISim", "OpenQASM", "QPICore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "QPICoreTests", dependencies: ["QPICore"], swiftSettings: swiftSettings),
        .testTarget(name: "OpenQASMTests", dependencies: ["OpenQASM"], swiftSettings: swiftSettings),
        .testTarget(name: "QPISimTests", dependencies: ["QPISim", "OpenQASM"], swiftSettings: swiftSettings),
        .testTarget(
            name: "QPIClientTests",
            dependencies: ["QPIClient", "QPISim", "OpenQASM", "QPICore"],
            swiftSettings: swiftSettings
        ),

        // The controller's durable store: SQLite in WAL mode through GRDB.
        .target(
            name: "QPIStore",
            dependencies: ["QPICore", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QPIStoreTests",
            dependencies: ["QPIStore", "QPICore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
    ]
)
