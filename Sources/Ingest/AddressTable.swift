import Records

/// Resolves an address to a grid by the longest entry of the address table that is a prefix of
/// it, after normalization: full-width folded to half-width, spaces and punctuation removed,
/// letters lower-cased, and `号` marked as a number's end, so `长江路12号3单元501室` finds the entry
/// `长江路12号` (or `长江路12`) but `长江路125号` does not.
///
/// - Complexity: at most one dictionary probe of O(L) per distinct entry length (in characters)
///   up to L, for an address of L characters; prefixes of lengths no entry has are not tried.
struct AddressTable: Sendable {
  private var grids: [String: String] = [:]
  /// The lengths (in characters) of the entries' keys, longest first.
  private var lengths: [Int] = []

  var isEmpty: Bool { grids.isEmpty }

  init(_ entries: [AddressEntry]) {
    grids.reserveCapacity(entries.count)
    for e in entries {
      let key = AddressTable.key(normalized: AddressTable.normalize(e.address))
      guard !key.isEmpty else { continue }
      // The first entry of a key wins (one hash lookup: the value is modified in place).
      Self.keepFirst(&grids[key], e.gridID)
    }
    lengths = Set(grids.keys.map(\.count)).sorted(by: >)
  }

  /// The table key of a normalized address (`normalize`): an entry ending in a house number
  /// matches with or without its `号`, so trailing `#` marks are dropped.
  static func key(normalized: String) -> String {
    var key = normalized
    if key.utf8.last == UInt8(ascii: "#") {
      while key.last == "#" { key.removeLast() }
    }
    return key
  }

  private static func keepFirst(_ slot: inout String?, _ grid: String) {
    if slot == nil { slot = grid }
  }

  /// The matching key form of an address: width-folded, lower-cased, white space and
  /// separators (`,，、-—·()（）`) removed, `号` written as `#`.
  ///
  /// One pass over the scalars: `TextNormalization.foldWidth` and `String.lowercased()` both map
  /// scalar by scalar, so each scalar is folded, lower-cased (ASCII directly, others through
  /// their Unicode lower-case mapping only when they have one) and filtered in turn.
  static func normalize(_ address: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(address.utf8.count)
    func add(_ s: Unicode.Scalar) {
      if TextNormalization.isSpace(s) { return }
      switch s {
      case ",", "，", "、", "-", "—", "·", "(", ")", "（", "）", "\"", "'": return
      case "号": out.append(UInt8(ascii: "#"))
      default: UTF8.encode(s) { out.append($0) }
      }
    }
    for scalar in address.unicodeScalars {
      var s = scalar
      if s.value >= 0xFF01 && s.value <= 0xFF5E, let folded = Unicode.Scalar(s.value - 0xFEE0) {
        s = folded
      } else if s.value == 0x3000 {
        s = " "
      }
      if s.isASCII {
        add(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(UInt8(s.value) + 0x20) : s)
      } else if (0x3400..<0xA000).contains(s.value) {
        add(s)  // CJK ideographs (most of an address) have no case
      } else if s.properties.changesWhenLowercased {
        for lower in s.properties.lowercaseMapping.unicodeScalars { add(lower) }
      } else {
        add(s)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The grid of the longest table entry that prefixes `address` and does not end inside a number.
  func grid(for address: String) -> String? {
    guard !grids.isEmpty else { return nil }
    return AddressTable.longestPrefix(of: address, lengths: lengths) { grids[$0] }
  }

  /// The grid of the entry keyed exactly `key` (a `key(normalized:)`).
  func grid(forKey key: String) -> String? { grids[key] }

  /// The grid `lookup` gives for the longest prefix of `address`'s normalized form that does not
  /// end inside a number, trying the prefix lengths (in characters) of `lengths`, longest first,
  /// or every length when nil (a length no key has finds nothing, so the answer is the same).
  static func longestPrefix(of address: String, lengths: [Int]?, _ lookup: (String) -> String?) -> String? {
    let chars = Array(AddressTable.normalize(address))
    for length in lengths ?? Array((0...chars.count).reversed()) where length > 0 && length <= chars.count {
      // A prefix ending in a digit must not be followed by another digit (12 is not a prefix of 125).
      let endsInsideNumber =
        length < chars.count && chars[length - 1].isASCII && chars[length - 1].isNumber
        && chars[length].isASCII && chars[length].isNumber
      if !endsInsideNumber, let grid = lookup(String(chars[0..<length])) { return grid }
    }
    return nil
  }
}
