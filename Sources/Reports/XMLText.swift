/// Text made safe for XML 1.0 character data and attribute values.
enum XMLText {
  /// `&`, `<`, `>`, `"` and `'` escaped; characters XML 1.0 forbids (C0 controls other than tab,
  /// line feed and carriage return, U+FFFE, U+FFFF) dropped (XML 1.0 §2.2).
  static func escape(_ text: String) -> String {
    // Most text (ids, names, numbers) has nothing to escape or drop: it is returned as it is.
    // 0xEF leads the UTF-8 of U+FFFE and U+FFFF (and of other characters, which take the long way).
    let plain = text.utf8.allSatisfy { b in
      b >= 0x20 && b != 0xEF && b != UInt8(ascii: "&") && b != UInt8(ascii: "<") && b != UInt8(ascii: ">")
        && b != UInt8(ascii: "\"") && b != UInt8(ascii: "'")
    }
    if plain { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
