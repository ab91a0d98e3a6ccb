/// A matrix entry prepared for SIMD multiplication of amplitudes held as (re, im) pairs.
///
/// For z = a·x with a = (ar, ai): z = (ar, ar)·x + (-ai, ai)·(x.im, x.re). Keeping both
/// factors pre-splatted leaves two multiplies, one add and one shuffle per product, which
/// the baseline x86-64 SSE2 target already executes two lanes at a time.
struct PackedComplex: Sendable {
    let real: SIMD2<Double>
    let imaginary: SIMD2<Double>

    init(_ value: ComplexDouble) {
        self.real = SIMD2(repeating: value.real)
        self.imaginary = SIMD2(-value.imaginary, value.imaginary)
    }

    /// self · x, given x and x with its lanes swapped.
    @inline(__always)
    func times(_ x: SIMD2<Double>, swapped: SIMD2<Double>) -> SIMD2<Double> {
        self.real * x + self.imaginary * swapped
    }
}

extension UnsafeMutablePointer where Pointee == ComplexDouble {
    /// The amplitude at `offset` as one SIMD register.
    @inline(__always)
    func loadPacked(_ offset: Int) -> SIMD2<Double> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD2<Double>.self)
    }

    @inline(__always)
    func storePacked(_ value: SIMD2<Double>, _ offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: SIMD2<Double>.self)
    }
}

extension SIMD2 where Scalar == Double {
    /// (im, re) of a packed amplitude.
    @inline(__always)
    var swapped: SIMD2<Double> { SIMD2(self.y, self.x) }
}
