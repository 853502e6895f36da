import Records

/// The exploration draw's random numbers: Records' `SplitMix64`, seeded per team and day so that
/// each team's day gets its own stream and the whole plan still follows from one seed.
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
  /// The generator for one team's day: the configured seed mixed with an FNV-1a hash of the team
  /// id (Fowler–Noll–Vo, 64-bit) and the day number.
  init(seed: UInt64, team: String, day: Int) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64-bit offset basis
    for byte in team.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3  // FNV-1a 64-bit prime
    }
    var mixer = SplitMix64(seed: seed ^ hash)
    self.init(seed: mixer.next() ^ UInt64(bitPattern: Int64(day)) &* 0x9e37_79b9_7f4a_7c15)
  }
}
