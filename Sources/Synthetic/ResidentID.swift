import Records

/// ID-like petitioner identifiers: 18-digit resident identity numbers with a valid check digit,
/// or 11-digit mainland mobile numbers. Synthetic: derived from a number, of no real person.
package enum ResidentID {
  /// The check character of the first 17 digits of a resident identity number.
  ///
  /// GB 11643-1999 §7.2, ISO 7064 MOD 11-2: weights 2^(17−i) mod 11 = 7 9 10 5 8 4 2 1 6 3 7 9 10 5
  /// 8 4 2; the check character is "10X98765432"[Σ aᵢwᵢ mod 11].
  package static func checkCharacter<S: Sequence<Character>>(_ first17: S) -> Character? {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    var sum = 0
    var n = 0
    for ch in first17 {
      guard n < 17, let d = ch.wholeNumberValue, ch.isASCII else { return nil }
      sum += d * weights[n]
      n += 1
    }
    guard n == 17 else { return nil }
    return Array("10X98765432")[sum % 11]
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
    let kind = g.next() % 10
    if kind < 7 {
      let area = areaCodes[Int(g.next() % UInt64(areaCodes.count))]
      let birth = Day(daysSince1950: Int(g.next() % 20_089))  // 1950-01-01 … 2004-12-31
      let sequence = Int(g.next() % 999) + 1
      var first17 = area + birth
      first17 += pad(sequence, 3)
      return first17 + String(checkCharacter(first17)!)
    }
    let prefixes = [
      "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
      "155", "156", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189",
      "199",
    ]
    let prefix = prefixes[Int(g.next() % UInt64(prefixes.count))]
    return prefix + pad(Int(g.next() % 100_000_000), 8)
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }

  /// `YYYYMMDD` of the day `n` days after 1950-01-01.
  private static func Day(daysSince1950 n: Int) -> String {
    let (y, m, d) = Records.Day(year: 1950, month: 1, day: 1).advanced(by: n).components
    return pad(y, 4) + pad(m, 2) + pad(d, 2)
  }
}
