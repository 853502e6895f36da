/// A small, fast, seedable random number generator: the same seed gives the same numbers on every
/// machine and every run (Swift's `SystemRandomNumberGenerator` and `Hasher` are neither).
///
/// SplitMix64, Steele, Lea and Flood, "Fast splittable pseudorandom number generators" (OOPSLA
/// 2014), with the constants of Vigna's reference implementation.
struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// The generator for one draw: the configured seed mixed with the team and the day, so that each
  /// team's day gets its own stream and the whole plan still follows from one seed.
  init(seed: UInt64, team: String, day: Int) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64-bit offset basis (Fowler–Noll–Vo)
    for byte in team.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3  // FNV-1a 64-bit prime
    }
    var mixer = SeededGenerator(seed: seed ^ hash)
    state = mixer.next() ^ UInt64(bitPattern: Int64(day)) &* 0x9e37_79b9_7f4a_7c15
  }

  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound`, the same on every platform and Swift version.
  ///
  /// Lemire, "Fast random integer generation in an interval" (ACM TOMACS 2019): multiply, keep the
  /// high word, reject the few low words that would bias it.
  mutating func uniform(below bound: Int) -> Int {
    precondition(bound > 0, "an empty range has no uniform draw")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold {
        product = next().multipliedFullWidth(by: b)
      }
    }
    return Int(product.high)
  }
}
