/// A small, fast, seedable random number generator shared by every stage that must draw the same
/// numbers for the same seed on every machine and run (Swift's `SystemRandomNumberGenerator` and
/// `Hasher` are neither): tie-breaks in evaluation, exploration draws, synthetic data.
///
/// SplitMix64: Steele, Lea and Flood, "Fast splittable pseudorandom number generators"
/// (OOPSLA 2014), constants of Vigna's reference implementation.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound`, the same on every platform and Swift version
  /// (Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019).
  public mutating func uniform(below bound: Int) -> Int {
    precondition(bound > 0, "an empty range has no uniform draw")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold { product = next().multipliedFullWidth(by: b) }
    }
    return Int(product.high)
  }

  /// A uniform double in [0, 1) from the top 53 bits.
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
