import Records

/// Resolves an address to a grid by the longest entry of the address table that is a prefix of
/// it, after normalization: full-width folded to half-width, spaces and punctuation removed,
/// letters lower-cased, and `号` marked as a number's end, so `长江路12号3单元501室` finds the entry
/// `长江路12号` (or `长江路12`) but `长江路125号` does not.
///
/// - Complexity: O(L) dictionary probes of O(L) each for an address of L characters.
struct AddressTable: Sendable {
  private var grids: [String: String] = [:]

  var isEmpty: Bool { grids.isEmpty }

  init(_ entries: [AddressEntry]) {
    for e in entries {
      var key = AddressTable.normalize(e.address)
      // An entry ending in a house number matches with or without its `号`.
      while key.last == "#" { key.removeLast() }
      guard !key.isEmpty else { continue }
      if grids[key] == nil { grids[key] = e.gridID }
    }
  }

  /// The matching key form of an address: width-folded, lower-cased, white space and
  /// separators (`,，、-—·()（）`) removed, `号` written as `#`.
  static func normalize(_ address: String) -> String {
    var out = String.UnicodeScalarView()
    for s in TextNormalization.foldWidth(address).lowercased().unicodeScalars {
      if TextNormalization.isSpace(s) { continue }
      switch s {
      case ",", "，", "、", "-", "—", "·", "(", ")", "（", "）", "\"", "'": continue
      case "号": out.append("#")
      default: out.append(s)
      }
    }
    return String(out)
  }

  /// The grid of the longest table entry that prefixes `address` and does not end inside a number.
  func grid(for address: String) -> String? {
    guard !grids.isEmpty else { return nil }
    let chars = Array(AddressTable.normalize(address))
    var length = chars.count
    while length > 0 {
      // A prefix ending in a digit must not be followed by another digit (12 is not a prefix of 125).
      let endsInsideNumber =
        length < chars.count && chars[length - 1].isASCII && chars[length - 1].isNumber
        && chars[length].isASCII && chars[length].isNumber
      if !endsInsideNumber, let grid = grids[String(chars[0..<length])] { return grid }
      length -= 1
    }
    return nil
  }
}
