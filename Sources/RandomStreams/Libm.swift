#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The handful of C math functions the samplers need, wrapped once so the
// platform import lives in this file and every sampler stays `@inlinable`
// (an `@inlinable internal` function is itself inlinable into client modules).

@inlinable @inline(__always) func libmLog(_ x: Double) -> Double { log(x) }
@inlinable @inline(__always) func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inlinable @inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
@inlinable @inline(__always) func libmCos(_ x: Double) -> Double { cos(x) }
@inlinable @inline(__always) func libmSin(_ x: Double) -> Double { sin(x) }
@inlinable @inline(__always) func libmErfc(_ x: Double) -> Double { erfc(x) }
