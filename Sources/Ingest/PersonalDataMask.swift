/// Masks what could identify a petitioner in text that leaves the normalizer (rejected rows'
/// raw text, problem reasons, unknown labels): runs of 11 or more digits, optionally broken by
/// spaces or hyphens and ending in `X` (mobile numbers have 11 digits, ID-card numbers 15 or 18),
/// become `***`.
enum PersonalDataMask {
  static let mask = "***"

  /// `text` with every phone- or ID-number-looking token replaced by `***`.
  static func maskNumbers(_ text: String) -> String {
    let scalars = Array(TextNormalization.foldWidth(text).unicodeScalars)
    guard scalars.count >= 11 else { return text }
    var out = String.UnicodeScalarView()
    var i = 0
    var changed = false
    while i < scalars.count {
      guard isDigit(scalars[i]) else {
        out.append(scalars[i])
        i += 1
        continue
      }
      // Extend over digits, single separators between digits, and a final X.
      var j = i
      var digits = 0
      var lastDigitEnd = i
      while j < scalars.count {
        let s = scalars[j]
        if isDigit(s) {
          digits += 1
          j += 1
          lastDigitEnd = j
        } else if (s == " " || s == "-") && j + 1 < scalars.count && isDigit(scalars[j + 1]) {
          j += 1
        } else {
          break
        }
      }
      var tokenEnd = lastDigitEnd
      if tokenEnd < scalars.count && (scalars[tokenEnd] == "X" || scalars[tokenEnd] == "x") { tokenEnd += 1 }
      if digits >= 11 {
        out.append(contentsOf: mask.unicodeScalars)
        changed = true
        i = tokenEnd
      } else {
        out.append(contentsOf: scalars[i..<lastDigitEnd])
        i = lastDigitEnd
      }
    }
    return changed ? String(out) : text
  }

  private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
}
