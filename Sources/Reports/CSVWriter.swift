import Records

/// CSV written field by field into UTF-8 bytes, each field exactly as `CSV.field` writes it: for
/// lists of a million rows rendered from columns, with no `Cell`, `String` or array per row.
///
/// A field is written whole (`field(_:)`, `integer(_:)`, `number(_:digits:)`) or made of parts
/// (`part(_:)` … then `endField()`), as a `.list` cell joins its items: the parts are gathered,
/// then quoted as one field when RFC 4180 §2.6 requires it.
public struct CSVWriter: Sendable {
  /// The UTF-8 written so far.
  public private(set) var bytes: [UInt8]
  /// The field being made of parts.
  private var pending: [UInt8] = []

  /// A writer that starts with `prefix` (a byte-order mark), room reserved for `capacity` more.
  public init(capacity: Int, prefix: [UInt8] = []) {
    bytes = prefix
    bytes.reserveCapacity(prefix.count + capacity)
    pending.reserveCapacity(512)
  }

  /// Gives up the bytes written, leaving the writer empty.
  public mutating func take() -> [UInt8] {
    defer { bytes = [] }
    return bytes
  }

  public mutating func comma() { bytes.append(UInt8(ascii: ",")) }

  /// Ends a record with CRLF (RFC 4180 §2.1).
  public mutating func endRecord() {
    bytes.append(13)
    bytes.append(10)
  }

  /// Appends `text` as one field, as `CSV.field(text)`.
  public mutating func field(_ text: String) {
    var contiguous = text
    contiguous.withUTF8 { field(utf8: $0, text: text) }
  }

  /// Appends bytes that never need quotes (ASCII digits, dates, signs, letters).
  public mutating func plain(_ utf8: [UInt8]) { bytes.append(contentsOf: utf8) }

  /// Appends `value` as `Cell.integer(value).text` writes it.
  public mutating func integer(_ value: Int) {
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var magnitude = value.magnitude
    var count = 0
    withUnsafeMutableBytes(of: &digits) { out in
      repeat {
        out[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      if value < 0 { bytes.append(UInt8(ascii: "-")) }
      bytes.append(contentsOf: out[(20 - count)...])
    }
  }

  /// Appends `day` as `Day.iso` writes it (`YYYY-MM-DD`), when its year has four digits; returns
  /// false, writing nothing, otherwise.
  public mutating func isoDay(_ day: Day) -> Bool {
    let (y, m, d) = day.components
    guard (0...9999).contains(y) else { return false }
    let zero = UInt8(ascii: "0")
    bytes.append(zero + UInt8(y / 1000))
    bytes.append(zero + UInt8(y / 100 % 10))
    bytes.append(zero + UInt8(y / 10 % 10))
    bytes.append(zero + UInt8(y % 10))
    bytes.append(UInt8(ascii: "-"))
    bytes.append(zero + UInt8(m / 10))
    bytes.append(zero + UInt8(m % 10))
    bytes.append(UInt8(ascii: "-"))
    bytes.append(zero + UInt8(d / 10))
    bytes.append(zero + UInt8(d % 10))
    return true
  }

  /// Appends `value` as `Cell.number(value, digits: digits).text` writes it: `digits` decimals,
  /// half away from zero, no "-0"; empty for a non-finite value.
  public mutating func number(_ value: Double, digits: Int) {
    guard value.isFinite else { return }
    guard digits > 0, digits <= 9 else {
      bytes.append(contentsOf: Cell.fixed(value, digits: digits).utf8)
      return
    }
    // The arithmetic of `Cell.fixed`: round to `digits`, then scale the magnitude to an integer.
    let r = Cell.rounded(value, digits: digits)
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((abs(r) * scale).rounded(.toNearestOrAwayFromZero))
    let unit = Int(scale)
    if r < 0 { bytes.append(UInt8(ascii: "-")) }
    integer(scaled / unit)
    bytes.append(UInt8(ascii: "."))
    var fraction = scaled % unit
    var place = unit / 10
    for _ in 0..<digits {
      bytes.append(UInt8(ascii: "0") + UInt8(fraction / place))
      fraction %= place
      place /= 10
    }
  }

  /// Adds `text` to the field being made of parts.
  public mutating func part(_ text: String) { pending.append(contentsOf: text.utf8) }

  /// Adds bytes to the field being made of parts.
  public mutating func part(utf8: [UInt8]) { pending.append(contentsOf: utf8) }

  /// Appends the parts added since the last field as one field, as `CSV.field` writes their text.
  public mutating func endField() {
    pending.withUnsafeBufferPointer { field(utf8: $0, text: nil) }
    pending.removeAll(keepingCapacity: true)
  }

  /// Appends the UTF-8 `utf8` as one field; `text` is the same text as a `String` when at hand.
  private mutating func field(utf8: UnsafeBufferPointer<UInt8>, text: String?) {
    switch CSVWriter.quoting(utf8) {
    case .no:
      bytes.append(contentsOf: utf8)
      return
    case .yes:
      break
    case .unsure:
      guard CSV.needsQuotes(text ?? String(decoding: utf8, as: UTF8.self)) else {
        bytes.append(contentsOf: utf8)
        return
      }
    }
    // Quoted, each quote inside doubled: the runs up to and including a quote are written, and
    // the next run starts at that quote again.
    let quote = UInt8(ascii: "\"")
    bytes.append(quote)
    var run = 0
    for k in utf8.indices where utf8[k] == quote {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...k]))
      run = k
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
    bytes.append(quote)
  }

