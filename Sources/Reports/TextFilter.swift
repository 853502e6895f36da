import Records

/// A Bloom filter over a set of ASCII texts (Bloom 1970, "Space/time trade-offs in hash coding
/// with allowable errors"): `mayContain` is true for every text of the set and false for most
/// others, at the cost of a hash over a text's bytes and two bit reads, instead of a `Dictionary`
/// lookup's seeded hash and probe.
///
/// Texts are compared by their bytes, which for ASCII texts is `String` equality; a text that is
/// not ASCII may be equal as a `String` to one of the set with other bytes, so it is always let
/// through.
struct TextFilter {
  /// 2^k bits, two set per text (16 bits per text: about 1.4% of other texts let through).
  private var bits: [UInt64]
  private let mask: UInt64

  /// The filter of `texts`; nil when some text is not ASCII.
  /// - Complexity: O(total UTF-8 bytes).
  init?(_ texts: [String]) {
    var size: UInt64 = 64
    while size < 16 * UInt64(texts.count) { size *= 2 }
    bits = [UInt64](repeating: 0, count: Int(size / 64))
    mask = size - 1
    for text in texts {
      guard let (a, b) = place(text) else { return nil }
      bits[Int(a >> 6)] |= 1 << (a & 63)
      bits[Int(b >> 6)] |= 1 << (b & 63)
    }
  }

  /// False only when `text` is not in the set.
  func mayContain(_ text: String) -> Bool {
    guard let (a, b) = place(text) else { return true }
    return bits[Int(a >> 6)] & (1 << (a & 63)) != 0 && bits[Int(b >> 6)] & (1 << (b & 63)) != 0
  }

  /// The two bits of `text`, from the low and high halves of its hash (`TextHash.ascii`); nil
  /// when `text` is not ASCII.
  private func place(_ text: String) -> (UInt64, UInt64)? {
    guard let hash = TextHash.ascii(text) else { return nil }
    return (hash & mask, (hash >> 32) & mask)
  }
}
