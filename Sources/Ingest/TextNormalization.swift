/// Width folding and trimming shared by headers, values, addresses and identities.
enum TextNormalization {
  /// Full-width ASCII variants (U+FF01…U+FF5E) folded to ASCII, the ideographic space (U+3000)
  /// to a space; everything else unchanged.
  static func foldWidth(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 && $0.value <= 0xFF5E }) else {
      return text
    }
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      if s.value >= 0xFF01 && s.value <= 0xFF5E, let folded = Unicode.Scalar(s.value - 0xFEE0) {
        out.append(folded)
      } else if s.value == 0x3000 {
        out.append(" ")
      } else {
        out.append(s)
      }
    }
    return String(out)
  }

  /// Width-folded, with leading and trailing white space (including no-break spaces) removed.
  static func clean(_ text: String) -> String {
    let folded = foldWidth(text)
    guard let first = folded.unicodeScalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = folded.unicodeScalars.lastIndex(where: { !isSpace($0) })!
    return String(folded.unicodeScalars[first...last])
  }

  /// Width-folded, lower-cased, with every white space removed: the key headers and labels match by.
  static func key(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for s in foldWidth(text).lowercased().unicodeScalars where !isSpace(s) && s.value != 0xFEFF {
      out.append(s)
    }
    return String(out)
  }

  static func isSpace(_ s: Unicode.Scalar) -> Bool {
    s.properties.isWhitespace || s.value == 0xFEFF || s.value == 0x200B
  }
}
