/// A 64-bit hash of an ASCII text, for the hand-made lookups of ids (`Scoring.IDIndex`,
/// `Reports.TextFilter`): FNV-1a over its UTF-8 bytes (Fowler–Noll–Vo,
/// http://www.isthe.com/chongo/tech/comp/fnv/), its bits then mixed by SplitMix64's finalizer
/// (Steele, Lea and Flood 2014) so that its low bits and both halves can place a text.
package enum TextHash {
  /// The hash of `text`; nil when `text` is not all ASCII (then texts equal as `String`s may
  /// differ in bytes, and a byte hash cannot stand for them).
  package static func ascii(_ text: String) -> UInt64? {
    var text = text
    return text.withUTF8 { bytes -> UInt64? in
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64-bit offset basis
      var high: UInt8 = 0
      for b in bytes {
        high |= b
        hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3  // FNV-1a 64-bit prime
      }
      guard high < 0x80 else { return nil }
      hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
      hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
      return hash ^ (hash >> 31)
    }
  }
}