  enum Quoting { case no, yes, unsure }

  /// `CSV.needsQuotes` decided on the bytes where that is sure: a comma, quote or line break
  /// inside; an end that is printable ASCII (never whitespace); or an end character that is one
  /// scalar of the common Chinese ranges (`isPlainWide`), which is never whitespace and, after
  /// ASCII or another such scalar, never joins a neighbour into one grapheme cluster. Other ends (a space, an accent, an emoji) are
  /// `unsure`, left to `CSV.needsQuotes` on the `String`.
  static func quoting(_ utf8: UnsafeBufferPointer<UInt8>) -> Quoting {
    guard let first = utf8.first, let last = utf8.last else { return .no }
    for b in utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 10 || b == 13 {
      return .yes
    }
    let plain: ClosedRange<UInt8> = 0x21...0x7E
    if !plain.contains(first) {
      // The first character's first scalar is the first scalar; a plain wide one starts no
      // whitespace.
      guard let (scalar, _) = scalar(startingAt: 0, in: utf8), isPlainWide(scalar) else { return .unsure }
    }
    if !plain.contains(last) {
      // The last character is the last scalar alone when both it and the scalar before it are
      // plain (wide, or printable ASCII): no grapheme rule joins those.
      guard let start = lastScalarStart(utf8), let (scalar, _) = Self.scalar(startingAt: start, in: utf8),
        isPlainWide(scalar)
      else { return .unsure }
      if start > 0 {
        let before = utf8[start - 1]
        // Any ASCII before it: no ASCII character is prepended to what follows.
        if before >= 0x80 {
          guard let s = lastScalarStart(UnsafeBufferPointer(rebasing: utf8[..<start])),
            let (previous, _) = Self.scalar(startingAt: s, in: utf8), isPlainWide(previous)
          else { return .unsure }
        }
      }
    }
    return .no
  }

  /// Scalars of the CJK Unified Ideographs (U+4E00–U+9FFF), the CJK punctuation U+3001–U+3011
  /// (、。〃〄々〆〇〈〉《》「」『』【】) and the full-width forms U+FF01–U+FF5E: none is whitespace,
  /// an extender, a prepended mark, Hangul, a regional indicator or pictographic.
  static func isPlainWide(_ scalar: UInt32) -> Bool {
    (0x4E00...0x9FFF).contains(scalar) || (0x3001...0x3011).contains(scalar)
      || (0xFF01...0xFF5E).contains(scalar)
  }

  /// The scalar whose UTF-8 starts at `start`, and its length; nil when the bytes there are not a
  /// well-formed sequence.
  static func scalar(startingAt start: Int, in utf8: UnsafeBufferPointer<UInt8>) -> (UInt32, Int)? {
    let lead = utf8[start]
    let length: Int
    var value: UInt32
    switch lead {
    case 0x00...0x7F: return (UInt32(lead), 1)
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
    default: return nil
    }
    guard start + length <= utf8.count else { return nil }
    for k in 1..<length {
      let b = utf8[start + k]
      guard b & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(b & 0x3F)
    }
    return (value, length)
  }

  /// Where the last scalar's UTF-8 starts (nil when it is not well formed).
  static func lastScalarStart(_ utf8: UnsafeBufferPointer<UInt8>) -> Int? {
    var k = utf8.count - 1
    while k >= 0, utf8[k] & 0xC0 == 0x80 { k -= 1 }
    guard k >= 0, utf8.count - k <= 4 else { return nil }
    return k
  }
}
