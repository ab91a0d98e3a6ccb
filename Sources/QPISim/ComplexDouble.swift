/// A complex number in double precision.
///
/// Stored as two adjacent `Double`s, real part first, so a buffer of amplitudes is the
/// interleaved layout the kernels stream over and that NumPy's `complex128` uses.
public struct ComplexDouble: Sendable, Hashable {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double

    /// Creates `real + imaginary·i`.
    @inlinable
    public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// Creates `real + imaginary·i`.
    @inlinable
    public init(real: Double, imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }

    /// The unit-modulus number e^{iθ}, θ in radians.
    public init(phase θ: Double) {
        self.real = Math.cos(θ)
        self.imaginary = Math.sin(θ)
    }

    public static let zero = ComplexDouble(0, 0)
    public static let one = ComplexDouble(1, 0)
    public static let i = ComplexDouble(0, 1)

    /// The complex conjugate.
    @inlinable
    public var conjugate: ComplexDouble { ComplexDouble(self.real, -self.imaginary) }

    /// |z|², the probability of an amplitude.
    @inlinable
    public var magnitudeSquared: Double { self.real * self.real + self.imaginary * self.imaginary }

    @inlinable
    public static func + (a: ComplexDouble, b: ComplexDouble) -> ComplexDouble {
        ComplexDouble(a.real + b.real, a.imaginary + b.imaginary)
    }

    @inlinable
    public static func - (a: ComplexDouble, b: ComplexDouble) -> ComplexDouble {
        ComplexDouble(a.real - b.real, a.imaginary - b.imaginary)
    }

    @inlinable
    public static prefix func - (a: ComplexDouble) -> ComplexDouble {
        ComplexDouble(-a.real, -a.imaginary)
    }

    @inlinable
    public static func * (a: ComplexDouble, b: ComplexDouble) -> ComplexDouble {
        ComplexDouble(
            a.real * b.real - a.imaginary * b.imaginary,
            a.real * b.imaginary + a.imaginary * b.real
        )
    }

    @inlinable
    public static func * (a: ComplexDouble, s: Double) -> ComplexDouble {
        ComplexDouble(a.real * s, a.imaginary * s)
    }

    @inlinable
    public static func * (s: Double, a: ComplexDouble) -> ComplexDouble {
        ComplexDouble(a.real * s, a.imaginary * s)
    }

    @inlinable
    public static func += (a: inout ComplexDouble, b: ComplexDouble) { a = a + b }

    @inlinable
    public static func *= (a: inout ComplexDouble, b: ComplexDouble) { a = a * b }
}

extension ComplexDouble: CustomStringConvertible {
    public var description: String {
        self.imaginary < 0 ? "\(self.real)-\(-self.imaginary)i" : "\(self.real)+\(self.imaginary)i"
    }
}
