import Records

/// ID-like petitioner identifiers: 18-digit resident identity numbers with a valid check digit,
/// or 11-digit mainland mobile numbers. Synthetic: derived from a number, of no real person.
package enum ResidentID {
  /// The check character of the first 17 digits of a resident identity number.
  ///
  /// GB 11643-1999 §7.2, ISO 7064 MOD 11-2: weights 2^(17−i) mod 11 = 7 9 10 5 8 4 2 1 6 3 7 9 10 5
  /// 8 4 2; the check character is "10X98765432"[Σ aᵢwᵢ mod 11].
  package static func checkCharacter<S: Sequence<Character>>(_ first17: S) -> Character? {
    var sum = 0
    var n = 0
    for ch in first17 {
      guard n < 17, let d = ch.wholeNumberValue, ch.isASCII else { return nil }
      sum += d * weights[n]
      n += 1
    }
    guard n == 17 else { return nil }
    return Character(UnicodeScalar(checkCharacters[sum % 11]))
  }

  /// Whether `text` is 18 characters whose last one is the right check character.
  package static func isValid(_ text: String) -> Bool {
    let chars = Array(text)
    guard chars.count == 18, let check = checkCharacter(chars[0..<17]) else { return false }
    return chars[17] == check || (check == "X" && chars[17] == "x")
  }

  /// Address codes of Baotou's districts and counties (GB/T 2260), Donghe (150202) first.
  static let areaCodes = ["150202", "150202", "150202", "150203", "150204", "150205", "150206", "150207"]

  /// A synthetic identifier derived from `key`: 70% resident identity numbers born 1950–2004,
  /// 30% mobile numbers. The same key always gives the same identifier.
  package static func identifier(key: UInt64) -> String {
    var g = SplitMix64(seed: key)
    var digits: [UInt8] = []
    digits.reserveCapacity(18)
    func append(_ value: Int, width: Int) {
      var divisor = 1
      for _ in 1..<width { divisor *= 10 }
      var v = value
      while divisor > 0 {
        digits.append(UInt8(48 + v / divisor))
        v %= divisor
        divisor /= 10
      }
    }
    if g.next() % 10 < 7 {
      digits.append(contentsOf: areaCodes[Int(g.next() % UInt64(areaCodes.count))].utf8)
      let (y, m, d) = Day(year: 1950, month: 1, day: 1).advanced(by: Int(g.next() % 20_089)).components
      append(y, width: 4)
      append(m, width: 2)
      append(d, width: 2)
      append(Int(g.next() % 999) + 1, width: 3)
      var sum = 0
      for i in 0..<17 { sum += Int(digits[i] - 48) * weights[i] }
      digits.append(checkCharacters[sum % 11])
    } else {
      digits.append(contentsOf: mobilePrefixes[Int(g.next() % UInt64(mobilePrefixes.count))].utf8)
      append(Int(g.next() % 100_000_000), width: 8)
    }
    return String(decoding: digits, as: UTF8.self)
  }

  /// GB 11643-1999 weights 2^(17−i) mod 11 and check characters.
  static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  static let checkCharacters = Array("10X98765432".utf8)
  static let mobilePrefixes = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158",
    "159",
    "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199",
  ]
}
