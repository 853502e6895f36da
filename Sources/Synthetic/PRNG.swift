import Foundation
import Records

/// xoshiro256** 1.0, the generator behind every random choice the synthetic district makes.
///
/// Blackman & Vigna, "Scrambled Linear Pseudorandom Number Generators", ACM TOMS 47(4), 2021;
/// reference `xoshiro256starstar.c`. The 256-bit state is filled by SplitMix64 from
/// `(seed, stream)` (Records' `SplitMix64`), so each part of the district (geography, incidents, petitions, …) draws
/// from its own stream and changing one part never shifts the numbers of another.
/// Nothing here reads Foundation's randomness or the clock: the same seed gives the same bytes.
package struct Xoshiro256StarStar: RandomNumberGenerator {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator for one named stream of one seed.
  package init(seed: UInt64, stream: UInt64) {
    var streamMixer = SplitMix64(seed: stream &+ 0x6A09_E667_F3BC_C909)
    var sm = SplitMix64(seed: seed ^ streamMixer.next())
    s0 = sm.next()
    s1 = sm.next()
    s2 = sm.next()
    s3 = sm.next()
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one fixed point
  }

  /// A generator in exactly this state (for checking against reference outputs).
  package init(state: (UInt64, UInt64, UInt64, UInt64)) {
    (s0, s1, s2, s3) = state
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  @inline(__always)
  package mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// Uniform in [0, 1) with 53 random bits.
  @inline(__always)
  package mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform in (0, 1]: safe to take the logarithm of.
  @inline(__always)
  package mutating func uniformPositive() -> Double { (Double(next() >> 11) + 1) * 0x1.0p-53 }

  /// Uniform integer in 0..<n by the multiply-high map (Lemire 2019, without the rejection step;
  /// the bias is below n / 2⁶⁴).
  @inline(__always)
  package mutating func below(_ n: Int) -> Int {
    precondition(n > 0, "below(n) needs n > 0")
    return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
  }

  /// Uniform integer in `range`.
  package mutating func integer(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// True with probability `p`.
  @inline(__always)
  package mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

  /// Standard normal by the Box–Muller transform (Box & Muller 1958), one value per call.
  package mutating func normal() -> Double {
    let u1 = uniformPositive()
    let u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Exponential with the given mean, by inversion.
  package mutating func exponential(mean: Double) -> Double { -mean * log(uniformPositive()) }

  /// Geometric number of failures before the first success, with the given mean (≥ 0).
  package mutating func geometric(mean: Double) -> Int {
    guard mean > 0 else { return 0 }
    let p = 1 / (1 + mean)
    return Int((log(uniformPositive()) / log(1 - p)).rounded(.down))
  }

  /// Poisson with the given mean: Knuth's multiplication method below 30, Hörmann's
  /// transformed rejection with squeeze (PTRS, "The transformed rejection method for generating
  /// Poisson random variables", Insurance: Mathematics and Economics 12, 1993) above.
  /// - Complexity: O(mean) below 30, O(1) expected above.
  package mutating func poisson(mean: Double) -> Int {
    guard mean > 0 else { return 0 }
    if mean < 30 {
      let limit = exp(-mean)
      var product = uniform()
      var k = 0
      while product > limit {
        k += 1
        product *= uniform()
      }
      return k
    }
    let smu = mean.squareRoot()
    let b = 0.931 + 2.53 * smu
    let a = -0.059 + 0.02483 * b
    let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = uniform() - 0.5
      let v = uniform()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
      if us >= 0.07 && v <= vr { return Int(k) }
      if k < 0 || (us < 0.013 && v > us) { continue }
      if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -mean + k * log(mean) - lgamma(k + 1) {
        return Int(k)
      }
    }
  }

  /// An index drawn with probability proportional to `weights` (linear scan; for short tables).
  package mutating func pick(_ weights: [Double]) -> Int {
    var total = 0.0
    for w in weights { total += w }
    var r = uniform() * total
    for (i, w) in weights.enumerated() {
      r -= w
      if r < 0 { return i }
    }
    return weights.count - 1
  }
}

/// The named streams of one seed: one per part of the district.
package enum Stream: UInt64 {
  case layout = 1
  case field = 2
  case names = 3
  case streets = 4
  case shops = 5
  case incidents = 6
  case petitions = 7
  case inspections = 8
  /// Petitions' acceptance notices (its own stream, so adding them left every other draw as it was).
  case acceptance = 9
}

extension Xoshiro256StarStar {
  package init(seed: UInt64, _ stream: Stream) { self.init(seed: seed, stream: stream.rawValue) }
}
