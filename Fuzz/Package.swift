// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over QPI's parsers. Built only by `make fuzz` (scripts/fuzz), with
// `-sanitize=fuzzer,address`, which links libFuzzer in: without it they do not link, which
// is why they live outside the root package. SwiftPM gives every executable its own
// `main`, which would shadow libFuzzer's, so each `main.swift` starts libFuzzer's driver.
let package = Package(
    name: "QPIFuzz",
    dependencies: [.package(name: "QPI", path: "..")],
    targets: ["qasm", "wire", "conf", "http"].map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "QPIFuzzing", package: "QPI")],
            path: "Sources/fuzz-\(name)"
        )
    }
)
