// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over QPI's parsers. Built only by `make fuzz` (scripts/fuzz), with
// `-sanitize=fuzzer,address`: libFuzzer supplies `main`, so these do not link in an
// ordinary build, which is why they live outside the root package.
let package = Package(
    name: "QPIFuzz",
    dependencies: [.package(name: "QPI", path: "..")],
    targets: ["qasm", "wire", "conf"].map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "QPIFuzzing", package: "QPI")],
            path: "Sources/fuzz-\(name)"
        )
    }
)
