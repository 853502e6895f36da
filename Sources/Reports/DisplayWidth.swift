/// How many terminal columns text takes: East Asian Wide and Fullwidth characters (UAX #11) take
/// two, combining marks and format characters none, everything else one.
public enum DisplayWidth {
  /// The width of `text` in a monospaced terminal.
  /// - Complexity: O(n) in the number of Unicode scalars.
  public static func of(_ text: some StringProtocol) -> Int {
    text.unicodeScalars.reduce(0) { $0 + of($1) }
  }

  /// The width of one scalar: 0, 1 or 2.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v == 0 || v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if v == 0x200B || (0xFE00...0xFE0F).contains(v) { return 0 }
    return isWide(v) ? 2 : 1
  }

  /// Whether `text` fits `width` columns; otherwise cut to `width - 1` and end with "…".
  public static func truncate(_ text: String, to width: Int) -> String {
    guard of(text) > width, width > 0 else { return text }
    var out = ""
    var used = 0
    for character in text {
      let w = of(String(character))
      if used + w > width - 1 { break }
      out.append(character)
      used += w
    }
    return out + "…"
  }

  /// `text` padded with spaces to `width` columns, on the right or (for numbers) on the left.
  public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - of(text)))
    return right ? fill + text : text + fill
  }

  /// East Asian Width W or F, from the ranges of Unicode 15's EastAsianWidth.txt that matter for
  /// Chinese, Japanese and Korean text, full-width punctuation and emoji.
  private static func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F,  // Hangul Jamo initials
      0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
      0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
      0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
      0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
      0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C,
      0x2B50, 0x2B55,  // emoji presentation symbols
      0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
      0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, enclosed CJK
      0x3400...0x4DBF,  // CJK Unified Ideographs Extension A
      0x4E00...0x9FFF,  // CJK Unified Ideographs
      0xA000...0xA4CF,  // Yi
      0xA960...0xA97F,  // Hangul Jamo Extended-A
      0xAC00...0xD7A3,  // Hangul syllables
      0xF900...0xFAFF,  // CJK Compatibility Ideographs
      0xFE10...0xFE19,  // vertical forms
      0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
      0xFF00...0xFF60,  // full-width forms (，：；（）０-９ Ａ-Ｚ)
      0xFFE0...0xFFE6,  // full-width signs
      0x16FE0...0x18CFF,  // Tangut and ideographic symbols
      0x1B000...0x1B2FF,  // Kana supplement
      0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
      0x1F200...0x1F251,  // enclosed ideographic supplement
      0x1F300...0x1F64F,  // pictographs, emoticons
      0x1F680...0x1F6FF,  // transport and map symbols
      0x1F7E0...0x1F7EB,
      0x1F90C...0x1F9FF,  // supplemental symbols and pictographs
      0x1FA70...0x1FAFF,
      0x20000...0x2FFFD,  // CJK Extensions B–F, compatibility supplement
      0x30000...0x3FFFD:  // CJK Extensions G–H
      return true
    default:
      return false
    }
  }
}
