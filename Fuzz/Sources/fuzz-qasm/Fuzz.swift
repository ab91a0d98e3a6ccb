import QPIFuzzing

/// libFuzzer's entry point: one input, which must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzEntryPoints.openQASM(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
