import Foundation
import QPICore
import QPIFuzzing
import Testing

/// `make test`'s short fuzzing pass: the seed corpus, every crash the fuzzers ever found
/// (Fuzz/regressions) and a few thousand seeded mutations of the seeds go through the
/// same entry points as `make fuzz`'s libFuzzer targets. Any crash fails the whole run.
struct ReplayTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `QPI_QASM_CORPUS`, or `../shared/qasm-corpus` beside the repository root.
    static var qasmCorpus: URL {
        if let path = ProcessInfo.processInfo.environment["QPI_QASM_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.appendingPathComponent("../shared/qasm-corpus").standardizedFileURL
    }

    static func files(in directory: URL, suffix: String = "") -> [[UInt8]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().compactMap { name in
            (try? Data(contentsOf: directory.appendingPathComponent(name))).map { Array($0) }
        }
    }

    static func seeds(_ target: String) -> [[UInt8]] {
        target == "qasm"
            ? files(in: qasmCorpus, suffix: ".qasm")
            : files(in: root.appendingPathComponent("Fuzz/corpus/\(target)"))
    }

    @Test(arguments: ["qasm", "wire", "conf", "http"])
    func seedsAndPastCrashesAreHandled(target: String) throws {
        let entry = try #require(FuzzEntryPoints.all[target])
        let seeds = Self.seeds(target)
        // A missing corpus fails rather than passing vacuously.
        #expect(seeds.count >= (target == "qasm" ? 20 : 3), "seed corpus of \(target) not found")
        for input in seeds + Self.files(in: Self.root.appendingPathComponent("Fuzz/regressions/\(target)")) {
            entry(input)
        }
    }

    @Test(arguments: ["qasm", "wire", "conf", "http"])
    func seededMutationsAreHandled(target: String) throws {
        let entry = try #require(FuzzEntryPoints.all[target])
        let seeds = Self.seeds(target).filter { $0.count <= 16_384 }
        var random = SplitMix64(seed: 0x5EC0_F022)
        for _ in 0..<1_500 {
            guard var input = seeds.randomElement(using: &random) else { break }
            for _ in 0...Int.random(in: 0...4, using: &random) {
                Self.mutate(&input, using: &random)
            }
            entry(input)
        }
    }

    /// One libFuzzer-style mutation: flip, insert, delete or duplicate bytes.
    static func mutate(_ input: inout [UInt8], using random: inout SplitMix64) {
        let interesting: [UInt8] = [
            0, 0xFF, 0x7F, 0x80, UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["),
            UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: "\n"),
        ]
        let position = input.isEmpty ? 0 : Int.random(in: 0..<input.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0 where !input.isEmpty:
            input[position] ^= UInt8.random(in: 1...255, using: &random)
        case 1:
            input.insert(interesting.randomElement(using: &random)!, at: position)
        case 2 where !input.isEmpty:
            input.removeSubrange(position..<min(input.count, position + Int.random(in: 1...16, using: &random)))
        default:
            let end = min(input.count, position + Int.random(in: 1...64, using: &random))
            input.insert(contentsOf: input[position..<end], at: position)
        }
    }
}
