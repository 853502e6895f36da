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
    // Fast path: ASCII text (most cells) needs at most an ASCII trim.
    var text = text
    let ascii = text.withUTF8 { bytes -> String?? in
      guard let (first, end) = asciiTrimmed(bytes) else { return .some(nil) }
      if first == 0 && end == bytes.count { return .none }  // already clean: `text` itself
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<end]), as: UTF8.self)
    }
    switch ascii {
    case .none: return text
    case .some(.some(let trimmed)): return trimmed
    case .some(.none): break
    }
    let folded = foldWidth(text)
    guard let first = folded.unicodeScalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = folded.unicodeScalars.lastIndex(where: { !isSpace($0) })!
    return String(folded.unicodeScalars[first...last])
  }

  /// `clean` of the text `bytes` hold, straight from the bytes when they are ASCII (no `String`
  /// made before trimming); `decode` gives the text otherwise (nil: not valid in the encoding).
  static func clean(
    _ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String?
  ) -> String? {
    guard let (first, end) = asciiTrimmed(bytes) else { return decode(bytes).map { clean($0) } }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<end]), as: UTF8.self)
  }

  /// For ASCII bytes, the range left after trimming ASCII white space from both ends; nil when
  /// some byte is not ASCII.
  private static func asciiTrimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
    for b in bytes where b >= 0x80 { return nil }
    var first = 0
    var end = bytes.count
    while first < end && isASCIISpace(bytes[first]) { first += 1 }
    while end > first && isASCIISpace(bytes[end - 1]) { end -= 1 }
    return (first, end)
  }

  /// Width-folded, lower-cased, with every white space removed: the key headers and labels match by.
  static func key(_ text: String) -> String {
    // Fast path: ASCII without capitals or spaces is its own key.
    if text.utf8.allSatisfy({ $0 < 0x80 && !isASCIISpace($0) && !($0 >= 0x41 && $0 <= 0x5A) }) { return text }
    var out = String.UnicodeScalarView()
    for s in foldWidth(text).lowercased().unicodeScalars where !isSpace(s) && s.value != 0xFEFF {
      out.append(s)
    }
    return String(out)
  }

  /// White space: ASCII space and controls \t \n \v \f \r, and the Unicode spaces exports carry
  /// (U+0085, U+00A0, U+1680, U+2000…U+200B, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF).
  static func isSpace(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return isASCIISpace(UInt8(v)) }
    switch v {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
    default: return false
    }
  }

  static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
}
